import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { IssueItem, OverviewCounts, RoundDetail, RoundSummary, SetupStatus } from '../api/types'
import { messageOf } from './errors'
import { CACHE_KEYS, isOffline, type OfflineCache } from './offline-cache'

export interface RoundState {
  round: RoundDetail | null
  summary: RoundSummary | null
  /** Rectification counts within what the user may see (a liaison: their department); null until known. */
  rectification: OverviewCounts | null
  /** An admin's first-run checklist (what is set up in their scope); null for others or until known. */
  setup: SetupStatus | null
  /** A liaison's issues to act on (returned first, then open), for home: one tap into each. */
  todo: IssueItem[]
  loading: boolean
  /** Shown only when nothing was ever loaded: otherwise the kept data stands in (see `offline`). */
  error: string | null
  /** No network: what is shown was loaded at this time (ms), kept on the phone; null when fresh. */
  offline: number | null
  load(options: { withSummary: boolean; withSetup?: boolean; todoOf?: string | null }): Promise<void>
}

type Loaded = Pick<RoundState, 'round' | 'summary' | 'rectification' | 'setup' | 'todo'>
/** How many of a liaison's issues home lists. */
export const TODO_SHOWN = 3

/**
 * The round being worked on (the newest open one), its summary and where its rectification stands.
 * What it loads is kept on the phone (`cache`): without a network the app starts from it.
 */
export function createRoundStore(deps: { api: Pick<ApiClient, 'rounds' | 'round' | 'summary' | 'overview' | 'setup' | 'departmentIssues'>; cache?: OfflineCache }) {
  return createStore<RoundState>()((set, get) => ({
    round: null,
    summary: null,
    rectification: null,
    setup: null,
    todo: [],
    loading: false,
    error: null,
    offline: null,
    async load({ withSummary, withSetup = false, todoOf = null }) {
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
          const loaded: Loaded = { round: null, summary: null, rectification: null, setup, todo: [] }
          set({ ...loaded, loading: false, offline: null })
          deps.cache?.write(CACHE_KEYS.round, loaded)
          return
        }
        // A liaison's own issues to act on: returned ones first (they were sent back), then open ones.
        const todoCall = (status: 'returned' | 'open') =>
          todoOf ? deps.api.departmentIssues(todoOf, { roundId: current.id, status }).then((p) => p.items, () => [] as IssueItem[]) : Promise.resolve([] as IssueItem[])
        const [round, summary, rectification, returned, open] = await Promise.all([
          deps.api.round(current.id),
          withSummary ? deps.api.summary(current.id) : Promise.resolve(null),
          // The counts are a glance, not the page: without them home still shows the round.
          deps.api.overview(current.id).then(
            (o) => o.totals,
            () => null
          ),
          todoCall('returned'),
          todoCall('open')
        ])
        const loaded: Loaded = { round, summary, rectification, setup, todo: [...returned, ...open].slice(0, TODO_SHOWN) }
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
