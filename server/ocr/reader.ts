/**
 * The server's side of OCR: one long-lived child process (child.ts) that reads one screenshot at a
 * time, off the request path. A read that takes longer than `timeoutMs` kills the child (the next
 * read starts a fresh one); the child is also recycled after `recycleAfter` images or when its
 * memory passes `recycleAboveBytes` (onnxruntime's memory creeps). A child that cannot load the
 * engine fails every read with its reason until `retryAfterMs` has passed.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import type { OcrLine } from '../../src/core'
import type { ChildAnswer, ChildRequest } from './protocol'

const ROOT = resolve(__dirname, '../..')

export interface OcrReaderOptions {
  /** The child's entry: child.ts, or a stand-in in tests. */
  entry?: string
  /** Longest one image may take (default 60 s; a phone screenshot takes 1–3 s). */
  timeoutMs?: number
  /** Longest the child may take to load its models (default 120 s). */
  startTimeoutMs?: number
  /** Images a child reads before it is replaced (default 200). */
  recycleAfter?: number
  /** Resident memory above which the child is replaced after its current image (default 900 MB). */
  recycleAboveBytes?: number
  /** After a child could not start, reads fail at once for this long (default 60 s). */
  retryAfterMs?: number
  env?: NodeJS.ProcessEnv
}

export interface OcrRead {
  width: number
  height: number
  lines: OcrLine[]
  ms: number
}

export interface OcrReaderStats {
  images: number
  children: number
  timeouts: number
  /** The child's resident memory after its last image, and the highest seen. */
  rss: number
  peakRss: number
}

/** Why a read failed: too slow (the child was killed), no engine, the engine's own error, or the reader closed. */
export type OcrErrorCode = 'OCR_TIMEOUT' | 'OCR_UNAVAILABLE' | 'OCR_FAILED' | 'OCR_CLOSED'

export class OcrError extends Error {
  constructor(
    message: string,
    readonly code: OcrErrorCode
  ) {
    super(message)
  }
}

export interface OcrReader {
  /** Starts the child now and resolves when its models are loaded (with how long that took). */
  warm(): Promise<number>
  read(bytes: Buffer): Promise<OcrRead>
  stats(): OcrReaderStats
  close(): Promise<void>
}

interface Live {
  child: ChildProcess
  ready: Promise<void>
  read: number
  /** Settles the request in flight when the child exits under it. */
  onExit: ((why: string) => void) | null
}

export function createOcrReader(options: OcrReaderOptions = {}): OcrReader {
  const entry = options.entry ?? resolve(__dirname, 'child.ts')
  const timeoutMs = options.timeoutMs ?? 60_000
  const startTimeoutMs = options.startTimeoutMs ?? 120_000
  const recycleAfter = options.recycleAfter ?? 200
  const recycleAbove = options.recycleAboveBytes ?? 900 * 1024 * 1024
  const retryAfterMs = options.retryAfterMs ?? 60_000
  const stats: OcrReaderStats = { images: 0, children: 0, timeouts: 0, rss: 0, peakRss: 0 }
  let live: Live | null = null
  let unavailable: { reason: string; until: number } | null = null
  let closed = false
  let nextId = 1
  let turn: Promise<unknown> = Promise.resolve()

  const noteRss = (rss: number) => {
    stats.rss = rss
    stats.peakRss = Math.max(stats.peakRss, rss)
  }

  const retire = (l: Live) => {
    if (live === l) live = null
    l.child.removeAllListeners('message')
    if (l.child.exitCode === null && l.child.signalCode === null) l.child.kill('SIGKILL')
  }

  const start = (): Live => {
    const child = fork(entry, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...options.env }
    })
    stats.children += 1
    const l: Live = { child, ready: Promise.resolve(), read: 0, onExit: null }
    l.ready = new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new OcrError(`OCR 进程 ${startTimeoutMs} ms 内未就绪`, 'OCR_UNAVAILABLE')), startTimeoutMs)
      child.once('message', (m: ChildAnswer) => {
        clearTimeout(timer)
        if (m.kind === 'ready') {
          noteRss(m.rss)
          done()
        } else fail(new OcrError(m.kind === 'failed' ? m.error : 'OCR 进程启动异常', 'OCR_UNAVAILABLE'))
      })
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        const why = `OCR 进程退出（${signal ?? code}）`
        fail(new OcrError(why, 'OCR_UNAVAILABLE'))
        l.onExit?.(why)
        if (live === l) live = null
      })
    })
    // The ready promise may be rejected before anyone awaits it (an exit right after a read).
    l.ready.catch(() => undefined)
    return l
  }

  /** The live child once its models are loaded; one that cannot load makes reads fail fast for a while. */
  const ready = async (): Promise<Live> => {
    if (!live) live = start()
    const l = live
    try {
      await l.ready
      return l
    } catch (e) {
      retire(l)
      unavailable = { reason: (e as Error).message, until: Date.now() + retryAfterMs }
      throw e
    }
  }

  const readOnce = async (bytes: Buffer): Promise<OcrRead> => {
    if (closed) throw new OcrError('OCR 已关闭', 'OCR_CLOSED')
    if (unavailable && Date.now() < unavailable.until) throw new OcrError(unavailable.reason, 'OCR_UNAVAILABLE')
    const l = await ready()
    unavailable = null
    const id = nextId++
    const answer = await new Promise<ChildAnswer>((done, fail) => {
      const timer = setTimeout(() => {
        stats.timeouts += 1
        l.onExit = null
        retire(l)
        fail(new OcrError(`识别超过 ${timeoutMs} ms，已中止`, 'OCR_TIMEOUT'))
      }, timeoutMs)
      l.onExit = (why) => {
        clearTimeout(timer)
        fail(new OcrError(why, 'OCR_FAILED'))
      }
      const onMessage = (m: ChildAnswer) => {
        if ((m.kind !== 'read' && m.kind !== 'error') || m.id !== id) return
        clearTimeout(timer)
        l.onExit = null
        l.child.off('message', onMessage)
        done(m)
      }
      l.child.on('message', onMessage)
      const request: ChildRequest = { id, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
      l.child.send(request)
    })
    if (answer.kind !== 'read' && answer.kind !== 'error') throw new OcrError('OCR 应答异常', 'OCR_FAILED')
    noteRss(answer.rss)
    l.read += 1
    stats.images += 1
    if (l.read >= recycleAfter || answer.rss > recycleAbove) retire(l)
    if (answer.kind === 'error') throw new OcrError(answer.error, 'OCR_FAILED')
    return { width: answer.width, height: answer.height, lines: answer.lines, ms: answer.ms }
  }

  return {
    warm() {
      const started = Date.now()
      const result = turn.then(async () => {
        if (closed) throw new OcrError('OCR 已关闭', 'OCR_CLOSED')
        await ready()
        return Date.now() - started
      })
      turn = result.catch(() => undefined)
      return result
    },
    read(bytes) {
      // One image at a time: the child has one inference thread, and the server keeps the other core.
      const result = turn.then(() => readOnce(bytes))
      turn = result.catch(() => undefined)
      return result
    },
    stats: () => ({ ...stats }),
    async close() {
      closed = true
      if (live) retire(live)
      await turn
    }
  }
}
