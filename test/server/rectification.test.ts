import { dialects, login, startServer, type TestServer } from './harness'
import { multipart, png } from './fixtures'

const ROUND = 'r-2024q2'

describe.each(dialects)('the rectification loop on %s', (dialect) => {
  let server: TestServer
  let liaison: Record<string, string>
  let inspector: Record<string, string>
  let issueId: string
  let shot: string

  beforeEach(async () => {
    server = await startServer(dialect)
    liaison = await login(server.app, 'liaison-wjw')
    inspector = await login(server.app, 'inspector')
    issueId = (await server.app.inject({ url: '/api/v1/departments/d-city-wjw/issues', headers: liaison })).json().items[0].id
    const body = multipart(await png(21))
    shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...liaison, ...body.headers }, payload: body.payload })).json().sha256
  })
  afterEach(async () => {
    await server.close()
  })

  const answer = (clientId: string, payload: Record<string, unknown>, headers = liaison) =>
    server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issueId}/answers/${clientId}`, headers, payload })
  const review = (clientId: string, payload: Record<string, unknown>, headers = inspector) =>
    server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issueId}/reviews/${clientId}`, headers, payload })

  it('goes 待整改 → 已反馈 → 退回 → 已反馈 → 已确认, with who and when on the timeline', async () => {
    const answered = await answer('ans-00000001', { note: '已修复“在线咨询”子菜单', evidence: [shot] })
    expect(answered.statusCode).toBe(200)
    expect(answered.json().status).toBe('submitted')
    const returned = await review('rev-00000001', { decision: 'return', reason: '截图未显示可正常提交留言' })
    expect(returned.json().status).toBe('returned')
    await answer('ans-00000002', { note: '补充：留言提交成功的截图', evidence: [shot] })
    const verified = await review('rev-00000002', { decision: 'verify', reason: '' })
    expect(verified.json().status).toBe('verified')
    const detail = (await server.app.inject({ url: `/api/v1/issues/${issueId}`, headers: liaison })).json()
    expect(detail.timeline.map((t: { action: string; actor: { name: string } }) => [t.action, t.actor.name])).toEqual([
      ['found', '张敏'],
      ['answer', '陈静'],
      ['return', '张敏'],
      ['answer', '陈静'],
      ['verify', '张敏']
    ])
    expect(detail.timeline[2].note).toBe('截图未显示可正常提交留言')
    expect(detail.timeline[1].evidence).toEqual([shot])
    expect(detail.overdue).toBe(false)
  })

  it('stores a replayed answer once', async () => {
    await answer('ans-00000003', { note: '已整改', evidence: [shot] })
    const again = await answer('ans-00000003', { note: '已整改', evidence: [shot] })
    expect(again.statusCode).toBe(200)
    const events = await server.deps.db.selectFrom('issue_events').select('id').where('issue_id', '=', issueId).execute()
    expect(events).toHaveLength(1)
  })

  it('refuses an answer without a note or a screenshot, a second answer, and a review before any answer', async () => {
    expect((await answer('ans-00000004', { note: ' ', evidence: [shot] })).json().error.code).toBe('NOTE_REQUIRED')
    expect((await answer('ans-00000005', { note: '已整改', evidence: [] })).json().error.code).toBe('EVIDENCE_REQUIRED')
    expect((await review('rev-00000003', { decision: 'verify', reason: '' })).json().error.code).toBe('ISSUE_STATE')
    await answer('ans-00000006', { note: '已整改', evidence: [shot] })
    expect((await answer('ans-00000007', { note: '再次反馈', evidence: [shot] })).json().error.code).toBe('ISSUE_STATE')
    expect((await review('rev-00000004', { decision: 'return', reason: '' })).json().error.code).toBe('REASON_REQUIRED')
    expect((await answer('ans-00000008', { note: '已整改', evidence: ['e'.repeat(64)] }, await login(server.app, 'admin'))).json().error.code).toBe('ISSUE_STATE')
  })

  it('refuses answers and reviews once the round is closed, and changes nothing', async () => {
    await answer('ans-00000020', { note: '已整改', evidence: [shot] })
    await server.deps.db.updateTable('rounds').set({ state: 'closed' }).where('id', '=', ROUND).execute()
    const events = async () => (await server.deps.db.selectFrom('issue_events').select('id').where('issue_id', '=', issueId).execute()).length
    const before = await events()
    const returned = await review('rev-00000020', { decision: 'return', reason: '截图看不清' })
    expect([returned.statusCode, returned.json().error.code]).toEqual([409, 'ROUND_CLOSED'])
    const admin = await login(server.app, 'admin')
    expect((await review('rev-00000021', { decision: 'verify', reason: '' }, admin)).json().error.code).toBe('ROUND_CLOSED')
    expect(await events()).toBe(before)
    expect((await server.app.inject({ url: `/api/v1/issues/${issueId}`, headers: liaison })).json().status).toBe('submitted')
  })

  it('keeps other departments out', async () => {
    const xishan = await login(server.app, 'liaison-xishan')
    // Another department's issue does not exist for them (as a missing id would answer).
    expect((await server.app.inject({ url: `/api/v1/issues/${issueId}`, headers: xishan })).statusCode).toBe(404)
    expect((await answer('ans-00000009', { note: '越权', evidence: [shot] }, xishan)).statusCode).toBe(404)
    expect((await review('rev-00000005', { decision: 'verify', reason: '' }, liaison)).statusCode).toBe(403)
  })

  it('calls an answer after the deadline 逾期反馈, not overdue, and shows a returned issue with its reason', async () => {
    const at = (iso: string) => {
      server.deps.now = () => new Date(iso)
    }
    at('2024-07-10T02:00:00Z')
    const before = (await server.app.inject({ url: `/api/v1/issues/${issueId}`, headers: liaison })).json()
    expect(before.due).toEqual({ kind: 'remaining', days: 9 })
    expect((await server.app.inject({ url: '/api/v1/rounds', headers: liaison })).json().items[0].due).toEqual({ kind: 'remaining', days: 9 })
    // 08:00 on 22 July in Beijing: three days after the deadline day.
    at('2024-07-22T00:00:00Z')
    expect((await server.app.inject({ url: `/api/v1/issues/${issueId}`, headers: liaison })).json()).toMatchObject({ overdue: true, due: { kind: 'overdue', days: 3 } })
    const answered = (await answer('ans-00000011', { note: '已整改', evidence: [shot] })).json()
    expect(answered).toMatchObject({ status: 'submitted', overdue: false, due: { kind: 'late', days: 3 }, answeredAt: '2024-07-22T00:00:00.000Z', returnReason: null })
    const leader = await login(server.app, 'leader')
    const overview = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/overview`, headers: leader })).json()
    expect(overview.totals).toEqual({ open: 2, returned: 0, submitted: 1, verified: 0, overdue: 2, late: 1, total: 3 })
    await review('rev-00000007', { decision: 'return', reason: '截图看不清' })
    const list = (await server.app.inject({ url: '/api/v1/departments/d-city-wjw/issues', headers: liaison })).json()
    expect(list.items[0]).toMatchObject({ status: 'returned', returnReason: '截图看不清', due: { kind: 'overdue', days: 3 } })
    const own = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/overview`, headers: liaison })).json()
    expect(own.totals).toEqual({ open: 1, returned: 1, submitted: 0, verified: 0, overdue: 1, late: 0, total: 1 })
  })

  it('calls an answer on the deadline day in time', async () => {
    server.deps.now = () => new Date('2024-07-19T15:30:00Z')
    const answered = (await answer('ans-00000012', { note: '已整改', evidence: [shot] })).json()
    expect(answered.due).toEqual({ kind: 'answered' })
    server.deps.now = () => new Date('2024-09-01T00:00:00Z')
    expect((await server.app.inject({ url: `/api/v1/issues/${issueId}`, headers: liaison })).json().due).toEqual({ kind: 'answered' })
  })

  it('counts open, answered, confirmed and overdue issues per competent unit, on both sides of the deadline', async () => {
    const leader = await login(server.app, 'leader')
    // 23:59:59 on the deadline day in Beijing: nothing is overdue yet; one second later the two open issues are.
    server.deps.now = () => new Date('2024-07-19T15:59:59.999Z')
    const onTheDay = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/overview`, headers: leader })).json()
    expect(onTheDay.totals).toMatchObject({ open: 3, overdue: 0, total: 3 })
    server.deps.now = () => new Date('2024-07-19T16:00:00.000Z')
    const dayAfter = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/overview`, headers: leader })).json()
    expect(dayAfter.totals).toMatchObject({ open: 3, overdue: 3, total: 3 })
    server.deps.now = () => new Date('2024-07-22T00:00:00Z')
    await answer('ans-00000010', { note: '已整改', evidence: [shot] })
    const overview = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/overview`, headers: leader })).json()
    expect(overview.totals).toEqual({ open: 2, returned: 0, submitted: 1, verified: 0, overdue: 2, late: 1, total: 3 })
    const byUnit = Object.fromEntries(overview.items.map((r: { department: { name: string }; open: number; submitted: number }) => [r.department.name, [r.open, r.submitted]]))
    expect(byUnit).toEqual({ 无锡市卫生健康委员会: [0, 1], 锡山区人民政府: [1, 0], 经开区人民政府: [1, 0] })
    await review('rev-00000006', { decision: 'verify', reason: '' })
    const after = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/overview`, headers: leader })).json()
    expect(after.totals).toEqual({ open: 2, returned: 0, submitted: 0, verified: 1, overdue: 2, late: 0, total: 3 })
    // A liaison's overview holds their own department only (their home page's counts).
    const own = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/overview`, headers: liaison })).json()
    expect(own.totals).toEqual({ open: 0, returned: 0, submitted: 0, verified: 1, overdue: 0, late: 0, total: 1 })
    expect(own.items.map((r: { department: { name: string } }) => r.department.name)).toEqual(['无锡市卫生健康委员会'])
    const xishan = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/overview`, headers: await login(server.app, 'liaison-xishan') })).json()
    expect(xishan.totals).toEqual({ open: 1, returned: 0, submitted: 0, verified: 0, overdue: 1, late: 0, total: 1 })
  })
})
