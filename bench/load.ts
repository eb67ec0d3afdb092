import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import sharp from 'sharp'
import { openDatabase } from '../server/db'
import { LocalEvidenceStore } from '../server/storage/evidence-store'
import { insertSession } from '../server/db/repos/users'
import { SESSION_TTL_MS } from '../server/auth/session'
import { nationalAnswers } from '../test/server/fixtures'
import { startBucket } from '../test/server/s3'
import { freePort, healthy, startProcess, type ServerProcess } from '../test/sync/server-process'

/**
 * Load on the production shape, loopback only and bounded: two server processes (server/main.ts)
 * on one PostgreSQL database and one local S3-compatible bucket (s3rver). VIRTUAL inspectors
 * (default 200, each with their own session and share of the demo round), at most CONCURRENCY
 * (default 50) at work at once, each inspecting their accounts as the phone does: two
 * screenshots uploaded, then the inspection PUT, to either server; a failed call (network, 5xx)
 * is retried on the other server, as the outbox would. Server A is SIGKILLed once a third of the
 * inspections are in, and started again. Prints throughput, p50/p95/p99 per call kind and the
 * errors seen, then checks in the database that every accepted inspection exists exactly once with
 * both its screenshots, and in the bucket that each screenshot's bytes hash to its name.
 *
 * Run: `npx tsx bench/load.ts [virtual inspectors] [concurrency]` (PostgreSQL at DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/test; the bench creates and drops its own database).
 * LOAD_STORE=local keeps the screenshots in one directory both processes share instead, for comparison.
 */
const VIRTUAL = Number(process.argv[2] ?? 200)
const CONCURRENCY = Number(process.argv[3] ?? 50)
const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
const ROUND = 'r-2024q2'
const CHECKPOINT = 'cp-2024q2-2'
const LOCAL = process.env.LOAD_STORE === 'local'

interface Call {
  kind: 'upload' | 'inspection'
  ms: number
  status: number
}

const calls: Call[] = []
const errors = new Map<string, number>()
const bump = (k: string) => errors.set(k, (errors.get(k) ?? 0) + 1)
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number)
}

/** A phone-sized JPEG, different per seed (a noise band makes each one unique). */
async function screenshot(seed: number): Promise<Buffer> {
  const noise = randomBytes(360 * 40 * 3)
  const band = await sharp(noise, { raw: { width: 360, height: 40, channels: 3 } }).png().toBuffer()
  return sharp({ create: { width: 360, height: 780, channels: 3, background: { r: (seed * 37) % 256, g: (seed * 11) % 256, b: 200 } } })
    .composite([{ input: band, top: (seed * 13) % 700, left: 0 }])
    .jpeg({ quality: 80 })
    .toBuffer()
}

async function main(): Promise<void> {
  const dbName = `gnm_load_${randomBytes(4).toString('hex')}`
  const url = PG_URL.replace(/\/[^/]*$/, `/${dbName}`)
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: PG_URL.replace(/\/[^/]*$/, '/postgres') })
    await c.connect()
    await c.query(sql)
    await c.end()
  }
  await admin(`CREATE DATABASE ${dbName}`)
  const bucket = await startBucket('gnm-load')
  const dataDir = mkdtempSync(join(tmpdir(), 'gnm-load-'))
  const ports = [await freePort(), await freePort()]
  const bases = ports.map((p) => `http://127.0.0.1:${p}`)
  const env = { ...(LOCAL ? { EVIDENCE_STORE: 'local' } : bucket.env), DATABASE_URL: url, DATA_DIR: dataDir }
  const procs: (ServerProcess | null)[] = [null, null]
  const started: ServerProcess[] = []
  try {
    procs[0] = startProcess({ port: ports[0] as number, env })
    started.push(procs[0])
    await healthy(bases[0] as string)
    procs[1] = startProcess({ port: ports[1] as number, env })
    started.push(procs[1])
    await healthy(bases[1] as string)

    // Set-up through the API as an admin: the virtual inspectors, and the round's accounts shared among them.
    const adminToken = ((await (await fetch(`${bases[1]}/api/v1/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin' }) })).json()) as { token: string }).token
    const asAdmin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }
    const inspectors: { id: string; token: string }[] = []
    const database = openDatabase({ url })
    for (let i = 0; i < VIRTUAL; i++) {
      const res = await fetch(`${bases[1]}/api/v1/users`, { method: 'POST', headers: asAdmin, body: JSON.stringify({ name: `压测检查员${i}`, role: 'inspector', departmentId: null }) })
      const { id } = (await res.json()) as { id: string }
      // Each one signs in (a session of their own; WeChat sign-in is not what is measured).
      const token = randomBytes(24).toString('base64url')
      await insertSession(database.db, token, id, new Date(), SESSION_TTL_MS)
      inspectors.push({ id, token })
    }
    await database.close()
    const accounts: string[] = []
    for (let page = 1; ; page++) {
      const res = (await (await fetch(`${bases[1]}/api/v1/rounds/${ROUND}/accounts?page=${page}&pageSize=100`, { headers: asAdmin })).json()) as { items: { id: string }[]; total: number }
      accounts.push(...res.items.map((a) => a.id))
      if (accounts.length >= res.total || res.items.length === 0) break
    }
    const items = accounts.map((accountId, i) => ({ accountId, inspectorId: (inspectors[i % inspectors.length] as { id: string }).id }))
    const assigned = await fetch(`${bases[1]}/api/v1/rounds/${ROUND}/assignments`, { method: 'POST', headers: asAdmin, body: JSON.stringify({ mode: 'manual', items }) })
    if (!assigned.ok) throw new Error(`assignment: ${assigned.status} ${await assigned.text()}`)

    const work = inspectors.map((inspector, v) => ({ inspector, accounts: accounts.filter((_a, i) => i % inspectors.length === v) }))
    const shots = new Map<string, Buffer[]>()
    for (const [i, a] of accounts.entries()) shots.set(a, [await screenshot(2 * i), await screenshot(2 * i + 1)])
    const total = accounts.length
    console.log(`set-up: ${VIRTUAL} inspectors, ${total} accounts, ${total * 2} screenshots (${Math.round([...shots.values()].flat().reduce((n, b) => n + b.length, 0) / total / 2 / 1024)} KiB each on average)`)

    // The run.
    let next = 0
    let accepted = 0
    let killedAt = -1
    const acceptedIds = new Map<string, string[]>()
    /** One call, retried on the other server after a network error or a 5xx, as the outbox does. */
    const call = async (kind: Call['kind'], path: string, init: (base: string) => RequestInit): Promise<Response> => {
      for (let attempt = 0; attempt < 30; attempt++) {
        const alive = bases.filter((_b, i) => procs[i] !== null)
        const base = alive[(attempt + next) % alive.length] as string
        const t0 = performance.now()
        try {
          const res = await fetch(`${base}/api/v1${path}`, { ...init(base), signal: AbortSignal.timeout(20000) })
          const ms = performance.now() - t0
          calls.push({ kind, ms, status: res.status })
          if (res.status < 500) return res
          bump(`${kind} ${res.status}`)
          await res.arrayBuffer()
        } catch (e) {
          calls.push({ kind, ms: performance.now() - t0, status: 0 })
          bump(`${kind} network (${(e as Error).name})`)
        }
        await new Promise((r) => setTimeout(r, 100 + 50 * attempt))
      }
      throw new Error(`${kind} ${path}: gave up after 30 attempts`)
    }
    const inspect = async (token: string, accountId: string) => {
      const headers = { authorization: `Bearer ${token}` }
      const digests: string[] = []
      for (const [k, bytes] of (shots.get(accountId) ?? []).entries()) {
        const res = await call('upload', '/evidence', () => {
          const form = new FormData()
          form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), `shot-${k}.jpg`)
          return { method: 'POST', headers, body: form }
        })
        if (!res.ok) throw new Error(`upload ${res.status} ${await res.text()}`)
        digests.push(((await res.json()) as { sha256: string }).sha256)
      }
      const clientId = `load-${accountId}`
      const body = {
        roundId: ROUND,
        checkpointId: CHECKPOINT,
        accountId,
        answers: nationalAnswers('2024-06-20', { 'SEC-1': { result: 'fail', note: '压测：首页出现错别字', evidence: digests } })
      }
      const res = await call('inspection', `/inspections/${clientId}`, () => ({ method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }))
      if (!res.ok) throw new Error(`inspection ${res.status} ${await res.text()}`)
      await res.arrayBuffer()
      accepted++
      acceptedIds.set(clientId, digests)
      if (killedAt < 0 && accepted >= Math.floor(total / 3)) {
        killedAt = accepted
        const victim = procs[0]
        procs[0] = null
        victim?.child.kill('SIGKILL')
        setTimeout(() => {
          const revived = startProcess({ port: ports[0] as number, env })
          started.push(revived)
          void healthy(bases[0] as string).then(() => {
            procs[0] = revived
          })
        }, 1000)
      }
    }
    const t0 = performance.now()
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, work.length) }, async () => {
        for (;;) {
          const mine = work[next++]
          if (!mine) return
          for (const a of mine.accounts) await inspect(mine.inspector.token, a)
        }
      })
    )
    const seconds = (performance.now() - t0) / 1000

    // Figures.
    const by = (kind: Call['kind']) => calls.filter((c) => c.kind === kind && c.status >= 200 && c.status < 300).map((c) => c.ms)
    const all = calls.filter((c) => c.status >= 200 && c.status < 300).map((c) => c.ms)
    const line = (name: string, xs: number[]) => `${name.padEnd(11)} n=${String(xs.length).padStart(4)}  p50 ${percentile(xs, 50).toFixed(0).padStart(4)} ms  p95 ${percentile(xs, 95).toFixed(0).padStart(4)} ms  p99 ${percentile(xs, 99).toFixed(0).padStart(4)} ms`
    console.log(`${accepted} inspections (${accepted * 2} screenshots) by ${VIRTUAL} virtual inspectors, ${CONCURRENCY} at once, over 2 processes, screenshots ${LOCAL ? 'in a shared directory' : 'in the bucket'}: ${seconds.toFixed(1)} s, ${(accepted / seconds).toFixed(1)} inspections/s`)
    console.log(`server A SIGKILLed after ${killedAt} accepted inspections and restarted`)
    console.log(line('all calls', all))
    console.log(line('uploads', by('upload')))
    console.log(line('inspections', by('inspection')))
    console.log(`errors seen (each retried): ${errors.size === 0 ? 'none' : [...errors].map(([k, n]) => `${k} × ${n}`).join(', ')}`)

    // Checks in the database and the bucket.
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    const counts = await c.query<{ client_id: string; n: number }>("select client_id, count(*)::int as n from inspections where client_id like 'load-%' group by client_id")
    const twice = counts.rows.filter((r) => r.n !== 1)
    let wrongEvidence = 0
    let missingObjects = 0
    const store = LOCAL ? new LocalEvidenceStore(join(dataDir, 'evidence')) : bucket.store()
    for (const [clientId, digests] of acceptedIds) {
      const held = await c.query<{ sha256: string }>(
        'select ie.sha256 from inspection_evidence ie join inspections i on i.id = ie.inspection_id where i.client_id = $1 order by ie.seq',
        [clientId]
      )
      if (JSON.stringify(held.rows.map((r) => r.sha256)) !== JSON.stringify(digests)) wrongEvidence++
      for (const sha of digests) {
        const bytes = await store.get(sha, 'original')
        if (!bytes || createHash('sha256').update(bytes).digest('hex') !== sha) missingObjects++
      }
    }
    await c.end()
    const ok = counts.rows.length === accepted && twice.length === 0 && wrongEvidence === 0 && missingObjects === 0 && accepted === total
    console.log(
      `check: ${counts.rows.length} inspections stored for ${accepted} accepted (${total} submitted); stored more than once: ${twice.length}; with other screenshots than sent: ${wrongEvidence}; screenshots missing or wrong in the store: ${missingObjects} → ${ok ? 'OK' : 'FAILED'}`
    )
    if (!ok) process.exitCode = 1
  } finally {
    for (const p of started) p.child.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 500))
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    await bucket.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
