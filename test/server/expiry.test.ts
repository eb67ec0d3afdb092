import { BIND_CODE_TTL_MS } from '../../server/auth/bind-codes'
import { SESSION_TTL_MS } from '../../server/auth/session'
import { LOGIN_TICKET_TTL_MS } from '../../server/services/sign-in'
import { WEB_TICKET_TTL_MS } from '../../server/services/web-tickets'
import { dialects, login, startServer, type TestServer } from './harness'

/**
 * Everything that expires, on both sides of its edge, with the server's clock fixed: a session
 * (SESSION_TTL_MS after it was last extended), a bind code, a WeChat sign-in ticket and a desktop
 * sign-in ticket. (The rectification deadline's edge is in rectification.test.ts and deadline.test.ts.)
 */
describe.each(dialects)('expiry on %s', (dialect) => {
  let server: TestServer
  const t0 = Date.parse('2024-07-10T02:00:00.000Z')
  let now = t0
  beforeAll(async () => {
    server = await startServer(dialect, { deps: { wechat: { openid: async (code) => `o-${code}`, phoneNumber: async (code) => code.replace(/^phone-/, '') } } })
    server.deps.now = () => new Date(now)
  })
  afterAll(async () => {
    await server.close()
  })

  const me = (headers: Record<string, string>) => server.app.inject({ url: '/api/v1/me', headers })

  it("tells the app the server's calendar date in Beijing time, turning at 16:00 UTC", async () => {
    now = t0
    const headers = await login(server.app, 'admin')
    now = Date.parse('2024-07-10T15:59:59.999Z')
    expect((await me(headers)).json().today).toBe('2024-07-10')
    now = Date.parse('2024-07-10T16:00:00.000Z')
    expect((await me(headers)).json().today).toBe('2024-07-11')
  })

  it('lets a session in 1 ms before its end and refuses it 1 ms after, with UNAUTHENTICATED', async () => {
    now = t0
    const [early, late] = [await login(server.app, 'inspector'), await login(server.app, 'inspector')]
    now = t0 + SESSION_TTL_MS - 1
    expect((await me(early)).statusCode).toBe(200)
    now = t0 + SESSION_TTL_MS
    const refused = await me(late)
    expect([refused.statusCode, refused.json().error.code]).toEqual([401, 'UNAUTHENTICATED'])
    now = t0 + SESSION_TTL_MS + 1
    expect((await me(late)).statusCode).toBe(401)
  })

  it('extends a session that is used, from the moment of use', async () => {
    now = t0
    const used = await login(server.app, 'leader')
    const usedAt = t0 + 10 * 24 * 3600 * 1000
    now = usedAt
    expect((await me(used)).statusCode).toBe(200)
    now = usedAt + SESSION_TTL_MS - 1
    expect((await me(used)).statusCode).toBe(200)
    now = usedAt + SESSION_TTL_MS - 1 + SESSION_TTL_MS
    expect((await me(used)).statusCode).toBe(401)
  })

  const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url: `/api/v1${url}`, headers, payload: payload as never })
  const newCode = async (name: string) => {
    const res = await post('/users', { name, role: 'inspector', departmentId: 'd-city-bgs' }, await login(server.app, 'admin'))
    expect(res.statusCode).toBe(201)
    return res.json<{ bindCode: string }>().bindCode
  }
  const ticket = async (code: string) => (await post('/auth/wechat', { code })).json<{ ticket: string }>().ticket

  it('takes a bind code 1 ms before its end and refuses it at its end, with BIND_CODE_EXPIRED', async () => {
    now = t0
    const [early, late] = [await newCode('边界甲'), await newCode('边界乙')]
    now = t0 + BIND_CODE_TTL_MS - 1
    expect((await post('/auth/bind', { ticket: await ticket('code-edge-a'), bindCode: early })).statusCode).toBe(200)
    now = t0 + BIND_CODE_TTL_MS
    const refused = await post('/auth/bind', { ticket: await ticket('code-edge-b'), bindCode: late })
    expect([refused.statusCode, refused.json().error.code]).toEqual([410, 'BIND_CODE_EXPIRED'])
  })

  it('takes a WeChat sign-in ticket 1 ms before its end and refuses it at its end, with TICKET_INVALID', async () => {
    now = t0
    const [a, b] = [await newCode('边界丙'), await newCode('边界丁')]
    const [early, late] = [await ticket('code-edge-c'), await ticket('code-edge-d')]
    now = t0 + LOGIN_TICKET_TTL_MS - 1
    expect((await post('/auth/bind', { ticket: early, bindCode: a })).statusCode).toBe(200)
    now = t0 + LOGIN_TICKET_TTL_MS
    const refused = await post('/auth/bind', { ticket: late, bindCode: b })
    expect([refused.statusCode, refused.json().error.code]).toEqual([410, 'TICKET_INVALID'])
  })

  it('lets a phone approve a desktop ticket 1 ms before its end and refuses it at its end, with WEB_TICKET_EXPIRED', async () => {
    now = t0
    const [early, late] = [(await post('/auth/web-tickets')).json().id, (await post('/auth/web-tickets')).json().id]
    const phone = await login(server.app, 'inspector')
    now = t0 + WEB_TICKET_TTL_MS - 1
    expect((await post(`/auth/web-tickets/${early}/approve`, undefined, phone)).statusCode).toBe(200)
    now = t0 + WEB_TICKET_TTL_MS
    const refused = await post(`/auth/web-tickets/${late}/approve`, undefined, phone)
    expect([refused.statusCode, refused.json().error.code]).toEqual([410, 'WEB_TICKET_EXPIRED'])
    expect((await server.app.inject({ url: `/api/v1/auth/web-tickets/${late}` })).json()).toEqual({ status: 'expired' })
  })
})
