import { createStore } from 'zustand/vanilla'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import {
  MAX_NOTE_LENGTH,
  computeVerdict,
  validateAnswers,
  type Answer,
  type AnswerProblem,
  type Catalog,
  type ResultValue,
  type RoundResult,
  type VerdictResult
} from '../core'
import type { AccountDetail, AccountItem, Checkpoint, InspectionHistoryItem } from '../api/types'
import type { ApiClient } from '../api/client'
import { messageOf, keepError } from './errors'
import { isOffline } from './offline-cache'
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
  /** When it was picked (the phone's clock, ms): what the post dates it shows are relative to. */
  takenAt?: number
}

/** A checklist not yet submitted, kept per account and checkpoint (no image bytes: file references). */
export interface StoredDraft {
  clientId: string
  answers: Record<string, DraftAnswer>
  photos: Record<string, Omit<DraftPhoto, 'path'>[]>
  /** Suspected wording errors the inspector dismissed (PhotoHit keys). */
  dismissed?: string[]
  updatedAt: number
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
  /** Unsubmitted checklists by `draftKey`, persisted: they survive the mini-program being killed. */
  drafts: Record<string, StoredDraft>
  /** When the open checklist was restored from a draft (its last change), else null. */
  restoredFrom: number | null
  /** What 「全部合格」 could not fill in by itself (the latest post date). */
  prompt: string | null
  /** Suspected wording errors dismissed for this checklist (PhotoHit keys). */
  dismissed: string[]
  /** Every submission for the open account in this round (newest first); null until loaded. */
  history: InspectionHistoryItem[] | null
  /** The account's result in each round it was inspected in, oldest first (with `history`). */
  rounds: RoundResult[] | null
  /** Whose history `history` is. */
  historyAccount: string | null
  historyError: string | null
  /** Fetches the account with its submissions (a deep link has nothing else to go on). */
  loadAccount(roundId: string, accountId: string): Promise<AccountDetail | null>
  start(context: InspectionContext): void
  setResult(code: string, result: ResultValue | null): void
  /** Fills unanswered items with 合格; never changes an answer. Returns the code still needing a date, if any. */
  allPass(): string | null
  /** Throws the open draft away (after the page's confirm) and starts the checklist afresh. */
  discard(): Promise<void>
  setLatestPost(code: string, date: string | null): void
  setNote(code: string, note: string): void
  /**
   * A suspected wording error the inspector confirms: the catalog's wording item (严重表述错误)
   * fails, with the quote in its note and the screenshot attached. Returns that item's code, or
   * null when the catalog has none.
   */
  confirmWording(hit: { key: string; sha256: string; quote: string; wrong: string; right: string }): string | null
  dismissWording(key: string): void
  addPhotos(code: string, paths: string[]): Promise<void>
  removePhoto(code: string, index: number): void
  submit(): boolean
}

/**
 * The item a confirmed wording error fails: the catalog's 安全 item on wrong wording (严重表述错误
 * in the national catalog), else its first 安全 item.
 */
export function wordingIndicator(catalog: Catalog): string | null {
  const safety = catalog.indicators.filter((i) => i.category === '安全' && i.kind === 'veto')
  return (safety.find((i) => i.title.includes('表述')) ?? safety[0])?.code ?? null
}

export const MAX_PHOTOS_PER_ITEM = 9
export const DRAFTS_KEY = 'gnm.drafts'
export const DRAFTS_VERSION = 1
/** Drafts kept at most (the oldest go first); each is a few hundred bytes. */
export const MAX_DRAFTS = 200
/** Shown when the phone's storage for the mini-program (10 MB, WeChat's limit) is full. */
export const STORAGE_FULL = '手机中本程序的存储空间已满（微信限定 10 MB），这份检查的草稿未能保存：请先提交已完成的检查，联网同步后再继续'

export function draftKeyOf(roundId: string, checkpointId: string, accountId: string): string {
  return `${roundId}/${checkpointId}/${accountId}`
}

export function draftKey(c: Pick<InspectionContext, 'roundId' | 'checkpoint' | 'account'>): string {
  return draftKeyOf(c.roundId, c.checkpoint.id, c.account.id)
}

function hasContent(answers: Record<string, DraftAnswer>, photos: Record<string, unknown[]>): boolean {
  return Object.values(answers).some((a) => a.result !== null || a.value !== null || a.note.trim() !== '') || Object.values(photos).some((p) => p.length > 0)
}

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
  /** Where drafts persist (Taro storage in the app, memory in tests). */
  storage: StateStorage
  api?: Pick<ApiClient, 'accountDetail'>
  /** Starts the sync worker after a submit. */
  onQueued?: () => void
  now?: () => number
  newId?: () => string
}) {
  const newId = deps.newId ?? (() => newClientId())
  const now = deps.now ?? (() => Date.now())
  // WeChat keeps 10 MB for the mini-program's storage: when a draft cannot be written the checklist
  // stays on screen and the user is told (STORAGE_FULL); nothing throws into the page.
  let onStorageFull = () => undefined as void
  const storage: StateStorage = {
    getItem: (name) => deps.storage.getItem(name),
    removeItem: (name) => deps.storage.removeItem(name),
    setItem: (name, value) => {
      try {
        return deps.storage.setItem(name, value)
      } catch {
        onStorageFull()
      }
    }
  }
  return createStore<InspectionState>()(
    persist(
      (set, get) => {
        onStorageFull = () => {
          if (get().error !== STORAGE_FULL) set({ error: STORAGE_FULL })
        }
        /** Writes the open checklist into its draft (or drops the draft when nothing is filled in). */
        const saveDraft = () => {
          const { context, clientId, answers, photos, queued, dismissed } = get()
          if (!context || queued) return
          const key = draftKey(context)
          const evicted: string[] = []
          set((s) => {
            const drafts = { ...s.drafts }
            delete drafts[key]
            if (hasContent(answers, photos)) {
              const kept = Object.fromEntries(Object.entries(photos).map(([code, list]) => [code, list.map(({ ref, sha256, size, takenAt }) => ({ ref, sha256, size, takenAt }))]))
              drafts[key] = { clientId, answers, photos: kept, dismissed, updatedAt: now() }
              const keys = Object.keys(drafts).sort((a, b) => (drafts[a]?.updatedAt ?? 0) - (drafts[b]?.updatedAt ?? 0))
              for (const old of keys.slice(0, Math.max(0, keys.length - MAX_DRAFTS))) {
                for (const list of Object.values(drafts[old]?.photos ?? {})) for (const p of list) evicted.push(p.ref)
                delete drafts[old]
              }
            }
            return { drafts }
          })
          // An evicted draft's screenshots leave with it, unless something else still holds them.
          for (const ref of unreferenced(evicted)) void deps.files.remove(ref).catch(() => undefined)
        }
        const patchAnswer = (code: string, patch: Partial<DraftAnswer>) => {
          set((s) => ({ answers: { ...s.answers, [code]: { ...(s.answers[code] ?? EMPTY), ...patch } }, error: null, prompt: null }))
          saveDraft()
        }
        /** Shows a restored draft's screenshots from their kept files; a file that vanished is named. */
        const resolvePhotos = async (key: string) => {
          let lost = 0
          for (const [code, list] of Object.entries(get().photos)) {
            for (const photo of list) {
              const path = await deps.files.uploadPath(photo.ref).catch(() => null)
              const ctx = get().context
              if (!ctx || draftKey(ctx) !== key) return
              if (path === null) lost += 1
              set((s) => ({
                photos: {
                  ...s.photos,
                  [code]: (s.photos[code] ?? []).flatMap((p) => (p.ref !== photo.ref ? [p] : path === null ? [] : [{ ...p, path }]))
                }
              }))
            }
          }
          if (lost > 0) {
            set({ error: `有 ${lost} 张截图在手机上已找不到，请重新选择` })
            saveDraft()
          }
        }
        /** Kept files no draft and no outbox entry refers to any more. */
        const unreferenced = (refs: string[]): string[] => {
          const used = new Set<string>()
          for (const d of Object.values(get().drafts)) for (const list of Object.values(d.photos)) for (const p of list) used.add(p.ref)
          for (const e of deps.outbox.getState().entries) for (const p of e.photos) used.add(p.ref)
          return refs.filter((r) => !used.has(r))
        }
        return {
          context: null,
          clientId: '',
          answers: {},
          photos: {},
          keeping: 0,
          error: null,
          queued: null,
          drafts: {},
          restoredFrom: null,
          prompt: null,
          dismissed: [],
          history: null,
          rounds: null,
          historyAccount: null,
          historyError: null,
          async loadAccount(roundId, accountId) {
            if (!deps.api) return null
            set({ historyError: null })
            try {
              const detail = await deps.api.accountDetail(roundId, accountId)
              set({ history: detail.history, rounds: detail.rounds, historyAccount: accountId })
              return detail
            } catch (e) {
              // Offline the checklist still works; the history waits for the network.
              set({ historyError: isOffline(e) ? '离线：检查记录联网后显示' : messageOf(e) })
              return null
            }
          },
          start(context) {
            const same = get().context
            if (same && draftKey(same) === draftKey(context) && !get().queued) {
              set({ context })
              return
            }
            const key = draftKey(context)
            const draft = get().drafts[key]
            const keepHistory = get().historyAccount === context.account.id ? get().history : null
            if (draft) {
              const photos = Object.fromEntries(Object.entries(draft.photos).map(([code, list]) => [code, list.map((p) => ({ ...p, path: p.ref }))]))
              set({ context, clientId: draft.clientId, answers: draft.answers, photos, keeping: 0, error: null, queued: null, restoredFrom: draft.updatedAt, prompt: null, dismissed: draft.dismissed ?? [], history: keepHistory })
              void resolvePhotos(key)
              return
            }
            set({ context, clientId: newId(), answers: {}, photos: {}, keeping: 0, error: null, queued: null, restoredFrom: null, prompt: null, dismissed: [], history: keepHistory })
          },
          async discard() {
            const ctx = get().context
            if (!ctx) return
            const refs = Object.values(get().photos).flatMap((list) => list.map((p) => p.ref))
            set((s) => {
              const drafts = { ...s.drafts }
              delete drafts[draftKey(ctx)]
              return { drafts, clientId: newId(), answers: {}, photos: {}, error: null, queued: null, restoredFrom: null, prompt: null, dismissed: [] }
            })
            for (const ref of unreferenced(refs)) await deps.files.remove(ref).catch(() => undefined)
          },
          setResult: (code, result) => patchAnswer(code, { result }),
          allPass() {
            const ctx = get().context
            if (!ctx) return null
            let needsDate: string | null = null
            set((s) => {
              const answers = { ...s.answers }
              for (const indicator of ctx.catalog.indicators) {
                const current = answers[indicator.code] ?? EMPTY
                if (indicator.rule?.type === 'update-lag') {
                  if (current.result !== 'na' && !current.value) needsDate ??= indicator.code
                  continue
                }
                // Only what is still unanswered: a 不合格 or 不适用 already chosen stays as it is.
                if (indicator.kind === 'bonus' || current.result !== null) continue
                answers[indicator.code] = { ...current, result: 'pass' }
              }
              const title = needsDate ? ctx.catalog.indicators.find((i) => i.code === needsDate)?.title : null
              return { answers, error: null, prompt: title ? `「${title}」还需填写：选择最新一条发布的日期，或点「监测当日有更新」` : null }
            })
            saveDraft()
            return needsDate
          },
          setLatestPost: (code, date) => patchAnswer(code, { value: date, result: null }),
          setNote: (code, note) => patchAnswer(code, { note: note.split(String.fromCharCode(0)).join('') }),
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
                set((s) => ({ photos: { ...s.photos, [code]: [...(s.photos[code] ?? []), { path, ...kept, takenAt: now() }] }, keeping: s.keeping - 1 }))
                saveDraft()
              } catch (e) {
                set((s) => ({ keeping: s.keeping - 1, error: keepError(e) }))
              }
            }
          },
          confirmWording(hit) {
            const ctx = get().context
            const code = ctx ? wordingIndicator(ctx.catalog) : null
            if (!ctx || !code) return null
            const photo = Object.values(get().photos)
              .flat()
              .find((p) => p.sha256 === hit.sha256)
            const current = get().answers[code] ?? EMPTY
            const line = `截图文字「${hit.quote}」中「${hit.wrong}」应为「${hit.right}」`
            const note = current.note.includes(line) ? current.note : [current.note.trim(), line].filter(Boolean).join('\n')
            set((s) => {
              const list = s.photos[code] ?? []
              const photos = photo && !list.some((p) => p.sha256 === photo.sha256) && list.length < MAX_PHOTOS_PER_ITEM ? [...list, photo] : list
              return {
                answers: { ...s.answers, [code]: { ...current, result: 'fail', note: note.slice(0, MAX_NOTE_LENGTH) } },
                photos: { ...s.photos, [code]: photos },
                dismissed: s.dismissed.includes(hit.key) ? s.dismissed : [...s.dismissed, hit.key],
                error: null,
                prompt: null
              }
            })
            saveDraft()
            return code
          },
          dismissWording(key) {
            set((s) => ({ dismissed: s.dismissed.includes(key) ? s.dismissed : [...s.dismissed, key] }))
            saveDraft()
          },
          removePhoto(code, index) {
            set((s) => ({ photos: { ...s.photos, [code]: (s.photos[code] ?? []).filter((_, i) => i !== index) } }))
            saveDraft()
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
            set((s) => {
              const drafts = { ...s.drafts }
              delete drafts[draftKey(ctx)]
              return { drafts, queued: { clientId: state.clientId, verdict: verdict.verdict as 'pass' | 'fail', issues: verdict.failed.length }, error: null, restoredFrom: null }
            })
            deps.onQueued?.()
            return true
          }
        }
      },
      {
        name: DRAFTS_KEY,
        version: DRAFTS_VERSION,
        storage: createJSONStorage(() => storage),
        partialize: (s) => ({ drafts: s.drafts })
      }
    )
  )
}

export type InspectionStore = ReturnType<typeof createInspectionStore>
