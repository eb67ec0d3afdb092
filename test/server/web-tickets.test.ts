import { dialects, login, startServer, type TestServer } from './harness'

describe.each(dialects)('desktop sign-in by QR code on %s', (dialect) => {
  let server: TestServer
  beforeEach(async () => {
    server = await startServer(dialect)
  })
  afterEach(async () => {
    await server.close()
  })

  const create = async () => {
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/auth/web-tickets', headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Chrome/120' } })
    expect(res.statusCode).toBe(201)
    return res.json<{ id: string; expiresAt: string }>()
  }
  const poll = async (id: string) => (await server.app.inject({ url: `/api/v1/auth/web-tickets/${id}` })).json()

  it('signs the browser in once a signed-in phone approves, and hands the session out only once', async () => {
    const ticket = await create()
    expect(await poll(ticket.id)).toEqual({ status: 'waiting', expiresAt: ticket.expiresAt })
    const admin = await login(server.app, 'admin')
    const details = (await server.app.inject({ url: `/api/v1/auth/web-tickets/${ticket.id}/details`, headers: admin })).json()
    expect(details).toMatchObject({ id: ticket.id, agent: expect.stringContaining('Windows'), expired: false })
    const ok = await server.app.inject({ method: 'POST', url: `/api/v1/auth/web-tickets/${ticket.id}/approve`, headers: admin })
    expect(ok.json()).toEqual({ ok: true })
    const signedIn = await poll(ticket.id)
    expect(signedIn).toMatchObject({ status: 'approved', user: { name: '王珊', role: 'admin' } })
    const me = await server.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${signedIn.token}` } })
    expect(me.json().user.name).toBe('王珊')
    expect(await poll(ticket.id)).toEqual({ status: 'collected' })
    const twice = await server.app.inject({ method: 'POST', url: `/api/v1/auth/web-tickets/${ticket.id}/approve`, headers: admin })
    expect(twice.json().error.code).toBe('WEB_TICKET_USED')
    const logged = await server.deps.db.selectFrom('audit_log').select('action').execute()
    expect(logged.map((r) => r.action)).toEqual(['auth.web-approve'])
  })

  it('expires after two minutes, and needs a signed-in phone to approve', async () => {
    const ticket = await create()
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/auth/web-tickets/${ticket.id}/approve` })).statusCode).toBe(401)
    const start = Date.now()
    server.deps.now = () => new Date(start + 121 * 1000)
    expect(await poll(ticket.id)).toEqual({ status: 'expired' })
    const late = await server.app.inject({ method: 'POST', url: `/api/v1/auth/web-tickets/${ticket.id}/approve`, headers: await login(server.app, 'inspector') })
    expect(late.json().error.code).toBe('WEB_TICKET_EXPIRED')
    expect((await server.app.inject({ url: '/api/v1/auth/web-tickets/w-nosuchticket0000' })).statusCode).toBe(404)
    expect((await server.app.inject({ url: '/api/v1/auth/web-tickets/not-a-ticket' })).json().error.code).toBe('VALIDATION_FAILED')
  })

  it('hands nothing to the browser when the person who approved was stopped before it collected, and knows no unknown request', async () => {
    const ticket = await create()
    const inspector = await login(server.app, 'inspector')
    expect((await server.app.inject({ method: 'POST', url: `/api/v1/auth/web-tickets/${ticket.id}/approve`, headers: inspector })).statusCode).toBe(200)
    const stop = await server.app.inject({ method: 'PATCH', url: '/api/v1/users/u-inspector', headers: await login(server.app, 'admin'), payload: { active: false } })
    expect(stop.statusCode).toBe(200)
    const refused = await server.app.inject({ url: `/api/v1/auth/web-tickets/${ticket.id}` })
    expect(refused.statusCode).toBe(403)
    expect(refused.json().error).toEqual({ code: 'USER_INACTIVE', message: '该账号已停用' })
    expect(await poll(ticket.id)).toEqual({ status: 'collected' })
    const unknown = await server.app.inject({ method: 'POST', url: '/api/v1/auth/web-tickets/w-nosuchticket0000/approve', headers: await login(server.app, 'leader') })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error).toEqual({ code: 'NOT_FOUND', message: '登录请求不存在' })
  })
})
