import { buildApp } from '../../server/app'
import { secretHash } from '../../server/auth/secrets'
import { sessionKey } from '../../server/routes/evidence'
import { purgeTickets, WEB_TICKET_TTL_MS } from '../../server/services/web-tickets'
import { MAX_BIND_FAILURES } from '../../server/services/sign-in'
import { dialects, login, startServer, type TestServer } from './harness'
import { multipart, png } from './fixtures'

/**
 * The sign-in secrets and limits the probe found soft (issue 24): tokens and tickets stored only
 * as hashes, a desktop ticket dead after its two minutes even when approved, expired tickets
 * purged, the upload limits keyed on the session rather than how its header is spelt, the bind-code
 * attempt cap atomic, and the per-address limit shared by every process on the database.
 */
describe.each(dialects)('secrets and limits on %s', (dialect) => {
  let server: TestServer
  let clock = Date.parse('2024-07-01T02:00:00Z')
  beforeEach(async () => {
    clock = Date.parse('2024-07-01T02:00:00Z')
    server = await startServer(dialect, { deps: { now: () => new Date(clock), wechat: { openid: async (code: string) => `o-${code}`, phoneNumber: async (code: string) => code } } })
  })
  afterEach(async () => {
    await server.close()
  })
  const post = (url: string, payload?: unknown, headers: Record<string, string> = {}) => server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as never, headers })

  it('stores sessions and tickets only as hashes', async () => {
    const admin = await login(server.app, 'admin')
    const token = admin.authorization?.slice(7) as string
    const db = server.deps.db
    expect(await db.selectFrom('sessions').select('token').where('token', '=', token).executeTakeFirst()).toBeUndefined()
    expect(await db.selectFrom('sessions').select('token').where('token', '=', secretHash(token)).executeTakeFirst()).toBeDefined()
    const ticket = (await post('/auth/web-tickets')).json().id as string
    expect(await db.selectFrom('web_tickets').select('id').where('id', '=', ticket).executeTakeFirst()).toBeUndefined()
    expect((await post(`/auth/web-tickets/${ticket}/approve`, undefined, admin)).statusCode).toBe(200)
    const row = await db.selectFrom('web_tickets').selectAll().where('id', '=', secretHash(ticket)).executeTakeFirstOrThrow()
    expect(row.token).toBeNull()
    const wechat = (await post('/auth/wechat', { code: 'code-stranger' })).json().ticket as string
    expect(await db.selectFrom('login_tickets').select('id').where('id', '=', wechat).executeTakeFirst()).toBeUndefined()
    // Every stored value differs from every secret handed out.
    const stored = JSON.stringify([await db.selectFrom('sessions').selectAll().execute(), await db.selectFrom('web_tickets').selectAll().execute(), await db.selectFrom('login_tickets').selectAll().execute()])
    for (const secret of [token, ticket, wechat]) expect(stored).not.toContain(secret)
  })

  it('gives nothing for an approved desktop ticket collected after its two minutes, and purges expired tickets', async () => {
    const admin = await login(server.app, 'admin')
    const ticket = (await post('/auth/web-tickets')).json().id as string
    expect((await post(`/auth/web-tickets/${ticket}/approve`, undefined, admin)).statusCode).toBe(200)
    const sessions = async () => Number((await server.deps.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    const before = await sessions()
    for (const late of [5_000, 125_000, 420_000]) {
      clock = Date.parse('2024-07-01T02:00:00Z') + WEB_TICKET_TTL_MS + late
      const polled = (await server.app.inject({ url: `/api/v1/auth/web-tickets/${ticket}` })).json()
      expect(polled).toEqual({ status: 'expired' })
    }
    expect(await sessions()).toBe(before)
    await post('/auth/wechat', { code: 'code-late' })
    clock += 3600_000
    expect(await purgeTickets(server.deps, new Date(clock))).toBeGreaterThanOrEqual(2)
    expect((await server.app.inject({ url: `/api/v1/auth/web-tickets/${ticket}` })).statusCode).toBe(404)
  })

  it('keys the upload limits on the session, however its Authorization header is spelt', async () => {
    expect(sessionKey({ headers: { authorization: 'Bearer abc' }, ip: '1.2.3.4', method: 'POST', url: '/api/v1/evidence' } as never)).toBe(sessionKey({ headers: { authorization: 'Bearer    abc   ' }, ip: '5.6.7.8', method: 'POST', url: '/api/v1/evidence' } as never))
    const inspector = await login(server.app, 'inspector')
    const token = inspector.authorization?.slice(7) as string
    const bytes = await png(5)
    let limited = 0
    for (let i = 0; i < 305; i++) {
      const body = multipart(bytes)
      const spelling = `Bearer${' '.repeat(1 + (i % 7))}${token}${' '.repeat(i % 3)}`
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { authorization: spelling, ...body.headers }, payload: body.payload })
      if (res.statusCode === 429) limited += 1
    }
    expect(limited).toBe(5)
  })

  it('checks at most five bind codes per WeChat ticket, however many are sent at once', async () => {
    const ticket = (await post('/auth/wechat', { code: 'code-guesser' })).json().ticket as string
    const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => post('/auth/bind', { ticket, bindCode: `ACDEFG${'HJKMNPQRTUVWXY'[i]}3` })))
    const checked = answers.filter((r) => r.json().error?.code === 'BIND_CODE_INVALID').length
    expect(checked).toBeLessThanOrEqual(MAX_BIND_FAILURES)
    expect(answers.filter((r) => r.json().error?.code === 'TICKET_INVALID').length).toBe(15 - checked)
  })

  it('shares the per-address bind-code limit between two server processes on one database', async () => {
    const second = await buildApp({ deps: server.deps, demo: true, trustOpenidHeader: false })
    try {
      const tries = async (app: typeof second, n: number) => {
        const codes: number[] = []
        for (let i = 0; i < n; i++) codes.push((await app.inject({ method: 'POST', url: '/api/v1/auth/bind-code', payload: { bindCode: 'ACDEFGHJ' }, remoteAddress: '10.9.8.7' })).statusCode)
        return codes
      }
      const a = await tries(server.app, 15)
      const b = await tries(second, 15)
      const allowed = [...a, ...b].filter((s) => s !== 429).length
      expect(allowed).toBe(20)
    } finally {
      await second.close()
    }
  })
})
