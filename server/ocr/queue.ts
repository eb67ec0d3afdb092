/**
 * Screenshots waiting for OCR. An upload queues its screenshot (the request does not wait); one
 * screenshot is read at a time by the reader's child process and its lines are stored in
 * evidence_text. What a restart or another server process left unread is found by `sweep`
 * (at start and every few minutes), so nothing uploaded stays unread for long. A screenshot whose
 * read fails is tried again once, then stored as failed with the reason.
 */
import { searchableText } from '../../src/core'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'
import type { EvidenceStore } from '../storage/evidence-store'
import { findText, saveText, unreadEvidence } from '../db/repos/evidence-text'
import { OcrError, type OcrReader } from './reader'

/** Which weights read the text, stored with it. */
export const OCR_ENGINE = 'PP-OCRv4'
export const MAX_ATTEMPTS = 2

export interface OcrQueue {
  /** Queues a screenshot (again: nothing happens when it is queued or read). */
  enqueue(sha256: string): void
  /** Queues what was never read (or failed once, before a restart); returns how many. */
  sweep(limit?: number): Promise<number>
  /** Queued or being read now. */
  isPending(sha256: string): boolean
  /** Resolves when nothing is queued (tests, the bench). */
  idle(): Promise<void>
  stop(): Promise<void>
}

export interface OcrQueueDeps {
  db: Kysely<Database>
  evidence: EvidenceStore
  now: () => Date
  log?: (message: string) => void
}

export function createOcrQueue(deps: OcrQueueDeps, reader: OcrReader): OcrQueue {
  const waiting: string[] = []
  const pending = new Set<string>()
  let running = false
  let stopped = false
  let idleWaiters: (() => void)[] = []

  const readOne = async (sha256: string) => {
    const before = await findText(deps.db, sha256)
    if (before && (before.status === 'done' || before.attempts >= MAX_ATTEMPTS)) return
    const attempts = (before?.attempts ?? 0) + 1
    const bytes = await deps.evidence.get(sha256, 'original')
    const base = { sha256, engine: OCR_ENGINE, readAt: deps.now().toISOString() }
    if (!bytes) {
      await saveText(deps.db, { ...base, status: 'failed', width: null, height: null, lines: [], text: '', error: '截图文件不存在', attempts: MAX_ATTEMPTS, ms: null })
      return
    }
    try {
      const read = await reader.read(bytes)
      await saveText(deps.db, { ...base, status: 'done', width: read.width, height: read.height, lines: read.lines, text: searchableText(read.lines), error: null, attempts, ms: read.ms })
    } catch (e) {
      // The engine is not there (not installed, or it could not start): nothing is spent; the next sweep tries again.
      if (e instanceof OcrError && (e.code === 'OCR_UNAVAILABLE' || e.code === 'OCR_CLOSED')) throw e
      const message = e instanceof Error ? e.message : String(e)
      await saveText(deps.db, { ...base, status: 'failed', width: null, height: null, lines: [], text: '', error: message, attempts, ms: null })
      if (attempts < MAX_ATTEMPTS) waiting.push(sha256)
      else deps.log?.(`截图 ${sha256.slice(0, 12)} 识别失败：${message}`)
    }
  }

  const pump = async () => {
    if (running) return
    running = true
    try {
      while (!stopped && waiting.length > 0) {
        const sha256 = waiting.shift() as string
        try {
          await readOne(sha256)
        } catch (e) {
          // OCR unavailable: drop what is queued; sweep queues it again later.
          deps.log?.(`文字识别暂不可用：${(e as Error).message}`)
          waiting.length = 0
          pending.clear()
          break
        } finally {
          if (!waiting.includes(sha256)) pending.delete(sha256)
        }
      }
    } finally {
      running = false
      if (waiting.length === 0) {
        const waiters = idleWaiters
        idleWaiters = []
        for (const w of waiters) w()
      }
    }
  }

  const enqueue = (sha256: string) => {
    if (stopped || pending.has(sha256)) return
    pending.add(sha256)
    waiting.push(sha256)
    void pump()
  }

  return {
    enqueue,
    async sweep(limit = 500) {
      const unread = await unreadEvidence(deps.db, limit, MAX_ATTEMPTS)
      let queued = 0
      for (const sha of unread) {
        if (pending.has(sha)) continue
        enqueue(sha)
        queued += 1
      }
      return queued
    },
    isPending: (sha256) => pending.has(sha256),
    idle() {
      if (!running && waiting.length === 0) return Promise.resolve()
      return new Promise((done) => idleWaiters.push(done))
    },
    async stop() {
      stopped = true
      waiting.length = 0
      await reader.close()
    }
  }
}
