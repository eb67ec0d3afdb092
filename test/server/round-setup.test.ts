import { nationalAnswers } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'

/** An office runs its own round: a draft on a stratified sample, shares for two inspectors, open, close. */

describe.each(dialects)('setting up a round (%s)', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  beforeAll(async () => {
    server = await startServer(dialect)
    admin = await login(server.app, 'admin')
  })
  afterAll(() => server.close())

  const body = (patch: object = {}) => ({
    name: '2024年第三季度',
    catalogId: 'national-2019@1',
    checkpoints: ['2024-09-25', '2024-08-10'],
    deadline: '2024-10-18',
    contactName: '王珊',
    contactPhone: '0510-81821234',
    scope: { kind: 'sample', percent: 50, seed: 20240901 },
    ...patch
  })
  const post = (url: string, payload: unknown, headers = admin) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload: payload as object })

  it('draws the same stratified sample from the same seed, and says how it was drawn', async () => {
    const a = await post('/rounds', body())
    expect(a.statusCode).toBe(201)
    const round = a.json()
    expect(round).toMatchObject({ name: '2024年第三季度', state: 'draft', deadline: '2024-10-18' })
    expect(round.checkpoints.map((c: { date: string }) => c.date)).toEqual(['2024-08-10', '2024-09-25'])
    expect(round.scope).toMatchObject({ kind: 'sample', percent: 50, seed: 20240901, of: 425 })
    const strata = round.scope.strata as { stratum: string; of: number; drawn: number }[]
    expect(strata.reduce((n, s) => n + s.of, 0)).toBe(425)
    expect(strata.find((s) => s.stratum === 'city|wechat')).toEqual({ stratum: 'city|wechat', of: 75, drawn: 38 })
    expect(strata.every((s) => s.drawn === Math.max(1, Math.round(s.of / 2)))).toBe(true)
    expect(round.accounts).toBe(strata.reduce((n, s) => n + s.drawn, 0))
    const ids = async (id: string) => (await server.deps.db.selectFrom('round_accounts').select('account_id').where('round_id', '=', id).orderBy('account_id').execute()).map((r) => r.account_id)
    const b = (await post('/rounds', body())).json()
    expect(await ids(b.id)).toEqual(await ids(round.id))
    const c = (await post('/rounds', body({ scope: { kind: 'sample', percent: 50, seed: 7 } }))).json()
    expect(await ids(c.id)).not.toEqual(await ids(round.id))
    // A draft is the admins' own until it opens.
    const inspector = await login(server.app, 'inspector')
    const list = (await server.app.inject({ url: '/api/v1/rounds', headers: inspector })).json().items.map((r: { id: string }) => r.id)
    expect(list).not.toContain(round.id)
    expect((await server.app.inject({ url: '/api/v1/rounds', headers: admin })).json().items.map((r: { id: string }) => r.id)).toContain(round.id)
  })

  it('takes every account running on the last checkpoint for "all"', async () => {
    await server.deps.db.updateTable('accounts').set({ status: 'closed', closed_on: '2024-09-01' }).where('id', '=', 'a-c002').execute()
    await server.deps.db.updateTable('accounts').set({ status: 'suspended', stop_notice_on: '2024-12-01' }).where('id', '=', 'a-c003').execute()
    const round = (await post('/rounds', body({ scope: { kind: 'all' } }))).json()
    // a-c002 closed before the last checkpoint; a-c003's notice comes after it, so it still ran.
    expect(round.accounts).toBe(424)
    expect(round.scope).toEqual({ kind: 'all', of: 424, left: { closed: 1, suspended: 0, notYetOpened: 0, accounts: [{ id: 'a-c002', name: '健康无锡', unit: '无锡市卫生健康委员会', reason: '已于2024-09-01注销' }] } })
  })

  it('refuses what is not a round', async () => {
    const codes = async (patch: object) => (await post('/rounds', body(patch))).json().error.code
    expect(await codes({ name: ' ' })).toBe('NAME_INVALID')
    expect(await codes({ catalogId: 'nope@1' })).toBe('CATALOG_UNKNOWN')
    expect(await codes({ checkpoints: [] })).toBe('CHECKPOINTS_INVALID')
    expect(await codes({ checkpoints: ['2024-08-10', '2024-08-10'] })).toBe('CHECKPOINTS_INVALID')
    expect(await codes({ checkpoints: ['2024-13-01'] })).toBe('CHECKPOINTS_INVALID')
    expect(await codes({ deadline: '2024-09-01' })).toBe('DEADLINE_INVALID')
    expect(await codes({ contactName: '' })).toBe('CONTACT_INVALID')
    expect(await codes({ contactPhone: '待定' })).toBe('PHONE_INVALID')
    expect(await codes({ scope: { kind: 'sample', percent: 0 } })).toBe('SCOPE_INVALID')
    expect(await codes({ scope: { kind: 'sample', percent: 101 } })).toBe('SCOPE_INVALID')
    expect((await post('/rounds', body(), await login(server.app, 'leader'))).statusCode).toBe(403)
  })

  it('keeps a district admin to the district: a round of its accounts, and not the city’s rounds', async () => {
    const person = (await post('/users', { name: '锡山管理员', role: 'admin', departmentId: 'd-xs' })).json()
    await server.deps.db.updateTable('users').set({ username: 'admin-xs' }).where('id', '=', person.id).execute()
    const xs = await login(server.app, 'admin-xs')
    const theirs = (await post('/rounds', body({ scope: { kind: 'all' } }), xs)).json()
    const hosts = await server.deps.db.selectFrom('round_accounts').innerJoin('accounts', 'accounts.id', 'round_accounts.account_id').select('accounts.host_department_id').where('round_id', '=', theirs.id).execute()
    expect(hosts.length).toBeGreaterThan(10)
    expect(hosts.every((h) => h.host_department_id === 'd-xs' || h.host_department_id.startsWith('d-xs-'))).toBe(true)
    const city = (await post('/rounds', body())).json()
    expect((await post(`/rounds/${city.id}/open`, {}, xs)).statusCode).toBe(403)
    expect((await post(`/rounds/${theirs.id}/open`, {}, xs)).json()).toMatchObject({ state: 'open' })
  })

  it('moves single accounts between inspectors, and lists a round by who has what', async () => {
    const round = (await post('/rounds', body())).json()
    const list = async (query: string, headers = admin) => (await server.app.inject({ url: `/api/v1/rounds/${round.id}/accounts?pageSize=100&${query}`, headers })).json()
    const all = await list('')
    expect(all.total).toBe(round.accounts)
    expect(all.items.every((a: { inspector: unknown }) => a.inspector === null)).toBe(true)
    const [first, second] = all.items as { id: string }[]
    const moved = await post(`/rounds/${round.id}/assignments`, { mode: 'manual', items: [{ accountId: first?.id, inspectorId: 'u-inspector2' }, { accountId: second?.id, inspectorId: 'u-inspector' }] })
    expect(moved.json()).toEqual({ assigned: 2, byInspector: { 'u-inspector2': 1, 'u-inspector': 1 } })
    const li = await list('assignee=u-inspector2')
    expect(li.items.map((a: { id: string; inspector: unknown }) => [a.id, a.inspector])).toEqual([[first?.id, { id: 'u-inspector2', name: '李强' }]])
    expect((await list('assignee=none')).total).toBe(round.accounts - 2)
    // Moving one account again leaves the rest where they were.
    await post(`/rounds/${round.id}/assignments`, { mode: 'manual', items: [{ accountId: first?.id, inspectorId: 'u-inspector' }] })
    expect((await list('assignee=u-inspector')).items.map((a: { id: string }) => a.id).sort()).toEqual([first?.id, second?.id].sort())
    expect((await list('assignee=u-inspector2')).total).toBe(0)
    // A draft is the admins' until it opens; then an inspector sees their own, whatever they ask for.
    const inspector2 = await login(server.app, 'inspector2')
    expect((await list('assignee=u-inspector', inspector2)).error.code).toBe('NOT_FOUND')
    expect((await post(`/rounds/${round.id}/open`, {})).statusCode).toBe(200)
    expect((await list('assignee=u-inspector', inspector2)).total).toBe(0)
    expect((await post(`/rounds/${round.id}/assignments`, { mode: 'manual', items: [{ accountId: first?.id, inspectorId: 'u-admin' }] })).json().error.code).toBe('INSPECTOR_UNKNOWN')
  })

  it('opens or closes a round once when two admins press at the same moment, and says why to the others', async () => {
    const round = (await post('/rounds', body({ scope: { kind: 'sample', percent: 5, seed: 7 } }))).json()
    const said = async (to: 'open' | 'close') => {
      const answers = await Promise.all(Array.from({ length: 4 }, () => post(`/rounds/${round.id}/${to}`, {})))
      expect(answers.filter((a) => a.statusCode === 200)).toHaveLength(1)
      const refused = answers.filter((a) => a.statusCode !== 200).map((a) => a.json().error)
      expect(refused).toHaveLength(3)
      // The loser of the race either saw the new state or lost the write: both are told plainly.
      const why = to === 'open' ? ['只有草稿状态的批次可以开始', '批次状态已被他人修改，请刷新'] : ['该检查批次已结束，只能查看', '批次状态已被他人修改，请刷新']
      for (const e of refused) expect(why).toContain(e.message)
      expect(refused.every((e) => e.code === (e.message === '该检查批次已结束，只能查看' ? 'ROUND_CLOSED' : 'ROUND_STATE'))).toBe(true)
      const audit = await server.deps.db.selectFrom('audit_log').select(['entity', 'before', 'after']).where('entity_id', '=', round.id).where('action', '=', `round.${to}`).execute()
      const [from, into] = to === 'open' ? ['draft', 'open'] : ['open', 'closed']
      expect(audit.map((a) => [a.entity, JSON.parse(a.before ?? 'null'), JSON.parse(a.after ?? 'null')])).toEqual([['round', { state: from }, { state: into }]])
    }
    await said('open')
    await said('close')
    const draft = (await post('/rounds', body({ scope: { kind: 'sample', percent: 5, seed: 8 } }))).json()
    expect((await post(`/rounds/${draft.id}/close`, {})).json().error).toEqual({ code: 'ROUND_STATE', message: '只有进行中的批次可以结束' })
    expect((await post(`/rounds/${draft.id}/open`, {})).statusCode).toBe(200)
    expect((await post(`/rounds/${draft.id}/open`, {})).json().error).toEqual({ code: 'ROUND_STATE', message: '只有草稿状态的批次可以开始' })
  })

  it('shares a round between two inspectors, each sees and inspects exactly their share, and a closed round is read-only', async () => {
    const round = (await post('/rounds', body())).json()
    const shares = await post(`/rounds/${round.id}/assignments`, { mode: 'even', inspectorIds: ['u-inspector', 'u-inspector2'] })
    expect(shares.statusCode).toBe(200)
    const { assigned, byInspector } = shares.json()
    expect(assigned).toBe(round.accounts)
    expect(Math.abs(byInspector['u-inspector'] - byInspector['u-inspector2'])).toBeLessThanOrEqual(10)
    expect((await post(`/rounds/${round.id}/assignments`, { mode: 'even', inspectorIds: ['u-liaison-wjw'] })).json().error.code).toBe('INSPECTOR_UNKNOWN')
    expect((await post(`/rounds/${round.id}/assignments`, { mode: 'even', inspectorIds: [] })).json().error.code).toBe('INSPECTORS_REQUIRED')
    expect((await post(`/rounds/${round.id}/assignments`, { mode: 'manual', items: [{ accountId: 'a-none', inspectorId: 'u-inspector' }] })).json().error.code).toBe('ACCOUNT_NOT_IN_ROUND')

    const rows = await server.deps.db.selectFrom('round_accounts').innerJoin('accounts', 'accounts.id', 'round_accounts.account_id').select(['account_id', 'inspector_id', 'host_department_id']).where('round_id', '=', round.id).execute()
    // A department stays with one inspector.
    const byDept = new Map<string, Set<string | null>>()
    for (const r of rows) byDept.set(r.host_department_id, new Set([...(byDept.get(r.host_department_id) ?? []), r.inspector_id]))
    expect([...byDept.values()].every((s) => s.size === 1)).toBe(true)

    const inspector = await login(server.app, 'inspector')
    const inspector2 = await login(server.app, 'inspector2')
    expect((await post(`/rounds/${round.id}/close`, {})).json().error.code).toBe('ROUND_STATE')
    const put = (clientId: string, accountId: string, headers: Record<string, string>) =>
      server.app.inject({ method: 'PUT', url: `/api/v1/inspections/${clientId}`, headers, payload: { roundId: round.id, checkpointId: `${round.id}-cp1`, accountId, answers: nationalAnswers('2024-08-05') } })
    const mine = rows.find((r) => r.inspector_id === 'u-inspector')?.account_id as string
    expect((await put('c-setup-draft', mine, inspector)).json().error.code).toBe('ROUND_NOT_OPEN')
    expect((await post(`/rounds/${round.id}/open`, {})).json()).toMatchObject({ state: 'open' })
    expect((await post(`/rounds/${round.id}/open`, {})).json().error.code).toBe('ROUND_STATE')

    for (const [headers, id] of [
      [inspector, 'u-inspector'],
      [inspector2, 'u-inspector2']
    ] as const) {
      const seen = (await server.app.inject({ url: `/api/v1/rounds/${round.id}/accounts?pageSize=100`, headers })).json()
      expect(seen.total).toBe(byInspector[id])
      expect(seen.items.every((a: { id: string }) => rows.find((r) => r.account_id === a.id)?.inspector_id === id)).toBe(true)
    }
    expect((await put('c-setup-1', mine, inspector)).statusCode).toBe(201)
    expect((await put('c-setup-2', mine, inspector2)).statusCode).toBe(403)

    const closed = await post(`/rounds/${round.id}/close`, {})
    expect(closed.json()).toMatchObject({ state: 'closed' })
    expect((await put('c-setup-3', mine, inspector)).json().error.code).toBe('ROUND_CLOSED')
    expect((await post(`/rounds/${round.id}/assignments`, { mode: 'even', inspectorIds: ['u-inspector'] })).json().error.code).toBe('ROUND_CLOSED')
    expect((await post(`/rounds/${round.id}/open`, {})).json().error.code).toBe('ROUND_CLOSED')
    const audit = await server.deps.db.selectFrom('audit_log').select('action').where('entity_id', '=', round.id).orderBy('at').execute()
    expect(audit.map((a) => a.action)).toEqual(['round.create', 'round.assign', 'round.open', 'round.close'])
  })
})
