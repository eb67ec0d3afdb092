import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { LeaderItem } from '../core'
import { loadList, oneWriteAtATime } from './shared'

export interface LeaderBody {
  name: string
  title: string
  since: string
}

export interface LeadersState {
  items: LeaderItem[]
  loading: boolean
  busy: boolean
  error: string | null
  load(): Promise<void>
  /** Adds a leader, or changes the one with `id`; true when the server took it. */
  save(body: LeaderBody, id?: string): Promise<boolean>
  remove(id: string): Promise<boolean>
}

/** The office's leaders' names and titles, which the proofreader checks a name beside a title against (admin). */
export function createLeadersStore(deps: { api: Pick<ApiClient, 'leaders' | 'addLeader' | 'changeLeader' | 'removeLeader'> }) {
  return createStore<LeadersState>()((set, get) => {
    const write = oneWriteAtATime(get, set)
    const byName = (items: LeaderItem[]) => [...items].sort((a, b) => a.name.localeCompare(b.name, 'zh'))
    return {
      items: [],
      loading: false,
      busy: false,
      error: null,
      load: loadList(set, () => deps.api.leaders()),
      save: (body, id) =>
        write(async () => {
          const saved = id ? await deps.api.changeLeader(id, body) : await deps.api.addLeader(body)
          set((s) => ({ items: byName([...s.items.filter((l) => l.id !== saved.id), saved]) }))
        }),
      remove: (id) =>
        write(async () => {
          await deps.api.removeLeader(id)
          set((s) => ({ items: s.items.filter((l) => l.id !== id) }))
        })
    }
  })
}

export type LeadersStore = ReturnType<typeof createLeadersStore>
