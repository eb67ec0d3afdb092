import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { CatalogVersion, Person, Round } from '../core'
import { messageOf } from './errors'
import { oneWriteAtATime } from './shared'

export interface RoundDraft {
  name: string
  /** The published catalog version the round is judged by; null for the default one. */
  catalogId: string | null
  checkpoints: string[]
  deadline: string
  contactName: string
  contactPhone: string
  /** 100 for every running account; less for a stratified sample. */
  percent: number
  seed: number | null
}

export interface RoundSetupState {
  rounds: Round[]
  inspectors: Person[]
  /** Published catalog versions a new round may use, newest first. */
  catalogs: CatalogVersion[]
  loading: boolean
  busy: boolean
  error: string | null
  /** The server's calendar date ("YYYY-MM-DD"), where the form's date pickers start; null until loaded. */
  today: string | null
  /** What the last share-out gave each inspector (round id → inspector id → accounts). */
  shares: Record<string, Record<string, number>>
  /** The rounds; with `manage` (an admin) also the inspectors and catalogs a setup needs. */
  load(manage?: boolean): Promise<void>
  create(draft: RoundDraft): Promise<boolean>
  assign(roundId: string, inspectorIds: string[]): Promise<boolean>
  move(roundId: string, to: 'open' | 'close'): Promise<boolean>
}

/** The admin's rounds: create a draft (all running accounts or a seeded sample), share it out, open, close. */
export function createRoundSetupStore(deps: { api: Pick<ApiClient, 'rounds' | 'people' | 'catalogs' | 'me' | 'createRound' | 'assignRound' | 'moveRound'>; catalogId: string }) {
  const defaultCode = deps.catalogId.split('@')[0]
  return createStore<RoundSetupState>()((set, get) => {
    const write = oneWriteAtATime(get, set)
    /** A change, then the list read again to show it. */
    const run = async (work: () => Promise<void>): Promise<boolean> => {
      if (!(await write(work))) return false
      await get().load()
      return true
    }
    return {
      rounds: [],
      inspectors: [],
      catalogs: [],
      loading: false,
      busy: false,
      error: null,
      today: null,
      shares: {},
      async load(manage = true) {
        set({ loading: true })
        try {
          const none = { items: [], total: 0 }
          const [rounds, people, catalogs, me] = await Promise.all([
            deps.api.rounds(),
            manage ? deps.api.people(1) : none,
            manage ? deps.api.catalogs() : none,
            manage ? deps.api.me() : { today: get().today }
          ])
          set({
            today: me.today,
            rounds: rounds.items,
            inspectors: people.items.filter((p) => p.role === 'inspector' && p.active),
            // The default catalog's versions first, newest first: the first is what a new round uses unless picked.
            catalogs: catalogs.items.filter((c) => c.published).sort((a, b) => Number(b.code === defaultCode) - Number(a.code === defaultCode) || a.code.localeCompare(b.code) || b.version - a.version),
            loading: false
          })
        } catch (e) {
          set({ loading: false, error: messageOf(e) })
        }
      },
      create(draft) {
        return run(async () => {
          await deps.api.createRound({
            name: draft.name,
            catalogId: draft.catalogId ?? get().catalogs[0]?.id ?? deps.catalogId,
            checkpoints: draft.checkpoints.filter((c) => c !== ''),
            deadline: draft.deadline,
            contactName: draft.contactName,
            contactPhone: draft.contactPhone,
            scope: draft.percent >= 100 ? { kind: 'all' } : { kind: 'sample', percent: draft.percent, ...(draft.seed !== null ? { seed: draft.seed } : {}) }
          })
        })
      },
      assign(roundId, inspectorIds) {
        return run(async () => {
          const res = await deps.api.assignRound(roundId, inspectorIds)
          set((s) => ({ shares: { ...s.shares, [roundId]: res.byInspector } }))
        })
      },
      move(roundId, to) {
        return run(async () => {
          await deps.api.moveRound(roundId, to)
        })
      }
    }
  })
}
