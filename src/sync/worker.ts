import type { ApiClient } from '../api/client'
import { ApiError } from '../api/transport'
import type { LocalFiles } from '../platform/files'
import type { OutboxEntry, OutboxStore } from '../stores/outbox'

export interface WorkerDeps {
  outbox: OutboxStore
  api: Pick<ApiClient, 'checkEvidence' | 'uploadEvidence' | 'putInspection' | 'answerIssue'>
  files: LocalFiles
  now: () => number
  random: () => number
  /** Calls `fn` after `ms` (setTimeout in the app; tests drive time themselves). */
  schedule: (ms: number, fn: () => void) => void
}

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

  async function sendPhotos(entry: OutboxEntry): Promise<void> {
    const waiting = entry.photos.filter((p) => !p.uploaded && !p.lost)
    if (waiting.length === 0) return
    const { held } = await deps.api.checkEvidence(waiting.map((p) => p.sha256))
    for (const photo of waiting) {
      if (held.includes(photo.sha256)) {
        deps.outbox.getState().markPhoto(entry.clientId, photo.sha256, { uploaded: true })
        continue
      }
      const path = await deps.files.uploadPath(photo.ref)
      if (path === null) {
        deps.outbox.getState().markPhoto(entry.clientId, photo.sha256, { lost: true })
        continue
      }
      const receipt = await deps.api.uploadEvidence({ path, bytes: () => deps.files.read(photo.ref) })
      if (receipt.sha256 !== photo.sha256) throw new ApiError(422, 'EVIDENCE_CHANGED', '截图文件与提交时不一致，请重新拍摄')
      deps.outbox.getState().markPhoto(entry.clientId, photo.sha256, { uploaded: true })
    }
  }

  async function process(entry: OutboxEntry): Promise<boolean> {
    if (entry.kind === 'answer') {
      // The server refuses an answer whose screenshots it lacks, so they always go first.
      await sendPhotos(entry)
      await deps.api.answerIssue(entry.issueId, entry.clientId, entry.body)
      const current = deps.outbox.getState().entries.find((e) => e.clientId === entry.clientId)
      if (!current) return true
      for (const p of current.photos) if (p.uploaded) await deps.files.remove(p.ref)
      for (const ref of current.stale) await deps.files.remove(ref)
      const held = current.photos.filter((p) => p.uploaded).length
      deps.outbox.getState().complete(entry.clientId, { clientId: entry.clientId, label: entry.label, verdict: null, held, expected: current.photos.length, complete: held === current.photos.length, at: deps.now() })
      return true
    }
    for (let pass = 0; pass < 2; pass++) {
      await sendPhotos(deps.outbox.getState().entries.find((e) => e.clientId === entry.clientId) ?? entry)
      const receipt = await deps.api.putInspection(entry.clientId, entry.body)
      const current = deps.outbox.getState().entries.find((e) => e.clientId === entry.clientId)
      if (!current) return true
      const recoverable = current.photos.filter((p) => receipt.evidence.missing.includes(p.sha256) && !p.lost)
      if (recoverable.length > 0 && pass === 0) {
        // The server lacks a screenshot we thought it had: send it again, then ask again.
        for (const p of recoverable) deps.outbox.getState().markPhoto(entry.clientId, p.sha256, { uploaded: false })
        continue
      }
      if (recoverable.length > 0) throw new ApiError(503, 'EVIDENCE_NOT_RECEIVED', `服务器尚未收到 ${recoverable.length} 张截图，稍后重试`)
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
      return true
    }
    return false
  }

  async function drain(): Promise<void> {
    for (;;) {
      const entries = [...deps.outbox.getState().entries].sort((a, b) => a.seq - b.seq)
      const head = entries.find((e) => e.state !== 'parked')
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
      try {
        await process(head)
      } catch (error) {
        const e = asApiError(error)
        const latest = deps.outbox.getState().entries.find((x) => x.clientId === head.clientId)
        if (!latest) continue
        if (retryable(e)) {
          const attempts = latest.attempts + 1
          deps.outbox.getState().update(head.clientId, {
            state: 'failed',
            attempts,
            nextAttemptAt: deps.now() + backoffMs(attempts, deps.random),
            lastError: { code: e.code, message: e.message }
          })
        } else {
          deps.outbox.getState().update(head.clientId, { state: 'parked', attempts: latest.attempts + 1, lastError: { code: e.code, message: e.message } })
        }
      }
    }
  }

  /** Starts a run now (or right after the current one). */
  function kick(): Promise<void> {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      do {
        again = false
        await drain()
      } while (again)
    })().finally(() => {
      running = null
    })
    return running
  }

  /** 「立即同步」: waiting entries go now, parked ones get another chance. */
  function syncNow(): Promise<void> {
    for (const e of deps.outbox.getState().entries) if (e.state !== 'pending' || e.nextAttemptAt > 0) deps.outbox.getState().retry(e.clientId)
    return kick()
  }

  return { kick, syncNow, idle: () => running ?? Promise.resolve() }
}

export type SyncWorker = ReturnType<typeof createSyncWorker>
