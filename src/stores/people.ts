import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { AuditItem, Role } from '../core'
import type { DepartmentItem, IssuedCode, Person } from '../api/types'
import { messageOf } from './errors'

export interface PeopleState {
  items: Person[]
  total: number
  loading: boolean
  error: string | null
  /** The person open on the detail page, and their history. */
  person: Person | null
  history: AuditItem[]
  /** The bind code just issued: shown once (text, QR code, share card), never stored on the phone. */
  issued: IssuedCode | null
  departments: DepartmentItem[]
  busy: boolean
  load(): Promise<void>
  open(id: string): Promise<void>
  create(input: { name: string; role: Role; departmentId: string | null }): Promise<IssuedCode | null>
  update(patch: { name?: string; role?: Role; departmentId?: string | null; active?: boolean }): Promise<boolean>
  reissue(): Promise<boolean>
  endSessions(): Promise<number | null>
  searchDepartments(q: string): Promise<void>
}

/** People of the office (admins, within their scope): list, create with a bind code, change, deactivate. */
export function createPeopleStore(deps: {
  api: Pick<ApiClient, 'people' | 'createPerson' | 'updatePerson' | 'reissueCode' | 'endSessions' | 'departments' | 'audit'>
}) {
  return createStore<PeopleState>()((set, get) => {
    const run = async <T>(fn: () => Promise<T>): Promise<T | null> => {
      set({ busy: true, error: null })
      try {
        const value = await fn()
        set({ busy: false })
        return value
      } catch (e) {
        set({ busy: false, error: messageOf(e) })
        return null
      }
    }
    const refreshHistory = async (id: string) => {
      const page = await deps.api.audit({ entity: 'user', entityId: id }).catch(() => null)
      if (page && get().person?.id === id) set({ history: page.items })
    }
    return {
      items: [],
      total: 0,
      loading: false,
      error: null,
      person: null,
      history: [],
      issued: null,
      departments: [],
      busy: false,
      async load() {
        set({ loading: true, error: null })
        try {
          const page = await deps.api.people(1)
          set({ items: page.items, total: page.total, loading: false })
        } catch (e) {
          set({ loading: false, error: messageOf(e) })
        }
      },
      async open(id) {
        // A code just issued for this person is shown on their page; any other is forgotten.
        const issued = get().issued?.id === id ? get().issued : null
        set({ person: get().items.find((p) => p.id === id) ?? null, history: [], issued, error: null })
        if (!get().person) await get().load()
        set({ person: get().items.find((p) => p.id === id) ?? null })
        await refreshHistory(id)
      },
      async create(input) {
        const issued = await run(() => deps.api.createPerson(input))
        if (issued) {
          set({ issued })
          await get().load()
        }
        return issued
      },
      async update(patch) {
        const person = get().person
        if (!person) return false
        const updated = await run(() => deps.api.updatePerson(person.id, patch))
        if (!updated) return false
        set((s) => ({ person: updated, items: s.items.map((p) => (p.id === updated.id ? updated : p)) }))
        await refreshHistory(updated.id)
        return true
      },
      async reissue() {
        const person = get().person
        if (!person) return false
        const issued = await run(() => deps.api.reissueCode(person.id))
        if (issued) {
          set({ issued })
          await refreshHistory(person.id)
        }
        return issued !== null
      },
      async endSessions() {
        const person = get().person
        if (!person) return null
        const res = await run(() => deps.api.endSessions(person.id))
        if (res) await refreshHistory(person.id)
        return res?.ended ?? null
      },
      async searchDepartments(q) {
        const page = await deps.api.departments(q).catch(() => null)
        set({ departments: page?.items ?? [] })
      }
    }
  })
}

export type PeopleStore = ReturnType<typeof createPeopleStore>
