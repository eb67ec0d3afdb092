import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { RoundOverview } from '../api/types'
import { messageOf } from './errors'

export interface OverviewState {
  overview: RoundOverview | null
  loading: boolean
  error: string | null
  load(roundId: string): Promise<void>
}

/** Rectification per competent unit: open, answered, confirmed, overdue. */
export function createOverviewStore(deps: { api: Pick<ApiClient, 'overview'> }) {
  return createStore<OverviewState>()((set) => ({
    overview: null,
    loading: false,
    error: null,
    async load(roundId) {
      set({ loading: true, error: null })
      try {
        set({ overview: await deps.api.overview(roundId), loading: false })
      } catch (e) {
        set({ loading: false, error: messageOf(e) })
      }
    }
  }))
}
