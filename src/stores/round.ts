import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { OverviewCounts, RoundDetail, RoundSummary, SetupStatus } from '../api/types'
import { messageOf } from './errors'

export interface RoundState {
  round: RoundDetail | null
  summary: RoundSummary | null
  /** Rectification counts within what the user may see (a liaison: their department); null until known. */
  rectification: OverviewCounts | null
  /** An admin's first-run checklist (what is set up in their scope); null for others or until known. */
  setup: SetupStatus | null
  loading: boolean
  error: string | null
  load(options: { withSummary: boolean; withSetup?: boolean }): Promise<void>
}

/** The round being worked on (the newest open one), its summary and where its rectification stands. */
export function createRoundStore(deps: { api: Pick<ApiClient, 'rounds' | 'round' | 'summary' | 'overview' | 'setup'> }) {
  return createStore<RoundState>()((set) => ({
    round: null,
    summary: null,
    rectification: null,
    setup: null,
    loading: false,
    error: null,
    async load({ withSummary, withSetup = false }) {
      set({ loading: true, error: null })
      try {
        // The checklist is a guide, not the page: without it home still shows the round and tiles.
        const setupCall = withSetup ? deps.api.setup().catch(() => null) : Promise.resolve(null)
        const [{ items }, setup] = await Promise.all([deps.api.rounds(), setupCall])
        set({ setup })
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
