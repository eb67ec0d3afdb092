import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { locateEngine } from '../server/ocr/engine'
import { renderScreens } from '../test/ocr/screens'
import { freePort, healthy, startProcess } from '../test/sync/server-process'

/**
 * OCR beside the server (issue 13): a server process (server/main.ts, SQLite, demo, OCR on) gets
 * the rendered screenshots of test/ocr/screens.ts (9 screens × PNG, the app's JPEG and a small
 * copy, and each again re-encoded: 54 distinct images) uploaded eight at a time, as the outbox does.
 * Meanwhile another user calls a light route (GET /me) every 50 ms. Prints images per minute, the
 * OCR child's peak memory (every child: it is recycled), and the light call's p50/p95 before and
 * during the reading. Needs `npm run ocr:setup` and Chromium. Run: `npx tsx bench/ocr.ts`.
 */
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number)
}
const statusOf = (pid: number, field: 'VmRSS' | 'VmHWM') => {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024
  } catch {
    return 0
  }
}
const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((s) => Number(s.trim()))
      .filter((n) => n > 0)
  } catch {
    return []
  }
}

async function main(): Promise<void> {
  const found = locateEngine()
  if (!found.ok) throw new Error(`OCR is not installed (${found.reason}): npm run ocr:setup`)
  const dir = mkdtempSync(join(tmpdir(), 'gnm-bench-ocr-'))
  const screens = await renderScreens(join(dir, 'screens'))
  const images: Buffer[] = []
  for (const s of screens) {
    const bytes = readFileSync(s.file)
    images.push(bytes, await sharp(bytes).jpeg({ quality: 75 }).toBuffer())
  }
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const server = startProcess({ port, env: { DATABASE_URL: '', SQLITE_FILE: join(dir, 'inspection.sqlite'), DATA_DIR: dir, OCR: '' }, log: true })
  try {
    await healthy(base)
    const token = async (username: string) =>
      ((await (await fetch(`${base}/api/v1/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) })).json()) as { token: string }).token
    const inspector = { authorization: `Bearer ${await token('inspector')}` }
    const reader = { authorization: `Bearer ${await token('leader')}` }
    const text = async (sha: string) => ((await (await fetch(`${base}/api/v1/evidence/${sha}/text`, { headers: inspector })).json()) as { status: string }).status

    // The demo's own screenshots are read first (the start-up sweep): wait for the child to go quiet.
    const pid = server.child.pid as number
    const peak = new Map<number, number>()
    const sample = () => {
      for (const child of childrenOf(pid)) peak.set(child, Math.max(peak.get(child) ?? 0, statusOf(child, 'VmHWM'), statusOf(child, 'VmRSS')))
    }
    const sampler = setInterval(sample, 200)
    for (let quiet = 0, last = -1; quiet < 3; ) {
      await new Promise((r) => setTimeout(r, 1000))
      const cpu = childrenOf(pid).reduce((n, c) => n + Number(existsSync(`/proc/${c}/stat`) ? readFileSync(`/proc/${c}/stat`, 'utf8').split(' ')[13] : 0), 0)
      quiet = cpu === last ? quiet + 1 : 0
      last = cpu
    }

    const calls = async (until: () => boolean): Promise<number[]> => {
      const ms: number[] = []
      while (!until()) {
        const t0 = performance.now()
        await (await fetch(`${base}/api/v1/me`, { headers: reader })).arrayBuffer()
        ms.push(performance.now() - t0)
        await new Promise((r) => setTimeout(r, 50))
      }
      return ms
    }
    const quietUntil = Date.now() + 15_000
    const quiet = await calls(() => Date.now() > quietUntil)

    const started = Date.now()
    // Eight at a time, as the app's outbox sends them (the server takes at most 10 per session at once).
    const shas: string[] = []
    let next = 0
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < images.length) {
          const bytes = images[next++] as Buffer
          const res = await fetch(`${base}/api/v1/evidence`, { method: 'POST', headers: { ...inspector, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) })
          if (res.status >= 300) throw new Error(`upload: ${res.status} ${await res.text()}`)
          shas.push(((await res.json()) as { sha256: string }).sha256)
        }
      })
    )
    const uploadedMs = Date.now() - started
    let done = false
    const during = calls(() => done)
    // Asked every 2 s, and only for what is not read yet: the bench's own polling stays light.
    let waiting = [...shas]
    let failed = 0
    while (waiting.length > 0) {
      await new Promise((r) => setTimeout(r, 2000))
      const states = await Promise.all(waiting.map(async (sha) => [sha, await text(sha)] as const))
      failed += states.filter(([, s]) => s === 'failed').length
      waiting = states.filter(([, s]) => s !== 'done' && s !== 'failed').map(([sha]) => sha)
    }
    if (failed) console.log(`${failed} images failed to read`)
    const readMs = Date.now() - started
    done = true
    const busy = await during
    clearInterval(sampler)
    sample()

    const f = (n: number) => n.toFixed(1)
    console.log(`OCR bench: ${images.length} distinct screenshots (1170×2532 PNG, 739×1600 and 591×1280 JPEG, each also re-encoded), uploaded eight at a time in ${uploadedMs} ms`)
    console.log(`  all read in ${(readMs / 1000).toFixed(1)} s: ${f((images.length / readMs) * 60_000)} images per minute (one child, one inference thread)`)
    console.log(`  OCR child processes: ${peak.size}; peak resident memory ${Math.round(Math.max(0, ...peak.values()))} MB`)
    console.log(`  GET /me, ${quiet.length} calls with OCR idle: p50 ${f(percentile(quiet, 50))} ms, p95 ${f(percentile(quiet, 95))} ms`)
    console.log(`  GET /me, ${busy.length} calls while reading: p50 ${f(percentile(busy, 50))} ms, p95 ${f(percentile(busy, 95))} ms`)
  } finally {
    server.child.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 500))
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
