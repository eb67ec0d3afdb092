import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { AuditItem } from '../core'
import { messageOf } from './errors'

export interface AuditState {
  items: AuditItem[]
  total: number
  loading: boolean
  error: string | null
  load(filter: { entity?: string; entityId?: string }): Promise<void>
}

/** The audit trail as an admin reads it: one account's, issue's or person's history, newest first. */
export function createAuditStore(deps: { api: Pick<ApiClient, 'audit'> }) {
  return createStore<AuditState>()((set) => ({
    items: [],
    total: 0,
    loading: false,
    error: null,
    async load(filter) {
      set({ loading: true, error: null })
      try {
        const page = await deps.api.audit(filter)
        set({ items: page.items, total: page.total, loading: false })
      } catch (e) {
        set({ loading: false, error: messageOf(e) })
      }
    }
  }))
}
