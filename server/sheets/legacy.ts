import { fork } from 'node:child_process'
import path from 'node:path'
import { AppError } from '../errors'

/**
 * Legacy workbooks (.xls, WPS .et, HTML saved as .xls) are read in a child process of their own:
 * a heap of LEGACY_HEAP_MB, LEGACY_TIMEOUT_MS to answer, then SIGKILL. What the parser does with
 * a hostile file (a zip-bomb-like stream, a loop, a crash) stays in that process; the server sees
 * a 422 with a message the admin understands.
 */
export const LEGACY_TIMEOUT_MS = Number(process.env.LEGACY_SHEET_TIMEOUT_MS ?? 15000)
export const LEGACY_HEAP_MB = 192

const CHILD = path.join(__dirname, 'legacy-child.ts')

type Answer = { ok: true; sheets: { name: string; rows: string[][] }[] } | { ok: false; error: string }

function unreadable(why: string): AppError {
  return new AppError(422, 'FILE_UNREADABLE', `无法读取这个旧版表格（${why}），请在 Excel/WPS 中另存为 .xlsx 后重试`)
}

export function readLegacyWorkbook(bytes: Buffer, limits: { maxRows: number; maxColumns: number }): Promise<{ name: string; rows: string[][] }[]> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${LEGACY_HEAP_MB}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc']
    })
    let settled = false
    const done = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      fn()
    }
    const timer = setTimeout(() => done(() => reject(unreadable(`${Math.round(LEGACY_TIMEOUT_MS / 1000)} 秒内没有读完`))), LEGACY_TIMEOUT_MS)
    child.once('message', (m: Answer) => done(() => (m.ok ? resolve(m.sheets) : reject(unreadable('文件已损坏或格式不对')))))
    child.once('exit', (code, signal) => done(() => reject(unreadable(signal === 'SIGKILL' || code === 134 ? '文件过大或结构异常' : '文件已损坏或格式不对'))))
    child.once('error', () => done(() => reject(unreadable('读取进程无法启动'))))
    child.send({ bytes: new Uint8Array(bytes), maxRows: limits.maxRows, maxColumns: limits.maxColumns })
  })
}
