import type { ApiClient } from '../api/client'
import { ApiError } from '../api/transport'
import type { LocalFiles } from '../platform/files'
import type { InspectionReceipt } from '../api/types'
import type { OutboxEntry, OutboxStore } from '../stores/outbox'

export interface WorkerDeps {
  outbox: OutboxStore
  api: Pick<ApiClient, 'checkEvidence' | 'uploadEvidence' | 'putInspection' | 'answerIssue' | 'putPractice'>
  files: LocalFiles
  now: () => number
  random: () => number
  /** Calls `fn` after `ms` (setTimeout in the app; tests drive time themselves). */
  schedule: (ms: number, fn: () => void) => void
}

/** WeChat allows up to 10 uploadFile/request calls at once. */
export const UPLOAD_CONCURRENCY = 10
/** Digests asked about in one evidence check. */
export const CHECK_BATCH = 100
export const BACKOFF_BASE_MS = 2000
export const BACKOFF_CAP_MS = 5 * 60 * 1000

/** Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 5 minutes, each scaled by 50–100 %. */
export function backoffMs(attempts: number, random: () => number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1))
  return Math.round(ceiling * (0.5 + random() * 0.5))
}

function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  return new ApiError(0, 'NETWORK', '网络连接失败，稍后自动重试')
}

/** Server-side errors the outbox must not park on: the same request can succeed later. */
function retryable(error: ApiError): boolean {
  return error.retryable || error.status === 408 || error.status === 429
}

/**
 * Drains the outbox head-first: for each entry, the screenshots the server lacks (asked, not
 * assumed), then the inspection under its client id; local files are deleted only for what the
 * receipt says the server holds. Retryable failures back off; fatal ones park the entry with the
 * server's reason. Safe to kick at any time: one run at a time.
 */
export function createSyncWorker(deps: WorkerDeps) {
  let running: Promise<void> | null = null
  let again = false
  let timerAt = 0

  /** Sends one entry's waiting screenshots (a re-send the receipt asked for, or what came in during a run). */
  async function sendPhotos(entry: OutboxEntry): Promise<void> {
    const { sent, finish } = prefetch([entry])
    const error = await sent.get(entry.clientId)
    await finish()
    if (error) throw error
  }

  const latest = (clientId: string) => deps.outbox.getState().entries.find((e) => e.clientId === clientId)

  async function process(entry: OutboxEntry): Promise<void> {
    if (entry.kind === 'answer' || entry.kind === 'practice') {
      // The server refuses an answer or a practice whose screenshots it lacks, so they always go first.
      await sendPhotos(entry)
      if (entry.kind === 'answer') await deps.api.answerIssue(entry.issueId, entry.clientId, entry.body)
      else await deps.api.putPractice(entry.clientId, entry.body)
      const current = latest(entry.clientId) ?? entry
      const held = current.photos.filter((p) => p.uploaded)
      for (const p of held) await deps.files.remove(p.ref)
      for (const ref of current.stale) await deps.files.remove(ref)
      deps.outbox.getState().complete(entry.clientId, { clientId: entry.clientId, label: entry.label, verdict: null, held: held.length, expected: current.photos.length, complete: held.length === current.photos.length, at: deps.now() })
      return
    }
    await sendPhotos(entry)
    let receipt = await deps.api.putInspection(entry.clientId, entry.body)
    const missing = (r: InspectionReceipt) => (latest(entry.clientId) ?? entry).photos.filter((p) => r.evidence.missing.includes(p.sha256) && !p.lost)
    const resend = missing(receipt)
    if (resend.length > 0) {
      // The server lacks a screenshot we thought it had: send it again, then ask once more.
      for (const p of resend) deps.outbox.getState().markPhoto(entry.clientId, p.sha256, { uploaded: false })
      await sendPhotos(latest(entry.clientId) ?? entry)
      receipt = await deps.api.putInspection(entry.clientId, entry.body)
      const still = missing(receipt)
      if (still.length > 0) throw new ApiError(503, 'EVIDENCE_NOT_RECEIVED', `服务器尚未收到 ${still.length} 张截图，稍后重试`)
    }
    const current = latest(entry.clientId) ?? entry
    for (const p of current.photos) if (receipt.evidence.held.includes(p.sha256)) await deps.files.remove(p.ref)
    for (const ref of current.stale) await deps.files.remove(ref)
    deps.outbox.getState().complete(entry.clientId, {
      clientId: entry.clientId,
      label: entry.label,
      verdict: receipt.verdict,
      held: receipt.evidence.held.length,
      expected: receipt.evidence.expected,
      complete: receipt.complete,
      at: deps.now()
    })
  }

  /**
   * Sends the screenshots of every entry in `batch` ahead of the inspections: one evidence check
   * for all of them, then up to UPLOAD_CONCURRENCY uploads at once, head's first. Each entry's
   * promise settles when its own screenshots are done, with its first error (or null).
   * `finish` starts no more uploads and waits for those under way: a run never leaves requests
   * going after it returns.
   */
  function prefetch(batch: OutboxEntry[]): { sent: Map<string, Promise<ApiError | null>>; finish(): Promise<void> } {
    const result = new Map<string, Promise<ApiError | null>>()
    const waiting = batch.flatMap((e) => e.photos.filter((p) => !p.uploaded && !p.lost).map((photo) => ({ clientId: e.clientId, photo })))
    // Marks the screenshot in every entry of the batch that holds it (a no-op for the others).
    const mark = (sha256: string, patch: { uploaded?: boolean; lost?: boolean }) => {
      for (const e of batch) deps.outbox.getState().markPhoto(e.clientId, sha256, patch)
    }
    // One upload per distinct screenshot, in outbox order; the same bytes in two entries go once.
    const refs = new Map<string, string>()
    for (const w of waiting) if (!refs.has(w.photo.sha256)) refs.set(w.photo.sha256, w.photo.ref)
    const checked = (async () => {
      const digests = [...refs.keys()]
      const held = new Set<string>()
      for (let i = 0; i < digests.length; i += CHECK_BATCH) for (const d of (await deps.api.checkEvidence(digests.slice(i, i + CHECK_BATCH))).held) held.add(d)
      for (const d of held) mark(d, { uploaded: true })
      return held
    })()
    const uploads = new Map<string, { done: Promise<void>; start: () => void }>()
    for (const [sha256, ref] of refs) {
      let start = () => {}
      const done = new Promise<void>((resolve, reject) => {
        start = () => {
          void (async () => {
            const path = await deps.files.uploadPath(ref)
            if (path === null) return mark(sha256, { lost: true })
            const receipt = await deps.api.uploadEvidence({ path, bytes: () => deps.files.read(ref) })
            if (receipt.sha256 !== sha256) throw new ApiError(422, 'EVIDENCE_CHANGED', '截图文件与提交时不一致，请重新拍摄')
            mark(sha256, { uploaded: true })
          })().then(resolve, reject)
        }
      })
      done.catch(() => undefined)
      uploads.set(sha256, { done, start })
    }
    let stopped = false
    const pool = checked.then(async (held) => {
      const queue = [...uploads.entries()].filter(([sha]) => !held.has(sha)).map(([, u]) => u)
      const worker = async () => {
        for (let u = stopped ? undefined : queue.shift(); u; u = stopped ? undefined : queue.shift()) {
          u.start()
          await u.done.catch(() => undefined)
        }
      }
      await Promise.all(Array.from({ length: UPLOAD_CONCURRENCY }, worker))
    })
    pool.catch(() => undefined)
    for (const e of batch) {
      const mine = [...new Set(waiting.filter((w) => w.clientId === e.clientId).map((w) => w.photo.sha256))]
      result.set(
        e.clientId,
        checked.then(
          async (held) => {
            for (const sha of mine) if (!held.has(sha)) await uploads.get(sha)?.done
            return null
          },
          (error: unknown) => asApiError(error)
        ).catch((error: unknown) => asApiError(error))
      )
    }
    return {
      sent: result,
      async finish() {
        stopped = true
        await pool.catch(() => undefined)
      }
    }
  }

  /** Records a failure of one entry: retryable ones back off, fatal ones park with the reason. */
  function fail(entry: OutboxEntry, error: unknown): 'retry' | 'parked' | 'gone' {
    const e = asApiError(error)
    const latest = deps.outbox.getState().entries.find((x) => x.clientId === entry.clientId)
    if (!latest) return 'gone'
    if (retryable(e)) {
      const attempts = latest.attempts + 1
      deps.outbox.getState().update(entry.clientId, {
        state: 'failed',
        attempts,
        nextAttemptAt: deps.now() + backoffMs(attempts, deps.random),
        lastError: { code: e.code, message: e.message }
      })
      return 'retry'
    }
    deps.outbox.getState().update(entry.clientId, { state: 'parked', attempts: latest.attempts + 1, lastError: { code: e.code, message: e.message } })
    return 'parked'
  }

  async function drain(): Promise<void> {
    for (;;) {
      const entries = [...deps.outbox.getState().entries].sort((a, b) => a.seq - b.seq).filter((e) => e.state !== 'parked')
      const head = entries[0]
      if (!head) return
      if (head.nextAttemptAt > deps.now()) {
        const wait = head.nextAttemptAt - deps.now()
        if (timerAt === 0 || timerAt > head.nextAttemptAt) {
          timerAt = head.nextAttemptAt
          deps.schedule(wait, () => {
            timerAt = 0
            kick()
          })
        }
        return
      }
      // The head is due, and so is everything behind it: the screenshots go ahead in parallel, the records in order.
      const batch = entries
      const { sent, finish } = prefetch(batch)
      for (const entry of batch) {
        const current = deps.outbox.getState().entries.find((e) => e.clientId === entry.clientId)
        if (!current) continue
        try {
          const uploadError = await sent.get(entry.clientId)
          if (uploadError) throw uploadError
          await process(deps.outbox.getState().entries.find((e) => e.clientId === entry.clientId) ?? current)
        } catch (error) {
          // A retryable failure holds the line (head-of-line order); a fatal one parks and the queue moves on.
          if (fail(entry, error) === 'retry') break
        }
      }
      await finish()
    }
  }

  /** Starts a run now (or right after the current one). */
  function kick(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    deps.outbox.getState().setSending(true)
    running = (async () => {
      do {
        again = false
        await drain()
      } while (again)
    })().finally(() => {
      running = null
      deps.outbox.getState().setSending(false)
    })
    return running
  }

  /** 「立即同步」: waiting entries go now, parked ones get another chance. */
  function syncNow(): Promise<void> {
    for (const e of deps.outbox.getState().entries) deps.outbox.getState().retry(e.clientId)
    return kick()
  }

  /**
   * The network is back, or the app came to the front: entries waiting out a back-off go now
   * (parked ones stay parked: they need a person, not another try).
   */
  function resume(): Promise<void> {
    for (const e of deps.outbox.getState().entries) {
      if (e.state === 'failed') deps.outbox.getState().update(e.clientId, { nextAttemptAt: 0 })
    }
    return kick()
  }

  return { kick, resume, syncNow, idle: () => running ?? Promise.resolve() }
}

export type SyncWorker = ReturnType<typeof createSyncWorker>
