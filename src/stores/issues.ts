import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { IssueItem, Round } from '../api/types'
import { messageOf } from './errors'

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
  /** A department's list, or with no department the whole round as far as the user may see. */
  open(departmentId: string | null, roundId: string | null, status?: string | null): Promise<void>
  setStatus(status: string | null): Promise<void>
  /** Another round, or (a department's list only) every round with null. */
  setRound(roundId: string | null): Promise<void>
  loadMore(): Promise<void>
  /** Reload page 1 with the filters as they are (back from an issue, pull-down). */
  refresh(): Promise<void>
}

/** An issue list: one department's (rolled up from its sub-units) or a round's, filtered by status and round. */
export function createIssuesStore(deps: { api: Pick<ApiClient, 'departmentIssues' | 'roundIssues' | 'rounds'> }) {
  return createStore<IssuesState>()((set, get) => {
    async function fetchPage(page: number) {
      const { departmentId, roundId, status } = get()
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
          loading: false
        }))
      } catch (e) {
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
      }
    }
  })
}

export type IssuesStore = ReturnType<typeof createIssuesStore>
