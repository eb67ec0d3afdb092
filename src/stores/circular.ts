import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { CircularView } from '../core'
import { messageOf } from './errors'

export type CircularDraft = Pick<CircularView, 'office' | 'docNo' | 'title' | 'practices' | 'nextSteps' | 'copyTo' | 'printedBy'>

export interface CircularState {
  roundId: string | null
  view: CircularView | null
  /** The admin's edits, not saved yet (null: nothing changed). */
  draft: CircularDraft | null
  loading: boolean
  busy: boolean
  error: string | null
  load(roundId: string): Promise<void>
  edit(patch: Partial<CircularDraft>): void
  /** Saves the edits; answers whether the server took them (the reason is in `error`, the edits stay). */
  save(): Promise<boolean>
}

const draftOf = (v: CircularView): CircularDraft => ({ office: v.office, docNo: v.docNo, title: v.title, practices: v.practices, nextSteps: v.nextSteps, copyTo: v.copyTo, printedBy: v.printedBy })

/** A round's circular: the preview, the office's own sections and their edits. */
export function createCircularStore(deps: { api: Pick<ApiClient, 'circular' | 'saveCircular'> }) {
  return createStore<CircularState>()((set, get) => ({
    roundId: null,
    view: null,
    draft: null,
    loading: false,
    busy: false,
    error: null,
    async load(roundId) {
      if (get().roundId !== roundId) set({ roundId, view: null, draft: null })
      set({ loading: true, error: null })
      try {
        const view = await deps.api.circular(roundId)
        if (get().roundId === roundId) set({ view, loading: false })
      } catch (e) {
        set({ loading: false, error: messageOf(e) })
      }
    },
    edit(patch) {
      const { view, draft } = get()
      if (!view) return
      set({ draft: { ...(draft ?? draftOf(view)), ...patch } })
    },
    async save() {
      const { roundId, draft, busy } = get()
      if (!roundId || !draft || busy) return false
      set({ busy: true, error: null })
      try {
        const view = await deps.api.saveCircular(roundId, draft)
        set({ view, draft: null, busy: false })
        return true
      } catch (e) {
        set({ busy: false, error: messageOf(e) })
        return false
      }
    }
  }))
}
