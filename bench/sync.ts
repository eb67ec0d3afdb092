import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { NATIONAL_2019, computeVerdict } from '../src/core'
import { createApiClient, type ApiClient, type InspectionBody } from '../src/api/client'
import { createHttpsTransport } from '../src/api/https-transport'
import { memoryFiles, sha256Hex } from '../src/platform/files'
import { createOutboxStore } from '../src/stores/outbox'
import { memoryStorage } from '../src/stores/memory-storage'
import { createSyncWorker } from '../src/sync/worker'
import { buildApp } from '../server/app'
import { migrateToLatest, type Dialect } from '../server/db'
import { defaultIds } from '../server/deps'
import { seedDemo } from '../server/demo/seed'
import { failingAnswers, nodeTaroHttp } from './sync-fixtures'
import { openFresh, postgresUp } from './fresh-db'
import { LocalEvidenceStore } from '../server/storage/evidence-store'
import { submissionHash } from '../server/services/inspections'

/**
 * Sync throughput: inspections per second, each with two screenshots, through the real outbox
 * worker and HTTPS transport over loopback to the real server — beside a raw batched insert of the
 * same rows into the same kind of database. Run: `npx tsx bench/sync.ts [count]` (default 200).
 * PostgreSQL is measured when it answers at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
const N = Number(process.argv[2] ?? 200)

async function bench(dialect: Dialect, shots: Uint8Array[][], dir: string) {
  // Through the app: outbox → worker → HTTPS over loopback → server → database and evidence directory.
  const { db, drop } = await openFresh(dialect, dir)
  await migrateToLatest(db)
  const deps = { db: db.db, evidence: new LocalEvidenceStore(join(dir, `ev-${dialect}`)), now: () => new Date(), newId: defaultIds() }
  await seedDemo(deps)
  const app = await buildApp({ deps, demo: true })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
  let token: string | null = null
  const raw = createApiClient(createHttpsTransport(base, nodeTaroHttp), () => token)
  token = (await raw.loginDemo('admin')).token
  const accounts = []
  for (let page = 1; accounts.length < N; page++) accounts.push(...(await raw.accounts('r-2024q2', { pageSize: 100, page })).items)

  const phases = { check: 0, upload: 0, put: 0 }
  const timed = <K extends keyof typeof phases, A extends unknown[], R>(k: K, f: (...a: A) => Promise<R>) => async (...a: A) => {
    const t = performance.now()
    try {
      return await f(...a)
    } finally {
      phases[k] += performance.now() - t
    }
  }
  const api: Pick<ApiClient, 'checkEvidence' | 'uploadEvidence' | 'putInspection' | 'answerIssue' | 'putPractice'> = {
    checkEvidence: timed('check', raw.checkEvidence),
    uploadEvidence: timed('upload', raw.uploadEvidence),
    putInspection: timed('put', raw.putInspection),
    answerIssue: raw.answerIssue,
    putPractice: raw.putPractice
  }
  const files = memoryFiles()
  const paths = new Map<string, string>()
  const outbox = createOutboxStore({ storage: memoryStorage() })
  const worker = createSyncWorker({
    outbox,
    api,
    files: { ...files, uploadPath: async (ref) => paths.get(ref) ?? null },
    now: () => 0,
    random: () => 0.5,
    schedule: () => undefined
  })
  const bodies: InspectionBody[] = []
  for (let i = 0; i < N; i++) {
    const kept = []
    for (const [k, bytes] of (shots[i] as Uint8Array[]).entries()) {
      files.put(`tmp://${i}/${k}`, bytes)
      const f = await files.keep(`tmp://${i}/${k}`)
      const p = join(dir, `${dialect}-${i}-${k}.jpg`)
      writeFileSync(p, bytes)
      paths.set(f.ref, p)
      kept.push(f)
    }
    const body = { roundId: 'r-2024q2', checkpointId: 'cp-2024q2-2', accountId: (accounts[i] as { id: string }).id, answers: failingAnswers(kept.map((k) => k.sha256), i) }
    bodies.push(body)
    outbox.getState().enqueue({ kind: 'inspection', clientId: `c-bench-${i}`, label: `${i}`, verdict: 'fail', body, photos: kept }, 0)
  }
  const t0 = performance.now()
  await worker.kick()
  const syncMs = performance.now() - t0
  if (outbox.getState().entries.length > 0) throw new Error(`outbox not drained: ${JSON.stringify(outbox.getState().entries[0]?.lastError)}`)
  await app.close()
  await db.close()
  await drop()

  // Raw: the same rows in batched inserts, one transaction, into a fresh database of the same kind.
  const fresh = await openFresh(dialect, dir)
  await migrateToLatest(fresh.db)
  await seedDemo({ ...deps, db: fresh.db.db, evidence: new LocalEvidenceStore(join(dir, `ev2-${dialect}`)) })
  const now = new Date().toISOString()
  const t1 = performance.now()
  await fresh.db.db.transaction().execute(async (trx) => {
    const evidence = shots.slice(0, N).flat().map((b) => ({ sha256: sha256Hex(b), mime: 'image/jpeg', size: b.length, width: 600, height: 1000, uploaded_by: 'u-admin', created_at: now }))
    for (let i = 0; i < evidence.length; i += 200) await trx.insertInto('evidence').values(evidence.slice(i, i + 200)).execute()
    const inspections = []
    const versions = []
    const results = []
    const links: { inspection_id: string; indicator_code: string; sha256: string; seq: number }[] = []
    const issues = []
    for (const [i, body] of bodies.entries()) {
      const id = `i-raw-${i}`
      const v = computeVerdict(NATIONAL_2019, body.answers, '2024-06-25')
      inspections.push({ id, client_id: `c-raw-${i}`, round_id: body.roundId, checkpoint_id: body.checkpointId, account_id: body.accountId, inspector_id: 'u-admin', verdict: v.verdict ?? 'fail', score: null, body_hash: submissionHash(body), is_current: 1, submitted_at: now, version: 1 })
      versions.push({ inspection_id: id, version: 1, body_hash: submissionHash(body), body: JSON.stringify(body), verdict: v.verdict ?? 'fail', submitted_at: now })
      for (const a of body.answers) {
        results.push({ inspection_id: id, indicator_code: a.code, result: v.results[a.code] ?? 'na', note: a.note, value: a.value })
        a.evidence.forEach((sha256, seq) => links.push({ inspection_id: id, indicator_code: a.code, sha256, seq }))
      }
      issues.push({ id: `iss-raw-${i}`, round_id: body.roundId, account_id: `${body.accountId}`, department_id: 'd-city-bgs', indicator_code: `RAW-${i}`, indicator_kind: 'veto', inspection_id: id, finding: '', status: 'open', created_at: now, updated_at: now })
    }
    const batch = async <T>(table: 'inspections' | 'inspection_versions' | 'inspection_results' | 'inspection_evidence' | 'issues', rows: T[]) => {
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto(table).values(rows.slice(i, i + 200) as never).execute()
    }
    // As the sync path does: the seeded inspections of these accounts stop being current.
    const accountIds = bodies.map((b) => b.accountId)
    for (let i = 0; i < accountIds.length; i += 200) {
      await trx.updateTable('inspections').set({ is_current: 0 }).where('checkpoint_id', '=', 'cp-2024q2-2').where('account_id', 'in', accountIds.slice(i, i + 200)).execute()
    }
    await batch('inspections', inspections)
    await batch('inspection_versions', versions)
    await batch('inspection_results', results)
    await batch('inspection_evidence', links)
    await batch('issues', issues)
  })
  const rawMs = performance.now() - t1
  await fresh.db.close()
  await fresh.drop()

  const syncRate = (N / syncMs) * 1000
  const rawRate = (N / rawMs) * 1000
  const total = phases.check + phases.upload + phases.put
  const pct = (x: number) => `${((x / total) * 100).toFixed(0)}%`
  console.log(
    `${dialect.padEnd(8)} sync ${syncRate.toFixed(1)} inspections/s (${N} × 2 screenshots in ${(syncMs / 1000).toFixed(2)} s) | ` +
      `raw batched insert ${rawRate.toFixed(0)} inspections/s | ratio ${(syncRate / rawRate).toFixed(3)}`
  )
  console.log(`         where the sync time goes: evidence check ${pct(phases.check)}, uploads ${pct(phases.upload)}, inspection PUTs ${pct(phases.put)}`)
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gnm-bench-sync-'))
  try {
    const shots: Uint8Array[][] = []
    let bytes = 0
    for (let i = 0; i < N; i++) {
      const pair: Uint8Array[] = []
      for (let k = 0; k < 2; k++) {
        const img = await sharp({ create: { width: 600, height: 1000, channels: 3, background: { r: (i * 7) % 256, g: k * 120, b: 80 }, noise: { type: 'gaussian', mean: 128, sigma: 12 } } })
          .jpeg({ quality: 80 })
          .toBuffer()
        pair.push(new Uint8Array(img))
        bytes += img.length
      }
      shots.push(pair)
    }
    console.log(`${N} inspections, ${N * 2} screenshots (600×1000 JPEG, mean ${(bytes / (N * 2) / 1024).toFixed(0)} KiB), loopback, 2 cores`)
    await bench('sqlite', shots, dir)
    if (await postgresUp()) await bench('postgres', shots, dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
