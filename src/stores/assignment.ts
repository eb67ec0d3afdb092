import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { AccountItem, Person } from '../core'
import { messageOf } from './errors'
import { pageLoader } from './shared'

export interface AssignmentState {
  roundId: string | null
  inspectors: Person[]
  q: string
  /** null: every account; 'none': assigned to nobody; else an inspector's id. */
  assignee: string | null
  items: AccountItem[]
  total: number
  page: number
  loading: boolean
  /** The account whose assignment is being sent. */
  saving: string | null
  error: string | null
  open(roundId: string): Promise<void>
  search(patch: Partial<Pick<AssignmentState, 'q' | 'assignee'>>): Promise<void>
  loadMore(): Promise<void>
  /** Gives one account to an inspector; answers whether the server took it (the reason is in `error`). */
  assign(accountId: string, inspectorId: string): Promise<boolean>
}

/** An admin's account-by-account assignment of a round: who has what, and moving one account to someone else. */
export function createAssignmentStore(deps: { api: Pick<ApiClient, 'accounts' | 'people' | 'assignAccounts'> }) {
  return createStore<AssignmentState>()((set, get) => {
    const fetchPage = pageLoader(set, (page) => {
      const { roundId, q, assignee } = get()
      return roundId ? deps.api.accounts(roundId, { q: q.trim() || undefined, assignee, page, pageSize: 30 }) : null
    })
    return {
      roundId: null,
      inspectors: [],
      q: '',
      assignee: null,
      items: [],
      total: 0,
      page: 0,
      loading: false,
      saving: null,
      error: null,
      async open(roundId) {
        if (get().roundId !== roundId) set({ roundId, items: [], total: 0, page: 0, q: '', assignee: null })
        try {
          const people = await deps.api.people(1)
          set({ inspectors: people.items.filter((p) => p.role === 'inspector' && p.active) })
        } catch (e) {
          set({ error: messageOf(e) })
        }
        await fetchPage(1)
      },
      async search(patch) {
        set(patch)
        await fetchPage(1)
      },
      async loadMore() {
        const { items, total, loading, page } = get()
        if (loading || items.length >= total) return
        await fetchPage(page + 1)
      },
      async assign(accountId, inspectorId) {
        const { roundId, saving, inspectors } = get()
        if (!roundId || saving) return false
        set({ saving: accountId, error: null })
        try {
          await deps.api.assignAccounts(roundId, [{ accountId, inspectorId }])
          const who = inspectors.find((p) => p.id === inspectorId)
          set((s) => ({ saving: null, items: s.items.map((a) => (a.id === accountId ? { ...a, inspector: { id: inspectorId, name: who?.name ?? '' } } : a)) }))
          return true
        } catch (e) {
          set({ saving: null, error: messageOf(e) })
          return false
        }
      }
    }
  })
}
