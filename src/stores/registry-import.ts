import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { MappedValueField, RegistryField, RegistryImportChanges, RegistryImportPreview } from '../core'
import { messageOf } from './errors'

/** The spreadsheet the admin picked (platform/documents.ts pickSpreadsheet). */
export interface ImportFile {
  path: string
  name: string
  size: number
  bytes(): Promise<ArrayBuffer | null>
}

export interface RegistryImportState {
  file: ImportFile | null
  preview: RegistryImportPreview | null
  /** The admin's own choices: header → field (null: leave the column out). */
  mapping: Record<string, RegistryField | null>
  /** Words the importer did not know, as the admin mapped them: {platform: {企鹅号: 'other'}}. */
  values: Partial<Record<MappedValueField, Record<string, string>>>
  /** Unit names the admin merged: {城关镇人民政府: 临江县城关镇人民政府}. */
  merges: Record<string, string>
  closeMissing: boolean
  busy: boolean
  error: string | null
  result: RegistryImportChanges | null
  /** A new file: read it (the dry run), with no mapping changes yet. */
  choose(file: ImportFile): Promise<void>
  /** Gives a column another meaning, and reads the file again with it. */
  remap(header: string, field: RegistryField | null): Promise<void>
  /** Maps a word of a platform, level or status column for every row that carries it, and reads the file again. */
  mapValue(field: MappedValueField, word: string, choice: string): Promise<void>
  /** Reads `name` as `into` (one unit written two ways), or keeps it apart again (into null). */
  merge(name: string, into: string | null): Promise<void>
  setCloseMissing(on: boolean): void
  commit(): Promise<boolean>
  reset(): void
}

/**
 * Registry import as the admin goes through it: pick a sheet → see how its columns were
 * understood, its errors by row and what would change → fix the mapping (or the file) → commit.
 * Nothing is written to the registry before commit; a refused commit changes nothing.
 */
export function createRegistryImportStore(deps: { api: Pick<ApiClient, 'importRegistry' | 'commitImport'> }) {
  const initial = { file: null, preview: null, mapping: {}, values: {}, merges: {}, closeMissing: false, busy: false, error: null, result: null }
  return createStore<RegistryImportState>()((set, get) => {
    const read = async (file: ImportFile, mapping: Record<string, RegistryField | null>) => {
      set({ busy: true, error: null, result: null })
      const { values, merges } = get()
      // A later pick, remap, value mapping or merge wins over this answer.
      const stale = () => get().file !== file || get().mapping !== mapping || get().values !== values || get().merges !== merges
      try {
        const preview = await deps.api.importRegistry(file, Object.keys(mapping).length ? mapping : null, { values, merges })
        if (stale()) return
        set({ preview, busy: false })
      } catch (e) {
        if (stale()) return
        set({ busy: false, error: messageOf(e) })
      }
    }
    return {
      ...initial,
      async choose(file) {
        const mapping = {}
        set({ file, mapping, values: {}, merges: {}, preview: null, closeMissing: false })
        await read(file, mapping)
      },
      async remap(header, field) {
        const file = get().file
        if (!file) return
        const mapping = { ...get().mapping, [header]: field }
        set({ mapping })
        await read(file, mapping)
      },
      async mapValue(field, word, choice) {
        const file = get().file
        if (!file) return
        set({ values: { ...get().values, [field]: { ...(get().values[field] ?? {}), [word]: choice } } })
        await read(file, get().mapping)
      },
      async merge(name, into) {
        const file = get().file
        if (!file) return
        const merges = { ...get().merges }
        if (into === null) delete merges[name]
        else merges[name] = into
        set({ merges })
        await read(file, get().mapping)
      },
      setCloseMissing(on) {
        set({ closeMissing: on })
      },
      async commit() {
        const { preview, closeMissing, busy } = get()
        if (!preview || busy || preview.errors.length > 0 || preview.committed) return false
        set({ busy: true, error: null })
        try {
          const result = await deps.api.commitImport(preview.id, closeMissing)
          set({ result, busy: false, preview: { ...preview, committed: true } })
          return true
        } catch (e) {
          set({ busy: false, error: messageOf(e) })
          return false
        }
      },
      reset() {
        set({ ...initial, mapping: {}, values: {}, merges: {} })
      }
    }
  })
}
