import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql, type Kysely } from 'kysely'
import { NATIONAL_2019, type User } from '../src/core'
import { migrateToLatest, type Dialect } from '../server/db'
import type { Database } from '../server/db/schema'
import { defaultIds } from '../server/deps'
import { ensureBuiltinCatalogs } from '../server/services/catalogs'
import { circularDocx } from '../server/services/circular'
import { roundStats } from '../server/services/stats'
import { refreshRoundVerdicts } from '../server/db/repos/inspections'
import { LocalEvidenceStore } from '../server/storage/evidence-store'
import { openFresh, postgresUp } from './fresh-db'

/**
 * The leader's summary and the circular at scale: N accounts (default 100,000) under 20 competent
 * units and 400 host units, every platform, in 4 rounds of 1 checkpoint each, every account
 * inspected in every round, 3 % failing one veto item (with its issue). Times GET /rounds/:id/stats
 * (the service: the first call, then the median of 5) and the circular .docx (median of 3) for the last round, as a city
 * leader. Only failed results are stored: passes do not enter either figure.
 * Run: `npx tsx bench/summary.ts [accounts]`. PostgreSQL too when it answers at DATABASE_URL.
 */
const ACCOUNTS = Number(process.argv[2] ?? 100_000)
const ROUNDS = 4
const PLATFORMS = ['wechat', 'weibo', 'app', 'other'] as const
const VETO = NATIONAL_2019.indicators.filter((i) => i.kind === 'veto')

async function insertMany<T extends keyof Database>(db: Kysely<Database>, table: T, rows: Record<string, unknown>[], per = 500): Promise<void> {
  for (let i = 0; i < rows.length; i += per) await db.insertInto(table).values(rows.slice(i, i + per) as never).execute()
}

async function fill(db: Kysely<Database>): Promise<string[]> {
  await ensureBuiltinCatalogs(db)
  const departments: Record<string, unknown>[] = [{ id: 'root', parent_id: null, name: '某市', short_name: '某市', level: 'city', host_level: 'city' }]
  for (let u = 0; u < 20; u++) departments.push({ id: `u${u}`, parent_id: 'root', name: `主管单位${u}`, short_name: `主管${u}`, level: u < 10 ? 'city-dept' : 'district', host_level: u < 10 ? 'city' : 'local' })
  for (let h = 0; h < 400; h++) departments.push({ id: `h${h}`, parent_id: `u${h % 20}`, name: `主办单位${h}`, short_name: `主办${h}`, level: 'other', host_level: h % 20 < 10 ? 'city' : 'local' })
  await insertMany(db, 'departments', departments)
  await insertMany(db, 'users', [{ id: 'u-bench', username: 'bench', name: '测试', role: 'admin', department_id: null }])
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
    id: `a${i}`,
    name: `账号${i}`,
    platform: PLATFORMS[i % 4],
    platform_ref: `ref${i}`,
    host_department_id: `h${i % 400}`,
    operator: '',
    contact: '',
    status: 'active',
    stop_notice_on: null,
    registry_no: '',
    opened_on: '2020-01-01'
  }))
  await insertMany(db, 'accounts', accounts, 1000)
  const rounds: string[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const id = `r${r}`
    rounds.push(id)
    const at = `2024-0${r + 3}-01T00:00:00.000Z`
    await insertMany(db, 'rounds', [{ id, name: `2024年第${r + 1}季度`, catalog_id: NATIONAL_2019.id, deadline: `2024-0${r + 4}-19`, contact_name: '王珊', contact_phone: '0510-81821234', state: r < ROUNDS - 1 ? 'closed' : 'open', created_at: at }])
    await insertMany(db, 'checkpoints', [{ id: `${id}-cp1`, round_id: id, seq: 1, date: `2024-0${r + 3}-25` }])
    await insertMany(db, 'round_accounts', accounts.map((a) => ({ round_id: id, account_id: a.id, inspector_id: 'u-bench' })), 1000)
    const fails = (i: number) => (i * 7 + r) % 100 < 3
    await insertMany(
      db,
      'inspections',
      accounts.map((a, i) => ({ id: `${id}-i${i}`, client_id: `${id}-c${i}`, round_id: id, checkpoint_id: `${id}-cp1`, account_id: a.id, inspector_id: 'u-bench', verdict: fails(i) ? 'fail' : 'pass', score: null, body_hash: 'x', is_current: 1, submitted_at: at })),
      800
    )
    await refreshRoundVerdicts(db, id)
    const failing = accounts.flatMap((a, i) => (fails(i) ? [{ a, i, ind: VETO[i % VETO.length] ?? VETO[0] }] : []))
    await insertMany(db, 'inspection_results', failing.map(({ i, ind }) => ({ inspection_id: `${id}-i${i}`, indicator_code: ind?.code, result: 'fail', note: '测试问题', value: null })), 1000)
    await insertMany(
      db,
      'issues',
      failing.map(({ a, i, ind }) => ({ id: `${id}-iss${i}`, round_id: id, account_id: a.id, department_id: a.host_department_id, indicator_code: ind?.code, indicator_kind: 'veto', inspection_id: `${id}-i${i}`, finding: '测试问题', status: 'open', created_at: at, updated_at: at })),
      800
    )
  }
  return rounds
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0

async function bench(dialect: Dialect): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `gnm-bench-summary-${dialect}-`))
  const { db, drop } = await openFresh(dialect, dir)
  try {
    await migrateToLatest(db)
    const t0 = Date.now()
    const rounds = await fill(db.db)
    // A live database keeps its planner statistics (autovacuum; SQLite's ANALYZE on the operator's schedule): so does the bench.
    await sql`ANALYZE`.execute(db.db)
    const filled = Date.now() - t0
    const deps = { db: db.db, evidence: new LocalEvidenceStore(join(dir, 'evidence')), now: () => new Date('2024-07-10T02:00:00Z'), newId: defaultIds() }
    const leader: User = { id: 'u-bench', username: 'bench', name: '测试', role: 'leader', departmentId: null, departmentName: null }
    const last = rounds[rounds.length - 1] as string
    const statTimes: number[] = []
    const first = Date.now()
    let stats = await roundStats(deps, leader, last)
    const firstMs = Date.now() - first
    for (let n = 0; n < 5; n++) {
      const t = Date.now()
      stats = await roundStats(deps, leader, last)
      statTimes.push(Date.now() - t)
    }
    const docTimes: number[] = []
    let size = 0
    for (let n = 0; n < 3; n++) {
      const t = Date.now()
      size = (await circularDocx(deps, { ...leader, role: 'admin' }, { id: 'u-bench', name: '测试', ip: '127.0.0.1' }, last)).bytes.length
      docTimes.push(Date.now() - t)
    }
    console.log(
      `${dialect}: ${ACCOUNTS} accounts × ${ROUNDS} rounds (filled in ${(filled / 1000).toFixed(1)} s): stats ${firstMs} ms first, then ${median(statTimes)} ms (median of 5; runs ${statTimes.join('/')}), ` +
        `circular.docx ${median(docTimes)} ms (median of 3; ${(size / 1024).toFixed(0)} KiB, ${stats.failed} failing accounts in its annex); pass rate ${stats.passRate}%, trend ${stats.trend.length} rounds`
    )
  } finally {
    await db.close()
    rmSync(dir, { recursive: true, force: true })
    await drop()
  }
}

void (async () => {
  await bench('sqlite')
  if (await postgresUp()) await bench('postgres')
})()
