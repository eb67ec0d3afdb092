import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { EvidenceSearchResult } from '../core'
import { messageOf } from './errors'

export interface EvidenceSearchState {
  q: string
  result: EvidenceSearchResult | null
  loading: boolean
  error: string | null
  /** Searches the round's screenshot text; a later search wins over an earlier one still running. */
  search(roundId: string, q: string): Promise<void>
}

/** Which accounts' screenshots in a round show a phrase (the server's OCR text, within the caller's scope). */
export function createEvidenceSearchStore(deps: { api: Pick<ApiClient, 'searchEvidenceText'> }) {
  let asked = 0
  return createStore<EvidenceSearchState>()((set) => ({
    q: '',
    result: null,
    loading: false,
    error: null,
    async search(roundId, q) {
      const mine = ++asked
      const phrase = q.trim()
      if (phrase.replace(/\s+/g, '').length < 2) {
        set({ q, result: null, loading: false, error: '请输入至少 2 个字' })
        return
      }
      set({ q, loading: true, error: null })
      try {
        const result = await deps.api.searchEvidenceText(roundId, phrase)
        if (mine === asked) set({ result, loading: false })
      } catch (e) {
        if (mine === asked) set({ loading: false, error: messageOf(e), result: null })
      }
    }
  }))
}

export type EvidenceSearchStore = ReturnType<typeof createEvidenceSearchStore>
