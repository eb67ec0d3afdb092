import type { SetupStatus } from './api-types'

/**
 * An office's first day: the steps an admin takes before the first round can open, each with
 * where it stands. Pure: the server counts, the home page shows.
 */

export type SetupStepKey = 'registry' | 'people' | 'catalogs' | 'round'

export interface SetupStep {
  key: SetupStepKey
  title: string
  /** Where it stands, in the office's words. */
  state: string
  done: boolean
  /** The page that does it. */
  url: string
}

/** The four steps in the order they must be taken; the first not done is the one to take next. */
export function setupSteps(s: SetupStatus): SetupStep[] {
  const staff = s.people.inspector + s.people.liaison + s.people.leader
  return [
    {
      key: 'registry',
      title: '导入账号台账',
      state: s.accounts > 0 ? `已导入 ${s.accounts} 个账号、${s.units} 个单位` : '还没有账号：从 Excel/CSV 台账导入',
      done: s.accounts > 0,
      url: '/packages/admin/pages/import/index'
    },
    {
      key: 'people',
      title: '添加人员',
      state:
        staff === 0
          ? '还没有检查员和联络员'
          : `${s.people.inspector} 名检查员、${s.people.liaison} 名联络员${s.people.leader > 0 ? `、${s.people.leader} 名领导` : ''}`,
      // Inspecting needs at least one inspector; liaisons can follow before the circular.
      done: s.people.inspector > 0,
      url: '/packages/admin/pages/people/index'
    },
    {
      key: 'catalogs',
      title: '检查指标',
      state: s.catalogs > 0 ? `已发布 ${s.catalogs} 个指标版本` : '还没有发布的指标版本',
      done: s.catalogs > 0,
      url: '/packages/admin/pages/catalogs/index'
    },
    {
      key: 'round',
      title: '新建检查批次',
      state:
        s.rounds.open > 0
          ? `${s.rounds.open} 个批次进行中`
          : s.rounds.draft > 0
            ? `${s.rounds.draft} 个批次待开启`
            : s.rounds.closed > 0
              ? `已结束 ${s.rounds.closed} 个批次，可新建下一批`
              : '还没有检查批次',
      done: s.rounds.open > 0,
      url: '/packages/admin/pages/rounds/index'
    }
  ]
}

/** The step to take next, or null when the office is running. */
export function nextSetupStep(s: SetupStatus): SetupStep | null {
  return setupSteps(s).find((step) => !step.done) ?? null
}
