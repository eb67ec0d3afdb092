import { secretHash } from '../../server/auth/secrets'
import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { buildApp } from '../../server/app'
import { MAX_UPLOADS_PER_SESSION } from '../../server/routes/evidence'
import { decodeStats, MAX_CONCURRENT_DECODES } from '../../server/storage/images'
import { MAX_SESSIONS_PER_USER, purgeSessions } from '../../server/db/repos/users'
import { MAX_UNUSED_SUBSCRIPTIONS } from '../../server/services/reminders'
import { nationalAnswers, png } from './fixtures'
import { dialects, login, startServer, type TestServer } from './harness'

/**
 * Requests an outsider would try (issue 11's probe): each is refused with a stable 4xx code and
 * changes nothing. These failed before the fix: Fastify's Ajv stripped unknown keys and coerced
 * types, and `?page=1e300` reached the database as an offset and answered 500.
 */
describe.each(dialects)('refusing what is not asked for (%s)', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  let inspector: Record<string, string>
  beforeAll(async () => {
    server = await startServer(dialect)
    admin = await login(server.app, 'admin')
    inspector = await login(server.app, 'inspector')
  })
  afterAll(() => server.close())

  const count = async (table: 'inspections' | 'practices') => Number((await server.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  const body = { roundId: 'r-2024q2', checkpointId: 'cp-2024q2-2', accountId: 'a-c001', answers: nationalAnswers('2024-06-20') }

  it('refuses unknown keys in a body, at the top and nested, and writes nothing', async () => {
    const before = await count('inspections')
    const top = await server.app.inject({ method: 'PUT', url: '/api/v1/inspections/c-hard-00001', headers: inspector, payload: { ...body, verdict: 'pass' } })
    expect([top.statusCode, top.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const answers = body.answers.map((a, i) => (i === 0 ? { ...a, approvedBy: 'u-admin' } : a))
    const nested = await server.app.inject({ method: 'PUT', url: '/api/v1/inspections/c-hard-00002', headers: inspector, payload: { ...body, answers } })
    expect([nested.statusCode, nested.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(await count('inspections')).toBe(before)
    // The same request without the extra key goes through.
    expect((await server.app.inject({ method: 'PUT', url: '/api/v1/inspections/c-hard-00003', headers: inspector, payload: body })).statusCode).toBe(201)
  })

  it('takes types as sent: a string is not a one-item list, "true" is not a boolean', async () => {
    const before = await count('practices')
    const practice = { roundId: 'r-2024q2', accountId: 'a-c001', theme: 'service', note: '掌上办事' }
    const res = await server.app.inject({ method: 'PUT', url: '/api/v1/practices/prac-hard-01', headers: inspector, payload: { ...practice, evidence: 'a'.repeat(64) } })
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect(await count('practices')).toBe(before)
    const person = (await server.app.inject({ url: '/api/v1/users?pageSize=1', headers: admin })).json().items[0]
    const patch = await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${person.id}`, headers: admin, payload: { active: 'false' } })
    expect([patch.statusCode, patch.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    const unknown = await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${person.id}`, headers: admin, payload: { name: '改名', superuser: true } })
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])
    expect((await server.app.inject({ url: '/api/v1/users?pageSize=1', headers: admin })).json().items[0].name).toBe(person.name)
  })

  it('answers a page number past any list with PAGE_INVALID, not a database error', async () => {
    for (const url of ['/api/v1/users', '/api/v1/audit', '/api/v1/rounds/r-2024q2/accounts', '/api/v1/departments/d-city-wjw/issues', '/api/v1/registry/accounts']) {
      for (const page of ['1e300', '100001', '9007199254740993']) {
        const res = await server.app.inject({ url: `${url}?page=${page}`, headers: admin })
        expect([url, page, res.statusCode, res.json().error?.code]).toEqual([url, page, 400, 'PAGE_INVALID'])
      }
      expect((await server.app.inject({ url: `${url}?page=100000`, headers: admin })).statusCode).toBe(200)
    }
  })

  it('takes ?access_token= only to read a screenshot or download a file, never for a write or a list', async () => {
    const token = inspector.authorization?.slice('Bearer '.length) ?? ''
    expect(token).not.toBe('')
    const issue = (await server.app.inject({ url: '/api/v1/departments/d-city-wjw/issues', headers: admin })).json().items[0]
    expect((await server.app.inject({ url: `/api/v1/evidence/${issue.evidence[0]}/thumb?access_token=${token}` })).statusCode).toBe(200)
    expect((await server.app.inject({ url: `/api/v1/rounds?access_token=${token}` })).statusCode).toBe(401)
    const before = await count('inspections')
    const put = await server.app.inject({ method: 'PUT', url: `/api/v1/inspections/c-hard-00009?access_token=${token}`, payload: body })
    expect(put.statusCode).toBe(401)
    expect(await count('inspections')).toBe(before)
    // Another kind of Authorization header is no login, whatever the query says.
    expect((await server.app.inject({ url: `/api/v1/evidence/${issue.evidence[0]}/thumb?access_token=${token}`, headers: { authorization: 'Basic eDp5' } })).statusCode).toBe(401)
  })

  it('answers a multipart body it cannot read with 400 MULTIPART_INVALID, not a 500', async () => {
    const part = (b: string) => `--${b}\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\ncontent-type: image/png\r\n\r\nabc`
    const bad: [string, string][] = [
      ['multipart/form-data', `${part('x')}\r\n--x--`],
      ['multipart/form-data; boundary=x', part('x')],
      [`multipart/form-data; boundary=${'b'.repeat(300)}`, `${part('b'.repeat(300))}\r\n--${'b'.repeat(300)}--`],
      ['multipart/form-data; boundary=x', Array.from({ length: 50 }, (_, i) => `--x\r\ncontent-disposition: form-data; name="f${i}"\r\n\r\nv\r\n`).join('') + '--x--']
    ]
    for (const [url, headers] of [
      ['/api/v1/evidence', inspector],
      ['/api/v1/registry/imports', admin]
    ] as const) {
      for (const [type, payload] of bad) {
        const res = await server.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': type }, payload })
        expect([url, type.slice(0, 40), res.statusCode, res.json().error.code]).toEqual([url, type.slice(0, 40), 400, 'MULTIPART_INVALID'])
        expect(res.json().error.message).toBe(payload.includes('name="f49"') ? '上传的表单内容过多，请只上传一个文件' : '上传的内容格式不正确，请重新上传')
      }
      // A file past the size limit is too large, not unreadable.
      const big = `--x\r\ncontent-disposition: form-data; name="file"; filename="a.xlsx"\r\ncontent-type: application/octet-stream\r\n\r\n${'a'.repeat(10 * 1024 * 1024 + 1)}\r\n--x--`
      const res = await server.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': 'multipart/form-data; boundary=x' }, payload: big })
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 413, url.endsWith('/evidence') ? 'EVIDENCE_TOO_LARGE' : 'PAYLOAD_TOO_LARGE'])
    }
  })

  it('refuses an anonymous upload at its headers, before reading 11 MB of body', async () => {
    const big = Buffer.alloc(11 * 1024 * 1024, 1)
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { 'content-type': 'image/png' }, payload: big })
    expect([res.statusCode, res.json().error.code]).toEqual([401, 'UNAUTHENTICATED'])
    const sheet = await server.app.inject({ method: 'POST', url: '/api/v1/registry/imports', headers: { ...inspector, 'content-type': 'application/octet-stream' }, payload: big })
    expect(sheet.statusCode).toBe(403)
  })

  it('refuses a screenshot with more pixels than a phone makes, from its header', async () => {
    const huge = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#fff' } }).png({ compressionLevel: 9 }).toBuffer()
    decodeStats.maxInFlight = 0
    const res = await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...inspector, 'content-type': 'image/png' }, payload: huge })
    expect([res.statusCode, res.json().error.code]).toEqual([422, 'EVIDENCE_TOO_MANY_PIXELS'])
    // Refused from its header: nothing was decoded.
    expect(decodeStats.maxInFlight).toBe(0)
  })

  it('decodes at most two screenshots at once, however many arrive together', async () => {
    decodeStats.maxInFlight = 0
    const shots = await Promise.all(Array.from({ length: 6 }, (_, i) => png(900 + i, 600, 1200)))
    const answers = await Promise.all(shots.map((bytes) => server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...inspector, 'content-type': 'image/png' }, payload: bytes })))
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201, 201])
    expect(decodeStats.maxInFlight).toBe(MAX_CONCURRENT_DECODES)
  })

  it('takes at most 10 uploads in flight per session; the next is refused at its headers, other sessions go on', async () => {
    const big = await Promise.all(Array.from({ length: MAX_UPLOADS_PER_SESSION + 4 }, (_x, i) => sharp(Buffer.alloc(900 * 1600 * 3, i + 40), { raw: { width: 900, height: 1600, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer()))
    const send = (headers: Record<string, string>, bytes: Buffer) => server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...headers, 'content-type': 'image/png' }, payload: bytes })
    const other = await login(server.app, 'liaison-wjw')
    const [mine, theirs] = await Promise.all([Promise.all(big.map((b) => send(inspector, b))), send(other, await png(4242, 300, 500))])
    const statuses = mine.map((r) => r.statusCode)
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(MAX_UPLOADS_PER_SESSION)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1)
    expect(mine.find((r) => r.statusCode === 429)?.json().error.code).toBe('RATE_LIMITED')
    expect(theirs.statusCode).toBe(201)
    // The slots come back when the uploads end: the same session uploads again.
    expect((await send(inspector, await png(4343, 300, 500))).statusCode).toBe(201)
  })

  it('closes a request whose body trickles in past the request timeout', async () => {
    const app = await buildApp({ deps: server.deps, demo: true, staticDir: null, requestTimeoutMs: 800 })
    await app.listen({ port: 0, host: '127.0.0.1' })
    try {
      const port = (app.server.address() as AddressInfo).port
      const started = Date.now()
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write(`POST /api/v1/evidence HTTP/1.1\r\nhost: x\r\n${inspector.authorization ? `authorization: ${inspector.authorization}\r\n` : ''}content-type: image/png\r\ncontent-length: 1000000\r\n\r\n`)
          socket.write(Buffer.alloc(1000, 1))
        })
        let text = ''
        socket.on('data', (d) => (text += d.toString()))
        socket.on('close', () => resolve(text))
        socket.on('error', () => resolve(text))
      })
      // Closed by the server well before the body could arrive (a 408, or the idle socket dropped).
      expect(Date.now() - started).toBeLessThan(5000)
      expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true)
    } finally {
      await app.close()
    }
  })

  it('purges expired sessions, and the demo sign-in’s when the server starts without demo mode', async () => {
    const db = server.deps.db
    const now = server.deps.now()
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString()
    await db
      .insertInto('sessions')
      .values([
        { token: 'tok-expired', user_id: 'u-admin', created_at: at(-40 * 86400000), expires_at: at(-1), demo: 0 },
        { token: 'tok-live', user_id: 'u-admin', created_at: at(0), expires_at: at(86400000), demo: 0 }
      ])
      .execute()
    const demo = await login(server.app, 'leader')
    const row = await db.selectFrom('sessions').select('demo').where('token', '=', secretHash(demo.authorization?.slice('Bearer '.length) ?? '')).executeTakeFirstOrThrow()
    expect(row.demo).toBe(1)
    const tokens = async () => (await db.selectFrom('sessions').select('token').where('token', 'in', ['tok-expired', 'tok-live']).execute()).map((r) => r.token).sort()
    expect(await purgeSessions(db, now, false)).toBeGreaterThanOrEqual(1)
    expect(await tokens()).toEqual(['tok-live'])
    expect((await server.app.inject({ url: '/api/v1/me', headers: demo })).statusCode).toBe(200)
    // Started without demo mode: the demo's sessions end, the others stay.
    expect(await purgeSessions(db, now, true)).toBeGreaterThanOrEqual(1)
    expect((await server.app.inject({ url: '/api/v1/me', headers: demo })).statusCode).toBe(401)
    expect(await tokens()).toEqual(['tok-live'])
    // The matrix's other logins were demo sign-ins too: sign in again for later cases.
    admin = await login(server.app, 'admin')
    inspector = await login(server.app, 'inspector')
  })

  it('keeps at most 10 sessions per person: signing in an 11th time ends the oldest', async () => {
    const sessions: Record<string, string>[] = []
    // One sign-in per millisecond, so that "oldest" is well defined.
    const clock = server.deps.now
    let t = clock().getTime()
    server.deps.now = () => new Date(++t)
    try {
      for (let i = 0; i < MAX_SESSIONS_PER_USER + 2; i++) sessions.push(await login(server.app, 'inspector2'))
    } finally {
      server.deps.now = clock
    }
    const status = async (h: Record<string, string>) => (await server.app.inject({ url: '/api/v1/me', headers: h })).statusCode
    expect(await Promise.all(sessions.map(status))).toEqual([401, 401, ...Array<number>(MAX_SESSIONS_PER_USER).fill(200)])
    const held = await server.deps.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', 'u-inspector2').executeTakeFirstOrThrow()
    expect(Number(held.n)).toBe(MAX_SESSIONS_PER_USER)
  })

  it('records at most 50 unused reminder acceptances per person and kind', async () => {
    const liaison = await login(server.app, 'liaison-wjw')
    let last: unknown = null
    for (let i = 0; i < MAX_UNUSED_SUBSCRIPTIONS + 5; i++) {
      const res = await server.app.inject({ method: 'POST', url: '/api/v1/subscriptions', headers: liaison, payload: { kinds: ['deadline', 'returned'] } })
      expect(res.statusCode).toBe(200)
      last = res.json()
    }
    expect(last).toEqual({ remaining: { deadline: MAX_UNUSED_SUBSCRIPTIONS, returned: MAX_UNUSED_SUBSCRIPTIONS } })
    const rows = await server.deps.db.selectFrom('subscriptions').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', 'u-liaison-wjw').executeTakeFirstOrThrow()
    expect(Number(rows.n)).toBe(2 * MAX_UNUSED_SUBSCRIPTIONS)
  })

  it('sends the security headers, and slows down a client guessing bind codes', async () => {
    const res = await server.app.inject({ url: '/api/v1/health' })
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
    const codes: number[] = []
    for (let i = 0; i < 25; i++) {
      const r = await server.app.inject({ method: 'POST', url: '/api/v1/auth/bind', remoteAddress: '203.0.113.9', payload: { ticket: `t-guess-${i}`, bindCode: 'AAAAAAAA' } })
      codes.push(r.statusCode)
      if (r.statusCode === 429) expect(r.json().error.code).toBe('RATE_LIMITED')
    }
    expect(codes.filter((c) => c === 429).length).toBe(5)
    // Another address is not slowed by it.
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/auth/bind', remoteAddress: '203.0.113.10', payload: { ticket: 't-other', bindCode: 'AAAAAAAA' } })).statusCode).not.toBe(429)
  })
})
