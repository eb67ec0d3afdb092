import { fork } from 'node:child_process'
import path from 'node:path'
import { AppError } from '../errors'
import type { RawSheet, SheetKind, SheetLimits } from './parse'

/**
 * Every uploaded workbook is parsed in a child process of its own (child.ts): a heap of
 * SHEET_HEAP_MB, SHEET_TIMEOUT_MS to answer, then SIGKILL. What a parser does with a hostile file
 * (a zip bomb, a million rows, a cell of 200 million characters, a loop, a crash) stays in that
 * process; the server sees the child's own refusal (413/422 with its code) or a 422 saying the file
 * could not be read, and its event loop only waits on a pipe.
 */
export const SHEET_TIMEOUT_MS = Number(process.env.SHEET_TIMEOUT_MS ?? process.env.LEGACY_SHEET_TIMEOUT_MS ?? 20000)
export const SHEET_HEAP_MB = 256

const CHILD = path.join(__dirname, 'child.ts')

type Answer =
  | { ok: true; sheets: RawSheet[] }
  | { ok: false; refusal: { status: number; code: string; message: string; details?: unknown } | null; error: string }

function unreadable(kind: SheetKind, why: string): AppError {
  const what = kind === 'legacy' ? '旧版表格' : kind === 'xlsx' ? '.xlsx 表格' : '表格'
  return new AppError(422, 'FILE_UNREADABLE', `无法读取这个${what}（${why}），请在 Excel/WPS 中另存为 .xlsx 后重试`)
}

export function parseInChild(kind: SheetKind, bytes: Buffer, limits: SheetLimits): Promise<RawSheet[]> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], {
      execArgv: ['--import', 'tsx', `--max-old-space-size=${SHEET_HEAP_MB}`],
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
    const timer = setTimeout(() => done(() => reject(unreadable(kind, `${Math.round(SHEET_TIMEOUT_MS / 1000)} 秒内没有读完，文件过大或结构异常`))), SHEET_TIMEOUT_MS)
    child.once('message', (m: Answer) =>
      done(() => {
        if (m.ok) resolve(m.sheets)
        else if (m.refusal) reject(new AppError(m.refusal.status, m.refusal.code, m.refusal.message, m.refusal.details))
        else reject(unreadable(kind, '文件已损坏或格式不对'))
      })
    )
    child.once('exit', (code, signal) => done(() => reject(unreadable(kind, signal === 'SIGKILL' || code === 134 ? '文件过大或结构异常' : '文件已损坏或格式不对'))))
    child.once('error', () => done(() => reject(unreadable(kind, '读取进程无法启动'))))
    child.send({ kind, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits })
  })
}
