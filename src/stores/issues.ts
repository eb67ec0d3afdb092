import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { IssueItem, Round } from '../api/types'
import { messageOf } from './errors'
import { CACHE_KEYS, isOffline, type OfflineCache } from './offline-cache'
import { newClientId } from './inspection'

type KeptLists = Record<string, { items: IssueItem[]; total: number; departmentName: string }>
/** The lists kept for offline (a liaison has one or two: their unit's open issues, all of them). */
const KEEP_LISTS = 6

export interface IssuesState {
  departmentId: string | null
  departmentName: string
  roundId: string | null
  /** The rounds to filter by (newest first, as the server lists them); loaded once. */
  rounds: Round[]
  status: string | null
  items: IssueItem[]
  page: number
  total: number
  loading: boolean
  error: string | null
  /** No network: the list comes from the phone, as loaded at this time (ms); null when fresh. */
  offline: number | null
  /** A department's list, or with no department the whole round as far as the user may see. */
  open(departmentId: string | null, roundId: string | null, status?: string | null): Promise<void>
  setStatus(status: string | null): Promise<void>
  /** Another round, or (a department's list only) every round with null. */
  setRound(roundId: string | null): Promise<void>
  loadMore(): Promise<void>
  /** Reload page 1 with the filters as they are (back from an issue, pull-down). */
  refresh(): Promise<void>
  /** Answers picked for 批量确认 (submitted issues only). */
  picked: string[]
  pick(issueId: string): void
  /** Every submitted answer shown, or none when all are picked. */
  pickAll(): void
  confirming: boolean
  /** 确认整改 for each picked answer, one review each (resent safely under its own id); what failed stays picked, with why. */
  confirmPicked(): Promise<{ confirmed: number; failed: number }>
}

/** An issue list: one department's (rolled up from its sub-units) or a round's, filtered by status and round. */
export function createIssuesStore(deps: { api: Pick<ApiClient, 'departmentIssues' | 'roundIssues' | 'rounds' | 'reviewIssue'>; cache?: OfflineCache; newId?: () => string }) {
  const newId = deps.newId ?? (() => newClientId())
  /** One review id per issue for as long as the app runs: a retried confirmation is the same one. */
  const reviewIds = new Map<string, string>()
  return createStore<IssuesState>()((set, get) => {
    async function fetchPage(page: number) {
      const { departmentId, roundId, status } = get()
      const key = `${departmentId ?? ''}|${roundId ?? ''}|${status ?? ''}`
      set({ loading: true, error: null })
      try {
        let res: { items: IssueItem[]; total: number; department?: { name: string } }
        if (departmentId) res = await deps.api.departmentIssues(departmentId, { roundId, status, page })
        else if (roundId) res = await deps.api.roundIssues(roundId, { status, page })
        else return set({ loading: false })
        set((s) => ({
          departmentName: res.department?.name ?? '',
          items: page === 1 ? res.items : [...s.items, ...res.items],
          page,
          total: res.total,
          loading: false,
          offline: null
        }))
        if (page === 1 && deps.cache) {
          const lists = deps.cache.read<KeptLists>(CACHE_KEYS.issues)?.data ?? {}
          const kept = Object.fromEntries([...Object.entries(lists).filter(([k]) => k !== key), [key, { items: res.items, total: res.total, departmentName: res.department?.name ?? '' }]].slice(-KEEP_LISTS))
          deps.cache.write<KeptLists>(CACHE_KEYS.issues, kept)
        }
      } catch (e) {
        const kept = isOffline(e) ? deps.cache?.read<KeptLists>(CACHE_KEYS.issues) : null
        const list = kept?.data[key]
        if (kept && list && page === 1) {
          set({ ...list, page: 1, loading: false, offline: kept.savedAt })
          return
        }
        set({ loading: false, error: messageOf(e) })
      }
    }
    async function loadRounds() {
      if (get().rounds.length > 0) return
      try {
        set({ rounds: (await deps.api.rounds()).items })
      } catch {
        // The filter stays hidden; the list itself reports its own errors.
      }
    }
    return {
      departmentId: null,
      departmentName: '',
      roundId: null,
      rounds: [],
      status: null,
      items: [],
      page: 0,
      total: 0,
      loading: false,
      error: null,
      offline: null,
      async open(departmentId, roundId, status = null) {
        const s = get()
        if (departmentId !== s.departmentId || roundId !== s.roundId || status !== s.status) set({ items: [], total: 0, departmentName: '' })
        set({ departmentId, roundId, status })
        await Promise.all([fetchPage(1), loadRounds()])
      },
      async setStatus(status) {
        set({ status })
        await fetchPage(1)
      },
      async setRound(roundId) {
        if (!roundId && !get().departmentId) return
        set({ roundId, items: [], total: 0 })
        await fetchPage(1)
      },
      async refresh() {
        await fetchPage(1)
      },
      async loadMore() {
        const { loading, items, total, page } = get()
        if (loading || items.length >= total) return
        await fetchPage(page + 1)
      },
      picked: [],
      pick(issueId) {
        const picked = get().picked
        set({ picked: picked.includes(issueId) ? picked.filter((id) => id !== issueId) : [...picked, issueId] })
      },
      pickAll() {
        const submitted = get()
          .items.filter((i) => i.status === 'submitted')
          .map((i) => i.id)
        set({ picked: submitted.every((id) => get().picked.includes(id)) ? [] : submitted })
      },
      confirming: false,
      async confirmPicked() {
        if (get().confirming) return { confirmed: 0, failed: 0 }
        set({ confirming: true, error: null })
        const failed: string[] = []
        let confirmed = 0
        let why: string | null = null
        for (const issueId of get().picked) {
          let clientId = reviewIds.get(issueId)
          if (!clientId) {
            clientId = newId()
            reviewIds.set(issueId, clientId)
          }
          try {
            const detail = await deps.api.reviewIssue(issueId, clientId, { decision: 'verify', reason: '' })
            confirmed += 1
            set((s) => ({ items: s.items.map((i) => (i.id === issueId ? { ...i, status: detail.status } : i)) }))
          } catch (e) {
            failed.push(issueId)
            why ??= messageOf(e)
          }
        }
        set({ confirming: false, picked: failed, error: failed.length ? `${failed.length} 条未能确认：${why ?? ''}` : null })
        return { confirmed, failed: failed.length }
      }
    }
  })
}

export type IssuesStore = ReturnType<typeof createIssuesStore>
