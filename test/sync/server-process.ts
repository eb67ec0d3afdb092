import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join, resolve } from 'node:path'

/** Helpers for tests that run the server as its own process (server/main.ts, or stalling-server.ts to hold a request). */
const ROOT = resolve(__dirname, '../..')

export async function freePort(): Promise<number> {
  return new Promise((done) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address()
      srv.close(() => done(typeof a === 'object' && a ? a.port : 0))
    })
  })
}

export interface ServerProcess {
  child: ChildProcess
  /** Its request log (LOG=1), when asked for: to see which requests it was handling. */
  log: { text: string }
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>
}

/**
 * A demo server process on loopback. `stallAt` runs stalling-server.ts instead of main.ts: it holds
 * each PUT of the inspections `stallIds` at that hook (STALL_MS, default 3 s), so that a kill or a
 * shutdown lands while the request is being handled. `env` adds to the environment (DATABASE_URL,
 * DATA_DIR, a bucket's S3_* …; OCR is off unless `env` turns it on).
 */
export function startProcess(opts: { port: number; env: Record<string, string>; log?: boolean; stallAt?: 'preHandler' | 'onSend'; stallIds?: string[] }): ServerProcess {
  const entry = opts.stallAt ? join(__dirname, 'stalling-server.ts') : join(ROOT, 'server/main.ts')
  const child = spawn(process.execPath, ['--import', 'tsx', entry, '--demo'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      STATIC_DIR: '/nonexistent',
      LOG: opts.log ? '1' : '0',
      STALL_AT: opts.stallAt ?? '',
      STALL_IDS: (opts.stallIds ?? []).join(','),
      // OCR (when installed) reads screenshots in a child process of its own: not what these tests are about.
      OCR: 'off',
      ...opts.env
    },
    stdio: ['ignore', opts.log ? 'pipe' : 'ignore', 'ignore']
  })
  const log = { text: '' }
  child.stdout?.on('data', (chunk: Buffer) => {
    log.text += chunk.toString('utf8')
  })
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  return { child, log, exited }
}

/** Waits until the process's log shows the request to `path` came in; answers its request id. */
export async function cameIn(log: { text: string }, path: string, timeoutMs = 5000): Promise<string | null> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    for (const line of log.text.split('\n')) {
      if (line.includes('"incoming request"') && line.includes(`"url":"${path}"`)) return (JSON.parse(line) as { reqId: string }).reqId
    }
    await new Promise((r) => setTimeout(r, 1))
  }
  return null
}

export const completed = (log: { text: string }, reqId: string): boolean =>
  log.text.split('\n').some((line) => line.includes(`"reqId":"${reqId}"`) && line.includes('"request completed"'))

export async function healthy(base: string): Promise<void> {
  const deadline = Date.now() + 30000
  for (;;) {
    try {
      if ((await fetch(`${base}/api/v1/health`)).ok) return
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`${base} did not start`)
    await new Promise((r) => setTimeout(r, 150))
  }
}
