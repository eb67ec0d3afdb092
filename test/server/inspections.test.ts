import { dialects, login, startServer, type TestServer } from './harness'
import { multipart, nationalAnswers, png } from './fixtures'

const ROUND = 'r-2024q2'
const CP2 = 'cp-2024q2-2'

describe.each(dialects)('inspections, accounts and issue lists on %s', (dialect) => {
  let server: TestServer
  let inspector: Record<string, string>
  let healthWuxi: string
  let shot: string

  beforeEach(async () => {
    server = await startServer(dialect)
    inspector = await login(server.app, 'inspector')
    const list = await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?q=健康无锡&platform=wechat`, headers: inspector })
    healthWuxi = list.json().items[0].id
    const body = multipart(await png(11))
    shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...inspector, ...body.headers }, payload: body.payload })).json().sha256
  })
  afterEach(async () => {
    await server.close()
  })

  const put = (clientId: string, payload: unknown, headers = inspector) =>
    server.app.inject({ method: 'PUT', url: `/api/v1/inspections/${clientId}`, headers, payload: payload as Record<string, unknown> })
  const failing = (note = '“在线咨询”子菜单打开后空白') => ({
    roundId: ROUND,
    checkpointId: CP2,
    accountId: healthWuxi,
    answers: nationalAnswers('2024-06-20', { 'INT-1': { result: 'fail', note, evidence: [shot] } })
  })
  const issuesOf = async (department: string, headers = inspector) =>
    (await server.app.inject({ url: `/api/v1/departments/${department}/issues?roundId=${ROUND}`, headers })).json()

  it('searches accounts by name and filters by platform, department and inspection status', async () => {
    const byName = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?q=健康无锡`, headers: inspector })).json()
    const names = byName.items.map((a: { name: string; platform: string }) => `${a.name}/${a.platform}`).sort()
    expect(names).toEqual(expect.arrayContaining(['健康无锡/wechat', '健康无锡/weibo', '健康无锡服务/wechat']))
    expect(byName.items.every((a: { name: string }) => a.name.includes('健康无锡'))).toBe(true)
    const wechat = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?q=健康无锡&platform=wechat`, headers: inspector })).json()
    expect(wechat.items.map((a: { name: string }) => a.name)).toEqual(['健康无锡', '健康无锡服务'])
    expect(wechat.items[0].inspections[CP2]).toEqual({ verdict: 'fail', submittedAt: expect.any(String), complete: true, submissions: 1 })
    const failed = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?status=failed&checkpointId=${CP2}`, headers: inspector })).json()
    expect(failed.items.map((a: { name: string }) => a.name)).toEqual(['健康无锡'])
    const dept = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?departmentId=d-city-wjw`, headers: inspector })).json()
    expect(dept.items.every((a: { department: { id: string } }) => a.department.id === 'd-city-wjw')).toBe(true)
    const pending = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?status=pending&checkpointId=${CP2}`, headers: inspector })).json()
    expect(pending.total).toBe(0)
    const latest = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?status=failed`, headers: inspector })).json()
    expect(latest.total).toBe(1)
    const unknown = await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?status=failed&checkpointId=cp-nope`, headers: inspector })
    expect(unknown.json().error.code).toBe('CHECKPOINT_UNKNOWN')
  })

  it('shows an inspector only the accounts assigned to them, a page at a time', async () => {
    const mine = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?pageSize=100`, headers: inspector })).json()
    expect(mine.total).toBe(112)
    expect(mine.items).toHaveLength(100)
    const page2 = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?pageSize=100&page=2`, headers: inspector })).json()
    expect(page2.items).toHaveLength(12)
    const third = await login(server.app, 'inspector2')
    expect((await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts`, headers: third })).json().total).toBe(313)
    const bad = await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?pageSize=1000`, headers: inspector })
    expect(bad.json().error.code).toBe('PAGE_SIZE_INVALID')
  })

  it('stores a submission once when it is sent twice, and shows the issue in the department list', async () => {
    const first = await put('c-health-0001', failing())
    expect(first.statusCode).toBe(201)
    expect(first.json()).toMatchObject({ verdict: 'fail', replayed: false, accountId: healthWuxi })
    const second = await put('c-health-0001', failing())
    expect(second.statusCode).toBe(200)
    expect({ ...second.json(), replayed: false }).toEqual(first.json())
    const rows = await server.deps.db.selectFrom('inspections').select('id').where('client_id', '=', 'c-health-0001').execute()
    expect(rows).toHaveLength(1)
    const issues = await issuesOf('d-city-wjw')
    expect(issues.total).toBe(1)
    expect(issues.items[0]).toMatchObject({ finding: '“在线咨询”子菜单打开后空白', evidence: [shot], indicator: { code: 'INT-1', title: '无可用互动渠道' } })
  })

  it('replaces the earlier submission under the same client id and keeps one issue per indicator', async () => {
    await put('c-health-0002', failing('第一次记录'))
    const changed = await put('c-health-0002', failing('补充：子菜单仍无法使用'))
    expect(changed.statusCode).toBe(201)
    const issues = await issuesOf('d-city-wjw')
    expect(issues.total).toBe(1)
    expect(issues.items[0].finding).toBe('补充：子菜单仍无法使用')
  })

  it('makes the newest submission of an account and checkpoint the current one', async () => {
    await put('c-health-0003', { ...failing(), answers: nationalAnswers('2024-06-20') })
    const summary = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/summary`, headers: inspector })).json()
    expect(summary).toMatchObject({ inspected: 425, passed: 423, passRate: 99.5 })
    const current = await server.deps.db.selectFrom('inspections').select('client_id').where('account_id', '=', healthWuxi).where('checkpoint_id', '=', CP2).where('is_current', '=', 1).execute()
    expect(current).toEqual([{ client_id: 'c-health-0003' }])
  })

  it('refuses a failed item without a screenshot, and changes nothing', async () => {
    const res = await put('c-health-0004', { ...failing(), answers: nationalAnswers('2024-06-20', { 'SEC-1': { result: 'fail', note: '职务写错' } }) })
    expect(res.statusCode).toBe(422)
    expect(res.json().error).toMatchObject({ code: 'INSPECTION_INCOMPLETE', details: { problems: [{ indicator: 'SEC-1', code: 'EVIDENCE_REQUIRED' }] } })
    expect(await server.deps.db.selectFrom('inspections').select('id').where('client_id', '=', 'c-health-0004').execute()).toEqual([])
  })

  it('stores an inspection whose screenshot has not arrived as incomplete, and completes it when it arrives', async () => {
    const later = await png(12)
    const digest = (await import('node:crypto')).createHash('sha256').update(later).digest('hex')
    const res = await put('c-health-0005', { ...failing(), answers: nationalAnswers('2024-06-20', { 'INT-1': { result: 'fail', note: '无法留言', evidence: [digest] } }) })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ complete: false, evidence: { expected: 1, held: [], missing: [digest] } })
    const listed = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?q=健康无锡&platform=wechat`, headers: inspector })).json()
    expect(listed.items[0].inspections[CP2]).toMatchObject({ complete: false })
    const check = await server.app.inject({ method: 'POST', url: '/api/v1/evidence/check', headers: inspector, payload: { digests: [digest, shot] } })
    expect(check.json()).toEqual({ held: [shot], missing: [digest] })
    const body = multipart(later)
    await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...inspector, ...body.headers }, payload: body.payload })
    const receipt = await server.app.inject({ url: '/api/v1/inspections/c-health-0005', headers: inspector })
    expect(receipt.json()).toMatchObject({ complete: true, evidence: { held: [digest], missing: [] } })
  })

  it('keeps every version under one client id and counts overlapping inspectors', async () => {
    await put('c-health-0011', failing('第一版'))
    await put('c-health-0011', failing('第二版'))
    const receipt = (await server.app.inject({ url: '/api/v1/inspections/c-health-0011', headers: inspector })).json()
    expect(receipt.version).toBe(2)
    const versions = await server.deps.db.selectFrom('inspection_versions').select(['version', 'body']).where('inspection_id', '=', receipt.id).orderBy('version').execute()
    expect(versions.map((v) => [v.version, JSON.parse(v.body).answers.find((a: { code: string }) => a.code === 'INT-1').note])).toEqual([
      [1, '第一版'],
      [2, '第二版']
    ])
    const admin = await login(server.app, 'admin')
    await put('c-admin-0001', { ...failing(), answers: nationalAnswers('2024-06-20') }, admin)
    const listed = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?q=健康无锡&platform=wechat`, headers: inspector })).json()
    // Seeded, the inspector's and the admin's: all kept, the latest (a pass) current.
    expect(listed.items[0].inspections[CP2]).toMatchObject({ verdict: 'pass', submissions: 3 })
    const others = await server.app.inject({ url: '/api/v1/inspections/c-admin-0001', headers: inspector })
    expect(others.statusCode).toBe(404)
  })

  it('refuses a latest-post date after the checkpoint and an unanswered item', async () => {
    const late = await put('c-health-0006', { ...failing(), answers: nationalAnswers('2024-06-26') })
    expect(late.json().error.details.problems[0].code).toBe('DATE_AFTER_CHECKPOINT')
    const open = await put('c-health-0007', { ...failing(), answers: nationalAnswers('2024-06-20', { 'SEC-4': { result: null } }) })
    expect(open.json().error.details.problems[0]).toMatchObject({ indicator: 'SEC-4', code: 'UNANSWERED' })
  })

  it('refuses malformed bodies with a stable code', async () => {
    const res = await put('c-health-0008', { roundId: ROUND, accountId: healthWuxi, answers: 'all pass' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('VALIDATION_FAILED')
    const badId = await put('x', failing())
    expect(badId.json().error.code).toBe('VALIDATION_FAILED')
  })

  it('refuses an account not assigned to the inspector, and one outside the round', async () => {
    const local = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?q=锡山发改&platform=wechat`, headers: await login(server.app, 'admin') })).json().items[0].id
    const res = await put('c-xishan-0001', { ...failing(), accountId: local })
    expect(res.statusCode).toBe(403)
    const outside = await put('c-nowhere-0001', { ...failing(), accountId: 'a-nope' })
    expect(outside.json().error.code).toBe('ACCOUNT_NOT_IN_ROUND')
  })

  it('refuses reusing a client id for another account', async () => {
    await put('c-health-0009', failing())
    const other = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?q=无锡城管&platform=wechat`, headers: inspector })).json().items[0].id
    const res = await put('c-health-0009', { ...failing(), accountId: other })
    expect(res.json().error.code).toBe('CLIENT_ID_REUSED')
  })

  it('refuses submissions to a closed round', async () => {
    await server.deps.db.updateTable('rounds').set({ state: 'closed' }).where('id', '=', ROUND).execute()
    const res = await put('c-health-0010', failing())
    expect(res.json().error.code).toBe('ROUND_CLOSED')
  })

  it('lets a liaison read only their own department, rolled up from sub-units', async () => {
    const wjw = await login(server.app, 'liaison-wjw')
    expect((await issuesOf('d-city-wjw', wjw)).total).toBe(1)
    const other = await server.app.inject({ url: `/api/v1/departments/d-xs-fgj/issues`, headers: wjw })
    expect(other.statusCode).toBe(403)
    const xishan = await login(server.app, 'liaison-xishan')
    const rolled = await issuesOf('d-xs', xishan)
    expect(rolled.items.map((i: { account: { name: string } }) => i.account.name)).toEqual(['锡山发改'])
    expect((await server.app.inject({ url: `/api/v1/departments/d-city-wjw/issues`, headers: xishan })).statusCode).toBe(403)
    expect((await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts`, headers: wjw })).statusCode).toBe(403)
    expect((await put('c-liaison-0001', failing(), wjw)).statusCode).toBe(403)
  })

  it('has no demo login outside demo mode', async () => {
    const prod = await startServer(dialect, { demo: false, seed: false })
    try {
      expect((await prod.app.inject({ url: '/api/v1/auth/demo-users' })).statusCode).toBe(404)
      expect((await prod.app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { username: 'admin' } })).statusCode).toBe(404)
    } finally {
      await prod.close()
    }
  })

  it('takes a failing inspection with one veto item failed and the rest unchecked, and lists it in the account history', async () => {
    const answers = nationalAnswers('2024-06-20', { 'INT-1': { result: 'fail', note: '留言入口打不开', evidence: [shot] } }).map((a) =>
      a.code === 'INT-1' ? a : { ...a, result: null, value: null }
    )
    const res = await put('c-onefail-001', { roundId: ROUND, checkpointId: CP2, accountId: healthWuxi, answers })
    expect(res.statusCode).toBe(201)
    expect(res.json().verdict).toBe('fail')
    const stored = await server.deps.db.selectFrom('inspection_results').innerJoin('inspections', 'inspections.id', 'inspection_results.inspection_id').select(['indicator_code', 'result']).where('inspections.client_id', '=', 'c-onefail-001').execute()
    expect(Object.fromEntries(stored.map((r) => [r.indicator_code, r.result]))).toMatchObject({ 'INT-1': 'fail', 'SEC-1': 'unchecked', 'UPD-1': 'unchecked' })
    // Nothing failed and something unanswered is still incomplete.
    const none = nationalAnswers('2024-06-20').map((a) => (a.code === 'SEC-1' ? { ...a, result: null } : a))
    expect((await put('c-onefail-002', { roundId: ROUND, checkpointId: CP2, accountId: healthWuxi, answers: none })).json().error.code).toBe('INSPECTION_INCOMPLETE')
    const detail = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts/${healthWuxi}`, headers: inspector })).json()
    expect(detail.account.name).toBe('健康无锡')
    expect(detail.history[0]).toMatchObject({ clientId: 'c-onefail-001', checkpointId: CP2, inspector: '张敏', verdict: 'fail', current: true, failed: [{ code: 'INT-1', title: '无可用互动渠道', note: '留言入口打不开' }] })
    expect(detail.history.filter((h: { current: boolean }) => h.current)).toHaveLength(detail.history.filter((h: { checkpointId: string }, i: number, all: { checkpointId: string }[]) => all.findIndex((x) => x.checkpointId === h.checkpointId) === i).length)
    const other = await login(server.app, 'inspector2')
    expect((await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts/${healthWuxi}`, headers: other })).json().error.code).toBe('NOT_FOUND')
  })
})
