import { SESSION_TTL_MS } from '../../server/auth/session'
import { dialects, login, startServer, type TestServer } from './harness'

/** Sessions end SESSION_TTL_MS after they were last extended; the clock is the server's, fixed here on both sides of the edge. */
describe.each(dialects)('session expiry on %s', (dialect) => {
  let server: TestServer
  const t0 = Date.parse('2024-07-10T02:00:00.000Z')
  let now = t0
  beforeAll(async () => {
    server = await startServer(dialect)
    server.deps.now = () => new Date(now)
  })
  afterAll(async () => {
    await server.close()
  })

  const me = (headers: Record<string, string>) => server.app.inject({ url: '/api/v1/me', headers })

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
})
