import { countByKind, platformName, registryFinding, type AccountStatus, type CircularCheck, type RoundStats } from '../../src/core'
import type { Deps } from '../deps'
import { checkpointsOf } from '../db/repos/rounds'

/**
 * 数据核对: what the office checks before the circular is signed. Per checkpoint, the round's
 * accounts (in the caller's scope) still without their inspection; accounts nobody was assigned;
 * the registry's own problems (closed or suspended without a stop-update notice), which the
 * circular names in 存在问题 as their own kind; and the figures the circular will print beside the
 * registry's own counts of running accounts today. `gaps` says each gap in a sentence, for the
 * confirmation asked before generating with gaps.
 */

const LISTED = 50

export async function circularCheck(deps: Deps, roundId: string, visible: Set<string> | null, stats: RoundStats): Promise<CircularCheck> {
  const db = deps.db
  const inScope = (ids: string[]) => (ids.length ? ids : [''])
  let roundAccounts = db
    .selectFrom('round_accounts')
    .innerJoin('accounts', 'accounts.id', 'round_accounts.account_id')
    .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
    .select(['accounts.id', 'accounts.name', 'departments.name as unit', 'round_accounts.inspector_id'])
    .where('round_accounts.round_id', '=', roundId)
  if (visible) roundAccounts = roundAccounts.where('accounts.host_department_id', 'in', inScope([...visible]))
  let registry = db
    .selectFrom('accounts')
    .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
    .select(['accounts.id', 'accounts.name', 'accounts.platform', 'accounts.platform_detail', 'accounts.status', 'accounts.stop_notice_on', 'departments.name as unit', 'departments.host_level'])
  if (visible) registry = registry.where('accounts.host_department_id', 'in', inScope([...visible]))
  const [accounts, current, checkpoints, registered] = await Promise.all([
    roundAccounts.orderBy('departments.name').orderBy('accounts.name').execute(),
    db.selectFrom('inspections').select(['checkpoint_id', 'account_id']).where('round_id', '=', roundId).where('is_current', '=', 1).execute(),
    checkpointsOf(db, [roundId]),
    registry.orderBy('departments.name').orderBy('accounts.name').execute()
  ])
  const done = new Set(current.map((c) => `${c.checkpoint_id}|${c.account_id}`))
  const brief = (a: { id: string; name: string; unit: string }) => ({ id: a.id, name: a.name, unit: a.unit })
  const perCheckpoint = (checkpoints.get(roundId) ?? []).map((cp) => {
    const missing = accounts.filter((a) => !done.has(`${cp.id}|${a.id}`))
    return { id: cp.id, seq: cp.seq, date: cp.date, missing: missing.length, accounts: missing.slice(0, LISTED).map(brief) }
  })
  const unassigned = accounts.filter((a) => a.inspector_id === null)
  const findings = registered
    .map((a) => ({ ...a, finding: registryFinding({ status: a.status as AccountStatus, stopNoticeDate: a.stop_notice_on }) }))
    .filter((a): a is typeof a & { finding: string } => a.finding !== null)
  const running = registered.filter((a) => a.status === 'active')
  const registryKinds = countByKind(running.map((a) => ({ platform: a.platform, platformDetail: a.platform_detail })))
  const kinds = [...new Set([...stats.byKind.map((k) => k.kind), ...registryKinds.map((k) => k.kind)])]
  const labelOf = (kind: string) => stats.byKind.find((k) => k.kind === kind)?.label ?? registryKinds.find((k) => k.kind === kind)?.label ?? kind
  const figures = [
    { label: '登记账号', circular: stats.registered, registry: running.length },
    { label: '市级部门', circular: stats.byHostLevel.city, registry: running.filter((a) => a.host_level === 'city').length },
    { label: '县（市、区）、镇（街道）及其部门', circular: stats.byHostLevel.local, registry: running.filter((a) => a.host_level !== 'city').length },
    ...kinds.map((kind) => ({ label: labelOf(kind), circular: stats.byKind.find((k) => k.kind === kind)?.count ?? 0, registry: registryKinds.find((k) => k.kind === kind)?.count ?? 0 }))
  ]
  const gaps = [
    ...perCheckpoint.filter((c) => c.missing > 0).map((c) => `第${c.seq}轮（${c.date}）有 ${c.missing} 个账号未检查`),
    ...(unassigned.length > 0 ? [`${unassigned.length} 个账号未分配检查员`] : []),
    ...(findings.length > 0 ? [`台账中有 ${findings.length} 个账号停更或注销未登记停更公告（将列入“存在问题”）`] : []),
    ...(figures[0] && figures[0].circular !== figures[0].registry ? [`通报的登记账号数 ${figures[0].circular} 与台账当前运行账号数 ${figures[0].registry} 不一致`] : [])
  ]
  return {
    checkpoints: perCheckpoint,
    unassigned: { count: unassigned.length, accounts: unassigned.slice(0, LISTED).map(brief) },
    registryFindings: { count: findings.length, accounts: findings.slice(0, LISTED).map((a) => ({ ...brief(a), platform: platformName(a.platform, a.platform_detail), finding: a.finding })) },
    figures,
    gaps
  }
}
