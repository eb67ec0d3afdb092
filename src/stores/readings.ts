import { createStore } from 'zustand/vanilla'
import { proposePostDate, type EvidenceText, type PostDateProposal, type WordingHit } from '../core'
import type { ApiClient } from '../api/client'
import type { LocalFiles } from '../platform/files'
import { messageOf } from './errors'

/**
 * What the server's OCR read from the screenshots of the open checklist. A picked screenshot is
 * sent at once (the outbox would send it at submit; the server keeps one copy by its digest), then
 * its text is asked for until it is read. Offline, it waits: `retry` (on the network's return,
 * the page showing again) sends what is waiting. A server without OCR says 'off' and nothing is
 * proposed. Nothing here ever changes an answer: the page offers, the inspector decides.
 */
export type ReadingStatus = 'sending' | 'reading' | 'waiting' | 'done' | 'off' | 'failed'

export interface Reading {
  status: ReadingStatus
  text: EvidenceText | null
  /** The server's clock minus the phone's, measured when the text arrived (ms). */
  skew: number
  /** Why it waits or failed, in Chinese. */
  message: string | null
}

export interface ReadingPhoto {
  ref: string
  sha256: string
  /** When it was picked (the phone's clock, ms), if the app noted it. */
  takenAt?: number
}

export interface ReadingsState {
  readings: Record<string, Reading>
  /** Sends and reads each screenshot not yet read; calling it again for the same ones does nothing. */
  request(photos: ReadingPhoto[]): void
  /** Tries again what waits for the network or for the server's OCR. */
  retry(): void
  /** Whether the server reads screenshots: null until known (asked once, or learnt from a reading). */
  ocr: boolean | null
  /** Asks the server once whether it reads screenshots (the checklist promises date reading only then). */
  learnOcr(): Promise<void>
}

/** How often the text is asked for while the server reads it, and for how long. */
export const POLL_MS = 1500
export const POLL_TRIES = 40

export function createReadingsStore(deps: {
  api: Pick<ApiClient, 'uploadEvidence' | 'evidenceText' | 'me'>
  files: Pick<LocalFiles, 'uploadPath' | 'read'>
  now?: () => number
  /** Waits (a timer in the app; immediate in tests). */
  sleep?: (ms: number) => Promise<void>
}) {
  const now = deps.now ?? (() => Date.now())
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)))
  const known = new Map<string, ReadingPhoto>()
  const running = new Set<string>()
  /** Screenshots the server has: asking again for their text needs no second upload. */
  const sent = new Set<string>()
  /** The server said it has no OCR: later screenshots are not sent ahead of the outbox (until the app restarts). */
  let serverOff = false

  return createStore<ReadingsState>()((set, get) => {
    const put = (sha256: string, patch: Partial<Reading>) =>
      set((s) => ({ readings: { ...s.readings, [sha256]: { status: 'sending', text: null, skew: 0, message: null, ...s.readings[sha256], ...patch } } }))

    const run = async (photo: ReadingPhoto) => {
      const { sha256, ref } = photo
      if (running.has(sha256)) return
      running.add(sha256)
      try {
        if (serverOff) {
          put(sha256, { status: 'off', message: null })
          return
        }
        if (!sent.has(sha256)) {
          put(sha256, { status: 'sending', message: null })
          const path = await deps.files.uploadPath(ref)
          if (path === null) {
            put(sha256, { status: 'failed', message: '截图文件已不在手机上' })
            return
          }
          await deps.api.uploadEvidence({ path, bytes: () => deps.files.read(ref) })
          sent.add(sha256)
        }
        put(sha256, { status: 'reading', message: null })
        for (let i = 0; i < POLL_TRIES; i++) {
          const text = await deps.api.evidenceText(sha256)
          const skew = Date.parse(text.now) - now()
          if (text.status === 'off') {
            serverOff = true
            set({ ocr: false })
          }
          if (text.status === 'done' || text.status === 'off' || text.status === 'failed') {
            put(sha256, { status: text.status, text, skew, message: text.status === 'failed' ? (text.error ?? '识别失败') : null })
            return
          }
          await sleep(POLL_MS)
        }
        put(sha256, { status: 'waiting', message: '服务器仍在识别，稍后再看' })
      } catch (e) {
        // Offline or refused: it waits; retry sends it again. The screenshot itself stays in the draft.
        put(sha256, { status: 'waiting', message: messageOf(e) })
      } finally {
        running.delete(sha256)
      }
    }

    let asking: Promise<void> | null = null
    return {
      readings: {},
      ocr: null,
      learnOcr() {
        if (get().ocr !== null) return Promise.resolve()
        asking ??= deps.api.me().then(
          (me) => set({ ocr: me.ocr === true }),
          () => {
            // Offline: ask again next time; meanwhile nothing is promised.
            asking = null
          }
        )
        return asking
      },
      request(photos) {
        for (const photo of photos) {
          known.set(photo.sha256, photo)
          // Already asked for: what waits is tried again by retry.
          if (get().readings[photo.sha256]) continue
          void run(photo)
        }
      },
      retry() {
        for (const [sha256, r] of Object.entries(get().readings)) {
          const photo = known.get(sha256)
          if (photo && r.status === 'waiting') void run(photo)
        }
      }
    }
  })
}

export type ReadingsStore = ReturnType<typeof createReadingsStore>

/** A proposal with the screenshot it came from. */
export interface PhotoProposal extends PostDateProposal {
  sha256: string
}

/**
 * The latest post date the screenshots show: those of the update-lag item first; when none of
 * them shows one, any screenshot of the checklist. Each is dated by when it was picked (on the
 * server's calendar), else by when it reached the server.
 */
export function proposedPostDate(itemPhotos: ReadingPhoto[], allPhotos: ReadingPhoto[], readings: Record<string, Reading>): PhotoProposal | null {
  const best = (photos: ReadingPhoto[]) => {
    let found: PhotoProposal | null = null
    for (const photo of photos) {
      const r = readings[photo.sha256]
      if (r?.status !== 'done' || !r.text) continue
      const taken = photo.takenAt !== undefined ? new Date(photo.takenAt + r.skew) : new Date(r.text.uploadedAt)
      const p = proposePostDate(r.text.lines, taken)
      if (p && (!found || p.date > found.date)) found = { ...p, sha256: photo.sha256 }
    }
    return found
  }
  return best(itemPhotos) ?? best(allPhotos)
}

/** A suspected wording error with its screenshot, and the key a dismissal is kept under. */
export interface PhotoHit extends WordingHit {
  sha256: string
  key: string
  width: number
  height: number
}

export function wordingHits(photos: ReadingPhoto[], readings: Record<string, Reading>, dismissed: readonly string[]): PhotoHit[] {
  const seen = new Set<string>()
  const hits: PhotoHit[] = []
  for (const photo of photos) {
    const r = readings[photo.sha256]
    if (r?.status !== 'done' || !r.text || seen.has(photo.sha256)) continue
    seen.add(photo.sha256)
    for (const h of r.text.hits) {
      const key = `${photo.sha256}:${h.line}:${h.wrong}`
      if (!dismissed.includes(key)) hits.push({ ...h, sha256: photo.sha256, key, width: r.text.width ?? 0, height: r.text.height ?? 0 })
    }
  }
  return hits
}
