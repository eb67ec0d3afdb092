import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { AccountStatus, RegistryAccount, RegistryAccountDetail, RegistryUnit } from '../core'
import { messageOf } from './errors'
import { pageLoader } from './shared'

export interface RegistryState {
  units: RegistryUnit[]
  /** The unit whose accounts are listed (with its sub-units); null for the whole scope. */
  unitId: string | null
  q: string
  status: AccountStatus | null
  /** Only accounts the registry counts against their department (closed without a stop-update notice). */
  findings: boolean
  items: RegistryAccount[]
  total: number
  page: number
  loading: boolean
  error: string | null
  /** The account open on its page, with its dated changes. */
  account: (RegistryAccountDetail) | null
  busy: boolean
  load(): Promise<void>
  search(patch: Partial<Pick<RegistryState, 'q' | 'unitId' | 'status' | 'findings'>>): Promise<void>
  loadMore(): Promise<void>
  openAccount(id: string): Promise<void>
  /** A rename or a lifecycle step; answers whether the server took it (the reason is in `error`). */
  change(body: { name?: string; status?: AccountStatus; date?: string }): Promise<boolean>
}

/** The registry pages: the tree with counts, the searchable account list, an account's lifecycle. */
export function createRegistryStore(deps: { api: Pick<ApiClient, 'registryTree' | 'registryAccounts' | 'registryAccount' | 'changeAccount'> }) {
  return createStore<RegistryState>()((set, get) => {
    const fetchPage = pageLoader(set, (page) => {
      const { q, unitId, status, findings } = get()
      return deps.api.registryAccounts({ q: q.trim() || undefined, departmentId: unitId, status, ...(findings ? { findings: '1' as const } : {}), page })
    })
    return {
      units: [],
      unitId: null,
      q: '',
      status: null,
      findings: false,
      items: [],
      total: 0,
      page: 0,
      loading: false,
      error: null,
      account: null,
      busy: false,
      async load() {
        try {
          const tree = await deps.api.registryTree()
          set({ units: tree.items })
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
      async openAccount(id) {
        set({ account: get().account?.id === id ? get().account : null, error: null })
        try {
          set({ account: await deps.api.registryAccount(id) })
        } catch (e) {
          set({ error: messageOf(e) })
        }
      },
      async change(body) {
        const account = get().account
        if (!account || get().busy) return false
        set({ busy: true, error: null })
        try {
          const next = await deps.api.changeAccount(account.id, body)
          set((s) => ({ account: next, busy: false, items: s.items.map((a) => (a.id === next.id ? { ...a, ...next } : a)) }))
          return true
        } catch (e) {
          set({ busy: false, error: messageOf(e) })
          return false
        }
      }
    }
  })
}
