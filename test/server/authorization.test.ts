import Ajv from 'ajv'
import { apiRoutes } from '../../server/app'
import { responseChecker } from '../../server/openapi'
import type { SubscribeMessageClient } from '../../server/notify/wechat'
import { dialects, login, startServer, type TestServer } from './harness'
import { multipart, nationalAnswers, png } from './fixtures'

/** Real answers against the documented ones (server/openapi/responses.ts). */
let ajv: Ajv | null = null
const checkResponse = responseChecker((shared, schema) => {
  if (!ajv) {
    ajv = new Ajv({ strict: false, validateFormats: false, allErrors: false })
    for (const s of shared) ajv.addSchema(s)
  }
  const validate = ajv.compile(schema)
  return (body) => (validate(body) ? null : (ajv as Ajv).errorsText(validate.errors))
})

/**
 * Every route of the API, for every shape of scope: the city office (admin, leader, two
 * inspectors), a district (its admin, leader and liaison), a unit and a sub-unit (their
 * liaisons), and a liaison placed nowhere. "Allowed" means the route's expected 2xx; "refused"
 * means 401 without a login and 403 outside the role or the scope. List routes are also checked
 * for exactly the rows the caller may see, computed here from the database's department tree,
 * not by the server's scope code. The routes come from the router itself, so a new route
 * without an entry here fails this test.
 */
const USERS = [
  'anonymous',
  'inspector',
  'inspector2',
  'liaison-wjw',
  'liaison-fgj',
  'liaison-xishan',
  'liaison-nodept',
  'leader',
  'leader-xishan',
  'admin',
  'admin-xishan'
] as const
type Role = (typeof USERS)[number]
type User = Exclude<Role, 'anonymous'>

/** Where each user's scope is rooted: the whole city, a department with everything below it, or nothing. */
const SCOPE: Record<User, 'city' | 'none' | string> = {
  inspector: 'city',
  inspector2: 'city',
  leader: 'city',
  admin: 'city',
  'liaison-wjw': 'd-city-wjw',
  'liaison-fgj': 'd-xs-fgj',
  'liaison-xishan': 'd-xs',
  'liaison-nodept': 'none',
  'leader-xishan': 'd-xs',
  'admin-xishan': 'd-xs'
}
/** Users created by the test (the demo seed has the others), with their role and department. */
const CREATED: Partial<Record<User, { role: string; departmentId: string | null }>> = {
  'liaison-fgj': { role: 'liaison', departmentId: 'd-xs-fgj' },
  'liaison-nodept': { role: 'liaison', departmentId: null },
  'leader-xishan': { role: 'leader', departmentId: 'd-xs' },
  'admin-xishan': { role: 'admin', departmentId: 'd-xs' }
}
/** A role list names the demo users; the users of the same role elsewhere join them (scope decides what they reach). */
const SAME_ROLE: Partial<Record<User, User[]>> = {
  inspector: ['inspector2'],
  'liaison-wjw': ['liaison-fgj', 'liaison-nodept'],
  leader: ['leader-xishan'],
  admin: ['admin-xishan']
}
/** The targets of scoped routes: a unit (陈静's), a sub-unit of 锡山区, another department, the district itself. */
const TARGETS = ['d-city-wjw', 'd-xs-fgj', 'd-jk-zhzf', 'd-xs']
/** Departments with an issue in the demo round (the district itself has none). */
const ISSUE_TARGETS = ['d-city-wjw', 'd-xs-fgj', 'd-jk-zhzf']

interface Request {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  payload?: unknown
  headers?: Record<string, string>
}

interface Case {
  request: (ctx: Ctx, target: string, user: Role) => Request
  /** Roles that may call it; 'public' for no login. */
  roles: User[] | 'public'
  /** The status an allowed call answers (200 unless said). */
  ok?: number
  /** The department a target makes the request about, when the route is scoped. */
  scoped?: boolean
  targets?: string[]
  /** Outside the caller's scope the thing does not exist for them: 404, so a refusal tells nothing (screenshots). */
  hiddenOutsideScope?: boolean
  /** Users the role allows but whose scope refuses this request: 403 (a city-wide setting, the city office's round). */
  deny?: User[]
  /** Users the role allows for whom the thing asked about is outside their scope, so it does not exist: 404. */
  hidden?: User[]
  /** Puts the world in the state an allowed call needs (an issue answerable, or waiting for review). */
  prepare?: (ctx: Ctx, target: string, user: string) => Promise<void>
  /** For list routes: the ids the answer lists, and the ids the caller may see. */
  rows?: { got: (ctx: Ctx, req: Request, user: Role) => Promise<string[]>; expected: (world: World, ctx: Ctx, user: User, target: string) => string[] }
}

interface World {
  departments: { id: string; parent_id: string | null }[]
  issues: { id: string; department_id: string; round_id: string }[]
  accounts: { account_id: string; host_department_id: string; inspector_id: string | null }[]
  users: { id: string; department_id: string | null }[]
  audit: { id: string; department_id: string | null }[]
  /** Every account of the registry (the round's and any other). */
  registry: { id: string; host_department_id: string }[]
  rounds: { id: string; state: string; department_id: string | null }[]
  practices: { id: string; host_department_id: string }[]
  /** Accounts of the round with a screenshot on a current inspection (all read by OCR as 「矩阵检索词」). */
  shown: { account_id: string; host_department_id: string }[]
}

interface Ctx {
  server: TestServer
  headers: Partial<Record<Role, Record<string, string>>>
  userId: Partial<Record<User, string>>
  world: () => Promise<World>
  shot: string
  issueOf: Record<string, string>
  shotOf: Record<string, string>
  /** An account each user may open: an inspector's own, otherwise one within the user's scope. */
  accountOf: Partial<Record<Role, string>>
  seq: () => number
  /** A person the admin routes may change without locking anyone of the matrix out. */
  personId: string
  /** A second session per user, for signing out without ending the one the matrix uses. */
  spare: Partial<Record<Role, Record<string, string>>>
  webTicket: string
  webTickets: Partial<Record<Role, string>>
  /** A WeChat sign-in ticket and a fresh bind code per caller, so each bind succeeds. */
  binds: Partial<Record<Role, { ticket: string; bindCode: string }>>
  /** A second person per caller, whose code a browser uses alone. */
  codes: Partial<Record<Role, string>>
  /** A new screenshot for each upload. */
  pngs: Buffer[]
  /** A registry dry run of each admin's (an import is its maker's). */
  imports: Partial<Record<Role, string>>
  /** A draft round of each admin's, to share out, open and close. */
  drafts: Record<string, string>
  /** A draft catalog version of each admin's, to edit and publish. */
  catalogDrafts: Partial<Record<Role, { id: string; body: unknown }>>
  /** A good practice within each admin's scope, to reword and pick. */
  practiceOf: Partial<Record<Role, string>>
  /** What the next onboarding request acts on (made by its prepare, as the caller). */
  onboard: { importId: string; invitationId: string; token: string; requestId: string }
}

/** An invitation of 锡山区 (inside every admin's scope) made by `user`, and someone waiting on it. */
async function onboardingWorld(c: Ctx, user: string, withRequest: boolean): Promise<void> {
  const headers = c.headers[user as Role] ?? c.headers.admin
  const inv = (await c.server.app.inject({ method: 'POST', url: '/api/v1/departments/d-xs/invitations', headers })).json()
  c.onboard.invitationId = inv.id
  c.onboard.token = inv.token
  if (withRequest) {
    const asked = (await c.server.app.inject({ method: 'POST', url: `/api/v1/join/${inv.token}`, payload: { code: `code-asker-${c.seq()}`, phoneCode: `phone-139${String(c.seq()).slice(-8).padStart(8, '0')}` } })).json()
    c.onboard.requestId = asked.requestId
  }
}

/** A department and everything below it, from the tree as stored. */
function subtree(world: World, root: string): Set<string> {
  const out = new Set([root])
  for (let size = 0; size !== out.size; ) {
    size = out.size
    for (const d of world.departments) if (d.parent_id && out.has(d.parent_id)) out.add(d.id)
  }
  return out
}

/** The department ids a user may see (null = the whole city). */
function visibleIds(world: World, user: User): Set<string> | null {
  const root = SCOPE[user]
  if (root === 'city') return null
  if (root === 'none') return new Set()
  return subtree(world, root)
}
const sees = (world: World, user: User, departmentId: string): boolean => visibleIds(world, user)?.has(departmentId) ?? true
/** Rows placed in a department (or nowhere): a city-wide user sees them all, the others those placed within their scope. */
const placedWithin = (world: World, user: User, departmentId: string | null): boolean => visibleIds(world, user) === null || (departmentId !== null && sees(world, user, departmentId))
const sorted = (ids: string[]) => [...ids].sort()
/** Every role (the users of the same role elsewhere join them below). */
const ANY_ROLE: User[] = ['inspector', 'liaison-wjw', 'liaison-xishan', 'leader', 'admin']

/** Every page of a paged list, as one array of items. */
async function allItems<T>(ctx: Ctx, req: Request, user: Role): Promise<T[]> {
  const items: T[] = []
  const sep = req.url.includes('?') ? '&' : '?'
  for (let page = 1; page < 100; page += 1) {
    const res = await ctx.server.app.inject({ method: 'GET', url: `${req.url}${sep}pageSize=100&page=${page}`, headers: ctx.headers[user] })
    const body = res.json<{ items: T[]; total: number }>()
    items.push(...body.items)
    if (items.length >= body.total || body.items.length === 0) break
  }
  return items
}

/** A new round on every running account of the caller's scope. */
const roundBody = () => ({ name: '矩阵批次', catalogId: 'national-2019@1', checkpoints: ['2024-08-10'], deadline: '2024-08-30', contactName: '王珊', contactPhone: '0510-81821234', scope: { kind: 'all' } })

/** A one-account registry sheet as a multipart upload. */
function registryUpload(): Request {
  const body = multipart(Buffer.from('账号名称,平台类型,主办单位\n矩阵测试号,微信公众号,锡山区人民政府\n'), 'matrix.csv')
  return { method: 'POST', url: '/api/v1/registry/imports', payload: body.payload, headers: body.headers }
}

const sha = 'a'.repeat(64)
const ROUND = 'r-2024q2'

/** Sets an issue's status directly, so that the next allowed answer or review finds it in the state it needs. */
const issueIn =
  (status: 'open' | 'submitted') =>
  async (ctx: Ctx, target: string): Promise<void> => {
    await ctx.server.deps.db.updateTable('issues').set({ status }).where('id', '=', ctx.issueOf[target] as string).execute()
  }

const ids = async <T extends { id: string }>(ctx: Ctx, req: Request, user: Role, pick: (item: T) => string = (i) => i.id) => (await allItems<T>(ctx, req, user)).map(pick)

/** An admin's list of rows placed in departments (people, the audit trail): exactly those within the admin's scope. */
const adminList = (url: string, rows: (w: World) => { id: string; department_id: string | null }[]): Case => ({
  roles: ['admin'],
  request: () => ({ method: 'GET', url }),
  rows: { got: (c, r, u) => ids(c, r, u), expected: (w, _c, u) => rows(w).filter((x) => placedWithin(w, u, x.department_id)).map((x) => x.id) }
})

/** Round objects inside and outside a scope: a round of the city office's and one of 锡山区's (by their owner's unit). */
const ROUND_OBJECTS = { scoped: true, targets: ['d-city-bgs', 'd-xs'] }
/** A new round owned by the target's unit (made by its admin), as a draft or opened, for the next allowed call. */
const freshRound =
  (state: 'draft' | 'open') =>
  async (c: Ctx, target: string): Promise<void> => {
    const owner = target === 'd-xs' ? 'admin-xishan' : 'admin'
    const id = (await c.server.app.inject({ method: 'POST', url: '/api/v1/rounds', payload: roundBody(), headers: c.headers[owner] })).json().id as string
    if (state === 'open') await c.server.app.inject({ method: 'POST', url: `/api/v1/rounds/${id}/open`, headers: c.headers[owner] })
    c.drafts[target] = id
  }

/** The dictionary entry the next DELETE removes (made by its prepare). */
let termId = 'term-none'
let leaderId = 'leader-none'
/** A name of Han characters, different for each n (the leaders' table holds a name once). */
const HAN = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土东南西北春夏秋冬梅兰竹菊松柏杨柳山川河海云雨风雷'
const hanName = (prefix: string, n: number) => `${prefix}${HAN[n % 50]}${HAN[Math.floor(n / 50) % 50]}${HAN[Math.floor(n / 2500) % 50]}`

const MATRIX: Record<string, Case> = {
  'GET /api/v1/health': { roles: 'public', request: () => ({ method: 'GET', url: '/api/v1/health' }) },
  'GET /api/v1/auth/demo-users': { roles: 'public', request: () => ({ method: 'GET', url: '/api/v1/auth/demo-users' }) },
  // A person of its own: every caller signs them in, past the cap of sessions per person, which must not end a caller's session.
  'POST /api/v1/auth/demo': { roles: 'public', request: () => ({ method: 'POST', url: '/api/v1/auth/demo', payload: { username: 'matrix-signin' } }) },
  'GET /api/v1/me': { roles: ANY_ROLE, request: () => ({ method: 'GET', url: '/api/v1/me' }) },
  // Public by nature: the WeChat code is the credential (the fake code2session here maps code-x to o-x).
  'POST /api/v1/auth/wechat': { roles: 'public', request: (c) => ({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: `code-matrix-${c.seq()}` } }) },
  'POST /api/v1/auth/bind': { roles: 'public', request: (c, _t, u) => ({ method: 'POST', url: '/api/v1/auth/bind', payload: c.binds[u] }) },
  'POST /api/v1/auth/bind-code': { roles: 'public', request: (c, _t, u) => ({ method: 'POST', url: '/api/v1/auth/bind-code', payload: { bindCode: c.codes[u] } }) },
  'GET /api/v1/setup': { roles: ['admin'], request: () => ({ method: 'GET', url: '/api/v1/setup' }) },
  'POST /api/v1/people/imports': { roles: ['admin'], ok: 201, request: () => ({ method: 'POST', url: '/api/v1/people/imports', payload: { source: 'registry' } }) },
  'POST /api/v1/people/imports/:importId/commit': {
    roles: ['admin'],
    // An import is its maker's: each admin commits a dry run of their own.
    prepare: async (c, _t, user) => {
      c.onboard.importId = (await c.server.app.inject({ method: 'POST', url: '/api/v1/people/imports', payload: { source: 'registry' }, headers: c.headers[user as Role] ?? {} })).json().id
    },
    request: (c) => ({ method: 'POST', url: `/api/v1/people/imports/${c.onboard.importId || 'pi-none'}/commit` })
  },
  'POST /api/v1/departments/:departmentId/invitations': { roles: ['admin'], ok: 201, request: () => ({ method: 'POST', url: '/api/v1/departments/d-xs/invitations' }) },
  'GET /api/v1/invitations': { roles: ['admin'], request: () => ({ method: 'GET', url: '/api/v1/invitations' }) },
  'DELETE /api/v1/invitations/:invitationId': {
    roles: ['admin'],
    prepare: (c, _t, user) => onboardingWorld(c, user, false),
    request: (c) => ({ method: 'DELETE', url: `/api/v1/invitations/${c.onboard.invitationId || 'inv-none'}` })
  },
  'GET /api/v1/join/:token': { roles: 'public', prepare: (c) => onboardingWorld(c, 'admin', false), request: (c) => ({ method: 'GET', url: `/api/v1/join/${c.onboard.token}` }) },
  'POST /api/v1/join/:token': {
    roles: 'public',
    prepare: (c) => onboardingWorld(c, 'admin', false),
    request: (c) => ({ method: 'POST', url: `/api/v1/join/${c.onboard.token}`, payload: { code: `code-joiner-${c.seq()}`, phoneCode: `phone-138${String(c.seq()).slice(-8).padStart(8, '0')}` } })
  },
  'GET /api/v1/join-requests': { roles: ['admin'], request: () => ({ method: 'GET', url: '/api/v1/join-requests' }) },
  'POST /api/v1/join-requests/:requestId/approve': {
    roles: ['admin'],
    prepare: (c, _t, user) => onboardingWorld(c, user, true),
    request: (c) => ({ method: 'POST', url: `/api/v1/join-requests/${c.onboard.requestId || 'jr-none'}/approve`, payload: { name: `矩阵联络员${c.seq()}` } })
  },
  'POST /api/v1/join-requests/:requestId/reject': {
    roles: ['admin'],
    prepare: (c, _t, user) => onboardingWorld(c, user, true),
    request: (c) => ({ method: 'POST', url: `/api/v1/join-requests/${c.onboard.requestId || 'jr-none'}/reject` })
  },
  'POST /api/v1/auth/web-tickets': { roles: 'public', ok: 201, request: () => ({ method: 'POST', url: '/api/v1/auth/web-tickets' }) },
  'GET /api/v1/auth/web-tickets/:ticketId': { roles: 'public', request: (c) => ({ method: 'GET', url: `/api/v1/auth/web-tickets/${c.webTicket}` }) },
  'GET /api/v1/auth/web-tickets/:ticketId/details': { roles: ANY_ROLE, request: (c) => ({ method: 'GET', url: `/api/v1/auth/web-tickets/${c.webTicket}/details` }) },
  // Each user approves a ticket of their own (a ticket is approved once).
  'POST /api/v1/auth/web-tickets/:ticketId/approve': {
    roles: ANY_ROLE,
    request: (c, _t, u) => ({ method: 'POST', url: `/api/v1/auth/web-tickets/${c.webTickets[u] ?? c.webTicket}/approve` })
  },
  'POST /api/v1/auth/logout': { roles: ANY_ROLE, request: (c, _t, u) => ({ method: 'POST', url: '/api/v1/auth/logout', headers: c.spare[u] ?? {} }) },
  'GET /api/v1/audit': adminList('/api/v1/audit', (w) => w.audit),
  'GET /api/v1/users': adminList('/api/v1/users', (w) => w.users),
  'POST /api/v1/users': { roles: ['admin'], ok: 201, request: () => ({ method: 'POST', url: '/api/v1/users', payload: { name: '矩阵测试', role: 'inspector', departmentId: 'd-city-bgs' } }) },
  'PATCH /api/v1/users/:userId': { roles: ['admin'], request: (c) => ({ method: 'PATCH', url: `/api/v1/users/${c.personId}`, payload: { name: '矩阵测试乙' } }) },
  'POST /api/v1/users/:userId': { roles: ['admin'], request: (c) => ({ method: 'POST', url: `/api/v1/users/${c.personId}`, payload: { name: '矩阵测试丙' } }) },
  'POST /api/v1/users/:userId/bind-code': { roles: ['admin'], request: (c) => ({ method: 'POST', url: `/api/v1/users/${c.personId}/bind-code` }) },
  'DELETE /api/v1/users/:userId/sessions': { roles: ['admin'], request: (c) => ({ method: 'DELETE', url: `/api/v1/users/${c.personId}/sessions` }) },
  'GET /api/v1/rounds': {
    roles: ANY_ROLE,
    request: () => ({ method: 'GET', url: '/api/v1/rounds' }),
    // Drafts are the admins' until they open: a city draft the city's admins', a district's also the district admin's.
    rows: { got: (c, r, u) => ids(c, r, u), expected: (w, _c, u) => w.rounds.filter((r) => r.state !== 'draft' || (u.startsWith('admin') && placedWithin(w, u, r.department_id))).map((r) => r.id) }
  },
  'GET /api/v1/catalogs': { roles: ['leader', 'admin'], request: () => ({ method: 'GET', url: '/api/v1/catalogs' }) },
  'GET /api/v1/catalogs/:catalogId': { roles: ['leader', 'admin'], request: () => ({ method: 'GET', url: '/api/v1/catalogs/national-2019%401' }) },
  'POST /api/v1/catalogs/:catalogId/clone': { roles: ['admin'], ok: 201, request: () => ({ method: 'POST', url: '/api/v1/catalogs/national-2019%401/clone' }) },
  'PUT /api/v1/catalogs/:catalogId': {
    roles: ['admin'],
    request: (c, _t, u) => {
      const draft = c.catalogDrafts[u] ?? c.catalogDrafts.admin
      return { method: 'PUT', url: `/api/v1/catalogs/${encodeURIComponent(draft?.id ?? '')}`, payload: draft?.body }
    }
  },
  'POST /api/v1/catalogs/:catalogId/publish': { roles: ['admin'], request: (c, _t, u) => ({ method: 'POST', url: `/api/v1/catalogs/${encodeURIComponent((c.catalogDrafts[u] ?? c.catalogDrafts.admin)?.id ?? '')}/publish` }) },
  'POST /api/v1/rounds': { roles: ['admin'], ok: 201, request: () => ({ method: 'POST', url: '/api/v1/rounds', payload: roundBody() }) },
  // A round of the city office's (target d-city-bgs) and one of the district's (d-xs), made fresh for each allowed call.
  'POST /api/v1/rounds/:roundId/assignments': {
    roles: ['admin'],
    ...ROUND_OBJECTS,
    prepare: freshRound('draft'),
    request: (c, t) => ({ method: 'POST', url: `/api/v1/rounds/${c.drafts[t]}/assignments`, payload: { mode: 'even', inspectorIds: ['u-inspector', 'u-inspector2'] } })
  },
  'POST /api/v1/rounds/:roundId/open': { roles: ['admin'], ...ROUND_OBJECTS, prepare: freshRound('draft'), request: (c, t) => ({ method: 'POST', url: `/api/v1/rounds/${c.drafts[t]}/open` }) },
  'POST /api/v1/rounds/:roundId/close': { roles: ['admin'], ...ROUND_OBJECTS, prepare: freshRound('open'), request: (c, t) => ({ method: 'POST', url: `/api/v1/rounds/${c.drafts[t]}/close` }) },
  'GET /api/v1/rounds/:roundId': { roles: ANY_ROLE, request: () => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}` }) },
  // The headline figures count the round's accounts within the caller's scope (a district's leader: the district's).
  'GET /api/v1/rounds/:roundId/summary': {
    roles: ['inspector', 'leader', 'admin'],
    request: () => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/summary` }),
    rows: {
      got: async (c, r, u) => {
        const body = (await c.server.app.inject({ method: 'GET', url: r.url, headers: c.headers[u] })).json<{ registered: number; inspected: number; byPlatform: Record<string, number> }>()
        return [`registered ${body.registered}`, `by platform ${Object.values(body.byPlatform).reduce((n, x) => n + x, 0)}`]
      },
      expected: (w, _c, u) => {
        const n = w.accounts.filter((a) => u.startsWith('inspector') || sees(w, u, a.host_department_id)).length
        return [`registered ${n}`, `by platform ${n}`]
      }
    }
  },
  // The leader's statistics count exactly the round's accounts within the caller's scope.
  'GET /api/v1/rounds/:roundId/stats': {
    roles: ['leader', 'admin'],
    request: () => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/stats` }),
    rows: {
      got: async (c, r, u) => {
        const body = (await c.server.app.inject({ method: 'GET', url: r.url, headers: c.headers[u] })).json<{ registered: number; passByUnit: { registered: number }[] }>()
        return [`registered ${body.registered}`, `by unit ${body.passByUnit.reduce((n, x) => n + x.registered, 0)}`]
      },
      expected: (w, _c, u) => {
        const n = w.accounts.filter((a) => sees(w, u, a.host_department_id)).length
        return [`registered ${n}`, `by unit ${n}`]
      }
    }
  },
  'GET /api/v1/rounds/:roundId/circular': { roles: ['leader', 'admin'], request: () => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/circular` }) },
  'PUT /api/v1/rounds/:roundId/circular': {
    roles: ['admin'],
    ...ROUND_OBJECTS,
    request: (c, t) => ({ method: 'PUT', url: `/api/v1/rounds/${t === 'd-xs' ? c.drafts['d-xs'] : ROUND}/circular`, payload: { office: '无锡市人民政府办公室', docNo: '', title: '矩阵测试通报', practices: '', nextSteps: '（一）矩阵。' } })
  },
  'GET /api/v1/rounds/:roundId/circular.docx': { roles: ['leader', 'admin'], request: () => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/circular.docx` }) },
  'GET /api/v1/rounds/:roundId/share-card.png': { roles: ['leader', 'admin'], request: () => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/share-card.png` }) },
  // Good practices: an inspector flags one on an account of theirs, an admin on one within their scope.
  'PUT /api/v1/practices/:clientId': {
    roles: ['inspector', 'admin'],
    request: (c, _t, u) => ({
      method: 'PUT',
      url: `/api/v1/practices/prac-authz-${c.seq()}`,
      payload: { roundId: ROUND, accountId: c.accountOf[u] ?? 'a-c001', theme: 'service', note: '矩阵：掌上办事', evidence: [] }
    })
  },
  'GET /api/v1/rounds/:roundId/practices': {
    roles: ['leader', 'admin'],
    request: () => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/practices` }),
    rows: {
      got: async (c, r, u) => (await c.server.app.inject({ method: 'GET', url: r.url, headers: c.headers[u] })).json<{ groups: { items: { id: string }[] }[] }>().groups.flatMap((g) => g.items.map((i) => i.id)),
      expected: (w, _c, u) => w.practices.filter((p) => sees(w, u, p.host_department_id)).map((p) => p.id)
    }
  },
  'PATCH /api/v1/practices/:id': { roles: ['admin'], request: (c, _t, u) => ({ method: 'PATCH', url: `/api/v1/practices/${c.practiceOf[u] ?? c.practiceOf.admin}`, payload: { picked: true } }) },
  'POST /api/v1/practices/:id': { roles: ['admin'], request: (c, _t, u) => ({ method: 'POST', url: `/api/v1/practices/${c.practiceOf[u] ?? c.practiceOf.admin}`, payload: { picked: false } }) },
  // An inspector sees the accounts assigned to them; the others every account within their scope.
  'GET /api/v1/rounds/:roundId/accounts': {
    roles: ['inspector', 'leader', 'admin'],
    request: () => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/accounts` }),
    rows: {
      got: (c, r, u) => ids(c, r, u),
      expected: (w, c, u) => w.accounts.filter((a) => (u.startsWith('inspector') ? a.inspector_id === c.userId[u] : sees(w, u, a.host_department_id))).map((a) => a.account_id)
    }
  },
  'GET /api/v1/rounds/:roundId/accounts/:accountId': { roles: ['inspector', 'leader', 'admin'], request: (c, _t, u) => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/accounts/${c.accountOf[u] ?? 'a-c004'}` }) },
  'GET /api/v1/rounds/:roundId/issues': {
    roles: ANY_ROLE,
    request: () => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/issues` }),
    rows: { got: (c, r, u) => ids(c, r, u), expected: (w, _c, u) => w.issues.filter((i) => i.round_id === ROUND && sees(w, u, i.department_id)).map((i) => i.id) }
  },
  'GET /api/v1/rounds/:roundId/issues.xlsx': {
    roles: ANY_ROLE,
    scoped: true,
    request: (_c, t) => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/issues.xlsx?departmentId=${t}` })
  },
  'POST /api/v1/subscriptions': { roles: ['liaison-wjw', 'liaison-xishan'], request: () => ({ method: 'POST', url: '/api/v1/subscriptions', payload: { kinds: ['deadline'] } }) },
  'POST /api/v1/registry/imports': { roles: ['admin'], ok: 201, request: () => registryUpload() },
  'GET /api/v1/registry/imports/:importId': { roles: ['admin'], request: (c, _t, u) => ({ method: 'GET', url: `/api/v1/registry/imports/${c.imports[u] ?? c.imports.admin}` }) },
  'GET /api/v1/registry/imports/:importId/errors.xlsx': { roles: ['admin'], request: (c, _t, u) => ({ method: 'GET', url: `/api/v1/registry/imports/${c.imports[u] ?? c.imports.admin}/errors.xlsx` }) },
  'POST /api/v1/registry/imports/:importId/commit': { roles: ['admin'], request: (c, _t, u) => ({ method: 'POST', url: `/api/v1/registry/imports/${c.imports[u] ?? c.imports.admin}/commit`, payload: {} }) },
  'GET /api/v1/registry/departments': {
    roles: ['leader', 'admin'],
    request: () => ({ method: 'GET', url: '/api/v1/registry/departments' }),
    rows: { got: (c, r, u) => ids(c, r, u), expected: (w, _c, u) => w.departments.filter((d) => sees(w, u, d.id)).map((d) => d.id) }
  },
  'GET /api/v1/registry/accounts': {
    roles: ['leader', 'admin'],
    request: () => ({ method: 'GET', url: '/api/v1/registry/accounts' }),
    rows: { got: (c, r, u) => ids(c, r, u), expected: (w, _c, u) => w.registry.filter((a) => sees(w, u, a.host_department_id)).map((a) => a.id) }
  },
  'GET /api/v1/registry/accounts/:accountId': { roles: ['leader', 'admin'], request: (c, _t, u) => ({ method: 'GET', url: `/api/v1/registry/accounts/${c.accountOf[u] ?? 'a-c004'}` }) },
  'POST /api/v1/registry/accounts/:accountId': {
    roles: ['admin'],
    request: (c, _t, u) => ({ method: 'POST', url: `/api/v1/registry/accounts/${c.accountOf[u] ?? 'a-c004'}`, payload: { name: `矩阵改名${c.seq()}` } })
  },
  'GET /api/v1/registry/export.xlsx': { roles: ['leader', 'admin'], request: () => ({ method: 'GET', url: '/api/v1/registry/export.xlsx' }) },
  'POST /api/v1/reminders/run': { roles: ['admin'], request: () => ({ method: 'POST', url: '/api/v1/reminders/run' }) },
  // Per competent unit: the units that hold the issues the caller may see, and their total.
  // A department's 整改情况报告: its liaison (or one above), admins and leaders whose scope holds it; outside, the unit does not exist.
  'GET /api/v1/departments/:departmentId/rectification-report': {
    roles: ['liaison-wjw', 'liaison-xishan', 'leader', 'admin'],
    scoped: true,
    hiddenOutsideScope: true,
    targets: ISSUE_TARGETS,
    request: (_c, t) => ({ method: 'GET', url: `/api/v1/departments/${t}/rectification-report?roundId=${ROUND}` })
  },
  'GET /api/v1/departments/:departmentId/rectification-report.docx': {
    roles: ['liaison-wjw', 'liaison-xishan', 'leader', 'admin'],
    scoped: true,
    hiddenOutsideScope: true,
    targets: ISSUE_TARGETS,
    request: (_c, t) => ({ method: 'GET', url: `/api/v1/departments/${t}/rectification-report.docx?roundId=${ROUND}&plannedBy=2099-12-31` })
  },
  'GET /api/v1/rounds/:roundId/overview': {
    roles: ANY_ROLE,
    request: () => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/overview` }),
    rows: {
      got: async (c, r, u) => {
        const body = (await c.server.app.inject({ method: 'GET', url: r.url, headers: c.headers[u] })).json<{ totals: { total: number }; items: { department: { id: string } }[] }>()
        return [`total ${body.totals.total}`, ...body.items.map((i) => i.department.id)]
      },
      expected: (w, _c, u) => {
        const parent = new Map(w.departments.map((d) => [d.id, d.parent_id]))
        // The competent unit is the department just below the city.
        const unit = (id: string): string => {
          let d = id
          while (parent.get(parent.get(d) ?? '') !== undefined && parent.get(parent.get(d) ?? '') !== null) d = parent.get(d) as string
          return d
        }
        const seen = w.issues.filter((i) => i.round_id === ROUND && sees(w, u, i.department_id))
        return [`total ${seen.length}`, ...new Set(seen.map((i) => unit(i.department_id)))]
      }
    }
  },
  'POST /api/v1/evidence': {
    roles: ['inspector', 'liaison-wjw', 'liaison-xishan', 'admin'],
    ok: 201,
    request: (c) => {
      const body = multipart(c.pngs.shift() as Buffer)
      return { method: 'POST', url: '/api/v1/evidence', payload: body.payload, headers: body.headers }
    }
  },
  'POST /api/v1/evidence/check': {
    roles: ['inspector', 'liaison-wjw', 'liaison-xishan', 'admin'],
    request: (c) => ({ method: 'POST', url: '/api/v1/evidence/check', payload: { digests: [c.shot, sha] } })
  },
  // A screenshot of the target's issue: a liaison sees only their own departments' screenshots; to the others it does not exist.
  'GET /api/v1/evidence/:sha256': { roles: ANY_ROLE, scoped: true, hiddenOutsideScope: true, targets: ISSUE_TARGETS, request: (c, t) => ({ method: 'GET', url: `/api/v1/evidence/${c.shotOf[t]}` }) },
  'GET /api/v1/evidence/:sha256/text': { roles: ANY_ROLE, scoped: true, hiddenOutsideScope: true, targets: ISSUE_TARGETS, request: (c, t) => ({ method: 'GET', url: `/api/v1/evidence/${c.shotOf[t]}/text` }) },
  'GET /api/v1/wording-terms': { roles: ANY_ROLE, request: () => ({ method: 'GET', url: '/api/v1/wording-terms' }) },
  'POST /api/v1/wording-terms': {
    roles: ['admin'],
    ok: 201,
    request: (c) => ({ method: 'POST', url: '/api/v1/wording-terms', payload: { wrong: `矩阵错词${c.seq()}`, right: '矩阵正词', source: '矩阵测试' } })
  },
  'DELETE /api/v1/wording-terms/:id': {
    roles: ['admin'],
    prepare: async (c) => {
      termId = `term-authz-${c.seq()}`
      await c.server.deps.db.insertInto('wording_terms').values({ id: termId, wrong: `矩阵删词${termId}`, right: '矩阵', source: '矩阵测试', created_by: 'u-admin', created_at: new Date().toISOString() }).execute()
    },
    request: () => ({ method: 'DELETE', url: `/api/v1/wording-terms/${termId}` })
  },
  'POST /api/v1/proofread': { roles: ANY_ROLE, request: () => ({ method: 'POST', url: '/api/v1/proofread', payload: { text: '付市长截止目前已按装设备' } }) },
  'GET /api/v1/leaders': { roles: ['leader', 'admin'], request: () => ({ method: 'GET', url: '/api/v1/leaders' }) },
  'POST /api/v1/leaders': {
    roles: ['admin'],
    ok: 201,
    request: (c) => ({ method: 'POST', url: '/api/v1/leaders', payload: { name: hanName('矩阵', c.seq()), title: '副市长', since: '2024-01-02' } })
  },
  'PUT /api/v1/leaders/:id': {
    roles: ['admin'],
    prepare: async (c) => {
      leaderId = `leader-authz-${c.seq()}`
      await c.server.deps.db.insertInto('leaders').values({ id: leaderId, name: `改${leaderId}`, title: '副区长', since: '2023-01-01', created_by: 'u-admin', created_at: new Date().toISOString(), updated_at: new Date().toISOString() }).execute()
    },
    request: (c) => ({ method: 'PUT', url: `/api/v1/leaders/${leaderId}`, payload: { name: hanName('改名', c.seq()), title: '区长', since: '2024-02-01' } })
  },
  'DELETE /api/v1/leaders/:id': {
    roles: ['admin'],
    prepare: async (c) => {
      leaderId = `leader-authz-${c.seq()}`
      await c.server.deps.db.insertInto('leaders').values({ id: leaderId, name: `删${leaderId}`, title: '副区长', since: '2023-01-01', created_by: 'u-admin', created_at: new Date().toISOString(), updated_at: new Date().toISOString() }).execute()
    },
    request: () => ({ method: 'DELETE', url: `/api/v1/leaders/${leaderId}` })
  },
  'GET /api/v1/rounds/:roundId/evidence-search': {
    roles: ['inspector', 'leader', 'admin'],
    request: () => ({ method: 'GET', url: `/api/v1/rounds/${ROUND}/evidence-search?q=${encodeURIComponent('检索词')}` }),
    rows: {
      got: async (c, r, u) => [...new Set((await c.server.app.inject({ method: 'GET', url: r.url, headers: c.headers[u] })).json<{ items: { accountId: string }[] }>().items.map((i) => i.accountId))],
      expected: (w, _c, u) => w.shown.filter((a) => sees(w, u, a.host_department_id)).map((a) => a.account_id)
    }
  },
  'GET /api/v1/evidence/:sha256/thumb': { roles: ANY_ROLE, scoped: true, hiddenOutsideScope: true, targets: ISSUE_TARGETS, request: (c, t) => ({ method: 'GET', url: `/api/v1/evidence/${c.shotOf[t]}/thumb` }) },
  // Each inspector submits for an account assigned to them; an admin for any account within their scope.
  'PUT /api/v1/inspections/:clientId': {
    roles: ['inspector', 'admin'],
    ok: 201,
    request: (c, _t, u) => ({
      method: 'PUT',
      url: `/api/v1/inspections/c-authz-${c.seq()}`,
      payload: { roundId: ROUND, checkpointId: 'cp-2024q2-2', accountId: c.accountOf[u] ?? 'a-c001', answers: nationalAnswers('2024-06-20') }
    })
  },
  // seed-a-c001-2 was submitted by 张敏: she and the admins may read its receipt, not the other inspector.
  'GET /api/v1/inspections/:clientId': { roles: ['inspector', 'admin'], request: () => ({ method: 'GET', url: '/api/v1/inspections/seed-a-c001-2' }) },
  'GET /api/v1/departments': {
    roles: ANY_ROLE,
    request: () => ({ method: 'GET', url: '/api/v1/departments' }),
    rows: { got: (c, r, u) => ids(c, r, u), expected: (w, _c, u) => w.departments.filter((d) => sees(w, u, d.id)).map((d) => d.id) }
  },
  'GET /api/v1/departments/:departmentId/issues': {
    roles: ANY_ROLE,
    scoped: true,
    request: (_c, t) => ({ method: 'GET', url: `/api/v1/departments/${t}/issues` }),
    rows: { got: (c, r, u) => ids(c, r, u), expected: (w, _c, _u, t) => w.issues.filter((i) => subtree(w, t).has(i.department_id)).map((i) => i.id) }
  },
  'GET /api/v1/issues/:issueId': { roles: ANY_ROLE, scoped: true, targets: ISSUE_TARGETS, request: (c, t) => ({ method: 'GET', url: `/api/v1/issues/${c.issueOf[t]}` }) },
  'PUT /api/v1/issues/:issueId/answers/:clientId': {
    roles: ['liaison-wjw', 'liaison-xishan', 'admin'],
    scoped: true,
    targets: ISSUE_TARGETS,
    prepare: issueIn('open'),
    request: (c, t) => ({ method: 'PUT', url: `/api/v1/issues/${c.issueOf[t]}/answers/ans-authz-${c.seq()}`, payload: { note: '已整改', evidence: [c.shot] } })
  },
  'PUT /api/v1/issues/:issueId/reviews/:clientId': {
    roles: ['inspector', 'admin'],
    scoped: true,
    targets: ISSUE_TARGETS,
    prepare: issueIn('submitted'),
    request: (c, t) => ({ method: 'PUT', url: `/api/v1/issues/${c.issueOf[t]}/reviews/rev-authz-${c.seq()}`, payload: { decision: 'return', reason: '截图不清楚' } })
  }
}

// The users of the same role elsewhere in the tree join each role list; their scope decides what they reach.
for (const c of Object.values(MATRIX)) {
  if (c.roles === 'public') continue
  c.roles = [...new Set(c.roles.flatMap((r) => [r, ...(SAME_ROLE[r] ?? [])]))]
}
/**
 * The written policy (docs/permissions.md), applied to the table above. It is stated here, not
 * read from the server's scope code:
 * - City-wide settings — checklist versions, the office's wording dictionary — are changed by
 *   city-wide admins only: a district admin is refused (403).
 * - A round belongs to the unit of the admin who made it: its share-out, opening, closing and
 *   circular are for admins whose scope holds that unit (ROUND_OBJECTS: a city round and a
 *   district round, each tried by every admin; 403 outside).
 * - Placing a person outside one's scope is refused (403); a person, an issue or an inspection
 *   receipt outside the caller's scope does not exist for them (404, like a missing id).
 */
const CITY_SETTINGS = ['POST /api/v1/catalogs/:catalogId/clone', 'PUT /api/v1/catalogs/:catalogId', 'POST /api/v1/catalogs/:catalogId/publish', 'POST /api/v1/wording-terms', 'DELETE /api/v1/wording-terms/:id', 'POST /api/v1/leaders', 'PUT /api/v1/leaders/:id', 'DELETE /api/v1/leaders/:id']
const PLACES_A_CITY_PERSON = ['POST /api/v1/users']
const ABOUT_A_CITY_PERSON = ['PATCH /api/v1/users/:userId', 'POST /api/v1/users/:userId', 'POST /api/v1/users/:userId/bind-code', 'DELETE /api/v1/users/:userId/sessions']
const SCOPED_ADMINS: User[] = ['admin-xishan']
for (const key of [...CITY_SETTINGS, ...PLACES_A_CITY_PERSON]) {
  const c = MATRIX[key]
  if (c) c.deny = SCOPED_ADMINS
}
for (const key of ABOUT_A_CITY_PERSON) {
  const c = MATRIX[key]
  if (c) c.hidden = SCOPED_ADMINS
}
// 张敏's receipt: not the other inspector's, nor the district admin's (the account is the city's).
;(MATRIX['GET /api/v1/inspections/:clientId'] as Case).hidden = ['inspector2', 'admin-xishan']
for (const key of ['GET /api/v1/issues/:issueId', 'PUT /api/v1/issues/:issueId/answers/:clientId', 'PUT /api/v1/issues/:issueId/reviews/:clientId']) (MATRIX[key] as Case).hiddenOutsideScope = true

/** A stand-in for WeChat's subscribe-message API that accepts everything. */
const acceptingWeChat: SubscribeMessageClient = { send: async () => ({ ok: true }) }

describe.each(dialects)('authorization of every route on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(dialect, {
      deps: {
        wechat: { openid: async (code) => `o-${code}`, phoneNumber: async (code) => code.replace(/^phone-/, '') },
        reminders: { client: acceptingWeChat, daysBefore: 3, templates: { deadline: 'TPL-D', returned: 'TPL-R' } }
      }
    })
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

  it('answers 401 without a login, 403 outside the role or the scope, the expected 2xx to the rest, and lists exactly what each caller may see', async () => {
    const { app, deps } = server
    const db = deps.db
    const admin = await login(app, 'admin')
    const userId: Ctx['userId'] = { inspector: 'u-inspector', inspector2: 'u-inspector2', 'liaison-wjw': 'u-liaison-wjw', 'liaison-xishan': 'u-liaison-xs', leader: 'u-leader', admin: 'u-admin' }
    for (const [u, placement] of Object.entries(CREATED) as [User, { role: string; departmentId: string | null }][]) {
      if (placement.departmentId === null) {
        // A person placed nowhere (the people API asks for a department; an older record may lack one).
        const id = `u-matrix-${u}`
        await db.insertInto('users').values({ id, username: id, name: '无单位联络员', role: placement.role, department_id: null, active: 1, created_at: new Date().toISOString() }).execute()
        userId[u] = id
      } else {
        const res = await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name: `矩阵${u}`, ...placement } })
        expect(res.statusCode).toBe(201)
        userId[u] = res.json().id
      }
    }
    await db.insertInto('users').values({ id: 'u-matrix-signin', username: 'matrix-signin', name: '登录测试', role: 'leader', department_id: null, active: 1, created_at: new Date().toISOString() }).execute()
    const signIn = (u: User) => login(app, u in CREATED ? (userId[u] as string) : u)
    const headers: Ctx['headers'] = { anonymous: {} }
    const spare: Ctx['spare'] = {}
    for (const u of USERS) if (u !== 'anonymous') [headers[u], spare[u]] = [await signIn(u), await signIn(u)]

    const upload = multipart(await png(31))
    const shot = (await app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...admin, ...upload.headers }, payload: upload.payload })).json().sha256
    // Everyone who answers sends the same bytes, so each holds the screenshot they attach (another's digest reads as missing).
    for (const u of USERS) if (u !== 'anonymous' && headers[u]) await app.inject({ method: 'POST', url: '/api/v1/evidence', headers: { ...headers[u], ...upload.headers }, payload: upload.payload })
    const issues = await db.selectFrom('issues').select(['id', 'department_id']).execute()
    const issueOf: Record<string, string> = Object.fromEntries(issues.map((i) => [i.department_id, i.id]))
    const shots = await db
      .selectFrom('issues')
      .innerJoin('inspection_evidence', (j) => j.onRef('inspection_evidence.inspection_id', '=', 'issues.inspection_id').onRef('inspection_evidence.indicator_code', '=', 'issues.indicator_code'))
      .select(['issues.department_id', 'inspection_evidence.sha256'])
      .execute()
    const shotOf: Record<string, string> = Object.fromEntries(shots.map((r) => [r.department_id, r.sha256]))
    expect(ISSUE_TARGETS.map((t) => Boolean(issueOf[t] && shotOf[t]))).toEqual([true, true, true])
    expect(new Set(ISSUE_TARGETS.map((t) => shotOf[t])).size).toBe(3)

    const world = async (): Promise<World> => ({
      departments: await db.selectFrom('departments').select(['id', 'parent_id']).execute(),
      issues: await db.selectFrom('issues').select(['id', 'department_id', 'round_id']).execute(),
      accounts: await db
        .selectFrom('round_accounts')
        .innerJoin('accounts', 'accounts.id', 'round_accounts.account_id')
        .where('round_accounts.round_id', '=', ROUND)
        .select(['round_accounts.account_id', 'accounts.host_department_id', 'round_accounts.inspector_id'])
        .execute(),
      users: await db.selectFrom('users').select(['id', 'department_id']).execute(),
      audit: await db.selectFrom('audit_log').select(['id', 'department_id']).execute(),
      registry: await db.selectFrom('accounts').select(['id', 'host_department_id']).execute(),
      rounds: await db.selectFrom('rounds').select(['id', 'state', 'department_id']).execute(),
      practices: await db.selectFrom('practices').innerJoin('accounts', 'accounts.id', 'practices.account_id').select(['practices.id', 'accounts.host_department_id']).execute(),
      shown: await db
        .selectFrom('inspections')
        .innerJoin('inspection_evidence', 'inspection_evidence.inspection_id', 'inspections.id')
        .innerJoin('accounts', 'accounts.id', 'inspections.account_id')
        .where('inspections.round_id', '=', ROUND)
        .where('inspections.is_current', '=', 1)
        .select(['inspections.account_id', 'accounts.host_department_id'])
        .distinct()
        .execute()
    })
    // Every screenshot reads 「矩阵检索词」, as if OCR had read them all: search finds each one the caller may see.
    for (const { sha256 } of await db.selectFrom('evidence').select('sha256').execute()) {
      const lines = JSON.stringify([{ text: '矩阵检索词', box: [0, 0, 10, 10], confidence: 1 }])
      await db.insertInto('evidence_text').values({ sha256, status: 'done', width: 10, height: 10, lines, text: '矩阵检索词', error: null, attempts: 1, engine: 'test', read_at: new Date().toISOString(), ms: 1 }).execute()
    }
    const w0 = await world()
    expect(w0.shown.length).toBeGreaterThan(2)
    expect(w0.departments.length).toBeGreaterThan(20)
    const accountOf: Ctx['accountOf'] = {}
    for (const u of USERS) {
      if (u === 'anonymous') continue
      const mine = w0.accounts.find((a) => (u.startsWith('inspector') ? a.inspector_id === userId[u] : sees(w0, u, a.host_department_id)))
      if (mine) accountOf[u] = mine.account_id
    }
    expect(accountOf.inspector).not.toBe(accountOf.inspector2)

    let n = 0
    const seq = () => ++n + 1000000
    const personId = (await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name: '矩阵对象', role: 'inspector', departmentId: 'd-city-bgs' } })).json().id
    const newTicket = async () => (await app.inject({ method: 'POST', url: '/api/v1/auth/web-tickets' })).json().id as string
    const webTickets: Ctx['webTickets'] = {}
    const binds: Ctx['binds'] = {}
    const codes: Ctx['codes'] = {}
    for (const u of USERS) {
      codes[u] = (await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name: `浏览器${seq()}`, role: 'leader', departmentId: null } })).json().bindCode
      webTickets[u] = await newTicket()
      const person = (await app.inject({ method: 'POST', url: '/api/v1/users', headers: admin, payload: { name: `绑定${seq()}`, role: 'inspector', departmentId: 'd-city-bgs' } })).json()
      const ticket = (await app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: `code-bind-${u}` } })).json().ticket
      binds[u] = { ticket, bindCode: person.bindCode }
    }
    const pngs = await Promise.all(USERS.map((_u, i) => png(40 + i)))
    const imports: Ctx['imports'] = {}
    for (const u of ['admin', 'admin-xishan'] as const) {
      const req = registryUpload()
      imports[u] = (await app.inject({ method: req.method, url: req.url, payload: req.payload as Buffer, headers: { ...headers[u], ...req.headers } })).json().id
    }
    const drafts: Ctx['drafts'] = {}
    for (const [target, u] of [['d-city-bgs', 'admin'], ['d-xs', 'admin-xishan']] as const) {
      drafts[target] = (await app.inject({ method: 'POST', url: '/api/v1/rounds', payload: roundBody(), headers: headers[u] })).json().id
    }
    const catalogDrafts: Ctx['catalogDrafts'] = {}
    for (const u of ['admin'] as const) {
      const draft = (await app.inject({ method: 'POST', url: '/api/v1/catalogs/national-2019%401/clone', headers: headers[u] })).json()
      catalogDrafts[u] = { id: draft.id, body: { name: draft.name, scoring: draft.scoring, indicators: draft.indicators } }
    }
    // The seed's practices are the city's; one in 锡山区 for the district's admin (and to be hidden from the city's units).
    const xsAccount = w0.accounts.find((a) => sees(w0, 'admin-xishan', a.host_department_id))?.account_id as string
    await db
      .insertInto('practices')
      .values({ id: 'pr-matrix-xs', client_id: 'pr-matrix-xs', round_id: ROUND, account_id: xsAccount, inspector_id: 'u-inspector2', theme: 'content', note: '锡山：专栏', wording: null, picked: 0, created_at: '2024-07-01T00:00:00Z', updated_at: '2024-07-01T00:00:00Z', updated_by: null })
      .execute()
    const practiceOf: Ctx['practiceOf'] = { admin: (await db.selectFrom('practices').select('id').where('id', '!=', 'pr-matrix-xs').executeTakeFirstOrThrow()).id, 'admin-xishan': 'pr-matrix-xs' }
    const ctx: Ctx = { server, headers, userId, world, shot, issueOf, shotOf, accountOf, seq, personId, spare, webTicket: await newTicket(), webTickets, binds, codes, pngs, imports, drafts, catalogDrafts, practiceOf, onboard: { importId: '', invitationId: '', token: '', requestId: '' } }

    let cases = 0
    let listed = 0
    let answersChecked = 0
    const failures: string[] = []
    for (const [key, c] of Object.entries(MATRIX)) {
      for (const target of c.scoped ? (c.targets ?? TARGETS) : ['-']) {
        for (const user of USERS) {
          const roleOk = c.roles === 'public' || (user !== 'anonymous' && c.roles.includes(user))
          const scopeOk = !c.scoped || user === 'anonymous' || sees(w0, user, target)
          const denied = user !== 'anonymous' && (c.deny ?? []).includes(user)
          const hidden = user !== 'anonymous' && roleOk && (c.hidden ?? []).includes(user)
          const refused = hidden || (roleOk && !scopeOk && c.hiddenOutsideScope) ? 404 : 403
          const expected = c.roles === 'public' ? (c.ok ?? 200) : user === 'anonymous' ? 401 : roleOk && scopeOk && !denied && !hidden ? (c.ok ?? 200) : refused
          if (expected < 300 && c.prepare) await c.prepare(ctx, target, user)
          const req = c.request(ctx, target, user)
          const res = await app.inject({ method: req.method, url: req.url, payload: req.payload as never, headers: { ...(user === 'anonymous' ? {} : headers[user]), ...req.headers } })
          cases += 1
          if (res.statusCode !== expected) failures.push(`${key} [${target}] as ${user}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 120)}`)
          if (res.statusCode === expected && expected < 300) {
            // The answer is what the OpenAPI document says it is.
            const [method, url] = key.split(' ') as [string, string]
            const json = String(res.headers['content-type'] ?? '').startsWith('application/json')
            const complaint = checkResponse(method, url, res.statusCode, json ? res.json() : res.body)
            if (complaint) failures.push(`${key} [${target}] as ${user}: answer does not match its schema: ${complaint}`)
            answersChecked += 1
          }
          if (res.statusCode === expected && expected < 300 && c.rows && user !== 'anonymous') {
            const got = sorted(await c.rows.got(ctx, req, user))
            const want = sorted(c.rows.expected(await world(), ctx, user, target))
            listed += 1
            if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${key} [${target}] as ${user}: listed ${got.length} rows, may see ${want.length}: ${JSON.stringify(got.filter((g) => !want.includes(g)).slice(0, 5))} too many, ${JSON.stringify(want.filter((x) => !got.includes(x)).slice(0, 5))} missing`)
          }
        }
      }
    }
    console.log(`[${dialect}] authorization matrix: ${Object.keys(MATRIX).length} routes × ${USERS.length} users × scopes = ${cases} cases, ${listed} lists checked row by row, ${answersChecked} answers checked against the OpenAPI schemas`)
    expect(failures).toEqual([])
  })
})
