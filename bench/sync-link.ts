import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import { createApiClient } from '../src/api/client'
import { createHttpsTransport } from '../src/api/https-transport'
import { memoryFiles } from '../src/platform/files'
import { createOutboxStore } from '../src/stores/outbox'
import { memoryStorage } from '../src/stores/memory-storage'
import type { createSyncWorker as CreateSyncWorker } from '../src/sync/worker'
import { buildApp } from '../server/app'
import { migrateToLatest } from '../server/db'
import { defaultIds } from '../server/deps'
import { seedDemo } from '../server/demo/seed'
import { LocalEvidenceStore } from '../server/storage/evidence-store'
import { failingAnswers, nodeTaroHttp } from './sync-fixtures'
import { openFresh } from './fresh-db'

/**
 * Sync on a phone link: N queued inspections with two screenshots each, synced by the real
 * outbox worker and HTTPS transport through an in-process proxy that behaves like a mobile link
 * (100 ms round trip, 5 Mbit/s up, 20 Mbit/s down, shared by all connections; a new connection
 * costs one round trip), to the real server on SQLite. Prints the time beside the physical
 * floor (the bytes that crossed the link ÷ its bandwidth + one round trip) and their ratio.
 *
 *   npx tsx bench/sync-link.ts [N]                    (default 20)
 *   SYNC_WORKER=path/to/worker.ts npx tsx bench/sync-link.ts [N]   (another worker, e.g. an older one)
 */
const N = Number(process.argv[2] ?? 20)
const RTT_MS = 100
const UP_BPS = 5_000_000
const DOWN_BPS = 20_000_000

/** One direction of the link: serialised at its bandwidth, then delayed by half the round trip. */
class Direction {
  private freeAt = 0
  bytes = 0
  constructor(private readonly bitsPerSecond: number) {}
  /** When a chunk handed over now arrives at the far end. */
  arrival(size: number): number {
    const now = performance.now()
    const start = Math.max(now, this.freeAt)
    this.freeAt = start + (size * 8 * 1000) / this.bitsPerSecond
    this.bytes += size
    return this.freeAt + RTT_MS / 2
  }
}

function throttlingProxy(target: number, up: Direction, down: Direction): Promise<Server> {
  const relay = (from: Socket, to: Socket, dir: Direction, ready: Promise<void>) => {
    let last = 0
    from.on('data', (chunk: Buffer) => {
      // Arrivals keep their order: a chunk never overtakes the one before it.
      const at = Math.max(dir.arrival(chunk.length), last)
      last = at
      void ready.then(() => setTimeout(() => to.writable && to.write(chunk), Math.max(0, at - performance.now())))
    })
    from.on('end', () => void ready.then(() => setTimeout(() => to.end(), Math.max(0, last - performance.now()))))
    from.on('error', () => to.destroy())
  }
  const server = createServer((client) => {
    const upstream = createConnection({ port: target, host: '127.0.0.1' })
    // TCP's handshake costs a round trip before the first byte can go.
    const open = new Promise<void>((r) => upstream.once('connect', () => setTimeout(r, RTT_MS)))
    relay(client, upstream, up, open)
    relay(upstream, client, down, open)
  })
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)))
}

async function main(): Promise<void> {
  const workerPath = process.env.SYNC_WORKER ? resolve(process.env.SYNC_WORKER) : resolve(__dirname, '../src/sync/worker.ts')
  const { createSyncWorker } = (await import(workerPath)) as { createSyncWorker: typeof CreateSyncWorker }
  const dir = mkdtempSync(join(tmpdir(), 'gnm-bench-link-'))
  const { db, drop } = await openFresh('sqlite', dir)
  try {
    await migrateToLatest(db)
    const deps = { db: db.db, evidence: new LocalEvidenceStore(join(dir, 'evidence')), now: () => new Date(), newId: defaultIds() }
    await seedDemo(deps)
    const app = await buildApp({ deps, demo: true })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const up = new Direction(UP_BPS)
    const down = new Direction(DOWN_BPS)
    const proxy = await throttlingProxy((app.server.address() as AddressInfo).port, up, down)
    const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    let token: string | null = null
    const api = createApiClient(createHttpsTransport(base, nodeTaroHttp), () => token)
    // Logged in and the accounts known before the clock starts (the phone had them).
    const direct = createApiClient(createHttpsTransport(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, nodeTaroHttp), () => token)
    token = (await direct.loginDemo('admin')).token
    const accounts = (await direct.accounts('r-2024q2', { pageSize: 100 })).items

    const files = memoryFiles()
    const paths = new Map<string, string>()
    const outbox = createOutboxStore({ storage: memoryStorage() })
    let bytes = 0
    for (let i = 0; i < N; i++) {
      const kept = []
      for (let k = 0; k < 2; k++) {
        const img = await sharp({ create: { width: 600, height: 1000, channels: 3, background: { r: (i * 7) % 256, g: k * 120, b: 80 }, noise: { type: 'gaussian', mean: 128, sigma: 12 } } })
          .jpeg({ quality: 80 })
          .toBuffer()
        bytes += img.length
        files.put(`tmp://${i}/${k}`, new Uint8Array(img))
        const f = await files.keep(`tmp://${i}/${k}`)
        const p = join(dir, `${i}-${k}.jpg`)
        writeFileSync(p, img)
        paths.set(f.ref, p)
        kept.push(f)
      }
      const body = { roundId: 'r-2024q2', checkpointId: 'cp-2024q2-2', accountId: (accounts[i] as { id: string }).id, answers: failingAnswers(kept.map((k) => k.sha256), i) }
      outbox.getState().enqueue({ kind: 'inspection', clientId: `c-link-${i}`, label: `${i}`, verdict: 'fail', body, photos: kept }, 0)
    }
    const worker = createSyncWorker({
      outbox,
      api,
      files: { ...files, uploadPath: async (ref) => paths.get(ref) ?? null },
      now: () => 0,
      random: () => 0.5,
      schedule: () => undefined
    })
    const t0 = performance.now()
    await worker.kick()
    const ms = performance.now() - t0
    if (outbox.getState().entries.length > 0) throw new Error(`outbox not drained: ${JSON.stringify(outbox.getState().entries[0]?.lastError)}`)
    const stored = await db.db.selectFrom('inspections').select('id').where('client_id', 'like', 'c-link-%').execute()
    if (stored.length !== N) throw new Error(`${stored.length} of ${N} inspections stored`)

    const floor = Math.max((up.bytes * 8 * 1000) / UP_BPS, (down.bytes * 8 * 1000) / DOWN_BPS) + RTT_MS
    console.log(
      `${N} inspections × 2 screenshots (${(bytes / (2 * N) / 1024).toFixed(0)} KiB each) over ${RTT_MS} ms RTT, ${UP_BPS / 1e6} Mbit/s up, ${DOWN_BPS / 1e6} Mbit/s down` +
        `${process.env.SYNC_WORKER ? ` [worker: ${process.env.SYNC_WORKER}]` : ''}`
    )
    console.log(
      `synced in ${(ms / 1000).toFixed(2)} s; link carried ${(up.bytes / 1024).toFixed(0)} KiB up, ${(down.bytes / 1024).toFixed(0)} KiB down; ` +
        `floor ${(floor / 1000).toFixed(2)} s; speed ${(floor / ms).toFixed(2)} of the floor's`
    )
    proxy.close()
    await app.close()
  } finally {
    await db.close()
    await drop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
