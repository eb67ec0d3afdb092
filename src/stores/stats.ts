import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { RoundStats } from '../core'
import { messageOf } from './errors'

export interface StatsState {
  stats: RoundStats | null
  loading: boolean
  error: string | null
  load(roundId: string): Promise<void>
}

/** The leader's summary of a round; a late answer for another round is dropped. */
export function createStatsStore(deps: { api: Pick<ApiClient, 'stats'> }) {
  let generation = 0
  return createStore<StatsState>()((set, get) => ({
    stats: null,
    loading: false,
    error: null,
    async load(roundId) {
      const mine = ++generation
      // Another round's figures are not shown while this one's load.
      set({ loading: true, error: null, stats: get().stats?.round.id === roundId ? get().stats : null })
      try {
        const stats = await deps.api.stats(roundId)
        if (mine === generation) set({ stats, loading: false })
      } catch (e) {
        if (mine === generation) set({ loading: false, error: messageOf(e) })
      }
    }
  }))
}
