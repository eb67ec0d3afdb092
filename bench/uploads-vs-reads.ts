import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { freePort, healthy, startProcess } from '../test/sync/server-process'

/**
 * Reads while one session floods the server with near-limit screenshots (issue 11, finding 2):
 * a server process (server/main.ts, SQLite, demo) gets 16 uploads at once from one token, over
 * and over, of 24-megapixel PNGs that weigh little but decode big (the probe's 7000 × 7000 PNG
 * was 212 KB). Meanwhile another user reads a list and a thumbnail every 50 ms. Prints the
 * reads' p50/p95 without and with the flood, the uploads' outcome, and the server's peak memory.
 * Run: `npx tsx bench/uploads-vs-reads.ts [seconds per phase, default 20]`.
 */
const SECONDS = Number(process.argv[2] ?? 20)

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number)
}
const rssOf = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gnm-flood-'))
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const server = startProcess({ port, env: { DATABASE_URL: '', SQLITE_FILE: join(dir, 'inspection.sqlite'), DATA_DIR: dir } })
  try {
    await healthy(base)
    const pid = server.child.pid as number
    const token = async (username: string) =>
      ((await (await fetch(`${base}/api/v1/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) })).json()) as { token: string }).token
    const flooder = { authorization: `Bearer ${await token('inspector')}` }
    const reader = { authorization: `Bearer ${await token('admin')}` }
    // A thumbnail to read: one small screenshot uploaded first.
    const small = await sharp({ create: { width: 300, height: 600, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer()
    const { sha256 } = (await (await fetch(`${base}/api/v1/evidence`, { method: 'POST', headers: { ...reader, 'content-type': 'image/png' }, body: new Uint8Array(small) })).json()) as { sha256: string }
    const reads = async (until: number): Promise<number[]> => {
      const ms: number[] = []
      while (Date.now() < until) {
        for (const path of ['/rounds/r-2024q2/accounts?pageSize=50', `/evidence/${sha256}/thumb`]) {
          const t0 = performance.now()
          const res = await fetch(`${base}/api/v1${path}`, { headers: reader })
          await res.arrayBuffer()
          ms.push(performance.now() - t0)
        }
        await new Promise((r) => setTimeout(r, 50))
      }
      return ms
    }
    const quiet = await reads(Date.now() + SECONDS * 1000)
    const rssBefore = rssOf(pid, 'VmRSS')

    // 24 MP each (4000 × 6000), a gradient: small files, full decodes.
    const bombs = await Promise.all(
      Array.from({ length: 16 }, (_x, i) =>
        sharp({ create: { width: 4000, height: 6000, channels: 3, background: { r: 10 * i, g: 100, b: 200 } } })
          .png({ compressionLevel: 9 })
          .toBuffer()
      )
    )
    const outcome = new Map<number, number>()
    let stop = false
    const flood = (async () => {
      while (!stop) {
        const answers = await Promise.all(bombs.map((b) => fetch(`${base}/api/v1/evidence`, { method: 'POST', headers: { ...flooder, 'content-type': 'image/png' }, body: new Uint8Array(b) }).then(async (r) => (await r.arrayBuffer(), r.status), () => 0)))
        for (const s of answers) outcome.set(s, (outcome.get(s) ?? 0) + 1)
      }
    })()
    const busy = await reads(Date.now() + SECONDS * 1000)
    stop = true
    await flood
    const peak = rssOf(pid, 'VmHWM')
    const line = (name: string, xs: number[]) => `${name}: ${xs.length} reads, p50 ${percentile(xs, 50).toFixed(0)} ms, p95 ${percentile(xs, 95).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`
    console.log(`screenshots: 16 at once from one session, ${Math.round(bombs[0]!.length / 1024)} KiB PNGs of 4000 × 6000`)
    console.log(line('reads, quiet', quiet))
    console.log(line('reads, flooded', busy))
    console.log(`uploads answered: ${[...outcome].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s === 0 ? 'network error' : s} × ${n}`).join(', ')}`)
    console.log(`server memory: ${rssBefore.toFixed(0)} MB before the flood, peak ${peak.toFixed(0)} MB`)
  } finally {
    server.child.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
