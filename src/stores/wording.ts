import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { WordingTermItem } from '../core'
import { loadList, oneWriteAtATime } from './shared'

export interface WordingState {
  items: WordingTermItem[]
  loading: boolean
  busy: boolean
  error: string | null
  load(): Promise<void>
  /** Adds the office's own wrong form; true when the server took it. */
  add(term: { wrong: string; right: string; source: string }): Promise<boolean>
  remove(id: string): Promise<boolean>
}

/** The dictionary of wrong forms of official terms (错敏词库): shipped entries, and the office's own (admin). */
export function createWordingStore(deps: { api: Pick<ApiClient, 'wordingTerms' | 'addWordingTerm' | 'removeWordingTerm'> }) {
  return createStore<WordingState>()((set, get) => {
    const write = oneWriteAtATime(get, set)
    return {
      items: [],
      loading: false,
      busy: false,
      error: null,
      load: loadList(set, () => deps.api.wordingTerms()),
      add: (term) =>
        write(async () => {
          const added = await deps.api.addWordingTerm(term)
          set((s) => ({ items: [...s.items, added] }))
        }),
      remove: (id) =>
        write(async () => {
          await deps.api.removeWordingTerm(id)
          set((s) => ({ items: s.items.filter((t) => t.id !== id) }))
        })
    }
  })
}

export type WordingStore = ReturnType<typeof createWordingStore>
