import { createStore } from 'zustand/vanilla'
import type { AccountQuery, ApiClient } from '../api/client'
import type { AccountItem } from '../api/types'
import { pageLoader } from './shared'

export type StatusFilter = 'pending' | 'inspected' | 'failed' | null

export interface AccountFilters {
  q: string
  /** A national group (wechat, weibo, app, other) or a platform kind inside 其他 (douyin …, see PLATFORM_FILTERS). */
  platform: string | null
  status: StatusFilter
}

export interface AccountsState {
  roundId: string | null
  checkpointId: string | null
  filters: AccountFilters
  items: AccountItem[]
  page: number
  total: number
  loading: boolean
  error: string | null
  setFilters(patch: Partial<AccountFilters>): Promise<void>
  open(roundId: string, checkpointId: string): Promise<void>
  setCheckpoint(checkpointId: string): Promise<void>
  reload(): Promise<void>
  loadMore(): Promise<void>
}

export const PAGE_SIZE = 20

/** The account list of a round: search, filters, pages appended as the user scrolls. */
export function createAccountsStore(deps: { api: Pick<ApiClient, 'accounts'> }) {
  return createStore<AccountsState>()((set, get) => {
    const fetchPage = pageLoader(set, (page) => {
      const { roundId, checkpointId, filters } = get()
      if (!roundId) return null
      const query: AccountQuery = {
        q: filters.q.trim() || undefined,
        platform: filters.platform,
        status: filters.status,
        checkpointId,
        page,
        pageSize: PAGE_SIZE
      }
      return deps.api.accounts(roundId, query)
    })
    return {
      roundId: null,
      checkpointId: null,
      filters: { q: '', platform: null, status: null },
      items: [],
      page: 0,
      total: 0,
      loading: false,
      error: null,
      async open(roundId, checkpointId) {
        if (get().roundId === roundId && get().checkpointId === checkpointId && get().items.length > 0) return fetchPage(1)
        set({ roundId, checkpointId, items: [], page: 0, total: 0 })
        await fetchPage(1)
      },
      async setCheckpoint(checkpointId) {
        set({ checkpointId })
        await fetchPage(1)
      },
      async setFilters(patch) {
        set((s) => ({ filters: { ...s.filters, ...patch } }))
        await fetchPage(1)
      },
      reload: () => fetchPage(1),
      async loadMore() {
        const { loading, items, total, page } = get()
        if (loading || items.length >= total) return
        await fetchPage(page + 1)
      }
    }
  })
}

export type AccountsStore = ReturnType<typeof createAccountsStore>
