import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { CatalogDetail, CatalogEdit, CatalogVersion, Indicator } from '../core'
import { messageOf } from './errors'
import { oneWriteAtATime } from './shared'

export type IndicatorPatch = Partial<Pick<Indicator, 'title' | 'description' | 'kind' | 'points' | 'evidenceRequired'>> & {
  lagDays?: number
  /** The common finding phrases as typed, one a line (blank lines dropped). */
  phrasesText?: string
}

export interface CatalogsState {
  items: CatalogVersion[]
  loading: boolean
  busy: boolean
  error: string | null
  /** The version open on its page, as the server holds it. */
  current: CatalogDetail | null
  /** A draft's edits not saved yet (null for a published version). */
  edit: CatalogEdit | null
  dirty: boolean
  load(): Promise<void>
  open(id: string): Promise<void>
  /** Copies a version into the next, editable draft; answers its id (null when refused). */
  clone(id: string): Promise<string | null>
  rename(name: string): void
  patch(code: string, patch: IndicatorPatch): void
  save(): Promise<boolean>
  /** Saves what is unsaved, then publishes: from then on rounds may use it, and it never changes. */
  publish(): Promise<boolean>
}

const editOf = (c: CatalogDetail): CatalogEdit | null => (c.published ? null : { name: c.name, scoring: c.scoring, indicators: c.indicators.map((i) => ({ ...i })) })

/** Applies one change to an indicator; a kind change keeps the points consistent (veto items carry none). */
export function patchIndicator(ind: Indicator, p: IndicatorPatch): Indicator {
  const next: Indicator = { ...ind }
  if (p.title !== undefined) next.title = p.title
  if (p.description !== undefined) next.description = p.description
  if (p.evidenceRequired !== undefined) next.evidenceRequired = p.evidenceRequired
  if (p.kind !== undefined) {
    next.kind = p.kind
    if (p.kind === 'veto') next.points = 0
    else if (next.points === 0) next.points = 1
  }
  if (p.points !== undefined && next.kind !== 'veto') next.points = p.points
  if (p.lagDays !== undefined && next.rule) next.rule = { ...next.rule, days: p.lagDays }
  if (p.phrasesText !== undefined) next.phrases = p.phrasesText.split(/\r?\n/).map((t) => t.trim()).filter((t) => t !== '')
  return next
}

/** The indicator catalogs: every version to read; clone, edit a draft and publish (admin). */
export function createCatalogsStore(deps: { api: Pick<ApiClient, 'catalogs' | 'catalog' | 'cloneCatalog' | 'saveCatalog' | 'publishCatalog'> }) {
  return createStore<CatalogsState>()((set, get) => {
    const writeOne = oneWriteAtATime(get, set)
    /** Saves or publishes; the version as the server answers it becomes the page's. */
    const write = (work: () => Promise<CatalogDetail>): Promise<boolean> =>
      writeOne(async () => {
        const saved = await work()
        set({ current: saved, edit: editOf(saved), dirty: false })
      })
    return {
      items: [],
      loading: false,
      busy: false,
      error: null,
      current: null,
      edit: null,
      dirty: false,
      async load() {
        set({ loading: true, error: null })
        try {
          const res = await deps.api.catalogs()
          set({ items: res.items, loading: false })
        } catch (e) {
          set({ loading: false, error: messageOf(e) })
        }
      },
      async open(id) {
        if (get().current?.id !== id) set({ current: null, edit: null, dirty: false })
        set({ error: null })
        try {
          const c = await deps.api.catalog(id)
          set({ current: c, edit: editOf(c), dirty: false })
        } catch (e) {
          set({ error: messageOf(e) })
        }
      },
      async clone(id) {
        if (get().busy) return null
        set({ busy: true, error: null })
        try {
          const c = await deps.api.cloneCatalog(id)
          set({ current: c, edit: editOf(c), dirty: false, busy: false })
          return c.id
        } catch (e) {
          set({ busy: false, error: messageOf(e) })
          return null
        }
      },
      rename(name) {
        const edit = get().edit
        if (edit) set({ edit: { ...edit, name }, dirty: true })
      },
      patch(code, p) {
        const edit = get().edit
        if (!edit) return
        set({ edit: { ...edit, indicators: edit.indicators.map((i) => (i.code === code ? patchIndicator(i, p) : i)) }, dirty: true })
      },
      save() {
        const { current, edit } = get()
        if (!current || !edit) return Promise.resolve(false)
        return write(() => deps.api.saveCatalog(current.id, edit))
      },
      async publish() {
        const { current, dirty } = get()
        if (!current || current.published) return false
        if (dirty && !(await get().save())) return false
        return write(() => deps.api.publishCatalog(current.id))
      }
    }
  })
}
