import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createCode2Session } from '../../server/auth/wechat-session'
import { BIND_CODE_ALPHABET } from '../../server/auth/bind-codes'
import { FAKE_APPID, FAKE_SECRET, startFakeWeChat } from '../../scripts/fake-wechat'
import { dialects, login, startServer, type TestServer } from './harness'

describe.each(dialects)('WeChat sign-in, bind codes and people on %s', (dialect) => {
  let server: TestServer
  let wechat: Awaited<ReturnType<typeof startFakeWeChat>>
  let admin: Record<string, string>

  beforeEach(async () => {
    wechat = await startFakeWeChat()
    server = await startServer(dialect, { deps: { wechat: createCode2Session({ appId: FAKE_APPID, secret: FAKE_SECRET, baseUrl: wechat.base, retryDelayMs: 1 }) } })
    admin = await login(server.app, 'admin')
  })
  afterEach(async () => {
    await server.close()
    await wechat.close()
  })

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as Record<string, unknown>, headers })
  const newPerson = async (body: Record<string, unknown> = { name: '赵磊', role: 'inspector', departmentId: 'd-city-bgs' }) => {
    const res = await post('/users', body, admin)
    expect(res.statusCode).toBe(201)
    return res.json<{ id: string; bindCode: string; expiresAt: string }>()
  }

  it('binds a new WeChat user with the code an admin issued, then signs them in directly', async () => {
    const person = await newPerson()
    expect(person.bindCode).toMatch(new RegExp(`^[${BIND_CODE_ALPHABET}]{8}$`))
    const first = (await post('/auth/wechat', { code: 'code-zhaolei' })).json()
    expect(first).toEqual({ status: 'bind-required', ticket: expect.any(String) })
    expect(JSON.stringify(first)).not.toContain('session_key')
    const bound = await post('/auth/bind', { ticket: first.ticket, bindCode: person.bindCode.toLowerCase().replace(/(.{4})/, '$1-') })
    expect(bound.statusCode).toBe(200)
    expect(bound.json().user).toMatchObject({ id: person.id, name: '赵磊', role: 'inspector' })
    const me = await server.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${bound.json().token}` } })
    expect(me.json().user.id).toBe(person.id)
    const again = (await post('/auth/wechat', { code: 'code-zhaolei' })).json()
    expect(again).toMatchObject({ status: 'signed-in', user: { id: person.id } })
    // Stored hashed: the code itself is nowhere in the database.
    const codes = await server.deps.db.selectFrom('bind_codes').selectAll().execute()
    expect(JSON.stringify(codes)).not.toContain(person.bindCode)
  })

  it('leaves nothing half-done when binding fails inside, without calling it a WeChat bound elsewhere; signing out is audited', async () => {
    const person = await newPerson()
    const { ticket } = (await post('/auth/wechat', { code: 'code-zhaolei' })).json()
    const newId = server.deps.newId
    server.deps.newId = () => {
      throw new Error('id source down')
    }
    const failed = await post('/auth/bind', { ticket, bindCode: person.bindCode })
    server.deps.newId = newId
    expect([failed.statusCode, failed.json().error.code]).toEqual([500, 'INTERNAL'])
    // Rolled back: the same ticket and code still bind.
    const bound = await post('/auth/bind', { ticket, bindCode: person.bindCode })
    expect(bound.statusCode).toBe(200)
    const out = await post('/auth/logout', {}, { authorization: `Bearer ${bound.json().token}` })
    expect(out.json()).toEqual({ ok: true })
    const audit = await server.deps.db.selectFrom('audit_log').select(['action', 'entity', 'entity_id']).where('actor_id', '=', person.id).orderBy('at').execute()
    expect(audit.map((a) => [a.action, a.entity, a.entity_id]).sort()).toEqual([
      ['auth.bind', 'user', person.id],
      ['auth.sign-out', 'user', person.id]
    ])
    expect((await server.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${bound.json().token}` } })).statusCode).toBe(401)
  })

  it('refuses wrong, used and expired codes, and kills a ticket after five wrong tries', async () => {
    const person = await newPerson()
    const ticket = (await post('/auth/wechat', { code: 'code-a' })).json().ticket
    expect((await post('/auth/bind', { ticket, bindCode: 'ACDEFGHJ' })).json().error.code).toBe('BIND_CODE_INVALID')
    expect((await post('/auth/bind', { ticket, bindCode: '123' })).json().error.code).toBe('BIND_CODE_INVALID')
    for (let i = 0; i < 3; i++) await post('/auth/bind', { ticket, bindCode: 'ACDEFGHK' })
    // Five wrong tries: even the right code no longer works on this ticket.
    expect((await post('/auth/bind', { ticket, bindCode: person.bindCode })).json().error.code).toBe('TICKET_INVALID')
    const fresh = (await post('/auth/wechat', { code: 'code-a' })).json().ticket
    expect((await post('/auth/bind', { ticket: fresh, bindCode: person.bindCode })).statusCode).toBe(200)
    const other = (await post('/auth/wechat', { code: 'code-b' })).json().ticket
    expect((await post('/auth/bind', { ticket: other, bindCode: person.bindCode })).json().error.code).toBe('BIND_CODE_USED')

    const late = await newPerson({ name: '钱芳', role: 'liaison', departmentId: 'd-city-wjw' })
    const ticket2 = (await post('/auth/wechat', { code: 'code-c' })).json().ticket
    server.deps.now = () => new Date(Date.now() + 8 * 24 * 3600 * 1000)
    const expiredTicket = (await post('/auth/wechat', { code: 'code-c' })).json().ticket
    expect((await post('/auth/bind', { ticket: expiredTicket, bindCode: late.bindCode })).json().error.code).toBe('BIND_CODE_EXPIRED')
    expect((await post('/auth/bind', { ticket: ticket2, bindCode: late.bindCode })).json().error.code).toBe('TICKET_INVALID')
  })

  it('signs a browser in with the bind code alone: once, within its expiry, audited, and WeChat binds later with a new code', async () => {
    const person = await newPerson({ name: '钱芳', role: 'admin', departmentId: null })
    const agent = { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Chrome/130' }
    expect((await post('/auth/bind-code', { bindCode: 'ACDEFGHK' }, agent)).json().error.code).toBe('BIND_CODE_INVALID')
    expect((await post('/auth/bind-code', { bindCode: '12' }, agent)).json().error.code).toBe('BIND_CODE_INVALID')
    expect((await post('/auth/bind-code', {}, agent)).statusCode).toBe(400)
    const res = await post('/auth/bind-code', { bindCode: person.bindCode.toLowerCase().replace(/(.{4})/, '$1 ') }, agent)
    expect(res.statusCode).toBe(200)
    const { token, user } = res.json()
    expect(user).toMatchObject({ id: person.id, name: '钱芳', role: 'admin' })
    const me = await server.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })
    expect(me.json().user.id).toBe(person.id)
    // Single use: neither the browser nor WeChat takes it again.
    expect((await post('/auth/bind-code', { bindCode: person.bindCode }, agent)).json().error.code).toBe('BIND_CODE_USED')
    const ticket = (await post('/auth/wechat', { code: 'code-qianfang' })).json().ticket
    expect((await post('/auth/bind', { ticket, bindCode: person.bindCode })).json().error.code).toBe('BIND_CODE_USED')
    // The browser session does not bind a WeChat: the mini-program needs a new code from an admin.
    const row = await server.deps.db.selectFrom('users').select('openid').where('id', '=', person.id).executeTakeFirstOrThrow()
    expect(row.openid).toBeNull()
    const reissued = (await post(`/users/${person.id}/bind-code`, {}, admin)).json()
    expect((await post('/auth/bind', { ticket, bindCode: reissued.bindCode })).statusCode).toBe(200)
    const audit = await server.deps.db.selectFrom('audit_log').select(['action', 'after']).where('entity_id', '=', person.id).orderBy('at').execute()
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'auth.bind-code-sign-in', 'user.bind-code', 'auth.bind'])
    expect(JSON.parse(audit[1]?.after ?? '{}').agent).toContain('Windows')

    // Expired: refused, nothing opened.
    const late = await newPerson({ name: '周洁', role: 'leader', departmentId: null })
    const sessionsBefore = (await server.deps.db.selectFrom('sessions').select('token').execute()).length
    server.deps.now = () => new Date(Date.now() + 8 * 24 * 3600 * 1000)
    expect((await post('/auth/bind-code', { bindCode: late.bindCode }, agent)).json().error.code).toBe('BIND_CODE_EXPIRED')
    expect((await server.deps.db.selectFrom('sessions').select('token').execute()).length).toBe(sessionsBefore)
  })

  it('refuses a deactivated person’s code in the browser, and limits guesses per address', async () => {
    const person = await newPerson({ name: '冯伟', role: 'inspector', departmentId: 'd-city-bgs' })
    expect((await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${person.id}`, headers: admin, payload: { active: false } })).statusCode).toBe(200)
    expect((await post('/auth/bind-code', { bindCode: person.bindCode })).json().error.code).toBe('USER_INACTIVE')
    const statuses: number[] = []
    for (let i = 0; i < 22; i++) statuses.push((await server.app.inject({ method: 'POST', url: '/api/v1/auth/bind-code', remoteAddress: '198.51.100.23', payload: { bindCode: 'AAAAAAAA' } })).statusCode)
    expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true)
    expect(statuses.slice(20)).toEqual([429, 429])
  })

  it('turns WeChat’s errors into clear ones, and tries again where WeChat says it is busy', async () => {
    expect((await post('/auth/wechat', { code: 'bad' })).json().error.code).toBe('WECHAT_CODE_INVALID')
    expect((await post('/auth/wechat', { code: 'limit' })).json().error.code).toBe('WECHAT_RATE_LIMITED')
    const busy = await post('/auth/wechat', { code: 'busy-once-x' })
    expect(busy.json().status).toBe('bind-required')
    expect(wechat.calls.filter((c) => c === 'busy-once-x')).toHaveLength(2)
    expect((await post('/auth/wechat', {})).json().error.code).toBe('CODE_REQUIRED')
  })

  it('ignores the x-wx-openid header unless the server is told to trust it', async () => {
    const ignored = await post('/auth/wechat', {}, { 'x-wx-openid': 'o-cloud' })
    expect(ignored.json().error.code).toBe('CODE_REQUIRED')
    const cloud = await startServer(dialect, { trustOpenidHeader: true })
    try {
      const res = await cloud.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', headers: { 'x-wx-openid': 'o-cloud' }, payload: {} })
      expect(res.json()).toEqual({ status: 'bind-required', ticket: expect.any(String) })
      const noCode = await cloud.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'code-x' } })
      expect(noCode.json().error.code).toBe('WECHAT_NOT_CONFIGURED')
    } finally {
      await cloud.close()
    }
  })

  it('puts a deactivated person out at once, and lets an admin end all of someone’s sessions', async () => {
    const person = await newPerson()
    const ticket = (await post('/auth/wechat', { code: 'code-d' })).json().ticket
    const token = (await post('/auth/bind', { ticket, bindCode: person.bindCode })).json().token
    const headers = { authorization: `Bearer ${token}` }
    expect((await server.app.inject({ url: '/api/v1/me', headers })).statusCode).toBe(200)
    const ended = await server.app.inject({ method: 'DELETE', url: `/api/v1/users/${person.id}/sessions`, headers: admin })
    expect(ended.json()).toEqual({ ended: 1 })
    const line = await server.deps.db.selectFrom('audit_log').select(['entity', 'after']).where('action', '=', 'user.sessions-ended').where('entity_id', '=', person.id).executeTakeFirstOrThrow()
    expect([line.entity, JSON.parse(line.after ?? 'null')]).toEqual(['user', { ended: 1 }])
    expect((await server.app.inject({ url: '/api/v1/me', headers })).statusCode).toBe(401)
    const token2 = (await post('/auth/wechat', { code: 'code-d' })).json().token
    const off = await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${person.id}`, headers: admin, payload: { active: false } })
    expect(off.json()).toMatchObject({ active: false })
    expect((await server.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token2}` } })).statusCode).toBe(401)
    expect((await post('/auth/wechat', { code: 'code-d' })).json().error.code).toBe('USER_INACTIVE')
    expect((await post(`/users/${person.id}/bind-code`, {}, admin)).json().error.code).toBe('USER_INACTIVE')
    // Signing out ends only the caller's own session.
    const mine = await login(server.app, 'inspector')
    expect((await post('/auth/logout', {}, mine)).statusCode).toBe(200)
    expect((await server.app.inject({ url: '/api/v1/me', headers: mine })).statusCode).toBe(401)
  })

  it('keeps sessions 30 days from their last use', async () => {
    const headers = await login(server.app, 'inspector')
    const day = 24 * 3600 * 1000
    const start = Date.now()
    server.deps.now = () => new Date(start + 20 * day)
    expect((await server.app.inject({ url: '/api/v1/me', headers })).statusCode).toBe(200)
    server.deps.now = () => new Date(start + 45 * day)
    expect((await server.app.inject({ url: '/api/v1/me', headers })).statusCode).toBe(200)
    server.deps.now = () => new Date(start + 76 * day)
    expect((await server.app.inject({ url: '/api/v1/me', headers })).statusCode).toBe(401)
  })

  it('lets a district admin manage people of the district only, and records every change', async () => {
    const district = await newPerson({ name: '孙丽', role: 'admin', departmentId: 'd-xs' })
    const ticket = (await post('/auth/wechat', { code: 'code-sunli' })).json().ticket
    const xs = { authorization: `Bearer ${(await post('/auth/bind', { ticket, bindCode: district.bindCode })).json().token}` }
    const inside = await post('/users', { name: '吴刚', role: 'liaison', departmentId: 'd-xs-fgj' }, xs)
    expect(inside.statusCode).toBe(201)
    expect((await post('/users', { name: '郑洁', role: 'liaison', departmentId: 'd-city-wjw' }, xs)).statusCode).toBe(403)
    expect((await post('/users', { name: '郑洁', role: 'leader', departmentId: null }, xs)).statusCode).toBe(403)
    const list = (await server.app.inject({ url: '/api/v1/users?pageSize=100', headers: xs })).json()
    expect(list.items.every((p: { departmentId: string }) => p.departmentId === 'd-xs' || p.departmentId.startsWith('d-xs-'))).toBe(true)
    expect((await server.app.inject({ method: 'PATCH', url: '/api/v1/users/u-liaison-wjw', headers: xs, payload: { name: '改名' } })).statusCode).toBe(404)
    expect((await server.app.inject({ url: '/api/v1/departments/d-city-wjw/issues', headers: xs })).statusCode).toBe(403)
    expect((await server.app.inject({ method: 'PATCH', url: `/api/v1/users/${district.id}`, headers: xs, payload: { active: false } })).json().error.code).toBe('SELF_LOCKOUT')
    const rows = await server.deps.db.selectFrom('audit_log').select(['action', 'actor_name', 'entity_id']).orderBy('at').execute()
    expect(rows.map((r) => r.action)).toEqual(['user.create', 'auth.bind', 'user.create'])
    expect(rows[2]).toMatchObject({ actor_name: '孙丽', entity_id: inside.json().id })
  })

  it('validates what an admin enters', async () => {
    expect((await post('/users', { name: ' ', role: 'inspector', departmentId: null }, admin)).json().error.code).toBe('NAME_INVALID')
    expect((await post('/users', { name: '王五', role: 'liaison', departmentId: null }, admin)).json().error.code).toBe('DEPARTMENT_REQUIRED')
    expect((await post('/users', { name: '王五', role: 'inspector', departmentId: 'd-nope' }, admin)).json().error.code).toBe('DEPARTMENT_UNKNOWN')
    expect((await post('/users', { name: '王五', role: 'boss', departmentId: null }, admin)).json().error.code).toBe('VALIDATION_FAILED')
    expect((await post('/users', { name: '王五', role: 'inspector', departmentId: null }, await login(server.app, 'leader'))).statusCode).toBe(403)
  })
})

describe('the operator’s command line', () => {
  const cli = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../server/cli.ts'), ...args], { env: { ...process.env, DATABASE_URL: '', ...env }, encoding: 'utf8' })

  it('creates the first admin on an empty database and prints one JSON line with the bind code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gnm-cli-'))
    try {
      const env = { DATA_DIR: dir }
      const empty = cli(['list-users'], env)
      expect(empty.stdout).toContain('create-user')
      const made = cli(['create-user', '--name', '王珊', '--role', 'admin', '--json'], env)
      expect(made.status).toBe(0)
      const lines = made.stdout.trim().split('\n')
      expect(lines).toHaveLength(1)
      const json = JSON.parse(lines[0] ?? '')
      expect(Object.keys(json).sort()).toEqual(['bindCode', 'expiresAt', 'id', 'name', 'role'])
      expect(json).toMatchObject({ name: '王珊', role: 'admin', bindCode: expect.stringMatching(/^[A-Z0-9]{8}$/) })
      const again = cli(['reissue-code', '--user', json.id, '--json'], env)
      expect(JSON.parse(again.stdout).bindCode).not.toBe(json.bindCode)
      const off = cli(['deactivate', '--user', json.id, '--json'], env)
      expect(JSON.parse(off.stdout)).toMatchObject({ id: json.id, active: false })
      const bad = cli(['create-user', '--name', '周涛', '--role', 'liaison'], env)
      expect(bad.status).toBe(1)
      expect(bad.stderr).toContain('DEPARTMENT_REQUIRED')
      const usage = cli(['frobnicate'], env)
      expect(usage.status).toBe(2)
      expect(usage.stderr).toContain('用法')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
