import { createStore } from 'zustand/vanilla'
import {
  computeVerdict,
  validateAnswers,
  type Answer,
  type AnswerProblem,
  type Catalog,
  type ResultValue,
  type VerdictResult
} from '../core'
import type { ApiClient } from '../api/client'
import type { AccountItem, Checkpoint, InspectionReceipt } from '../api/types'
import { messageOf } from './errors'

export interface DraftAnswer {
  result: ResultValue | null
  note: string
  value: string | null
}

export interface DraftPhoto {
  /** Local file path (WeChat temp/user file, or a blob: URL on H5). */
  path: string
  /** Set once the server has receipted the upload. */
  sha256: string | null
}

export interface InspectionContext {
  roundId: string
  catalog: Catalog
  checkpoint: Checkpoint
  account: AccountItem
}

export interface InspectionState {
  context: InspectionContext | null
  clientId: string
  answers: Record<string, DraftAnswer>
  photos: Record<string, DraftPhoto[]>
  submitting: boolean
  progress: string | null
  error: string | null
  receipt: InspectionReceipt | null
  start(context: InspectionContext): void
  setResult(code: string, result: ResultValue | null): void
  allPass(): void
  setLatestPost(code: string, date: string | null): void
  setNote(code: string, note: string): void
  addPhotos(code: string, paths: string[]): void
  removePhoto(code: string, index: number): void
  submit(): Promise<boolean>
}

export const MAX_PHOTOS_PER_ITEM = 9

const EMPTY: DraftAnswer = { result: null, note: '', value: null }

export function newClientId(now: number = Date.now(), random: () => number = Math.random): string {
  const rand = Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0')
  return `c-${now.toString(36)}-${rand}`
}

/** The answers as core and the server see them; photos not yet uploaded count by their local path. */
export function draftAnswers(s: Pick<InspectionState, 'context' | 'answers' | 'photos'>): Answer[] {
  if (!s.context) return []
  return s.context.catalog.indicators.map((indicator) => {
    const a = s.answers[indicator.code] ?? EMPTY
    return {
      code: indicator.code,
      result: a.result,
      note: a.note,
      value: a.value,
      evidence: (s.photos[indicator.code] ?? []).map((p) => p.sha256 ?? `local:${p.path}`)
    }
  })
}

export function draftVerdict(s: Pick<InspectionState, 'context' | 'answers' | 'photos'>): VerdictResult | null {
  if (!s.context) return null
  return computeVerdict(s.context.catalog, draftAnswers(s), s.context.checkpoint.date)
}

export function draftProblems(s: Pick<InspectionState, 'context' | 'answers' | 'photos'>): AnswerProblem[] {
  if (!s.context) return []
  return validateAnswers(s.context.catalog, draftAnswers(s), s.context.checkpoint.date)
}

/** The checklist being filled in for one account at one checkpoint. */
export function createInspectionStore(deps: { api: Pick<ApiClient, 'uploadEvidence' | 'putInspection'>; newId?: () => string }) {
  const newId = deps.newId ?? (() => newClientId())
  return createStore<InspectionState>()((set, get) => {
    const patchAnswer = (code: string, patch: Partial<DraftAnswer>) =>
      set((s) => ({ answers: { ...s.answers, [code]: { ...(s.answers[code] ?? EMPTY), ...patch } }, error: null }))
    return {
      context: null,
      clientId: '',
      answers: {},
      photos: {},
      submitting: false,
      progress: null,
      error: null,
      receipt: null,
      start(context) {
        const same = get().context
        if (same && same.account.id === context.account.id && same.checkpoint.id === context.checkpoint.id && !get().receipt) {
          set({ context })
          return
        }
        set({ context, clientId: newId(), answers: {}, photos: {}, submitting: false, progress: null, error: null, receipt: null })
      },
      setResult: (code, result) => patchAnswer(code, { result }),
      allPass() {
        const ctx = get().context
        if (!ctx) return
        set((s) => {
          const answers = { ...s.answers }
          for (const indicator of ctx.catalog.indicators) {
            if (indicator.rule || indicator.kind === 'bonus') continue
            answers[indicator.code] = { ...(answers[indicator.code] ?? EMPTY), result: 'pass' }
          }
          return { answers, error: null }
        })
      },
      setLatestPost: (code, date) => patchAnswer(code, { value: date, result: null }),
      setNote: (code, note) => patchAnswer(code, { note }),
      addPhotos(code, paths) {
        set((s) => {
          const current = s.photos[code] ?? []
          const added = paths.filter((p) => !current.some((c) => c.path === p)).map((path) => ({ path, sha256: null }))
          return { photos: { ...s.photos, [code]: [...current, ...added].slice(0, MAX_PHOTOS_PER_ITEM) }, error: null }
        })
      },
      removePhoto(code, index) {
        set((s) => ({ photos: { ...s.photos, [code]: (s.photos[code] ?? []).filter((_, i) => i !== index) } }))
      },
      async submit() {
        const state = get()
        const ctx = state.context
        if (!ctx || state.submitting) return false
        const problems = draftProblems(state)
        if (problems.length > 0) {
          set({ error: problems[0]?.message ?? '检查记录不完整' })
          return false
        }
        set({ submitting: true, error: null })
        try {
          // Only photos of failed items travel; each is uploaded once, its receipt kept for retries.
          const verdict = draftVerdict(state)
          const needed = Object.entries(get().photos).filter(([code]) => verdict?.results[code] === 'fail')
          const total = needed.reduce((n, [, list]) => n + list.length, 0)
          let done = needed.reduce((n, [, list]) => n + list.filter((p) => p.sha256).length, 0)
          for (const [code, list] of needed) {
            for (const [index, photo] of list.entries()) {
              if (photo.sha256) continue
              set({ progress: `正在上传截图 ${done + 1}/${total}` })
              const receipt = await deps.api.uploadEvidence(photo.path)
              done += 1
              set((s) => ({
                photos: { ...s.photos, [code]: (s.photos[code] ?? []).map((p, i) => (i === index ? { ...p, sha256: receipt.sha256 } : p)) }
              }))
            }
          }
          set({ progress: '正在提交检查结果' })
          const photos = get().photos
          const answers = draftAnswers({ ...get(), photos }).map((a) => ({
            ...a,
            note: a.note.trim(),
            evidence: verdict?.results[a.code] === 'fail' ? a.evidence : []
          }))
          const receipt = await deps.api.putInspection(get().clientId, {
            roundId: ctx.roundId,
            checkpointId: ctx.checkpoint.id,
            accountId: ctx.account.id,
            answers
          })
          set({ submitting: false, progress: null, receipt })
          return true
        } catch (e) {
          set({ submitting: false, progress: null, error: messageOf(e) })
          return false
        }
      }
    }
  })
}

export type InspectionStore = ReturnType<typeof createInspectionStore>
