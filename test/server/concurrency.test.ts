import { dialects, login, startServer, type TestServer } from './harness'
import { multipart, nationalAnswers, png } from './fixtures'

const ROUND = 'r-2024q2'
const CP2 = 'cp-2024q2-2'

describe.each(dialects)('what a phone submits neither jams nor doubles, on %s', (dialect) => {
  let server: TestServer
  let inspector: Record<string, string>
  let admin: Record<string, string>
  let account: string

  beforeEach(async () => {
    server = await startServer(dialect)
    inspector = await login(server.app, 'inspector')
    admin = await login(server.app, 'admin')
    account = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?q=无锡人社`, headers: inspector })).json().items[0].id
  })
  afterEach(async () => {
    await server.close()
  })

  const submission = (patch: Parameters<typeof nationalAnswers>[1] = {}) => ({ roundId: ROUND, checkpointId: CP2, accountId: account, answers: nationalAnswers('2024-06-20', patch) })
  const put = (clientId: string, payload: unknown, headers = inspector) =>
    server.app.inject({ method: 'PUT', url: `/api/v1/inspections/${clientId}`, headers, payload: payload as Record<string, unknown> })

  it('refuses U+0000 in a note with a 400 the phone parks, and stores nothing', async () => {
    const res = await put('c-nul-00000001', submission({ 'SEC-1': { result: 'pass', note: 'a\u0000b' } }))
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('INVALID_CHARACTER')
    const rows = await server.deps.db.selectFrom('inspections').select('id').where('client_id', '=', 'c-nul-00000001').execute()
    expect(rows).toHaveLength(0)
  })

  it('refuses U+0000 in an object key, a path parameter and a query string the same way', async () => {
    const key = await put('c-nul-00000002', { ...submission(), ['x\u0000']: 1 })
    expect(key.json().error.code).toBe('INVALID_CHARACTER')
    const param = await server.app.inject({ url: '/api/v1/issues/abc%00def', headers: inspector })
    expect(param.json().error.code).toBe('INVALID_CHARACTER')
    const query = await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?q=%E6%97%A0%00`, headers: inspector })
    expect(query.statusCode).toBe(400)
    expect(query.json().error.code).toBe('INVALID_CHARACTER')
  })

  it('keeps exactly one current inspection when six submissions for one account race', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => put(`c-race-000000${i}`, submission({ 'SEC-1': { result: 'pass', note: `第${i}份` } }), i % 2 === 0 ? inspector : admin))
    )
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201, 201])
    const rows = await server.deps.db.selectFrom('inspections').select(['client_id', 'is_current']).where('account_id', '=', account).where('checkpoint_id', '=', CP2).execute()
    expect(rows.filter((r) => r.client_id.startsWith('c-race-'))).toHaveLength(6)
    const current = rows.filter((r) => r.is_current === 1)
    expect(current).toHaveLength(1)
    expect(current[0]?.client_id).toMatch(/^c-race-/)
  })

  it('refuses a second current row at the database, whoever writes it', async () => {
    await put('c-first-0000001', submission())
    const [row] = await server.deps.db.selectFrom('inspections').selectAll().where('client_id', '=', 'c-first-0000001').execute()
    if (!row) throw new Error('no row')
    // Asserted by its code: errors of a native driver may come from another realm than the test's.
    await expect(server.deps.db.insertInto('inspections').values({ ...row, id: 'second', client_id: 'c-second-000001' }).execute()).rejects.toMatchObject({
      code: expect.stringMatching(/^(SQLITE_CONSTRAINT_UNIQUE|23505)$/)
    })
  })

  it('answers 200 to every one of ten resends of a stored answer, however they race', async () => {
    const liaison = await login(server.app, 'liaison-wjw')
    const issueId = (await server.app.inject({ url: '/api/v1/departments/d-city-wjw/issues', headers: liaison })).json().items[0].id
    const body = multipart(await png(31))
    const shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...liaison, ...body.headers }, payload: body.payload })).json().sha256
    const payload = { note: '已修复子菜单', evidence: [shot] }
    const sends = await Promise.all(
      Array.from({ length: 10 }, () => server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issueId}/answers/ans-race-0001`, headers: liaison, payload }))
    )
    expect(sends.map((r) => r.statusCode)).toEqual(Array(10).fill(200))
    expect(new Set(sends.map((r) => r.json().status))).toEqual(new Set(['submitted']))
    const events = await server.deps.db.selectFrom('issue_events').select('id').where('client_id', '=', 'ans-race-0001').execute()
    expect(events).toHaveLength(1)
    const other = await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issueId}/answers/ans-race-0002`, headers: liaison, payload })
    expect(other.statusCode).toBe(409)
    expect(other.json().error.code).toBe('ISSUE_STATE')
  })

  it('lets one of racing reviews win; the others lose with ISSUE_STATE and change nothing', async () => {
    const liaison = await login(server.app, 'liaison-wjw')
    const issueId = (await server.app.inject({ url: '/api/v1/departments/d-city-wjw/issues', headers: liaison })).json().items[0].id
    const body = multipart(await png(33))
    const shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...liaison, ...body.headers }, payload: body.payload })).json().sha256
    await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issueId}/answers/ans-race-0003`, headers: liaison, payload: { note: '已整改', evidence: [shot] } })
    const reviewers = [inspector, admin, inspector, admin, inspector, admin]
    const reviews = await Promise.all(
      reviewers.map((headers, i) =>
        server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issueId}/reviews/rev-race-000${i}`, headers, payload: i % 2 ? { decision: 'return', reason: '截图不清' } : { decision: 'verify', reason: '' } })
      )
    )
    const won = reviews.filter((r) => r.statusCode === 200)
    expect(won).toHaveLength(1)
    const lost = reviews.filter((r) => r.statusCode !== 200)
    expect(lost.map((r) => [r.statusCode, r.json().error.code])).toEqual(Array(5).fill([409, 'ISSUE_STATE']))
    // On PostgreSQL at least one loser read the issue before the winner committed, and lost at the
    // compare-and-set; SQLite's one connection lets the reviews in one after another.
    if (dialect === 'postgres') expect(lost.some((r) => r.json().error.message === '该问题的状态刚被其他人修改，请刷新后再试')).toBe(true)
    const events = await server.deps.db.selectFrom('issue_events').select(['action']).where('issue_id', '=', issueId).where('action', 'in', ['verify', 'return']).execute()
    expect(events).toHaveLength(1)
    const issue = await server.deps.db.selectFrom('issues').select('status').where('id', '=', issueId).executeTakeFirstOrThrow()
    expect(issue.status).toBe(won[0]?.json().status)
  })
})
