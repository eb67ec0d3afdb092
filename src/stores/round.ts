import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { RoundDetail, RoundSummary } from '../api/types'
import { messageOf } from './errors'

export interface RoundState {
  round: RoundDetail | null
  summary: RoundSummary | null
  loading: boolean
  error: string | null
  load(options: { withSummary: boolean }): Promise<void>
}

/** The round being worked on (the newest open one) and its summary. */
export function createRoundStore(deps: { api: Pick<ApiClient, 'rounds' | 'round' | 'summary'> }) {
  return createStore<RoundState>()((set) => ({
    round: null,
    summary: null,
    loading: false,
    error: null,
    async load({ withSummary }) {
      set({ loading: true, error: null })
      try {
        const { items } = await deps.api.rounds()
        const current = items.find((r) => r.state === 'open') ?? items[0]
        if (!current) {
          set({ round: null, summary: null, loading: false })
          return
        }
        const [round, summary] = await Promise.all([deps.api.round(current.id), withSummary ? deps.api.summary(current.id) : Promise.resolve(null)])
        set({ round, summary, loading: false })
      } catch (e) {
        set({ loading: false, error: messageOf(e) })
      }
    }
  }))
}

export type RoundStore = ReturnType<typeof createRoundStore>
