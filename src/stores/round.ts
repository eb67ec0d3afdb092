import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { OverviewCounts, RoundDetail, RoundSummary, SetupStatus } from '../api/types'
import { messageOf } from './errors'
import { CACHE_KEYS, isOffline, type OfflineCache } from './offline-cache'

export interface RoundState {
  round: RoundDetail | null
  summary: RoundSummary | null
  /** Rectification counts within what the user may see (a liaison: their department); null until known. */
  rectification: OverviewCounts | null
  /** An admin's first-run checklist (what is set up in their scope); null for others or until known. */
  setup: SetupStatus | null
  loading: boolean
  /** Shown only when nothing was ever loaded: otherwise the kept data stands in (see `offline`). */
  error: string | null
  /** No network: what is shown was loaded at this time (ms), kept on the phone; null when fresh. */
  offline: number | null
  load(options: { withSummary: boolean; withSetup?: boolean }): Promise<void>
}

type Loaded = Pick<RoundState, 'round' | 'summary' | 'rectification' | 'setup'>

/**
 * The round being worked on (the newest open one), its summary and where its rectification stands.
 * What it loads is kept on the phone (`cache`): without a network the app starts from it.
 */
export function createRoundStore(deps: { api: Pick<ApiClient, 'rounds' | 'round' | 'summary' | 'overview' | 'setup'>; cache?: OfflineCache }) {
  return createStore<RoundState>()((set, get) => ({
    round: null,
    summary: null,
    rectification: null,
    setup: null,
    loading: false,
    error: null,
    offline: null,
    async load({ withSummary, withSetup = false }) {
      const kept = deps.cache?.read<Loaded>(CACHE_KEYS.round) ?? null
      // A relaunch shows what it had at once; the network's answer replaces it.
      if (!get().round && kept?.data.round) set({ ...kept.data })
      set({ loading: true, error: null })
      try {
        // The checklist is a guide, not the page: without it home still shows the round and tiles.
        const setupCall = withSetup ? deps.api.setup().catch(() => null) : Promise.resolve(null)
        const [{ items }, setup] = await Promise.all([deps.api.rounds(), setupCall])
        const current = items.find((r) => r.state === 'open') ?? items[0]
        if (!current) {
          const loaded: Loaded = { round: null, summary: null, rectification: null, setup }
          set({ ...loaded, loading: false, offline: null })
          deps.cache?.write(CACHE_KEYS.round, loaded)
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
        const loaded: Loaded = { round, summary, rectification, setup }
        set({ ...loaded, loading: false, offline: null })
        deps.cache?.write(CACHE_KEYS.round, loaded)
      } catch (e) {
        if (isOffline(e) && kept) {
          set({ ...kept.data, loading: false, offline: kept.savedAt })
          return
        }
        set({ loading: false, error: messageOf(e) })
      }
    }
  }))
}

export type RoundStore = ReturnType<typeof createRoundStore>
