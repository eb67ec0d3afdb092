import { apiRoutes } from '../../server/app'
import { dialects, login, startServer, type TestServer } from './harness'
import { multipart, nationalAnswers, png } from './fixtures'

/**
 * Every route of the API, for every role and scope: own department, a sub-unit, another
 * department, another district. The routes come from the router itself, so a new route without
 * an entry here fails this test.
 */
type Role = 'anonymous' | 'inspector' | 'liaison-wjw' | 'liaison-xishan' | 'leader' | 'admin' | 'admin-xishan'
const USERS: Role[] = ['anonymous', 'inspector', 'liaison-wjw', 'liaison-xishan', 'leader', 'admin', 'admin-xishan']
/** What each user may see; null = city-wide. */
const VISIBLE: Record<Exclude<Role, 'anonymous'>, (dept: string) => boolean> = {
  inspector: () => true,
  leader: () => true,
  admin: () => true,
  'liaison-wjw': (d) => d === 'd-city-wjw',
  'liaison-xishan': (d) => d === 'd-xs' || d.startsWith('d-xs-'),
  // An admin placed in 锡山区 manages the district only.
  'admin-xishan': (d) => d === 'd-xs' || d.startsWith('d-xs-')
}
/** The targets of scoped routes: own department (of 陈静), a sub-unit (of 锡山区), another department, another district. */
const TARGETS = ['d-city-wjw', 'd-xs-fgj', 'd-jk-zhzf', 'd-xs']

interface Case {
  request: (ctx: Ctx, target: string, user: Role) => { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; payload?: unknown; headers?: Record<string, string> }
  /** Roles that may call it; 'public' for no login. */
  roles: Exclude<Role, 'anonymous'>[] | 'public'
  /** The department a target makes the request about, when the route is scoped. */
  scoped?: boolean
  /** Users the role allows but whose scope refuses this request (it is about the city office's person). */
  deny?: Role[]
}

interface Ctx {
  shot: string
  issueOf: Record<string, string>
  shotOf: Record<string, string>
  seq: () => number
  multipartBody: { payload: Buffer; headers: Record<string, string> }
  /** A person the admin routes may change without locking anyone of the matrix out. */
  personId: string
  /** A second session per user, for signing out without ending the one the matrix uses. */
  spare: Partial<Record<Role, Record<string, string>>>
  webTicket: string
  webTickets: Partial<Record<Role, string>>
}

const ALL: Exclude<Role, 'anonymous'>[] = ['inspector', 'liaison-wjw', 'liaison-xishan', 'leader', 'admin', 'admin-xishan']
const sha = 'a'.repeat(64)

const MATRIX: Record<string, Case> = {
  'GET /api/v1/health': { roles: 'public', request: () => ({ method: 'GET', url: '/api/v1/health' }) },
  'GET /api/v1/auth/demo-users': { roles: 'public', request: () => ({ method: 'GET', url: '/api/v1/auth/demo-users' }) },
  'POST /api/v1/auth/demo': { roles: 'public', request: () => ({ method: 'POST', url: '/api/v1/auth/demo', payload: { username: 'leader' } }) },
  'GET /api/v1/me': { roles: ALL, request: () => ({ method: 'GET', url: '/api/v1/me' }) },
  // Public by nature: answers 503 WECHAT_NOT_CONFIGURED / 410 TICKET_INVALID here, never 401/403.
  'POST /api/v1/auth/wechat': { roles: 'public', request: () => ({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'code-x' } }) },
  'POST /api/v1/auth/bind': { roles: 'public', request: () => ({ method: 'POST', url: '/api/v1/auth/bind', payload: { ticket: 't-none', bindCode: 'ACDEFGHJ' } }) },
  'POST /api/v1/auth/web-tickets': { roles: 'public', request: () => ({ method: 'POST', url: '/api/v1/auth/web-tickets' }) },
  'GET /api/v1/auth/web-tickets/:ticketId': { roles: 'public', request: (c) => ({ method: 'GET', url: `/api/v1/auth/web-tickets/${c.webTicket}` }) },
  'GET /api/v1/auth/web-tickets/:ticketId/details': { roles: ALL, request: (c) => ({ method: 'GET', url: `/api/v1/auth/web-tickets/${c.webTicket}/details` }) },
  // Each user approves a ticket of their own (a ticket is approved once).
  'POST /api/v1/auth/web-tickets/:ticketId/approve': { roles: ALL, request: (c, _t, u) => ({ method: 'POST', url: `/api/v1/auth/web-tickets/${c.webTickets[u] ?? c.webTicket}/approve` }) },
  'POST /api/v1/auth/logout': { roles: ALL, request: (c, _t, u) => ({ method: 'POST', url: '/api/v1/auth/logout', headers: c.spare[u] ?? {} }) },
  'GET /api/v1/audit': { roles: ['admin'], request: () => ({ method: 'GET', url: '/api/v1/audit' }) },
  'GET /api/v1/users': { roles: ['admin'], request: () => ({ method: 'GET', url: '/api/v1/users' }) },
  'POST /api/v1/users': { roles: ['admin'], request: () => ({ method: 'POST', url: '/api/v1/users', payload: { name: '矩阵测试', role: 'inspector', departmentId: 'd-city-bgs' } }) },
  'PATCH /api/v1/users/:userId': { roles: ['admin'], request: (c) => ({ method: 'PATCH', url: `/api/v1/users/${c.personId}`, payload: { name: '矩阵测试乙' } }) },
  'POST /api/v1/users/:userId': { roles: ['admin'], request: (c) => ({ method: 'POST', url: `/api/v1/users/${c.personId}`, payload: { name: '矩阵测试丙' } }) },
  'POST /api/v1/users/:userId/bind-code': { roles: ['admin'], request: (c) => ({ method: 'POST', url: `/api/v1/users/${c.personId}/bind-code` }) },
  'DELETE /api/v1/users/:userId/sessions': { roles: ['admin'], request: (c) => ({ method: 'DELETE', url: `/api/v1/users/${c.personId}/sessions` }) },
  'GET /api/v1/rounds': { roles: ALL, request: () => ({ method: 'GET', url: '/api/v1/rounds' }) },
  'GET /api/v1/rounds/:roundId': { roles: ALL, request: () => ({ method: 'GET', url: '/api/v1/rounds/r-2024q2' }) },
  'GET /api/v1/rounds/:roundId/summary': { roles: ['inspector', 'leader', 'admin'], request: () => ({ method: 'GET', url: '/api/v1/rounds/r-2024q2/summary' }) },
  'GET /api/v1/rounds/:roundId/accounts': { roles: ['inspector', 'leader', 'admin'], request: () => ({ method: 'GET', url: '/api/v1/rounds/r-2024q2/accounts' }) },
  'GET /api/v1/rounds/:roundId/accounts/:accountId': { roles: ['inspector', 'leader', 'admin'], request: () => ({ method: 'GET', url: '/api/v1/rounds/r-2024q2/accounts/a-c004' }) },
  'GET /api/v1/rounds/:roundId/issues': { roles: ALL, request: () => ({ method: 'GET', url: '/api/v1/rounds/r-2024q2/issues' }) },
  'GET /api/v1/rounds/:roundId/issues.xlsx': { roles: ALL, scoped: true, request: (_c, t) => ({ method: 'GET', url: `/api/v1/rounds/r-2024q2/issues.xlsx?departmentId=${t}` }) },
  'POST /api/v1/subscriptions': { roles: ['liaison-wjw', 'liaison-xishan'], request: () => ({ method: 'POST', url: '/api/v1/subscriptions', payload: { kinds: ['deadline'] } }) },
  // Allowed for the admin: answers 409 REMINDERS_NOT_CONFIGURED here (no WeChat app configured in tests).
  'POST /api/v1/reminders/run': { roles: ['admin'], request: () => ({ method: 'POST', url: '/api/v1/reminders/run' }) },
  'GET /api/v1/rounds/:roundId/overview': { roles: ALL, request: () => ({ method: 'GET', url: '/api/v1/rounds/r-2024q2/overview' }) },
  'POST /api/v1/evidence': {
    roles: ['inspector', 'liaison-wjw', 'liaison-xishan', 'admin'],
    request: (c) => ({ method: 'POST', url: '/api/v1/evidence', payload: c.multipartBody.payload, headers: c.multipartBody.headers })
  },
  'POST /api/v1/evidence/check': {
    roles: ['inspector', 'liaison-wjw', 'liaison-xishan', 'admin'],
    request: (c) => ({ method: 'POST', url: '/api/v1/evidence/check', payload: { digests: [c.shot, sha] } })
  },
  // A screenshot of the target's issue: a liaison sees only their own departments' screenshots.
  'GET /api/v1/evidence/:sha256': { roles: ALL, scoped: true, request: (c, t) => ({ method: 'GET', url: `/api/v1/evidence/${c.shotOf[t]}` }) },
  'GET /api/v1/evidence/:sha256/thumb': { roles: ALL, scoped: true, request: (c, t) => ({ method: 'GET', url: `/api/v1/evidence/${c.shotOf[t]}/thumb` }) },
  'PUT /api/v1/inspections/:clientId': {
    roles: ['inspector', 'admin'],
    request: (c) => ({
      method: 'PUT',
      url: `/api/v1/inspections/c-authz-${c.seq()}`,
      payload: { roundId: 'r-2024q2', checkpointId: 'cp-2024q2-2', accountId: 'a-c001', answers: nationalAnswers('2024-06-20') }
    })
  },
  // seed-a-c001-2 was submitted by 张敏 (inspector): she and the admin may read its receipt.
  'GET /api/v1/inspections/:clientId': { roles: ['inspector', 'admin'], request: () => ({ method: 'GET', url: '/api/v1/inspections/seed-a-c001-2' }) },
  'GET /api/v1/departments': { roles: ALL, request: () => ({ method: 'GET', url: '/api/v1/departments' }) },
  'GET /api/v1/departments/:departmentId/issues': { roles: ALL, scoped: true, request: (_c, t) => ({ method: 'GET', url: `/api/v1/departments/${t}/issues` }) },
  'GET /api/v1/issues/:issueId': { roles: ALL, scoped: true, request: (c, t) => ({ method: 'GET', url: `/api/v1/issues/${c.issueOf[t]}` }) },
  'PUT /api/v1/issues/:issueId/answers/:clientId': {
    roles: ['liaison-wjw', 'liaison-xishan', 'admin'],
    scoped: true,
    request: (c, t) => ({ method: 'PUT', url: `/api/v1/issues/${c.issueOf[t]}/answers/ans-authz-${c.seq()}`, payload: { note: '已整改', evidence: [c.shot] } })
  },
  'PUT /api/v1/issues/:issueId/reviews/:clientId': {
    roles: ['inspector', 'admin'],
    scoped: true,
    request: (c, t) => ({ method: 'PUT', url: `/api/v1/issues/${c.issueOf[t]}/reviews/rev-authz-${c.seq()}`, payload: { decision: 'return', reason: '截图不清楚' } })
  }
}

// Whatever an admin may call, a district admin may call too; their scope decides what they reach.
for (const c of Object.values(MATRIX)) if (c.roles !== 'public' && c.roles.includes('admin') && !c.roles.includes('admin-xishan')) c.roles = [...c.roles, 'admin-xishan']
// These requests are about a person of the city office: out of a district admin's reach.
for (const key of ['POST /api/v1/users', 'PATCH /api/v1/users/:userId', 'POST /api/v1/users/:userId', 'POST /api/v1/users/:userId/bind-code', 'DELETE /api/v1/users/:userId/sessions']) {
  const c = MATRIX[key]
  if (c) c.deny = ['admin-xishan']
}

describe.each(dialects)('authorization of every route on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(dialect)
  })
  afterAll(async () => {
    await server.close()
  })

  it('has an entry for every route the router knows', () => {
    const routes = apiRoutes(server.app).map((r) => `${r.method} ${r.url}`)
    expect(routes.length).toBeGreaterThan(15)
    expect(routes.filter((r) => !MATRIX[r])).toEqual([])
    expect(Object.keys(MATRIX).filter((k) => !routes.includes(k))).toEqual([])
  })

  it('answers 401 without a login, 403 outside the role or the scope, and lets the rest through', async () => {
    const headers: Partial<Record<Role, Record<string, string>>> = { anonymous: {} }
    const district = await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: await login(server.app, 'admin'), payload: { name: '孙丽', role: 'admin', departmentId: 'd-xs' } })
    const usernames: Partial<Record<Role, string>> = { 'admin-xishan': district.json().id }
    const signIn = (u: Role) => login(server.app, usernames[u] ?? u)
    for (const u of USERS) if (u !== 'anonymous') headers[u] = await signIn(u)
    const upload = multipart(await png(31))
    const shot = (await server.app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...headers.admin, ...upload.headers }, payload: upload.payload })).json().sha256
    // Make the seeded Wuxi issues answerable and reviewable by giving 健康无锡's issue an answer.
    const issues = await server.deps.db.selectFrom('issues').select(['id', 'department_id']).execute()
    const issueOf: Record<string, string> = Object.fromEntries(issues.map((i) => [i.department_id, i.id]))
    // A sub-unit of 锡山区 with an issue is d-xs-fgj; the district itself has none, so point it at its sub-unit's.
    issueOf['d-xs'] = issueOf['d-xs-fgj'] as string
    const shots = await server.deps.db
      .selectFrom('issues')
      .innerJoin('inspection_evidence', (j) => j.onRef('inspection_evidence.inspection_id', '=', 'issues.inspection_id').onRef('inspection_evidence.indicator_code', '=', 'issues.indicator_code'))
      .select(['issues.department_id', 'inspection_evidence.sha256'])
      .execute()
    const shotOf: Record<string, string> = Object.fromEntries(shots.map((r) => [r.department_id, r.sha256]))
    shotOf['d-xs'] = shotOf['d-xs-fgj'] as string
    expect(new Set(Object.values(shotOf)).size).toBe(3)
    let n = 0
    const personId = (await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: headers.admin, payload: { name: '矩阵对象', role: 'inspector', departmentId: 'd-city-bgs' } })).json().id
    const spare: Ctx['spare'] = {}
    for (const u of USERS) if (u !== 'anonymous') spare[u] = await signIn(u)
    const newTicket = async () => (await server.app.inject({ method: 'POST', url: '/api/v1/auth/web-tickets' })).json().id as string
    const webTickets: Ctx['webTickets'] = {}
    for (const u of USERS) webTickets[u] = await newTicket()
    const ctx: Ctx = { shot, issueOf, shotOf, seq: () => ++n + 1000000, multipartBody: multipart(await png(32)), personId, spare, webTicket: await newTicket(), webTickets }
    let cases = 0
    const failures: string[] = []
    for (const [key, c] of Object.entries(MATRIX)) {
      for (const target of c.scoped ? TARGETS : ['-']) {
        for (const user of USERS) {
          const req = c.request({ ...ctx, multipartBody: multipart(await png(40 + (cases % 5))) }, target, user)
          const auth = user === 'anonymous' ? {} : headers[user]
          const res = await server.app.inject({ method: req.method, url: req.url, payload: req.payload as never, headers: { ...auth, ...req.headers } })
          cases += 1
          const roleOk = c.roles === 'public' || (user !== 'anonymous' && c.roles.includes(user))
          const scopeOk = !c.scoped || user === 'anonymous' || VISIBLE[user](target)
          const denied = user !== 'anonymous' && (c.deny ?? []).includes(user)
          const expected = c.roles === 'public' ? 'through' : user === 'anonymous' ? 401 : roleOk && scopeOk && !denied ? 'through' : 403
          const got = res.statusCode === 401 || res.statusCode === 403 ? res.statusCode : 'through'
          if (got !== expected) failures.push(`${key} [${target}] as ${user}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`)
        }
      }
    }
    console.log(`[${dialect}] authorization matrix: ${Object.keys(MATRIX).length} routes × roles × scopes = ${cases} cases`)
    expect(failures).toEqual([])
  })
})
