import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { OverviewCounts, RoundDetail, RoundSummary } from '../api/types'
import { messageOf } from './errors'

export interface RoundState {
  round: RoundDetail | null
  summary: RoundSummary | null
  /** Rectification counts within what the user may see (a liaison: their department); null until known. */
  rectification: OverviewCounts | null
  loading: boolean
  error: string | null
  load(options: { withSummary: boolean }): Promise<void>
}

/** The round being worked on (the newest open one), its summary and where its rectification stands. */
export function createRoundStore(deps: { api: Pick<ApiClient, 'rounds' | 'round' | 'summary' | 'overview'> }) {
  return createStore<RoundState>()((set) => ({
    round: null,
    summary: null,
    rectification: null,
    loading: false,
    error: null,
    async load({ withSummary }) {
      set({ loading: true, error: null })
      try {
        const { items } = await deps.api.rounds()
        const current = items.find((r) => r.state === 'open') ?? items[0]
        if (!current) {
          set({ round: null, summary: null, rectification: null, loading: false })
          return
        }
        const [round, summary, rectification] = await Promise.all([
          deps.api.round(current.id),
          withSummary ? deps.api.summary(current.id) : Promise.resolve(null),
          // The counts are a glance, not the page: without them home still shows the round.
          deps.api.overview(current.id).then(
            (o) => o.totals,
            () => null
          )
        ])
        set({ round, summary, rectification, loading: false })
      } catch (e) {
        set({ loading: false, error: messageOf(e) })
      }
    }
  }))
}

export type RoundStore = ReturnType<typeof createRoundStore>
