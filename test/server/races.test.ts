import { dialects, login, startServer, type TestServer } from './harness'
import { multipart } from './fixtures'

/**
 * Races the probe found (issue 24): two commits of two previews of one registry file at once end
 * as one commit would, on both databases (on PostgreSQL it doubled every account and unit).
 */
describe.each(dialects)('concurrent writes on %s', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  beforeEach(async () => {
    server = await startServer(dialect)
    admin = await login(server.app, 'admin')
  })
  afterEach(async () => {
    await server.close()
  })

  const count = async (table: 'accounts' | 'departments') => Number((await server.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

  it('two commits of two previews of the same file, at once, create each account and unit once (3 trials)', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const csv = '账号名称,平台类型,主办单位\n' + Array.from({ length: 100 }, (_, i) => `并发号${trial}-${i},微信公众号,并发测试单位${trial}-${i % 5}`).join('\n') + '\n'
      const preview = async () => {
        const body = multipart(Buffer.from(csv), 'race.csv')
        const res = await server.app.inject({ method: 'POST', url: '/api/v1/registry/imports', headers: { ...admin, ...body.headers }, payload: body.payload })
        expect(res.statusCode).toBe(201)
        return res.json().id as string
      }
      const [a, b] = [await preview(), await preview()]
      const [accounts, units] = [await count('accounts'), await count('departments')]
      const results = await Promise.all([a, b].map((id) => server.app.inject({ method: 'POST', url: `/api/v1/registry/imports/${id}/commit`, headers: admin, payload: {} })))
      expect(results.map((r) => r.statusCode)).toEqual([200, 200])
      expect((await count('accounts')) - accounts).toBe(100)
      expect((await count('departments')) - units).toBe(5)
    }
  })

  it('two commits of two people imports at once create each person once', async () => {
    const people = async () => Number((await server.deps.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
    const sheet = '姓名,手机号,单位,角色\n' + Array.from({ length: 30 }, (_, i) => `并发${i},139${String(10000000 + i)},锡山区教育局,联络员`).join('\n') + '\n'
    const preview = async () => {
      const body = multipart(Buffer.from(sheet), 'people.csv', 'file', { source: 'sheet' })
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/people/imports', headers: { ...admin, ...body.headers }, payload: body.payload })
      expect(res.statusCode).toBe(201)
      return res.json() as { id: string; rows: { action: string }[] }
    }
    const [a, b] = [await preview(), await preview()]
    const creating = a.rows.filter((r) => r.action === 'create').length
    expect(creating).toBeGreaterThan(0)
    const before = await people()
    const results = await Promise.all([a, b].map((p) => server.app.inject({ method: 'POST', url: `/api/v1/people/imports/${p.id}/commit`, headers: admin })))
    expect(results.map((r) => r.statusCode)).toEqual([200, 200])
    expect((await people()) - before).toBe(creating)
  })
})
