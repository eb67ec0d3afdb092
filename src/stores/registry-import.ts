import { createStore } from 'zustand/vanilla'
import type { ApiClient } from '../api/client'
import type { RegistryField, RegistryImportChanges, RegistryImportPreview } from '../core'
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
  closeMissing: boolean
  busy: boolean
  error: string | null
  result: RegistryImportChanges | null
  /** A new file: read it (the dry run), with no mapping changes yet. */
  choose(file: ImportFile): Promise<void>
  /** Gives a column another meaning, and reads the file again with it. */
  remap(header: string, field: RegistryField | null): Promise<void>
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
  const initial = { file: null, preview: null, mapping: {}, closeMissing: false, busy: false, error: null, result: null }
  return createStore<RegistryImportState>()((set, get) => {
    const read = async (file: ImportFile, mapping: Record<string, RegistryField | null>) => {
      set({ busy: true, error: null, result: null })
      try {
        const preview = await deps.api.importRegistry(file, Object.keys(mapping).length ? mapping : null)
        // A later pick or remap wins over this answer.
        if (get().file !== file || get().mapping !== mapping) return
        set({ preview, busy: false })
      } catch (e) {
        if (get().file !== file || get().mapping !== mapping) return
        set({ busy: false, error: messageOf(e) })
      }
    }
    return {
      ...initial,
      async choose(file) {
        const mapping = {}
        set({ file, mapping, preview: null, closeMissing: false })
        await read(file, mapping)
      },
      async remap(header, field) {
        const file = get().file
        if (!file) return
        const mapping = { ...get().mapping, [header]: field }
        set({ mapping })
        await read(file, mapping)
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
        set({ ...initial, mapping: {} })
      }
    }
  })
}
