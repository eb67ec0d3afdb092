import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { adminScope } from '../auth/scope'
import type { SetupStatus } from '../../src/core'

/**
 * Where an office stands on its first day, within the admin's scope: what the home page's setup
 * steps (导入账号台账 → 添加人员 → 检查指标 → 新建检查批次) say is done and what is next.
 */
export async function setupStatus(deps: Deps, user: SessionUser): Promise<SetupStatus> {
  const scope = await adminScope(deps, user)
  const ids = scope ? [...scope] : null
  let accounts = deps.db.selectFrom('accounts').select((eb) => eb.fn.countAll<number>().as('n'))
  if (ids) accounts = accounts.where('host_department_id', 'in', ids.length ? ids : [''])
  let units = deps.db.selectFrom('departments').select((eb) => eb.fn.countAll<number>().as('n'))
  if (ids) units = units.where('id', 'in', ids.length ? ids : [''])
  let people = deps.db
    .selectFrom('users')
    .select(['role', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('openid').as('bound')])
    .where('active', '=', 1)
    .groupBy('role')
  if (ids) people = people.where('department_id', 'in', ids.length ? ids : [''])

  const [a, u, p, catalogs, rounds] = await Promise.all([
    accounts.executeTakeFirstOrThrow(),
    units.executeTakeFirstOrThrow(),
    people.execute(),
    deps.db.selectFrom('catalogs').select((eb) => eb.fn.countAll<number>().as('n')).where('published_at', 'is not', null).executeTakeFirstOrThrow(),
    deps.db.selectFrom('rounds').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute()
  ])
  const byRole = (role: string) => Number(p.find((r) => r.role === role)?.n ?? 0)
  const byState = (state: string) => Number(rounds.find((r) => r.state === state)?.n ?? 0)
  return {
    accounts: Number(a.n),
    units: Number(u.n),
    people: { inspector: byRole('inspector'), liaison: byRole('liaison'), leader: byRole('leader'), admin: byRole('admin') },
    signedUp: p.reduce((sum, r) => sum + Number(r.bound), 0),
    catalogs: Number(catalogs.n),
    rounds: { draft: byState('draft'), open: byState('open'), closed: byState('closed') }
  }
}
