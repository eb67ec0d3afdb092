import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * `npm start` from the command to the first page served: a start with nothing changed (the H5
 * build is reused), and with `--rebuild` a start that builds the H5 app first (what a fresh clone
 * pays once). Each on a fresh demo database.
 *
 *   npx tsx bench/start.ts            (a later start)
 *   npx tsx bench/start.ts --rebuild  (a start that builds)
 */
const ROOT = resolve(__dirname, '..')

async function freePort(): Promise<number> {
  return new Promise((done) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      srv.close(() => done(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

async function main(): Promise<void> {
  const rebuild = process.argv.includes('--rebuild')
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'gnm-start-'))
  const started = Date.now()
  const child = spawn('npm', ['start', '--', ...(rebuild ? ['--rebuild'] : [])], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', OCR: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true
  })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr.on('data', (d: Buffer) => (output += d.toString()))
  try {
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`)
        if (res.ok && (await res.text()).includes('<div id="app">')) break
      } catch {
        // not up yet
      }
      if (child.exitCode !== null) throw new Error(`npm start exited:\n${output}`)
      if (Date.now() - started > 600_000) throw new Error('no page within 10 minutes')
      await new Promise((r) => setTimeout(r, 100))
    }
    console.log(`npm start${rebuild ? ' --rebuild' : ''}: first page served after ${((Date.now() - started) / 1000).toFixed(1)} s`)
    console.log(output.split('\n').find((l) => l.includes('H5 应用')) ?? '')
  } finally {
    if (child.pid) process.kill(-child.pid, 'SIGTERM')
    await new Promise((r) => setTimeout(r, 500))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

void main()
