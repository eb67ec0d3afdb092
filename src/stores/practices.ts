import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { PracticeItem, PracticeList } from '../api/types'
import type { PracticeTheme } from '../core'
import { messageOf } from './errors'

export interface PracticesState {
  roundId: string | null
  list: PracticeList | null
  loading: boolean
  error: string | null
  /** The practice being saved, by id. */
  saving: string | null
  load(roundId: string): Promise<void>
  /** Saves the admin's change and puts the answer in place (regrouped when the theme moved). */
  save(id: string, patch: { wording?: string | null; theme?: PracticeTheme; picked?: boolean }): Promise<boolean>
}

function regroup(list: PracticeList, item: PracticeItem, order: readonly PracticeTheme[]): PracticeList {
  const items = list.groups.flatMap((g) => g.items).map((i) => (i.id === item.id ? item : i))
  const groups = order.map((theme) => ({ theme, items: items.filter((i) => i.theme === theme) })).filter((g) => g.items.length > 0)
  return { ...list, groups, picked: items.filter((i) => i.picked).length, total: items.length }
}

/** A round's good practices for the admin (grouped by theme): reword, re-theme, pick for the circular. */
export function createPracticesStore(deps: { api: Pick<ApiClient, 'practices' | 'updatePractice'>; themes: readonly PracticeTheme[] }) {
  return createStore<PracticesState>()((set, get) => ({
    roundId: null,
    list: null,
    loading: false,
    error: null,
    saving: null,
    async load(roundId) {
      if (get().roundId !== roundId) set({ roundId, list: null })
      set({ loading: true, error: null })
      try {
        const list = await deps.api.practices(roundId)
        if (get().roundId === roundId) set({ list, loading: false })
      } catch (e) {
        set({ loading: false, error: messageOf(e) })
      }
    },
    async save(id, patch) {
      if (get().saving) return false
      set({ saving: id, error: null })
      try {
        const item = await deps.api.updatePractice(id, patch)
        const list = get().list
        set({ saving: null, list: list ? regroup(list, item, deps.themes) : list })
        return true
      } catch (e) {
        set({ saving: null, error: messageOf(e) })
        return false
      }
    }
  }))
}

export type PracticesStore = ReturnType<typeof createPracticesStore>
