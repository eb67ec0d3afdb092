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
import type { AccountItem, Checkpoint } from '../api/types'
import type { LocalFiles } from '../platform/files'
import type { OutboxStore } from './outbox'

export interface DraftAnswer {
  result: ResultValue | null
  note: string
  value: string | null
}

export interface DraftPhoto {
  /** What an <Image> shows now (the picked file). */
  path: string
  /** The kept copy (out of temp storage), its digest and size. */
  ref: string
  sha256: string
  size: number
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
  /** Compressing and keeping picked screenshots. */
  keeping: number
  error: string | null
  /** Set when the submission is in the outbox: the page then follows its sync state. */
  queued: { clientId: string; verdict: 'pass' | 'fail'; issues: number } | null
  start(context: InspectionContext): void
  setResult(code: string, result: ResultValue | null): void
  allPass(): void
  setLatestPost(code: string, date: string | null): void
  setNote(code: string, note: string): void
  addPhotos(code: string, paths: string[]): Promise<void>
  removePhoto(code: string, index: number): void
  submit(): boolean
}

export const MAX_PHOTOS_PER_ITEM = 9

const EMPTY: DraftAnswer = { result: null, note: '', value: null }

export function newClientId(now: number = Date.now(), random: () => number = Math.random): string {
  const rand = Math.floor(random() * 36 ** 8)
    .toString(36)
    .padStart(8, '0')
  return `c-${now.toString(36)}-${rand}`
}

/** The answers as core and the server see them: screenshots by their SHA-256. */
export function draftAnswers(s: Pick<InspectionState, 'context' | 'answers' | 'photos'>): Answer[] {
  if (!s.context) return []
  return s.context.catalog.indicators.map((indicator) => {
    const a = s.answers[indicator.code] ?? EMPTY
    return {
      code: indicator.code,
      result: a.result,
      note: a.note,
      value: a.value,
      evidence: (s.photos[indicator.code] ?? []).map((p) => p.sha256)
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

/**
 * The checklist being filled in for one account at one checkpoint. Screenshots are kept out of
 * temporary storage as soon as they are picked; submit writes the outbox and returns at once.
 */
export function createInspectionStore(deps: {
  files: LocalFiles
  outbox: OutboxStore
  /** Starts the sync worker after a submit. */
  onQueued?: () => void
  now?: () => number
  newId?: () => string
}) {
  const newId = deps.newId ?? (() => newClientId())
  const now = deps.now ?? (() => Date.now())
  return createStore<InspectionState>()((set, get) => {
    const patchAnswer = (code: string, patch: Partial<DraftAnswer>) =>
      set((s) => ({ answers: { ...s.answers, [code]: { ...(s.answers[code] ?? EMPTY), ...patch } }, error: null }))
    return {
      context: null,
      clientId: '',
      answers: {},
      photos: {},
      keeping: 0,
      error: null,
      queued: null,
      start(context) {
        const same = get().context
        if (same && same.account.id === context.account.id && same.checkpoint.id === context.checkpoint.id && !get().queued) {
          set({ context })
          return
        }
        set({ context, clientId: newId(), answers: {}, photos: {}, keeping: 0, error: null, queued: null })
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
      async addPhotos(code, paths) {
        set((s) => ({ keeping: s.keeping + paths.length, error: null }))
        for (const path of paths) {
          try {
            const kept = await deps.files.keep(path)
            const current = get().photos[code] ?? []
            const twin = current.find((c) => c.sha256 === kept.sha256)
            if (twin || current.length >= MAX_PHOTOS_PER_ITEM) {
              // Same picture picked twice, or the item is full: drop the extra copy (never a shared one).
              if (twin?.ref !== kept.ref) await deps.files.remove(kept.ref)
              set((s) => ({ keeping: s.keeping - 1 }))
              continue
            }
            set((s) => ({ photos: { ...s.photos, [code]: [...(s.photos[code] ?? []), { path, ...kept }] }, keeping: s.keeping - 1 }))
          } catch {
            set((s) => ({ keeping: s.keeping - 1, error: '截图保存失败，请重新选择' }))
          }
        }
      },
      removePhoto(code, index) {
        set((s) => ({ photos: { ...s.photos, [code]: (s.photos[code] ?? []).filter((_, i) => i !== index) } }))
      },
      submit() {
        const state = get()
        const ctx = state.context
        if (!ctx || state.queued) return false
        if (state.keeping > 0) {
          set({ error: '截图仍在保存，请稍候' })
          return false
        }
        const problems = draftProblems(state)
        const verdict = draftVerdict(state)
        if (problems.length > 0 || !verdict?.verdict) {
          set({ error: problems[0]?.message ?? '检查记录不完整' })
          return false
        }
        // Only screenshots of failed items travel with the inspection.
        const failing = (code: string) => verdict.results[code] === 'fail'
        const answers = draftAnswers(state).map((a) => ({ ...a, note: a.note.trim(), evidence: failing(a.code) ? a.evidence : [] }))
        const photos = Object.entries(state.photos)
          .filter(([code]) => failing(code))
          .flatMap(([, list]) => list.map((p) => ({ ref: p.ref, sha256: p.sha256, size: p.size })))
        deps.outbox.getState().enqueue(
          {
            kind: 'inspection',
            clientId: state.clientId,
            label: `${ctx.account.name} · 第${ctx.checkpoint.seq}次监测`,
            verdict: verdict.verdict,
            body: { roundId: ctx.roundId, checkpointId: ctx.checkpoint.id, accountId: ctx.account.id, answers },
            photos: photos.filter((p, i) => photos.findIndex((q) => q.sha256 === p.sha256) === i)
          },
          now()
        )
        set({ queued: { clientId: state.clientId, verdict: verdict.verdict, issues: verdict.failed.length }, error: null })
        deps.onQueued?.()
        return true
      }
    }
  })
}

export type InspectionStore = ReturnType<typeof createInspectionStore>
