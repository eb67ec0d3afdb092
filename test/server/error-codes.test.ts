import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { LightMyRequestResponse } from 'fastify'
import { createCode2Session } from '../../server/auth/wechat-session'
import { SYSTEM } from '../../server/audit/log'
import { AppError } from '../../server/errors'
import { guardedStore } from '../../server/storage/evidence-store'
import { createPerson } from '../../server/services/people'
import { IMPORT_LIMITS } from '../../server/services/registry-import'
import { MAX_NOTE_LENGTH } from '../../src/core'
import { dialects, login, startServer, type TestServer } from './harness'
import { zip, xlsxParts, sheetXml } from './hostile-files'
import { multipart, nationalAnswers, png, pngClaiming } from './fixtures'

/**
 * Every error code the server can answer, each produced here by a request to the real server
 * (in-process, on a seeded database). The codes are read from the source, so a new code without
 * a trigger below fails this test; so does a trigger that answers another code.
 */
const ROOT = join(__dirname, '..', '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** The codes the API can answer with: `new AppError(status, 'CODE'`, `badRequest('CODE'`, `conflict('CODE'` and `code: 'CODE'` in replies. */
function serverCodes(): string[] {
  const codes = new Set<string>()
  for (const file of sourceFiles(join(ROOT, 'server'))) {
    const text = readFileSync(file, 'utf8')
    // Under mutation testing (npm run test:mutation) the source is instrumented: `'CODE'` reads `stryMutAct_…("7") ? "" : (stryCov_…("7"), "CODE")`.
    for (const m of text.matchAll(/(?:AppError\(\d+, |badRequest\(|conflict\(|code: )(?:stryMutAct_\w+\("\d+"\) \? "" : \(stryCov_\w+\("\d+"\), )?['"]([A-Z][A-Z_]+)['"]/g)) {
      if (!m[1]?.startsWith('FST_')) codes.add(m[1] as string)
    }
  }
  return [...codes].sort()
}

/** The problem codes of a refused checklist (answered in `details.problems` of INSPECTION_INCOMPLETE). */
function problemCodes(): string[] {
  const text = readFileSync(join(ROOT, 'src/core/validation.ts'), 'utf8')
  return [...new Set([...text.matchAll(/code: (?:stryMutAct_\w+\("\d+"\) \? "" : \(stryCov_\w+\("\d+"\), )?['"]([A-Z][A-Z_]+)['"]/g)].map((m) => m[1] as string))].sort()
}

type Headers = Record<string, string>
interface Ctx {
  s: TestServer
  as: Record<'admin' | 'inspector' | 'inspector2' | 'liaison', Headers>
  /** Moves the server's clock by this many milliseconds. */
  travel: (ms: number) => void
  /** A fresh WeChat sign-in ticket for an openid (from the fake code2session: code-x → o-x). */
  ticket: (code: string) => Promise<string>
  person: (role?: string) => Promise<{ id: string; bindCode: string }>
  /** The open issue of 陈静's department (健康无锡's). */
  issue: string
}

type Trigger = (c: Ctx) => Promise<LightMyRequestResponse | { code: string }>

const inject = (c: Ctx, method: string, url: string, headers: Headers = {}, payload?: unknown) =>
  c.s.app.inject({ method: method as 'GET', url: `/api/v1${url}`, headers, payload: payload as never })
const upload = async (c: Ctx, bytes: Buffer, filename = 'shot.png') => {
  const body = multipart(bytes, filename)
  return inject(c, 'POST', '/evidence', { ...c.as.liaison, ...body.headers }, body.payload)
}
let answers = 0
const answer = (c: Ctx, body: unknown) => inject(c, 'PUT', `/issues/${c.issue}/answers/ans-codes-${++answers}`, c.as.liaison, body)
const inspection = (c: Ctx, clientId: string, body: Record<string, unknown>, as: Headers = c.as.inspector) =>
  inject(c, 'PUT', `/inspections/${clientId}`, as, { roundId: 'r-2024q2', checkpointId: 'cp-2024q2-2', accountId: 'a-c001', answers: nationalAnswers('2024-06-20'), ...body })
const closedRound = async <T,>(c: Ctx, run: () => Promise<T>): Promise<T> => {
  await c.s.deps.db.updateTable('rounds').set({ state: 'closed' }).where('id', '=', 'r-2024q2').execute()
  try {
    return await run()
  } finally {
    await c.s.deps.db.updateTable('rounds').set({ state: 'open' }).where('id', '=', 'r-2024q2').execute()
  }
}
const registry = (c: Ctx, file: string | Buffer, filename = 'registry.csv', fields: Record<string, string> = {}) => {
  const body = multipart(Buffer.isBuffer(file) ? file : Buffer.from(file), filename, 'file', fields)
  return inject(c, 'POST', '/registry/imports', { ...c.as.admin, ...body.headers }, body.payload)
}
const newRound = (c: Ctx, patch: object) =>
  inject(c, 'POST', '/rounds', c.as.admin, { name: '错误码批次', catalogId: 'national-2019@1', checkpoints: ['2024-08-10'], deadline: '2024-08-30', contactName: '王珊', contactPhone: '0510-81821234', scope: { kind: 'all' }, ...patch })
const REGISTRY_HEADER = '账号名称,平台类型,主办单位\n'
const commitImport = (c: Ctx, id: string) => inject(c, 'POST', `/registry/imports/${id}/commit`, c.as.admin, {})
const bind = (c: Ctx, ticket: string, bindCode: string) => inject(c, 'POST', '/auth/bind', {}, { ticket, bindCode })

const TRIGGERS: Record<string, Trigger> = {
  UNAUTHENTICATED: (c) => inject(c, 'GET', '/me'),
  FORBIDDEN: (c) => inject(c, 'GET', '/users', c.as.liaison),
  NOT_FOUND: (c) => inject(c, 'GET', '/rounds/r-none', c.as.admin),
  USER_NOT_FOUND: (c) => inject(c, 'POST', '/auth/demo', {}, { username: 'nobody' }),
  VALIDATION_FAILED: (c) => inject(c, 'POST', '/auth/demo', {}, {}),
  QUERY_INVALID: (c) => inject(c, 'GET', '/rounds/r-2024q2/issues?status=lost', c.as.admin),
  PAGE_INVALID: (c) => inject(c, 'GET', '/rounds?page=0', c.as.admin),
  PAGE_SIZE_INVALID: (c) => inject(c, 'GET', '/rounds?pageSize=1000', c.as.admin),
  INVALID_CHARACTER: (c) => inject(c, 'POST', '/users', c.as.admin, { name: '王\u0000五', role: 'inspector', departmentId: 'd-city-bgs' }),
  PAYLOAD_TOO_LARGE: (c) => inspection(c, 'c-codes-large', { padding: 'x'.repeat(1_100_000) }),
  // From an address of its own, so the other bind triggers are not slowed.
  RATE_LIMITED: async (c) => {
    const guess = () => c.s.app.inject({ method: 'POST', url: '/api/v1/auth/bind', remoteAddress: '198.51.100.7', payload: { ticket: 't-codes', bindCode: 'AAAAAAAA' } })
    let last = await guess()
    for (let i = 0; i < 25 && last.statusCode !== 429; i++) last = await guess()
    return last
  },
  MULTIPART_INVALID: (c) => inject(c, 'POST', '/evidence', { ...c.as.liaison, 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\ncontent-disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc'),
  UNSUPPORTED_MEDIA_TYPE: (c) => inject(c, 'POST', '/users', { ...c.as.admin, 'content-type': 'application/xml' }, '<user/>'),
  BAD_REQUEST: (c) => inject(c, 'POST', '/users', { ...c.as.admin, 'content-type': 'application/json' }, '{"name": '),
  // The screenshot store (a bucket, a disk) does not answer: a 5xx the phone's outbox retries.
  STORAGE_UNAVAILABLE: async (c) => {
    const kept = c.s.deps.evidence
    c.s.deps.evidence = guardedStore({
      put: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9000')),
      get: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:9000'))
    })
    try {
      return await upload(c, await png(77))
    } finally {
      c.s.deps.evidence = kept
    }
  },
  // Stands for any unexpected failure: the database is gone under the server (see the test below).
  INTERNAL: async () => ({ code: 'INTERNAL' }),
  // Registry import (a row's problem is named in the dry run's errors, the rest are answers).
  DUPLICATE_ROW: async (c) => ({ code: (await registry(c, `${REGISTRY_HEADER}重复号,微信,某单位\n重复号,微信公众号,某单位\n`)).json().errors[0]?.code }),
  FILE_MISSING: (c) => registry(c, Buffer.alloc(0)),
  FILE_TOO_MANY_ROWS: (c) => registry(c, REGISTRY_HEADER + 'A,微信,U\n'.repeat(20100)),
  FILE_TYPE_UNSUPPORTED: (c) => registry(c, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'photo.png'),
  // Budgets of an uploaded sheet (the hostile corpus in hostile-files.test.ts has more of each).
  FILE_ARCHIVE_TOO_LARGE: (c) => registry(c, zip(xlsxParts(sheetXml([['账号名称']])), { zip64Count: true }), 'registry.xlsx'),
  FILE_TOO_MANY_COLUMNS: (c) => registry(c, `${REGISTRY_HEADER.trim()},${Array.from({ length: 120 }, (_, i) => `列${i}`).join(',')}\nx,微信,y\n`),
  FILE_CELL_TOO_LONG: (c) => registry(c, `${REGISTRY_HEADER}${'长'.repeat(2001)},微信,y\n`),
  FILE_TOO_MUCH_TEXT: (c) => registry(c, REGISTRY_HEADER + `${'a'.repeat(1990)},微信,${'b'.repeat(1990)}\n`.repeat(2100)),
  // The budget lowered for one request: a plan of three rows is then too large to store.
  IMPORT_PLAN_TOO_LARGE: async (c) => {
    const kept = IMPORT_LIMITS.planChars
    IMPORT_LIMITS.planChars = 500
    try {
      return await registry(c, `${REGISTRY_HEADER}甲号,微信,某单位\n乙号,微信,某单位\n丙号,微信,某单位\n`)
    } finally {
      IMPORT_LIMITS.planChars = kept
    }
  },
  LEVEL_CONFLICT: async (c) => ({ code: (await registry(c, `账号名称,平台类型,主办单位,层级\n甲号,微信,某单位,市级\n乙号,微博,某单位,县区级\n`)).json().errors[0]?.code }),
  LEVEL_OUTSIDE_SCOPE: async (c) => {
    const body = multipart(Buffer.from(`账号名称,平台类型,主办单位,层级\n越权号,微信,新设市级单位,市级\n`), 'registry.csv', 'file')
    // An admin placed in 锡山区: a district admin, who may not import a city-level unit.
    await c.s.deps.db.insertInto('users').values({ id: 'u-admin-xs-codes', username: 'admin-xs-codes', name: '锡山区管理员', role: 'admin', department_id: 'd-xs', active: 1, created_at: new Date().toISOString() }).execute()
    const res = await inject(c, 'POST', '/registry/imports', { ...(await login(c.s.app, 'admin-xs-codes')), ...body.headers }, body.payload)
    return { code: res.json().errors[0]?.code }
  },
  VALUES_INVALID: (c) => registry(c, `${REGISTRY_HEADER}x,企鹅号,y\n`, 'registry.csv', { values: '{"platform":{"企鹅号":"fax"}}' }),
  MERGES_INVALID: (c) => registry(c, `${REGISTRY_HEADER}x,微信,y\n`, 'registry.csv', { merges: '{"城关镇人民政府":""}' }),
  FILE_UNREADABLE: (c) => registry(c, Buffer.from('PK\u0003\u0004 broken'), 'registry.xlsx'),
  HEADER_NOT_FOUND: (c) => registry(c, 'a,b\n1,2\n'),
  MAPPING_INVALID: (c) => registry(c, `${REGISTRY_HEADER}x,微信,y\n`, 'registry.csv', { mapping: '{"账号名称":"salary"}' }),
  // The registry's account lifecycle (a demo account of the city office's scope).
  STOP_NOTICE_DATE_MISSING: (c) => inject(c, 'POST', '/registry/accounts/a-c010', c.as.admin, { status: 'suspended' }),
  DATE_INVALID: (c) => inject(c, 'POST', '/registry/accounts/a-c010', c.as.admin, { status: 'suspended', date: '2024/6/1' }),
  DATE_IN_FUTURE: (c) => inject(c, 'POST', '/registry/accounts/a-c010', c.as.admin, { status: 'suspended', date: '2999-01-01' }),
  ACCOUNT_UNCHANGED: (c) => inject(c, 'POST', '/registry/accounts/a-c010', c.as.admin, { status: 'active' }),
  ACCOUNT_CLOSED: async (c) => {
    await inject(c, 'POST', '/registry/accounts/a-c011', c.as.admin, { status: 'closed' })
    return inject(c, 'POST', '/registry/accounts/a-c011', c.as.admin, { name: '又改名' })
  },
  // Setting up a round.
  CATALOG_UNKNOWN: (c) => newRound(c, { catalogId: 'nope@1' }),
  CATALOG_DRAFT: async (c) => newRound(c, { catalogId: (await inject(c, 'POST', '/catalogs/national-2019%401/clone', c.as.admin)).json().id }),
  // The circular's own sections.
  // A good practice's theme.
  TERM_INVALID: (c) => inject(c, 'POST', '/wording-terms', c.as.admin, { wrong: '人民', right: '中华人民共和国', source: '宪法' }),
  TERM_EXISTS: (c) => inject(c, 'POST', '/wording-terms', c.as.admin, { wrong: '中华人名共和国', right: '中华人民共和国', source: '《中华人民共和国宪法》' }),
  PROOFREAD_TEXT_INVALID: (c) => inject(c, 'POST', '/proofread', c.as.inspector, { text: 12 }),
  LEADER_INVALID: (c) => inject(c, 'POST', '/leaders', c.as.admin, { name: 'Wang', title: '副市长', since: '2024-01-01' }),
  LEADER_EXISTS: async (c) => {
    await inject(c, 'POST', '/leaders', c.as.admin, { name: '王建国', title: '副市长', since: '2024-01-01' })
    return inject(c, 'POST', '/leaders', c.as.admin, { name: '王建国', title: '市长', since: '2024-06-01' })
  },
  PRACTICE_THEME_INVALID: (c) => inject(c, 'PUT', '/practices/prac-codes-1', c.as.inspector, { roundId: 'r-2024q2', accountId: 'a-c001', theme: 'beauty', note: '好', evidence: [] }),
  CIRCULAR_INVALID: (c) => inject(c, 'PUT', '/rounds/r-2024q2/circular', c.as.admin, { office: '', title: 't', nextSteps: 'n' }),
  // A department's rectification report.
  REPORT_ROUND_REQUIRED: (c) => inject(c, 'GET', '/departments/d-city-wjw/rectification-report', c.as.liaison),
  REPORT_PLAN_INVALID: (c) => inject(c, 'GET', '/departments/d-city-wjw/rectification-report.docx?roundId=r-2024q2&plannedBy=2024-13-01', c.as.liaison),
  // The demo round's deadline (2024-07-19) is behind the real clock, with 健康无锡's issue open.
  REPORT_PLAN_REQUIRED: (c) => inject(c, 'GET', '/departments/d-city-wjw/rectification-report.docx?roundId=r-2024q2', c.as.liaison),
  REPORT_NOTHING_TO_REPORT: (c) => inject(c, 'GET', '/departments/d-city-bgs/rectification-report.docx?roundId=r-2024q2', c.as.admin),
  CATALOG_PUBLISHED: (c) => inject(c, 'POST', '/catalogs/national-2019%401/publish', c.as.admin),
  INDICATORS_INVALID: async (c) => {
    const draft = (await inject(c, 'POST', '/catalogs/national-2019%401/clone', c.as.admin)).json()
    return inject(c, 'PUT', `/catalogs/${encodeURIComponent(draft.id)}`, c.as.admin, { name: draft.name, scoring: draft.scoring, indicators: [] })
  },
  CHECKPOINTS_INVALID: (c) => newRound(c, { checkpoints: [] }),
  DEADLINE_INVALID: (c) => newRound(c, { deadline: '2024-01-01' }),
  CONTACT_INVALID: (c) => newRound(c, { contactName: ' ' }),
  PHONE_INVALID: (c) => newRound(c, { contactPhone: '待定' }),
  SCOPE_INVALID: (c) => newRound(c, { scope: { kind: 'sample', percent: 0 } }),
  SCOPE_EMPTY: (c) => newRound(c, { checkpoints: ['2000-01-01'], deadline: '2000-02-01' }),
  INSPECTORS_REQUIRED: (c) => inject(c, 'POST', '/rounds/r-2024q2/assignments', c.as.admin, { mode: 'even', inspectorIds: [] }),
  INSPECTOR_UNKNOWN: (c) => inject(c, 'POST', '/rounds/r-2024q2/assignments', c.as.admin, { mode: 'even', inspectorIds: ['u-liaison-wjw'] }),
  ROUND_STATE: (c) => inject(c, 'POST', '/rounds/r-2024q2/open', c.as.admin, {}),
  IMPORT_HAS_ERRORS: async (c) => commitImport(c, (await registry(c, `${REGISTRY_HEADER}坏行,网站,某单位\n`)).json().id),
  IMPORT_COMMITTED: async (c) => {
    const id = (await registry(c, `${REGISTRY_HEADER}错误码测试号,微信,锡山区人民政府\n`)).json().id
    await commitImport(c, id)
    return commitImport(c, id)
  },
  EVIDENCE_EMPTY: (c) => upload(c, Buffer.alloc(0)),
  EVIDENCE_TOO_LARGE: (c) => upload(c, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(10 * 1024 * 1024 + 10)])),
  EVIDENCE_TYPE_UNSUPPORTED: (c) => upload(c, Buffer.from('这不是图片'), 'notes.txt'),
  EVIDENCE_UNREADABLE: async (c) => upload(c, Buffer.concat([(await png(5)).subarray(0, 40), Buffer.from('garbage')])),
  EVIDENCE_TOO_MANY_PIXELS: async (c) => upload(c, await pngClaiming(30000, 30000)),
  EVIDENCE_ID_INVALID: (c) => inject(c, 'GET', '/evidence/not-a-digest', c.as.admin),
  EVIDENCE_MISSING: (c) => answer(c, { note: '已整改', evidence: ['f'.repeat(64)] }),
  EVIDENCE_REQUIRED: (c) => answer(c, { note: '已整改', evidence: [] }),
  NOTE_REQUIRED: (c) => answer(c, { note: '  ', evidence: ['f'.repeat(64)] }),
  NOTE_TOO_LONG: (c) => answer(c, { note: '改'.repeat(MAX_NOTE_LENGTH + 1), evidence: ['f'.repeat(64)] }),
  REASON_REQUIRED: (c) => inject(c, 'PUT', `/issues/${c.issue}/reviews/rev-codes`, c.as.admin, { decision: 'return', reason: '' }),
  // An open issue cannot be confirmed before the department answers.
  ISSUE_STATE: (c) => inject(c, 'PUT', `/issues/${c.issue}/reviews/rev-codes-2`, c.as.admin, { decision: 'verify', reason: '' }),
  CLIENT_ID_REUSED: async (c) => {
    await inspection(c, 'c-codes-reused', {})
    return inspection(c, 'c-codes-reused', { checkpointId: 'cp-2024q2-1' })
  },
  // seed-a-c001-2 is 张敏's submission: 李强 cannot take its id.
  CLIENT_ID_TAKEN: (c) => inspection(c, 'seed-a-c001-2', {}, c.as.inspector2),
  ROUND_CLOSED: (c) => closedRound(c, () => inspection(c, 'c-codes-closed', {})),
  ROUND_NOT_OPEN: async (c) => {
    await c.s.deps.db.updateTable('rounds').set({ state: 'draft' }).where('id', '=', 'r-2024q2').execute()
    try {
      return await inspection(c, 'c-codes-draft', {})
    } finally {
      await c.s.deps.db.updateTable('rounds').set({ state: 'open' }).where('id', '=', 'r-2024q2').execute()
    }
  },
  CHECKPOINT_UNKNOWN: (c) => inspection(c, 'c-codes-cp', { checkpointId: 'cp-none' }),
  ACCOUNT_NOT_IN_ROUND: (c) => inspection(c, 'c-codes-acct', { accountId: 'a-none' }),
  INSPECTION_INCOMPLETE: (c) => inspection(c, 'c-codes-incomplete', { answers: [] }),
  // The people API's schema names the roles; the command line (server/cli.ts) reaches the service with any text.
  ROLE_INVALID: async (c) => createPerson(c.s.deps, null, SYSTEM, { name: '赵六', role: 'boss', departmentId: null }).then(() => ({ code: 'none' }), (e: AppError) => ({ code: e.code })),
  DEPARTMENT_UNKNOWN: (c) => inject(c, 'POST', '/users', c.as.admin, { name: '赵六', role: 'inspector', departmentId: 'd-none' }),
  DEPARTMENT_REQUIRED: (c) => inject(c, 'POST', '/users', c.as.admin, { name: '赵六', role: 'liaison', departmentId: null }),
  NAME_INVALID: (c) => inject(c, 'POST', '/users', c.as.admin, { name: '   ', role: 'inspector', departmentId: 'd-city-bgs' }),
  USER_INACTIVE: async (c) => {
    const p = await c.person()
    await inject(c, 'PATCH', `/users/${p.id}`, c.as.admin, { active: false })
    return inject(c, 'POST', `/users/${p.id}/bind-code`, c.as.admin)
  },
  SELF_LOCKOUT: (c) => inject(c, 'PATCH', '/users/u-admin', c.as.admin, { active: false }),
  CODE_REQUIRED: (c) => inject(c, 'POST', '/auth/wechat', {}, {}),
  WECHAT_NOT_CONFIGURED: async (c) => {
    const wechat = c.s.deps.wechat
    c.s.deps.wechat = undefined
    try {
      return await inject(c, 'POST', '/auth/wechat', {}, { code: 'code-x' })
    } finally {
      c.s.deps.wechat = wechat
    }
  },
  WECHAT_CODE_INVALID: (c) => inject(c, 'POST', '/auth/wechat', {}, { code: 'bad' }),
  WECHAT_RATE_LIMITED: (c) => inject(c, 'POST', '/auth/wechat', {}, { code: 'limit' }),
  WECHAT_BUSY: (c) => inject(c, 'POST', '/auth/wechat', {}, { code: 'busy' }),
  WECHAT_ERROR: (c) => inject(c, 'POST', '/auth/wechat', {}, { code: 'appid-wrong' }),
  WECHAT_UNREACHABLE: (c) => inject(c, 'POST', '/auth/wechat', {}, { code: 'unreachable' }),
  TICKET_INVALID: (c) => bind(c, 't-none', 'ACDEFGHJ'),
  BIND_CODE_INVALID: async (c) => bind(c, await c.ticket('code-codes-invalid'), 'ACDEFGHJ'),
  BIND_CODE_USED: async (c) => {
    const p = await c.person()
    await bind(c, await c.ticket('code-codes-used-1'), p.bindCode)
    return bind(c, await c.ticket('code-codes-used-2'), p.bindCode)
  },
  BIND_CODE_EXPIRED: async (c) => {
    const p = await c.person()
    c.travel(8 * 24 * 3600 * 1000)
    try {
      return await bind(c, await c.ticket('code-codes-expired'), p.bindCode)
    } finally {
      c.travel(-8 * 24 * 3600 * 1000)
    }
  },
  // Two tickets of one WeChat user before either binds: the second person cannot take the same WeChat.
  WECHAT_ALREADY_BOUND: async (c) => {
    const [a, b] = [await c.person(), await c.person()]
    const [t1, t2] = [await c.ticket('code-codes-twice'), await c.ticket('code-codes-twice')]
    await bind(c, t1, a.bindCode)
    return bind(c, t2, b.bindCode)
  },
  WEB_TICKET_USED: async (c) => {
    const id = (await inject(c, 'POST', '/auth/web-tickets')).json().id
    await inject(c, 'POST', `/auth/web-tickets/${id}/approve`, c.as.admin)
    return inject(c, 'POST', `/auth/web-tickets/${id}/approve`, c.as.admin)
  },
  WEB_TICKET_EXPIRED: async (c) => {
    const id = (await inject(c, 'POST', '/auth/web-tickets')).json().id
    c.travel(3 * 60 * 1000)
    try {
      return await inject(c, 'POST', `/auth/web-tickets/${id}/approve`, c.as.admin)
    } finally {
      c.travel(-3 * 60 * 1000)
    }
  },
  REMINDERS_NOT_CONFIGURED: (c) => inject(c, 'POST', '/reminders/run', c.as.admin),
  SOURCE_INVALID: (c) => inject(c, 'POST', '/people/imports', c.as.admin, { source: 'anywhere' }),
  PEOPLE_HEADERS_MISSING: (c) => peopleSheet(c, '名称,电话\n甲,13900000000\n'),
  PEOPLE_EMPTY: (c) => peopleSheet(c, '姓名,单位,手机号\n'),
  PEOPLE_TOO_MANY: (c) => peopleSheet(c, '姓名,单位\n' + '甲,无锡市人民政府办公室\n'.repeat(5001)),
  INVITATION_INVALID: (c) => inject(c, 'GET', `/join/${'x'.repeat(24)}`),
  INVITATION_REVOKED: async (c) => {
    const inv = (await inject(c, 'POST', '/departments/d-city-bgs/invitations', c.as.admin)).json()
    await inject(c, 'DELETE', `/invitations/${inv.id}`, c.as.admin)
    return inject(c, 'GET', `/join/${inv.token}`)
  },
  INVITATION_EXPIRED: async (c) => {
    const inv = (await inject(c, 'POST', '/departments/d-city-bgs/invitations', c.as.admin)).json()
    c.travel(15 * 24 * 3600 * 1000)
    try {
      return await inject(c, 'GET', `/join/${inv.token}`)
    } finally {
      c.travel(-15 * 24 * 3600 * 1000)
    }
  },
  PHONE_UNSUPPORTED: async (c) => {
    const inv = (await inject(c, 'POST', '/departments/d-city-bgs/invitations', c.as.admin)).json()
    return inject(c, 'POST', `/join/${inv.token}`, {}, { code: 'code-abroad', phoneCode: 'phone-4155550100' })
  },
  PHONE_CODE_INVALID: async (c) => {
    const inv = (await inject(c, 'POST', '/departments/d-city-bgs/invitations', c.as.admin)).json()
    return inject(c, 'POST', `/join/${inv.token}`, {}, { code: 'code-phoneless', phoneCode: 'expired' })
  },
  JOIN_DECIDED: async (c) => {
    const inv = (await inject(c, 'POST', '/departments/d-city-bgs/invitations', c.as.admin)).json()
    const asked = (await inject(c, 'POST', `/join/${inv.token}`, {}, { code: 'code-asker', phoneCode: 'phone-13911112222' })).json()
    await inject(c, 'POST', `/join-requests/${asked.requestId}/reject`, c.as.admin)
    return inject(c, 'POST', `/join-requests/${asked.requestId}/approve`, c.as.admin, { name: '某人' })
  }
}

const peopleSheet = (c: Ctx, csv: string) => {
  const body = multipart(Buffer.from(csv), 'people.csv')
  return inject(c, 'POST', '/people/imports', { ...c.as.admin, ...body.headers }, body.payload)
}

/** WeChat's code2session as this test needs it: code-x → o-x, and each failure on its own code. */
const fakeCode2Session: typeof fetch = async (input, init) => {
  const url = new URL(String(input))
  const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
  // The phone button: an access token, then phone-<digits> → that number (anything else → 40029).
  if (url.pathname === '/cgi-bin/token') return json({ access_token: 'at', expires_in: 7200 })
  if (url.pathname === '/wxa/business/getuserphonenumber') {
    const phoneCode = String((JSON.parse(String(init?.body ?? '{}')) as { code?: string }).code ?? '')
    const m = /^phone-(\d+)$/.exec(phoneCode)
    return json(m ? { errcode: 0, phone_info: { purePhoneNumber: m[1], countryCode: '86' } } : { errcode: 40029, errmsg: 'invalid code' })
  }
  const code = url.searchParams.get('js_code') ?? ''
  if (code === 'unreachable') throw new TypeError('fetch failed')
  const body =
    code === 'bad'
      ? { errcode: 40029, errmsg: 'invalid code' }
      : code === 'limit'
        ? { errcode: 45011, errmsg: 'minute-quota reach limit' }
        : code === 'busy'
          ? { errcode: -1, errmsg: 'system error' }
          : code.startsWith('code-')
            ? { openid: `o-${code.slice(5)}`, session_key: 'k' }
            : { errcode: 40013, errmsg: 'invalid appid' }
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
}

describe.each(dialects)('every error code on %s', (dialect) => {
  let server: TestServer
  let ctx: Ctx
  let offset = 0
  beforeAll(async () => {
    server = await startServer(dialect, { deps: { wechat: createCode2Session({ appId: 'wx-test', secret: 's', fetch: fakeCode2Session, retryDelayMs: 1 }) } })
    server.deps.now = () => new Date(Date.now() + offset)
    const as = {
      admin: await login(server.app, 'admin'),
      inspector: await login(server.app, 'inspector'),
      inspector2: await login(server.app, 'inspector2'),
      liaison: await login(server.app, 'liaison-wjw')
    }
    let people = 0
    const issue = await server.deps.db.selectFrom('issues').select('id').where('department_id', '=', 'd-city-wjw').executeTakeFirstOrThrow()
    ctx = {
      issue: issue.id,
      s: server,
      as,
      travel: (ms) => {
        offset += ms
      },
      ticket: async (code) => (await server.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code } })).json().ticket,
      person: async (role = 'inspector') => {
        const res = await server.app.inject({ method: 'POST', url: '/api/v1/users', headers: as.admin, payload: { name: `错误码${++people}`, role, departmentId: 'd-city-bgs' } })
        return res.json()
      }
    }
  })
  afterAll(async () => {
    await server.close()
  })

  it('has a trigger for every code in the source, and no trigger for a code that is gone', () => {
    const codes = serverCodes()
    expect(codes.length).toBeGreaterThan(40)
    expect(codes.filter((code) => !TRIGGERS[code])).toEqual([])
    expect(Object.keys(TRIGGERS).filter((code) => !codes.includes(code))).toEqual([])
  })

  it('answers each code to the request that should produce it, with a Chinese message', async () => {
    const wrong: string[] = []
    for (const [code, trigger] of Object.entries(TRIGGERS)) {
      if (code === 'INTERNAL') continue
      const res = await trigger(ctx)
      if ('json' in res) {
        const body = res.json<{ error?: { code: string; message: string } }>()
        // Only WeChat's or the screenshot store's trouble and a missing configuration are the server's side (5xx); the rest is the request's (4xx).
        const serverSide = ['WECHAT_UNREACHABLE', 'WECHAT_BUSY', 'WECHAT_ERROR', 'WECHAT_NOT_CONFIGURED', 'STORAGE_UNAVAILABLE'].includes(code)
        const statusOk = serverSide ? res.statusCode >= 500 : res.statusCode >= 400 && res.statusCode < 500
        if (body.error?.code !== code || !/[\u4e00-\u9fff]/.test(body.error.message) || !statusOk) {
          wrong.push(`${code}: got ${res.statusCode} ${res.body.slice(0, 160)}`)
        }
      } else if (res.code !== code) wrong.push(`${code}: got ${res.code}`)
    }
    expect(wrong).toEqual([])
  })

  it('names every problem of a refused checklist in its details', async () => {
    const national = nationalAnswers('2024-06-20')
    const [first, second, third, lag] = [national[0], national[1], national[2], national.find((a) => a.value !== null)]
    if (!first || !second || !third || !lag) throw new Error('the national checklist changed')
    const sets = [
      [...national, { ...first }],
      [...national, { code: 'NOPE', result: 'pass', note: '', value: null, evidence: [] }],
      national.map((a) => (a === first ? { ...a, result: 'fail', note: '', evidence: [] } : a)),
      national.map((a) => (a === second ? { ...a, result: 'fail', note: '漏洞', evidence: [] } : a)),
      national.map((a) => (a === third ? { ...a, note: '注'.repeat(MAX_NOTE_LENGTH + 1) } : a)),
      national.map((a) => (a === lag ? { ...a, value: '2024-13-45' } : a)),
      national.map((a) => (a === lag ? { ...a, value: '2024-07-30' } : a)),
      national.filter((a) => a !== first)
    ]
    const seen = new Set<string>()
    for (const [i, answers] of sets.entries()) {
      const res = await inspection(ctx, `c-codes-problem-${i}`, { answers })
      expect(res.statusCode).toBe(422)
      for (const p of res.json().error.details.problems as { code: string; message: string }[]) {
        expect(p.message).toMatch(/[\u4e00-\u9fff]/)
        seen.add(p.code)
      }
    }
    expect(problemCodes().filter((code) => !seen.has(code))).toEqual([])
  })

  it('answers INTERNAL, with no detail of the failure, when the database is gone under the server', async () => {
    const broken = await startServer(dialect, { seed: true })
    const headers = await login(broken.app, 'admin')
    await broken.deps.db.destroy()
    const res = await broken.app.inject({ method: 'GET', url: '/api/v1/rounds', headers })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ error: { code: 'INTERNAL', message: '服务器出错了，请稍后再试' } })
    await broken.close().catch(() => undefined)
  })
})
