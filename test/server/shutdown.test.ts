import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { cameIn, freePort, healthy, startProcess, type ServerProcess } from '../sync/server-process'
import { nationalAnswers } from './fixtures'

/**
 * SIGTERM (how a platform replaces an instance) while an inspection is being handled: the server
 * stops taking connections, finishes the request, and exits 0; past SHUTDOWN_TIMEOUT_MS it exits 1.
 * The server runs as its own process (stalling-server.ts holds the inspection's PUT for STALL_MS).
 */
describe('graceful shutdown', () => {
  let dataDir: string
  let proc: ServerProcess | null = null
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'gnm-stop-'))
  })
  afterEach(() => {
    proc?.child.kill('SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  })

  const start = async (clientId: string, env: Record<string, string>) => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    // SQLite in its own directory (the jest environment's DATABASE_URL points at the shared test database).
    proc = startProcess({ port, env: { DATABASE_URL: '', SQLITE_FILE: join(dataDir, 'inspection.sqlite'), DATA_DIR: dataDir, ...env }, log: true, stallAt: 'preHandler', stallIds: [clientId] })
    await healthy(base)
    const { token } = (await (await fetch(`${base}/api/v1/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'inspector' }) })).json()) as { token: string }
    // Settled either way at once (a refusal is what one test expects, not an unhandled rejection).
    const put = fetch(`${base}/api/v1/inspections/${clientId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ roundId: 'r-2024q2', checkpointId: 'cp-2024q2-2', accountId: 'a-c001', answers: nationalAnswers('2024-06-20') })
    }).then(
      (res) => ({ status: res.status, error: null }),
      (error: unknown) => ({ status: 0, error })
    )
    expect(await cameIn(proc.log, `/api/v1/inspections/${clientId}`)).not.toBeNull()
    return { base, put, proc, token }
  }

  it('finishes the request in flight, refuses new connections meanwhile, keeps the inspection, and exits 0', async () => {
    const { base, put, proc, token } = await start('c-stop-drain', { STALL_MS: '1500' })
    proc.child.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 200))
    await expect(fetch(`${base}/api/v1/health`)).rejects.toThrow()
    expect((await put).status).toBe(201)
    expect(await proc.exited).toBe(0)
    // The log (LOG=1) is JSON, one object per line with a request id on each request's lines, and holds no token.
    const lines = proc.log.text.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; reqId?: string })
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['收到 SIGTERM，等待进行中的请求完成后退出（最多 25 秒）', '已停止']))
    expect(lines.filter((l) => l.msg === 'incoming request').every((l) => typeof l.reqId === 'string')).toBe(true)
    expect(proc.log.text).not.toContain(token)
    const db = new Database(join(dataDir, 'inspection.sqlite'), { readonly: true })
    expect(db.prepare('select count(*) as n from inspections where client_id = ?').get('c-stop-drain')).toEqual({ n: 1 })
    db.close()
  }, 60000)

  it('gives up after SHUTDOWN_TIMEOUT_MS and exits 1 (the phone retries what was not answered)', async () => {
    const { put, proc } = await start('c-stop-late', { STALL_MS: '10000', SHUTDOWN_TIMEOUT_MS: '500' })
    const t0 = Date.now()
    proc.child.kill('SIGTERM')
    expect(await proc.exited).toBe(1)
    expect(Date.now() - t0).toBeLessThan(5000)
    expect(await put).toMatchObject({ status: 0, error: expect.anything() })
  }, 60000)
})
