import { secretHash } from '../../server/auth/secrets'
import type { FastifyRequest } from 'fastify'
import { BIND_CODE_ALPHABET, BIND_CODE_LENGTH, hashBindCode, newBindCode, normaliseBindCode } from '../../server/auth/bind-codes'
import { adminScope, canSeeDepartment, visibleDepartments } from '../../server/auth/scope'
import { redactUrl, SESSION_TTL_MS, tokenOf, type SessionUser } from '../../server/auth/session'
import { createCode2Session } from '../../server/auth/wechat-session'
import { AppError } from '../../server/errors'
import { login, startServer, type TestServer } from './harness'

/** The pieces of server/auth on their own: bind codes, tokens, session touches, scopes, code2session. */
describe('bind codes', () => {
  it('are eight letters and digits a person cannot confuse, and differ each time', () => {
    const codes = Array.from({ length: 200 }, newBindCode)
    for (const code of codes) expect(code).toMatch(new RegExp(`^[${BIND_CODE_ALPHABET}]{${BIND_CODE_LENGTH}}$`))
    expect(new Set(codes).size).toBe(200)
    expect(new Set(codes.join('')).size).toBeGreaterThan(20)
    expect(BIND_CODE_ALPHABET).not.toMatch(/[0O1IL2Z5S8B]/)
  })

  it('are matched whatever the case, spaces and dashes the person types, and stored only as a hash', () => {
    expect(normaliseBindCode(' acde-fg hj\t')).toBe('ACDEFGHJ')
    expect(hashBindCode('acde-fghj')).toBe(hashBindCode('ACDEFGHJ'))
    expect(hashBindCode('ACDEFGHJ')).toMatch(/^[0-9a-f]{64}$/)
    expect(hashBindCode('ACDEFGHJ')).not.toBe(hashBindCode('ACDEFGHK'))
  })
})

describe('the token of a request', () => {
  const SHOT = `/api/v1/evidence/${'a'.repeat(64)}`
  const req = (authorization?: string, query: Record<string, unknown> = {}, method = 'GET', url = `${SHOT}/thumb?access_token=q`) =>
    ({ headers: authorization === undefined ? {} : { authorization }, query, method, url }) as unknown as FastifyRequest

  it('comes from the Bearer header; from ?access_token= only to read a screenshot or download a file', () => {
    expect(tokenOf(req('Bearer abc'))).toBe('abc')
    expect(tokenOf(req('Bearer  abc  '))).toBe('abc')
    expect(tokenOf(req('Bearer abc', { access_token: 'q' }))).toBe('abc')
    expect(tokenOf(req(undefined, { access_token: 'q' }))).toBe('q')
    expect(tokenOf(req(undefined, { access_token: 'q' }, 'GET', `${SHOT}?access_token=q`))).toBe('q')
    expect(tokenOf(req(undefined, { access_token: 'q' }, 'GET', '/api/v1/rounds/r-1/circular.docx?access_token=q'))).toBe('q')
    expect(tokenOf(req(undefined, { access_token: 'q' }, 'GET', '/api/v1/registry/export.xlsx?access_token=q'))).toBe('q')
    expect(tokenOf(req(undefined, { access_token: 'q' }, 'GET', '/api/v1/rounds/r-1/share-card.png?access_token=q'))).toBe('q')
    expect(tokenOf(req(undefined, { access_token: 'q' }, 'GET', '/api/v1/departments/d-1/rectification-report.docx?roundId=r&access_token=q'))).toBe('q')
    expect(tokenOf(req(undefined, { access_token: 'q' }, 'GET', '/api/v1/departments/d-1/rectification-report?roundId=r&access_token=q'))).toBeNull()
    expect(tokenOf(req('Bearer '))).toBeNull()
    expect(tokenOf(req(undefined, { access_token: ['a', 'b'] }))).toBeNull()
    expect(tokenOf(req())).toBeNull()
    // Not on other routes, not on writes, and not over another kind of Authorization header.
    expect(tokenOf(req(undefined, { access_token: 'q' }, 'GET', '/api/v1/users?access_token=q'))).toBeNull()
    expect(tokenOf(req(undefined, { access_token: 'q' }, 'GET', '/api/v1/users?x=.xlsx&access_token=q'))).toBeNull()
    expect(tokenOf(req(undefined, { access_token: 'q' }, 'PUT', '/api/v1/inspections/c-1?access_token=q'))).toBeNull()
    expect(tokenOf(req(undefined, { access_token: 'q' }, 'POST', `${SHOT}?access_token=q`))).toBeNull()
    expect(tokenOf(req('Basic dXNlcjpwdw==', { access_token: 'q' }))).toBeNull()
  })

  it('is never written to the log', () => {
    expect(redactUrl('/api/v1/evidence/abc?access_token=s3cret')).toBe('/api/v1/evidence/abc?access_token=[redacted]')
    expect(redactUrl('/api/v1/x.xlsx?a=1&access_token=s3cret&b=2')).toBe('/api/v1/x.xlsx?a=1&access_token=[redacted]&b=2')
    expect(redactUrl('/api/v1/users')).toBe('/api/v1/users')
  })
})

describe('scopes and session touches', () => {
  let server: TestServer
  let now = Date.parse('2024-07-10T02:00:00Z')
  beforeAll(async () => {
    server = await startServer('sqlite')
    server.deps.now = () => new Date(now)
  })
  afterAll(async () => {
    await server.close()
  })

  const user = (role: SessionUser['role'], departmentId: string | null): SessionUser => ({ id: 'u-x', username: 'x', name: '某人', role, departmentId, departmentName: null })
  const sorted = (s: Set<string> | null) => (s ? [...s].sort() : null)

  it('gives the city to inspectors, city leaders and city admins, a subtree to the others, nothing to a liaison placed nowhere', async () => {
    const xs = (await server.deps.db.selectFrom('departments').select('id').where((eb) => eb.or([eb('id', '=', 'd-xs'), eb('parent_id', '=', 'd-xs')])).execute()).map((d) => d.id).sort()
    expect(xs.length).toBeGreaterThan(3)
    expect(await visibleDepartments(server.deps, user('inspector', 'd-xs'))).toBeNull()
    expect(await visibleDepartments(server.deps, user('leader', null))).toBeNull()
    expect(sorted(await visibleDepartments(server.deps, user('leader', 'd-xs')))).toEqual(xs)
    expect(sorted(await visibleDepartments(server.deps, user('liaison', 'd-xs')))).toEqual(xs)
    expect(sorted(await visibleDepartments(server.deps, user('liaison', null)))).toEqual([])
    expect(await adminScope(server.deps, user('admin', null))).toBeNull()
    expect(await adminScope(server.deps, user('admin', 'd-city-bgs'))).toBeNull()
    // Placed in a unit that no longer exists: nothing (never the city by default).
    expect(sorted(await adminScope(server.deps, user('admin', 'd-none')))).toEqual([])
    expect(sorted(await adminScope(server.deps, user('admin', 'd-xs')))).toEqual(xs)
    expect(sorted(await visibleDepartments(server.deps, user('admin', 'd-xs')))).toEqual(xs)
    expect(await canSeeDepartment(server.deps, user('liaison', 'd-xs'), 'd-xs-fgj')).toBe(true)
    expect(await canSeeDepartment(server.deps, user('liaison', 'd-xs'), 'd-city-wjw')).toBe(false)
    expect(await canSeeDepartment(server.deps, user('leader', null), 'd-city-wjw')).toBe(true)
    // A unit below a district is the district's, whatever level it claims.
    await server.deps.db.insertInto('departments').values({ id: 'd-xs-claims-city', parent_id: 'd-xs', name: '自称市级', short_name: '自称市级', level: 'city-dept', host_level: 'city', search_key: 'zcsj' }).execute()
    expect(sorted(await adminScope(server.deps, user('admin', 'd-xs-claims-city')))).toEqual(['d-xs-claims-city'])
  })

  it('touches a session at most once an hour, and extends it from then', async () => {
    const headers = await login(server.app, 'inspector')
    const token = headers.authorization?.slice(7) as string
    const seen = async () => (await server.deps.db.selectFrom('sessions').select(['last_seen_at', 'expires_at']).where('token', '=', secretHash(token)).executeTakeFirstOrThrow())
    const t0 = now
    expect((await server.app.inject({ url: '/api/v1/me', headers })).statusCode).toBe(200)
    expect(await seen()).toEqual({ last_seen_at: new Date(t0).toISOString(), expires_at: new Date(t0 + SESSION_TTL_MS).toISOString() })
    now = t0 + 3600 * 1000
    await server.app.inject({ url: '/api/v1/me', headers })
    expect((await seen()).last_seen_at).toBe(new Date(t0).toISOString())
    now = t0 + 3600 * 1000 + 1
    await server.app.inject({ url: '/api/v1/me', headers })
    expect(await seen()).toEqual({ last_seen_at: new Date(now).toISOString(), expires_at: new Date(now + SESSION_TTL_MS).toISOString() })
  })
})

describe("WeChat's code2session", () => {
  const answering = (...bodies: (Record<string, unknown> | 'down')[]) => {
    const calls: string[] = []
    const fetchFake = (async (url: string) => {
      calls.push(url)
      const body = bodies[Math.min(calls.length - 1, bodies.length - 1)]
      if (body === 'down') throw new TypeError('fetch failed')
      return new Response(JSON.stringify(body))
    }) as unknown as typeof fetch
    return { calls, session: createCode2Session({ appId: 'wx a', secret: 's&1', fetch: fetchFake, retryDelayMs: 0, baseUrl: 'http://wx.test' }) }
  }
  const codeOf = async (p: Promise<unknown>) => p.then(() => 'none', (e: AppError) => `${e.status} ${e.code}`)

  it('asks with the app id, secret and code, escaped', async () => {
    const { calls, session } = answering({ openid: 'o-1', session_key: 'k' })
    expect(await session.openid('c/1')).toBe('o-1')
    expect(calls).toEqual(['http://wx.test/sns/jscode2session?appid=wx%20a&secret=s%261&js_code=c%2F1&grant_type=authorization_code'])
  })

  it('tries a busy WeChat three times in all, then says it is busy', async () => {
    const once = answering({ errcode: -1 }, { openid: 'o-2' })
    expect(await once.session.openid('c')).toBe('o-2')
    expect(once.calls).toHaveLength(2)
    const always = answering({ errcode: -1 })
    expect(await codeOf(always.session.openid('c'))).toBe('503 WECHAT_BUSY')
    expect(always.calls).toHaveLength(3)
    const limited = answering({ errcode: 45011 })
    expect(await codeOf(limited.session.openid('c'))).toBe('429 WECHAT_RATE_LIMITED')
    expect(limited.calls).toHaveLength(3)
  })

  it('names each refusal, and never retries a wrong code', async () => {
    for (const [errcode, expected] of [
      [40029, '400 WECHAT_CODE_INVALID'],
      [40163, '400 WECHAT_CODE_INVALID'],
      [40013, '502 WECHAT_ERROR']
    ] as const) {
      const { calls, session } = answering({ errcode })
      expect(await codeOf(session.openid('c'))).toBe(expected)
      expect(calls).toHaveLength(1)
    }
    expect(await codeOf(answering({}).session.openid('c'))).toBe('502 WECHAT_ERROR')
    // The message names WeChat's code, or that WeChat gave none.
    await expect(answering({}).session.openid('c')).rejects.toThrow('微信登录失败（无响应），请稍后再试')
    await expect(answering({ errcode: 40013 }).session.openid('c')).rejects.toThrow('微信登录失败（40013），请稍后再试')
    expect(await codeOf(answering({ openid: 'o-3', errcode: 40029 }).session.openid('c'))).toBe('400 WECHAT_CODE_INVALID')
    expect(await codeOf(answering('down').session.openid('c'))).toBe('502 WECHAT_UNREACHABLE')
  })
})
