import { createStore } from 'zustand/vanilla'
import { practiceNoteProblem, type PracticeTheme } from '../core'
import type { LocalFiles } from '../platform/files'
import { newClientId, type DraftPhoto } from './inspection'
import type { OutboxStore } from './outbox'
import { addPhotosTo } from './photos'

export interface PracticeTarget {
  roundId: string
  accountId: string
  accountName: string
}

export interface PracticeState {
  target: PracticeTarget | null
  theme: PracticeTheme | null
  note: string
  photos: DraftPhoto[]
  keeping: number
  error: string | null
  /** Client id of the last practice put into the outbox from this form. */
  queued: string | null
  start(target: PracticeTarget): void
  setTheme(theme: PracticeTheme): void
  setNote(note: string): void
  addPhotos(paths: string[]): Promise<void>
  removePhoto(index: number): void
  /** Writes the practice into the outbox and returns at once; false with `error` set when it is not complete. */
  submit(): boolean
}

/**
 * A good practice (典型做法) an inspector flags on an account: theme, note, screenshots; it goes
 * through the outbox like an inspection, so it is kept on the phone until the server has it.
 */
export function createPracticeStore(deps: { files: LocalFiles; outbox: OutboxStore; onQueued?: () => void; now?: () => number; newId?: () => string }) {
  const newId = deps.newId ?? (() => newClientId())
  const now = deps.now ?? (() => Date.now())
  return createStore<PracticeState>()((set, get) => ({
    target: null,
    theme: null,
    note: '',
    photos: [],
    keeping: 0,
    error: null,
    queued: null,
    start(target) {
      const current = get().target
      if (current?.roundId === target.roundId && current.accountId === target.accountId) return set({ target, queued: null })
      set({ target, theme: null, note: '', photos: [], error: null, queued: null })
    },
    setTheme: (theme) => set({ theme, error: null }),
    setNote: (note) => set({ note, error: null }),
    addPhotos: (paths) => addPhotosTo(deps.files, paths, get, set),
    removePhoto: (index) => set((s) => ({ photos: s.photos.filter((_, i) => i !== index) })),
    submit() {
      const { target, theme, note, photos, keeping } = get()
      if (!target) return false
      if (keeping > 0) return set({ error: '截图仍在保存，请稍候' }), false
      if (!theme) return set({ error: '请选择做法类别' }), false
      const problem = practiceNoteProblem(note)
      if (problem) return set({ error: problem.message }), false
      const clientId = newId()
      deps.outbox.getState().enqueue(
        {
          kind: 'practice',
          clientId,
          label: `${target.accountName} · 典型做法`,
          verdict: null,
          body: { roundId: target.roundId, accountId: target.accountId, theme, note: note.trim(), evidence: photos.map((p) => p.sha256) },
          photos: photos.map((p) => ({ ref: p.ref, sha256: p.sha256, size: p.size }))
        },
        now()
      )
      set({ queued: clientId, theme: null, note: '', photos: [], error: null })
      deps.onQueued?.()
      return true
    }
  }))
}

export type PracticeStore = ReturnType<typeof createPracticeStore>
