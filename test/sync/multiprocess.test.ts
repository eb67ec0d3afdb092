import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import pg from 'pg'
import sharp from 'sharp'
import { NATIONAL_2019 } from '../../src/core'
import { createApiClient, type InspectionBody } from '../../src/api/client'
import { createHttpsTransport } from '../../src/api/https-transport'
import type { Transport } from '../../src/api/transport'
import { memoryFiles } from '../../src/platform/files'
import { createOutboxStore } from '../../src/stores/outbox'
import { memoryStorage } from '../../src/stores/memory-storage'
import { createSyncWorker } from '../../src/sync/worker'
import { PG_URL } from '../server/harness'
import { startBucket, type LocalBucket } from '../server/s3'
import { cameIn, completed, freePort, healthy, startProcess } from './server-process'

/**
 * Two server processes share one PostgreSQL database and one S3-compatible bucket (s3rver, as
 * production shares Tencent COS or MinIO); the client
 * alternates between them; one is killed with SIGKILL while it handles an inspection (its request
 * log says the request came in and had not completed) and started again, three times. The server
 * must end with exactly the submitted inspections, each with both screenshots.
 */
const run = process.env.GNM_PG === '1' ? describe : describe.skip

const http = {
  async request(o: { url: string; method: string; data?: unknown; header: Record<string, string> }) {
    const res = await fetch(o.url, { method: o.method, headers: o.header, body: o.data === undefined ? undefined : JSON.stringify(o.data), signal: AbortSignal.timeout(10000) })
    const text = await res.text()
    return { statusCode: res.status, data: text ? JSON.parse(text) : null }
  },
  async uploadFile(o: { url: string; filePath: string; name: string; header: Record<string, string> }) {
    const form = new FormData()
    form.append(o.name, new Blob([readFileSync(o.filePath)]), 'shot.png')
    const res = await fetch(o.url, { method: 'POST', headers: o.header, body: form, signal: AbortSignal.timeout(10000) })
    return { statusCode: res.status, data: await res.text() }
  }
}

run('two server processes on one PostgreSQL database', () => {
  const dbName = `gnm_mp_${randomBytes(4).toString('hex')}`
  const url = PG_URL.replace(/\/[^/]*$/, `/${dbName}`)
  const dataDir = mkdtempSync(join(tmpdir(), 'gnm-mp-'))
  const procs: (ChildProcess | null)[] = [null, null]
  const bases: string[] = []
  const ports: number[] = []
  /** Where server A holds inspection requests, per life: before the handler writes, and after it committed but before it answered. */
  const STALL_AT = ['preHandler', 'onSend'] as const
  /** The inspections whose first delivery server A holds when it is killed. */
  const KILL_FOR = [2, 9, 16].map((i) => `c-mp-${dbName}-${i}`)
  /** Server A's request log (it is the one killed). */
  let logA = { text: '' }
  const env = () => ({ ...bucket?.env, DATABASE_URL: url, DATA_DIR: dataDir })
  /** Server A, logging its requests and holding the doomed inspections at this life's hook. */
  const startA = () => {
    const a = startProcess({ port: ports[0] as number, env: env(), log: true, stallAt: STALL_AT[kills.length % STALL_AT.length], stallIds: KILL_FOR })
    logA = a.log
    return a.child
  }
  /** Each kill: the inspection whose request server A was handling, and whether it had not completed when SIGKILL was sent. */
  const kills: { call: number; clientId: string; whileHandling: boolean }[] = []

  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: PG_URL.replace(/\/[^/]*$/, '/postgres') })
    await client.connect()
    await client.query(sql)
    await client.end()
  }

  let bucket: LocalBucket | null = null

  beforeAll(async () => {
    bucket = await startBucket()
    await admin(`CREATE DATABASE ${dbName}`)
    for (let i = 0; i < 2; i++) {
      ports.push(await freePort())
      bases.push(`http://127.0.0.1:${ports[i]}`)
    }
    procs[0] = startA()
    await healthy(bases[0] as string)
    procs[1] = startProcess({ port: ports[1] as number, env: env() }).child
    await healthy(bases[1] as string)
  }, 60000)

  afterAll(async () => {
    for (const p of procs) p?.kill('SIGKILL')
    await new Promise((r) => setTimeout(r, 300))
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
    await bucket?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('ends with exactly the submitted inspections and all their screenshots after a SIGKILL mid-batch', async () => {
    const shots = join(dataDir, 'shots')
    const files = memoryFiles()
    const transports = bases.map((b) => createHttpsTransport(b, http))
    let calls = 0
    // Alternate between the two servers; the first delivery of each KILL_FOR inspection goes to
    // server A, which holds it (stalling-server.ts) and is SIGKILLed as soon as its log says the
    // request came in, while it handles it.
    const pick = (): Transport => transports[++calls % 2] as Transport
    const alternating: Transport = {
      request: async (req) => {
        const clientId = req.path.slice('/inspections/'.length)
        if (req.method !== 'PUT' || !req.path.startsWith('/inspections/') || !KILL_FOR.includes(clientId) || kills.some((k) => k.clientId === clientId) || !procs[0]) {
          return pick().request(req)
        }
        calls += 1
        const victim = procs[0]
        procs[0] = null
        const log = logA
        const answer = (transports[0] as Transport).request(req)
        const reqId = await cameIn(log, `/api/v1${req.path}`)
        victim.kill('SIGKILL')
        kills.push({ call: calls, clientId, whileHandling: reqId !== null && !completed(log, reqId) })
        return answer
      },
      upload: (path, file, token) => pick().upload(path, file, token),
      fileUrl: (path) => path
    }
    let token: string | null = null
    const api = createApiClient(alternating, () => token)
    token = (await createApiClient(transports[1] as Transport, () => null).loginDemo('inspector')).token
    const accounts = (await createApiClient(transports[1] as Transport, () => token).accounts('r-2024q2', { pageSize: 100 })).items

    // The phone's files: uploads go from disk paths; memoryFiles gives digests and refs.
    const { mkdirSync } = await import('node:fs')
    mkdirSync(shots, { recursive: true })
    const outbox = createOutboxStore({ storage: memoryStorage() })
    let clock = 0
    const worker = createSyncWorker({
      outbox,
      api,
      files: { ...files, uploadPath: async (ref) => join(shots, ref.replace('mem://', '') + '.png') },
      now: () => clock,
      random: () => 0.5,
      schedule: () => undefined
    })
    const N = 24
    const expected = new Map<string, string[]>()
    for (let i = 0; i < N; i++) {
      const kept = []
      for (let k = 0; k < 2; k++) {
        const png = new Uint8Array(await sharp({ create: { width: 50 + i, height: 80 + k, channels: 3, background: { r: i * 9, g: k * 100, b: 50 } } }).png().toBuffer())
        files.put(`tmp://${i}/${k}`, png)
        const f = await files.keep(`tmp://${i}/${k}`)
        writeFileSync(join(shots, f.ref.replace('mem://', '') + '.png'), png)
        kept.push(f)
      }
      const evidence = kept.map((k) => k.sha256)
      const body: InspectionBody = {
        roundId: 'r-2024q2',
        checkpointId: 'cp-2024q2-2',
        accountId: (accounts[i] as { id: string }).id,
        answers: NATIONAL_2019.indicators.map((ind) => ({
          code: ind.code,
          result: ind.rule ? null : ind.code === 'SEC-1' ? 'fail' : 'pass',
          note: ind.code === 'SEC-1' ? `第${i + 1}条：职务表述错误` : '',
          value: ind.rule ? '2024-06-22' : null,
          evidence: ind.code === 'SEC-1' ? evidence : []
        }))
      }
      const clientId = `c-mp-${dbName}-${i}`
      expected.set(clientId, evidence)
      outbox.getState().enqueue({ kind: 'inspection', clientId, label: clientId, verdict: 'fail', body, photos: kept }, clock)
    }

    for (let step = 0; step < 200 && outbox.getState().entries.length > 0; step++) {
      await worker.kick()
      if (!procs[0]) {
        await new Promise((r) => setTimeout(r, 50))
        procs[0] = startA()
        await healthy(bases[0] as string)
      }
      clock += 10 * 60 * 1000
    }
    expect(kills.map((k) => k.whileHandling)).toEqual([true, true, true])
    expect(outbox.getState().entries).toEqual([])

    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      for (const [clientId, evidence] of expected) {
        const rows = await client.query('select id from inspections where client_id = $1', [clientId])
        expect(rows.rowCount).toBe(1)
        const held = await client.query(
          'select ie.sha256 from inspection_evidence ie join evidence e on e.sha256 = ie.sha256 where ie.inspection_id = $1 order by ie.seq',
          [rows.rows[0].id]
        )
        expect(held.rows.map((r: { sha256: string }) => r.sha256)).toEqual(evidence)
        // Every screenshot is whole in the bucket (its bytes hash to its name), none on a server's disk.
        for (const sha of evidence) {
          const bytes = await bucket?.store().get(sha, 'original')
          expect(bytes && createHash('sha256').update(bytes).digest('hex')).toBe(sha)
        }
      }
      const total = await client.query("select count(*)::int as n from inspections where client_id like 'c-mp-%'")
      expect(total.rows[0].n).toBe(N)
      expect(existsSync(join(dataDir, 'evidence'))).toBe(false)
    } finally {
      await client.end()
    }
    console.log(
      `[multiprocess] ${N} inspections × 2 screenshots over 2 processes and one bucket; server A SIGKILLed while handling inspections ${kills.map((k) => `${k.clientId} (call ${k.call})`).join(', ')} of ${calls} calls, restarted each time; all arrived once`
    )
  }, 120000)
})
