import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app'
import { migrateToLatest, openDatabase, type Dialect } from '../../server/db'
import type { Deps } from '../../server/deps'
import { defaultIds } from '../../server/deps'
import { guardedStore, LocalEvidenceStore } from '../../server/storage/evidence-store'
import { seedDemo } from '../../server/demo/seed'

/**
 * Each test gets a fresh database: a new SQLite file, or a new PostgreSQL schema that is
 * dropped afterwards. The same suites run on both (see `dialects`).
 */
export const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'

/** Every server suite runs on both databases; test/global-setup.ts decides whether PostgreSQL is there. */
export const dialects: Dialect[] = process.env.GNM_PG === '1' ? ['sqlite', 'postgres'] : ['sqlite']

export interface TestServer {
  app: FastifyInstance
  deps: Deps
  close(): Promise<void>
}

/**
 * The seeded demo database, made once per test process and copied for each SQLite server (a file
 * copy instead of a seed with its generated screenshots: about half a second less per server).
 */
let template: Promise<{ file: string; evidence: string }> | null = null
function seededTemplate(): Promise<{ file: string; evidence: string }> {
  template ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gnm-template-'))
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'seeded.sqlite')
    const evidence = join(dir, 'evidence')
    const database = openDatabase({ file })
    await migrateToLatest(database)
    await seedDemo({ db: database.db, evidence: new LocalEvidenceStore(evidence), now: () => new Date(), newId: defaultIds() })
    await database.close()
    return { file, evidence }
  })()
  return template
}

/**
 * Under Stryker (GNM_MUTATION=1) a mutant that leaves a request unanswered (a handler that no
 * longer returns, a hook that never resolves) would hold its test until jest's 30 s timeout, and
 * Stryker would then restart the runner: the hang is turned into a fast failure instead (504 after
 * HANG_MS; no request in these tests takes a second when the code is right). At 5 s a mutant that
 * hangs every request of a suite still outlasted Stryker's timeout and cost a runner restart.
 */
const MUTATION = process.env.GNM_MUTATION === '1'
const HANG_MS = 2500
function answerOrFail(app: FastifyInstance): void {
  const timers = new WeakMap<object, NodeJS.Timeout>()
  app.addHook('onRequest', async (request, reply) => {
    const timer = setTimeout(() => {
      if (!reply.sent) void reply.code(504).send({ error: { code: 'TEST_UNANSWERED', message: '测试：请求未被回答' } })
    }, HANG_MS)
    timers.set(request, timer)
  })
  app.addHook('onResponse', async (request) => clearTimeout(timers.get(request)))
}

export async function startServer(dialect: Dialect, opts: { demo?: boolean; seed?: boolean; deps?: Partial<Deps>; trustOpenidHeader?: boolean } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'gnm-test-'))
  let schema: string | undefined
  if (dialect === 'postgres') {
    schema = `t_${randomBytes(6).toString('hex')}`
    const client = new pg.Client({ connectionString: PG_URL })
    await client.connect()
    await client.query(`CREATE SCHEMA ${schema}`)
    await client.end()
  }
  const seed = opts.seed ?? true
  // The copy holds what seedDemo writes; a test that brings its own clock, ids or stores seeds afresh.
  const fromTemplate = dialect === 'sqlite' && seed && !['db', 'evidence', 'now', 'newId'].some((k) => opts.deps && k in opts.deps)
  if (fromTemplate) {
    const t = await seededTemplate()
    copyFileSync(t.file, join(dir, 'test.sqlite'))
    cpSync(t.evidence, join(dir, 'evidence'), { recursive: true })
  }
  const database = openDatabase(dialect === 'postgres' ? { url: PG_URL, schema } : { file: join(dir, 'test.sqlite') })
  await migrateToLatest(database)
  const deps: Deps = { db: database.db, evidence: guardedStore(new LocalEvidenceStore(join(dir, 'evidence'))), now: () => new Date(), newId: defaultIds(), ...opts.deps }
  if (seed && !fromTemplate) await seedDemo(deps)
  const app = await buildApp({ deps, demo: opts.demo ?? true, trustOpenidHeader: opts.trustOpenidHeader ?? false, configure: MUTATION ? answerOrFail : undefined })
  return {
    app,
    deps,
    async close() {
      await app.close()
      await database.close()
      if (schema) {
        const client = new pg.Client({ connectionString: PG_URL })
        await client.connect()
        await client.query(`DROP SCHEMA ${schema} CASCADE`)
        await client.end()
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export async function login(app: FastifyInstance, username: string): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { username } })
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`)
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` }
}
