import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { IssueDetail, ReminderTemplates } from '../api/types'
import type { LocalFiles } from '../platform/files'
import { MAX_NOTE_LENGTH } from '../core'
import { messageOf } from './errors'
import { newClientId, type DraftPhoto } from './inspection'
import { addPhotosTo } from './photos'
import type { OutboxStore } from './outbox'

export interface IssueState {
  detail: IssueDetail | null
  loading: boolean
  error: string | null
  /** The liaison's answer being written. */
  note: string
  photos: DraftPhoto[]
  keeping: number
  /** Client id of the answer in the outbox, once submitted. */
  queued: string | null
  reviewing: boolean
  /**
   * The reminders a liaison may subscribe to (the server's subscribe-message templates), null when
   * the server sends none; undefined until known.
   */
  reminders: ReminderTemplates | null | undefined
  load(id: string): Promise<void>
  setNote(note: string): void
  addPhotos(paths: string[]): Promise<void>
  removePhoto(index: number): void
  /** Writes the answer into the outbox and returns at once. */
  answer(): boolean
  review(decision: 'verify' | 'return', reason: string): Promise<boolean>
  /** Records the reminders the liaison accepted (from requestSubscribeMessage). */
  subscribe(kinds: ('deadline' | 'returned')[]): Promise<string>
}

/** One issue: its detail and timeline, the liaison's answer (through the outbox), the office's review. */
export function createIssueStore(deps: {
  api: Pick<ApiClient, 'issue' | 'reviewIssue' | 'subscribe' | 'me'>
  files: LocalFiles
  outbox: OutboxStore
  onQueued?: () => void
  now?: () => number
  newId?: () => string
}) {
  const newId = deps.newId ?? (() => newClientId())
  const now = deps.now ?? (() => Date.now())
  return createStore<IssueState>()((set, get) => ({
    detail: null,
    loading: false,
    error: null,
    note: '',
    photos: [],
    keeping: 0,
    queued: null,
    reviewing: false,
    reminders: undefined,
    async load(id) {
      if (get().detail?.id !== id) set({ detail: null, note: '', photos: [], queued: null })
      set({ loading: true, error: null })
      if (get().reminders === undefined) {
        // Asked once; without an answer (offline) the reminder link stays hidden until the next load.
        void deps.api.me().then(
          (me) => set({ reminders: me.reminders ?? null }),
          () => undefined
        )
      }
      try {
        const detail = await deps.api.issue(id)
        set({ detail, loading: false })
      } catch (e) {
        set({ loading: false, error: messageOf(e) })
      }
    },
    setNote: (note) => set({ note, error: null }),
    addPhotos: (paths) => addPhotosTo(deps.files, paths, get, set),
    removePhoto: (index) => set((s) => ({ photos: s.photos.filter((_, i) => i !== index) })),
    answer() {
      const { detail, note, photos, keeping } = get()
      if (!detail) return false
      if (keeping > 0) return set({ error: '截图仍在保存，请稍候' }), false
      if (note.trim() === '') return set({ error: '请填写整改情况说明' }), false
      if (note.length > MAX_NOTE_LENGTH) return set({ error: `整改说明不能超过 ${MAX_NOTE_LENGTH} 字` }), false
      if (photos.length === 0) return set({ error: '请至少附一张整改后的截图' }), false
      const clientId = newId()
      deps.outbox.getState().enqueue(
        {
          kind: 'answer',
          issueId: detail.id,
          clientId,
          label: `${detail.account.name} · 整改反馈`,
          verdict: null,
          body: { note: note.trim(), evidence: photos.map((p) => p.sha256) },
          photos: photos.map((p) => ({ ref: p.ref, sha256: p.sha256, size: p.size }))
        },
        now()
      )
      set({ queued: clientId, note: '', photos: [], error: null })
      deps.onQueued?.()
      return true
    },
    async subscribe(kinds) {
      if (kinds.length === 0) return '未订阅提醒'
      try {
        await deps.api.subscribe(kinds)
        const when = [kinds.includes('deadline') ? '整改截止前' : '', kinds.includes('returned') ? '反馈被退回时' : ''].filter(Boolean).join('和')
        return `已订阅：${when}会提醒您`
      } catch (e) {
        return messageOf(e)
      }
    },
    async review(decision, reason) {
      const { detail } = get()
      if (!detail || get().reviewing) return false
      if (decision === 'return' && reason.trim() === '') return set({ error: '退回时请写明原因' }), false
      set({ reviewing: true, error: null })
      try {
        const updated = await deps.api.reviewIssue(detail.id, newId(), { decision, reason: reason.trim() })
        set({ detail: updated, reviewing: false })
        return true
      } catch (e) {
        set({ reviewing: false, error: messageOf(e) })
        return false
      }
    }
  }))
}

export type IssueStore = ReturnType<typeof createIssueStore>
