import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { BUILTIN_CATALOGS, NATIONAL_2019 } from '../src/core'
import { buildApp } from '../server/app'
import { migrateToLatest, type Db, type Dialect } from '../server/db'
import { defaultIds } from '../server/deps'
import { demoDepartments } from '../server/demo/registry'
import { DEMO_USERS } from '../server/demo/seed'
import { openFresh, postgresUp } from './fresh-db'
import { LocalEvidenceStore } from '../server/storage/evidence-store'
import { checkImage } from '../server/storage/images'

/**
 * Issue lists at scale: 100,000 accounts, 4 rounds, 5 % of accounts failing one indicator per
 * round (20,000 issues). Measures one department's issue list (page 1, as a liaison opens it)
 * p50/p95 over 300 requests through the API, and the export of one whole round as .xlsx.
 * Run: `npx tsx bench/issues.ts [accounts]`. PostgreSQL when it answers at DATABASE_URL.
 */
const ACCOUNTS = Number(process.argv[2] ?? 100_000)
const ROUNDS = 4
const FAILING = 0.05

async function insertAll<T>(db: Db, table: string, rows: T[], size = 1000): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await db.db.insertInto(table as never).values(rows.slice(i, i + size) as never).execute()
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

async function bench(dialect: Dialect): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), `gnm-bench-issues-${dialect}-`))
  const { db, drop } = await openFresh(dialect, dir)
  try {
    await migrateToLatest(db)
    const evidence = new LocalEvidenceStore(join(dir, 'evidence'))
    const t0 = performance.now()
    const departments = demoDepartments()
    await insertAll(db, 'departments', departments.map((d) => ({ id: d.id, parent_id: d.parentId, name: d.name, short_name: d.shortName, level: d.level, host_level: d.hostLevel })))
    await insertAll(db, 'users', DEMO_USERS.map((u) => ({ id: u.id, username: u.username, name: u.name, role: u.role, department_id: u.departmentId, openid: null })))
    await insertAll(db, 'catalogs', BUILTIN_CATALOGS.map((c) => ({ id: c.id, code: c.code, version: c.version, name: c.name, definition: JSON.stringify(c) })))
    const shotBytes = await sharp({ create: { width: 300, height: 500, channels: 3, background: { r: 200, g: 60, b: 60 } } }).png().toBuffer()
    const shot = await checkImage(shotBytes)
    await evidence.put(shot.sha256, shotBytes, shot.thumbnail)
    await insertAll(db, 'evidence', [{ sha256: shot.sha256, mime: shot.mime, size: shot.size, width: shot.width, height: shot.height, uploaded_by: 'u-admin', created_at: new Date().toISOString() }])
    const hosts = departments.filter((d) => d.level !== 'city')
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => {
      const host = hosts[i % hosts.length] as (typeof hosts)[number]
      return { id: `a${i}`, name: `${host.shortName}${i}`, platform: ['wechat', 'weibo', 'app', 'other'][i % 4] as string, platform_ref: `ref${i}`, host_department_id: host.id, operator: host.name, contact: '0510-80000000', status: 'active', stop_notice_on: null, registry_no: `R${i}`, opened_on: '2020-01-01' }
    })
    await insertAll(db, 'accounts', accounts)
    const inspections = []
    const links = []
    const issues = []
    for (let r = 0; r < ROUNDS; r++) {
      const roundId = `r${r}`
      await insertAll(db, 'rounds', [{ id: roundId, name: `2024年第${r + 1}季度`, catalog_id: NATIONAL_2019.id, deadline: `2024-${String(r * 3 + 3).padStart(2, '0')}-28`, contact_name: '赵磊', contact_phone: '0510-81821234', state: 'open', created_at: `2024-0${r + 1}-01T00:00:00Z` }])
      await insertAll(db, 'checkpoints', [{ id: `cp${r}`, round_id: roundId, seq: 1, date: `2024-${String(r * 3 + 2).padStart(2, '0')}-15` }])
      const step = Math.round(1 / FAILING)
      for (let i = r; i < ACCOUNTS; i += step) {
        const account = accounts[i] as (typeof accounts)[number]
        const id = `i${r}-${i}`
        const at = new Date(Date.UTC(2024, r * 3 + 1, 1 + (i % 27), i % 24)).toISOString()
        const code = ['SEC-1', 'UPD-1', 'INT-1'][i % 3] as string
        inspections.push({ id, client_id: `c${r}-${i}`, round_id: roundId, checkpoint_id: `cp${r}`, account_id: account.id, inspector_id: 'u-inspector', verdict: 'fail', score: null, body_hash: 'bench', is_current: 1, submitted_at: at, version: 1 })
        links.push({ inspection_id: id, indicator_code: code, sha256: shot.sha256, seq: 0 })
        issues.push({ id: `iss${r}-${i}`, round_id: roundId, account_id: account.id, department_id: account.host_department_id, indicator_code: code, indicator_kind: 'veto', inspection_id: id, finding: `第${r + 1}季度检查发现的问题（账号 ${account.name}）`, status: ['open', 'submitted', 'verified', 'returned'][i % 4] as string, created_at: at, updated_at: at })
      }
    }
    await insertAll(db, 'inspections', inspections)
    await insertAll(db, 'inspection_evidence', links)
    await insertAll(db, 'issues', issues)
    if (dialect === 'postgres') await db.db.executeQuery({ sql: 'ANALYZE', parameters: [], query: { kind: 'RawNode', sqlFragments: ['ANALYZE'], parameters: [] } } as never)
    const loadS = (performance.now() - t0) / 1000

    const deps = { db: db.db, evidence, now: () => new Date('2024-06-01T00:00:00Z'), newId: defaultIds() }
    const app = await buildApp({ deps, demo: true })
    const token = (await app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { username: 'liaison-wjw' } })).json<{ token: string }>().token
    const admin = (await app.inject({ method: 'POST', url: '/api/v1/auth/demo', payload: { username: 'admin' } })).json<{ token: string }>().token
    const url = `/api/v1/departments/d-city-wjw/issues?roundId=r1`
    const first = await app.inject({ url, headers: { authorization: `Bearer ${token}` } })
    const total = first.json<{ total: number }>().total
    const times: number[] = []
    for (let i = 0; i < 300; i++) {
      const t = performance.now()
      const res = await app.inject({ url: `${url}&page=${1 + (i % 3)}`, headers: { authorization: `Bearer ${token}` } })
      times.push(performance.now() - t)
      if (res.statusCode !== 200) throw new Error(res.body)
    }
    times.sort((a, b) => a - b)
    const t1 = performance.now()
    const exported = await app.inject({ url: '/api/v1/rounds/r1/issues.xlsx', headers: { authorization: `Bearer ${admin}` } })
    const exportS = (performance.now() - t1) / 1000
    if (exported.statusCode !== 200) throw new Error(exported.body)
    await app.close()
    console.log(
      `${dialect.padEnd(8)} ${ACCOUNTS} accounts, ${issues.length} issues (loaded in ${loadS.toFixed(1)} s) | ` +
        `one department's list (${total} issues in round, 20 a page): p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms | ` +
        `whole round export: ${issues.length / ROUNDS} issues → ${(exported.rawPayload.length / 1024 / 1024).toFixed(1)} MiB xlsx in ${exportS.toFixed(1)} s`
    )
  } finally {
    await db.close()
    await drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  await bench('sqlite')
  if (await postgresUp()) await bench('postgres')
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
