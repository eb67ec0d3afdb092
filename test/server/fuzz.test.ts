import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { sql } from 'kysely'
import { apiRoutes, type ApiRoute } from '../../server/app'
import { dialects, login, startServer, type TestServer } from './harness'

/**
 * Bad requests, generated over every route the router knows: no or forged credentials, bodies the
 * parser cannot read or of a type it does not take, path parameters no record has (traversal,
 * injection, 3,000 characters, emoji, broken percent-encoding), and bodies that break the route's
 * schema (fast-check, seeded). Every answer must be a 4xx with a stable code, never a 5xx or a
 * success, and no row of any table may change.
 */

/** Routes that take no login (sign-in, desktop tickets, health). */
const PUBLIC = new Set([
  'GET /api/v1/health',
  'GET /api/v1/auth/demo-users',
  'POST /api/v1/auth/demo',
  'POST /api/v1/auth/wechat',
  'POST /api/v1/auth/bind',
  'POST /api/v1/auth/web-tickets',
  'GET /api/v1/auth/web-tickets/:ticketId'
])
/** Public reads with nothing to get wrong: every request to them is a good one. */
const NOTHING_BAD = new Set(['GET /api/v1/health', 'GET /api/v1/auth/demo-users'])

const NASTY_PARAMS = [
  '..',
  '../../etc/passwd',
  'a'.repeat(3000),
  '😀🇨🇳',
  "' OR '1'='1",
  '1; DROP TABLE users; --',
  '1e300',
  '-1',
  '<script>alert(1)</script>',
  '%zz',
  'r-2024q2%00',
  ' '
]
const SEED = 20261201
const RANDOM_BODIES = 50
const RANDOM_PARAMS = 8

interface Probe {
  route: string
  method: string
  url: string
  headers: Record<string, string>
  payload?: string
}

const key = (r: ApiRoute) => `${r.method} ${r.url}`
const hasBody = (method: string) => method === 'POST' || method === 'PUT' || method === 'PATCH'
const paramsOf = (url: string) => [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] as string)
/** The route's path with each parameter set; `raw` values go in unencoded (broken percent-encoding). */
const fill = (url: string, value: (name: string) => string, raw = false) =>
  url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => (raw ? value(name) : encodeURIComponent(value(name))))

/** A body no schema takes: not an object, or an object with a key no schema names. */
const badBody = fc.oneof(
  fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.array(fc.anything(), { maxLength: 5 })),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 3 }), { maxKeys: 5 }).map((o) => ({ ...o, '\u00a7fuzz': true }))
)

function probes(routes: ApiRoute[], admin: Record<string, string>): Probe[] {
  const out: Probe[] = []
  const rng = fc.sample(badBody, { seed: SEED, numRuns: routes.length * RANDOM_BODIES })
  const randomParams = fc.sample(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), { seed: SEED, numRuns: routes.length * RANDOM_PARAMS })
  routes.forEach((r, i) => {
    const route = key(r)
    if (NOTHING_BAD.has(route)) return
    const params = paramsOf(r.url)
    const url = fill(r.url, () => 'fuzz-1')
    const json = { 'content-type': 'application/json' }
    if (!PUBLIC.has(route)) {
      // Credentials: none, a forged token, another scheme, a token in the query of a write.
      for (const authorization of [undefined, 'Bearer 0000000000000000000000000000000000000000', 'Basic YWRtaW46YWRtaW4=', 'Bearer']) {
        out.push({ route, method: r.method, url, headers: authorization ? { authorization } : {} })
      }
      if (r.method !== 'GET') out.push({ route, method: r.method, url: `${url}?access_token=${admin.authorization?.slice(7) ?? ''}`, headers: {} })
    }
    if (hasBody(r.method)) {
      // Bodies the parser refuses, as any caller.
      out.push({ route, method: r.method, url, headers: { ...admin, ...json }, payload: '{"name": ' })
      out.push({ route, method: r.method, url, headers: { ...admin, 'content-type': 'application/xml' }, payload: '<a/>' })
      out.push({ route, method: r.method, url, headers: { ...admin, ...json }, payload: '[' + '['.repeat(5000) })
    }
    if (params.length > 0) {
      // Parameters no record has, as an admin (who may reach every route).
      const values = [...NASTY_PARAMS, ...randomParams.slice(i * RANDOM_PARAMS, (i + 1) * RANDOM_PARAMS)]
      for (const value of values) {
        const raw = value === '%zz'
        out.push({ route, method: r.method, url: fill(r.url, () => value, raw), headers: hasBody(r.method) ? { ...admin, ...json } : admin, payload: hasBody(r.method) ? '{}' : undefined })
      }
    }
    if (r.body) {
      // Bodies that break the route's schema, as an admin.
      for (const body of rng.slice(i * RANDOM_BODIES, (i + 1) * RANDOM_BODIES)) {
        out.push({ route, method: r.method, url, headers: { ...admin, ...json }, payload: JSON.stringify(body) })
      }
    }
  })
  return out
}

/** Every table's rows, hashed: a change anywhere changes the digest of its table. */
async function snapshot(server: TestServer): Promise<Record<string, string>> {
  const db = server.deps.db
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_'))
  const out: Record<string, string> = {}
  for (const table of tables.sort()) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows
    const lines = rows.map((row) => JSON.stringify(Object.keys(row).sort().map((k) => [k, String(row[k])]))).sort()
    out[table] = `${rows.length}:${createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16)}`
  }
  return out
}

describe.each(dialects)('bad requests over every route on %s', (dialect) => {
  let server: TestServer
  let admin: Record<string, string>
  beforeAll(async () => {
    server = await startServer(dialect)
    admin = await login(server.app, 'admin')
    // A session is marked seen on its first use (then hourly): use it once before the snapshot.
    await server.app.inject({ url: '/api/v1/me', headers: admin })
  })
  afterAll(async () => {
    await server.close()
  })

  it('answers each with a 4xx and a stable code, and changes no row', async () => {
    const routes = apiRoutes(server.app)
    const all = probes(routes, admin)
    expect(all.length).toBeGreaterThanOrEqual(2000)
    // Every route the router knows gets bad requests, except the two public reads that cannot go wrong.
    expect(routes.filter((r) => !all.some((p) => p.route === key(r))).map(key).sort()).toEqual([...NOTHING_BAD].sort())

    const before = await snapshot(server)
    const wrong: string[] = []
    const codes = new Map<string, number>()
    for (const [i, p] of all.entries()) {
      // Each from an address of its own, so that the sign-in limits do not hide what is behind them.
      const remoteAddress = `10.9.${Math.floor(i / 250)}.${i % 250}`
      const res = await server.app.inject({ method: p.method as 'GET', url: p.url, headers: p.headers, payload: p.payload, remoteAddress })
      let code = ''
      try {
        code = (res.json() as { error?: { code?: string } }).error?.code ?? ''
      } catch {
        // not JSON: wrong below
      }
      if (res.statusCode < 400 || res.statusCode >= 500 || !/^[A-Z_]+$/.test(code)) {
        wrong.push(`${p.method} ${p.url.slice(0, 120)} ${JSON.stringify(p.headers).slice(0, 60)} ${String(p.payload).slice(0, 60)} → ${res.statusCode} ${res.body.slice(0, 120)}`)
      }
      codes.set(code, (codes.get(code) ?? 0) + 1)
    }
    expect(wrong).toEqual([])
    expect(await snapshot(server)).toEqual(before)
    console.log(`[fuzz ${dialect}] ${all.length} bad requests over ${routes.length} routes: ${[...codes].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`)
  }, 120000)
})
