import { createStore } from 'zustand/vanilla'
import type { AccountQuery, ApiClient } from '../api/client'
import type { AccountItem } from '../api/types'
import { pageLoader } from './shared'
import { nameMatches, PLATFORMS, platformKind } from '../core'
import { CACHE_KEYS, isOffline, type OfflineCache } from './offline-cache'

/** 'repeat': the round's repeat offenders (failed in the round before too, or again after a confirmed rectification). */
export type StatusFilter = 'pending' | 'inspected' | 'failed' | 'repeat' | null

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
  /** No network: the list comes from the phone, as loaded at this time (ms); null when fresh. */
  offline: number | null
  setFilters(patch: Partial<AccountFilters>): Promise<void>
  open(roundId: string, checkpointId: string): Promise<void>
  setCheckpoint(checkpointId: string): Promise<void>
  reload(): Promise<void>
  loadMore(): Promise<void>
}

export const PAGE_SIZE = 20
/** The whole list kept for offline work is read in pages this big, up to this many accounts. */
const SNAPSHOT_PAGE = 100
const SNAPSHOT_MAX = 2000
/** A fresh copy at most this often (each unfiltered first page asks for one). */
const SNAPSHOT_EVERY_MS = 60_000

interface Snapshot {
  roundId: string
  items: AccountItem[]
}

/** The server's filters, applied to the kept list (offline): the same name/unit search, platform, status. */
export function filterAccounts(items: AccountItem[], filters: AccountFilters, checkpointId: string | null): AccountItem[] {
  const q = filters.q.trim()
  return items.filter((a) => {
    if (q && !nameMatches(a.name, q) && !nameMatches(a.department.name, q)) return false
    if (filters.platform) {
      const group = (PLATFORMS as readonly string[]).includes(filters.platform)
      if (group ? a.platform !== filters.platform : platformKind(a.platform, a.platformName) !== (filters.platform === 'unlisted' ? 'other' : filters.platform)) return false
    }
    const current = checkpointId ? a.inspections[checkpointId] : undefined
    if (filters.status === 'pending' && current) return false
    if (filters.status === 'inspected' && !current) return false
    if (filters.status === 'failed' && current?.verdict !== 'fail') return false
    if (filters.status === 'repeat' && !a.repeat) return false
    return true
  })
}

/** The account list of a round: search, filters, pages appended as the user scrolls. */
export function createAccountsStore(deps: { api: Pick<ApiClient, 'accounts'>; cache?: OfflineCache; now?: () => number }) {
  const now = deps.now ?? (() => Date.now())
  let snapshotAt = Number.NEGATIVE_INFINITY
  /** Keeps the whole list (every page, every checkpoint's results) for a start without network. */
  async function snapshot(roundId: string): Promise<void> {
    if (!deps.cache || now() - snapshotAt < SNAPSHOT_EVERY_MS) return
    snapshotAt = now()
    try {
      const items: AccountItem[] = []
      for (let page = 1; items.length < SNAPSHOT_MAX; page++) {
        const res = await deps.api.accounts(roundId, { page, pageSize: SNAPSHOT_PAGE })
        items.push(...res.items)
        if (res.items.length < SNAPSHOT_PAGE || items.length >= res.total) break
      }
      deps.cache.write<Snapshot>(CACHE_KEYS.accounts, { roundId, items })
    } catch {
      snapshotAt = Number.NEGATIVE_INFINITY
    }
  }
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
      return deps.api.accounts(roundId, query).then(
        (res) => {
          set({ offline: null })
          if (page === 1) void snapshot(roundId)
          return res
        },
        (e: unknown) => {
          const kept = deps.cache?.read<Snapshot>(CACHE_KEYS.accounts)
          if (!isOffline(e) || !kept || kept.data.roundId !== roundId) throw e
          // Offline: the kept list, filtered here as the server would, all at once.
          const items = filterAccounts(kept.data.items, filters, checkpointId)
          set({ offline: kept.savedAt })
          return page === 1 ? { items, total: items.length } : { items: [], total: items.length }
        }
      )
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
      offline: null,
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
