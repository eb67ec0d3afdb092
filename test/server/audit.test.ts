import { describeAudit } from '../../src/core'
import { dialects, login, startServer, type TestServer } from './harness'
import { multipart, nationalAnswers, png } from './fixtures'

const ROUND = 'r-2024q2'

describe.each(dialects)('the audit trail on %s', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  beforeEach(async () => {
    server = await startServer(dialect)
    admin = await login(server.app, 'admin')
  })
  afterEach(async () => {
    await server.close()
  })

  const audit = async (query = '', headers = admin) => (await server.app.inject({ url: `/api/v1/audit${query}`, headers })).json()

  it('records inspections, answers, reviews and exports with who, when, before and after, newest first', async () => {
    const inspector = await login(server.app, 'inspector')
    const liaison = await login(server.app, 'liaison-wjw')
    const account = (await server.app.inject({ url: `/api/v1/rounds/${ROUND}/accounts?q=无锡人社`, headers: inspector })).json().items[0].id
    const put = await server.app.inject({
      method: 'PUT',
      url: '/api/v1/inspections/c-audit-0001',
      headers: inspector,
      payload: { roundId: ROUND, checkpointId: 'cp-2024q2-2', accountId: account, answers: nationalAnswers('2024-06-20') }
    })
    expect(put.statusCode).toBe(201)
    const issueId = (await server.app.inject({ url: '/api/v1/departments/d-city-wjw/issues', headers: liaison })).json().items[0].id
    const body = multipart(await png(71))
    const shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...liaison, ...body.headers }, payload: body.payload })).json().sha256
    await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issueId}/answers/ans-audit-01`, headers: liaison, payload: { note: '已整改', evidence: [shot] } })
    await server.app.inject({ method: 'PUT', url: `/api/v1/issues/${issueId}/reviews/rev-audit-01`, headers: inspector, payload: { decision: 'return', reason: '截图不清' } })
    await server.app.inject({ url: `/api/v1/rounds/${ROUND}/issues.xlsx?departmentId=d-city-wjw`, headers: liaison })

    const all = await audit()
    expect(all.items.map((i: { action: string }) => i.action)).toEqual(['export.issues', 'issue.return', 'issue.answer', 'inspection.submit'])
    expect(all.total).toBe(4)
    const [exported, returned, answered, submitted] = all.items
    expect(submitted).toMatchObject({ actor: { name: '张敏' }, entity: 'account', entityId: account, after: { verdict: 'pass', version: 1, clientId: 'c-audit-0001' }, summary: '张敏 提交了「无锡人社」（无锡市人力资源和社会保障局，2024年第二季度）的检查结果：合格' })
    expect(answered).toMatchObject({ actor: { name: '陈静' }, entity: 'issue', entityId: issueId, before: { status: 'open' }, after: { status: 'submitted' } })
    // Each line names the account, its unit and the round.
    expect(returned.summary).toMatch(/^张敏 退回了「[^」]+」（无锡市卫生健康委员会，2024年第二季度）的整改反馈：截图不清$/)
    expect(answered.after).toMatchObject({ unit: '无锡市卫生健康委员会', round: '2024年第二季度', account: expect.any(String) })
    expect(exported).toMatchObject({ entity: 'department', entityId: 'd-city-wjw', summary: '陈静 导出了问题清单（1 条）' })
    expect(typeof submitted.ip).toBe('string')

    const history = await audit(`?entity=issue&entityId=${issueId}`)
    expect(history.items.map((i: { action: string }) => i.action)).toEqual(['issue.return', 'issue.answer'])
    const byActor = await audit('?actor=u-liaison-wjw&pageSize=1')
    expect(byActor).toMatchObject({ page: 1, pageSize: 1, total: 2 })
    expect((await audit('?from=2999-01-01T00:00:00Z')).total).toBe(0)
    expect((await audit('?from=yesterday')).error.code).toBe('QUERY_INVALID')
  })

  it('writes nothing when the change fails, and offers no way to change the log', async () => {
    const inspector = await login(server.app, 'inspector')
    const bad = await server.app.inject({ method: 'PUT', url: '/api/v1/inspections/c-audit-0002', headers: inspector, payload: { roundId: ROUND, checkpointId: 'cp-nope', accountId: 'a-c001', answers: [] } })
    expect(bad.statusCode).toBe(400)
    expect((await audit()).total).toBe(0)
    for (const method of ['PUT', 'PATCH', 'DELETE', 'POST'] as const) {
      expect((await server.app.inject({ method, url: '/api/v1/audit', headers: admin, payload: {} })).statusCode).toBe(404)
    }
  })

  it('describes unknown actions sensibly', () => {
    expect(describeAudit({ action: 'round.reopen', actor: { id: null, name: '系统' }, before: null, after: null })).toBe('系统 round.reopen')
  })
})
