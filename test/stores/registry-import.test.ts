import { ApiError } from '../../src/api/transport'
import type { RegistryImportPreview } from '../../src/core'
import { createRegistryImportStore, type ImportFile } from '../../src/stores/registry-import'

/** The import page's store: a pick reads the file, a remap reads it again, commit only when clean. */

const file = (name: string): ImportFile => ({ path: `blob:${name}`, name, size: 10, bytes: async () => new ArrayBuffer(10) })

function preview(id: string, errors = 0, columns: RegistryImportPreview['columns'] = [{ header: '名称', field: 'name' }]): RegistryImportPreview {
  return {
    id,
    filename: 'x.xlsx',
    headerRow: 1,
    columns,
    total: 3,
    errors: Array.from({ length: errors }, (_, i) => ({ sheet: '', row: i + 2, column: '平台', code: 'PLATFORM_UNKNOWN', message: '无法识别的平台类型' })),
    sheets: [{ name: '', read: true, headerRow: 1, rows: 3, note: '' }],
    skipped: [],
    skippedCount: 0,
    unknownValues: [],
    values: {},
    breakdown: { running: 3, byHostLevel: { city: 1, local: 2 }, byPlatform: [], suspended: 0, closed: 0 },
    units: [],
    nearDuplicates: [],
    changes: { created: 3, updated: 0, unchanged: 0, closed: 2 },
    missing: [],
    sample: [],
    committed: false
  }
}

function setup() {
  const calls: { name: string; mapping: Record<string, string | null> | null }[] = []
  const commits: [string, boolean][] = []
  const answers: (RegistryImportPreview | Error)[] = []
  const api = {
    async importRegistry(f: ImportFile, mapping: Record<string, string | null> | null) {
      calls.push({ name: f.name, mapping })
      const a = answers.shift()
      if (!a) throw new Error('no answer')
      if (a instanceof Error) throw a
      return a
    },
    async commitImport(id: string, closeMissing: boolean) {
      commits.push([id, closeMissing])
      if (id === 'imp-gone') throw new ApiError(409, 'IMPORT_COMMITTED', '这份导入已经提交过了')
      return { created: 3, updated: 0, unchanged: 0, closed: closeMissing ? 2 : 0 }
    }
  }
  return { store: createRegistryImportStore({ api }), calls, commits, answers }
}

describe('the registry import store', () => {
  it('reads a picked file, remaps a column and reads it again with every change so far', async () => {
    const { store, calls, answers } = setup()
    answers.push(preview('imp-1'), preview('imp-2'), preview('imp-3'))
    await store.getState().choose(file('a.xlsx'))
    expect(store.getState()).toMatchObject({ busy: false, error: null, preview: { id: 'imp-1' } })
    await store.getState().remap('备注', 'registryNo')
    await store.getState().remap('类别', null)
    expect(calls).toEqual([
      { name: 'a.xlsx', mapping: null },
      { name: 'a.xlsx', mapping: { 备注: 'registryNo' } },
      { name: 'a.xlsx', mapping: { 备注: 'registryNo', 类别: null } }
    ])
    expect(store.getState().preview?.id).toBe('imp-3')
    // A new file starts from its own headers again.
    answers.push(preview('imp-4'))
    await store.getState().choose(file('b.xlsx'))
    expect(calls[3]).toEqual({ name: 'b.xlsx', mapping: null })
    expect(store.getState().mapping).toEqual({})
  })

  it('shows why a file could not be read, and a remap without a file does nothing', async () => {
    const { store, calls, answers } = setup()
    await store.getState().remap('名称', 'name')
    expect(calls).toEqual([])
    answers.push(new ApiError(422, 'HEADER_NOT_FOUND', '没有找到表头'))
    await store.getState().choose(file('a.csv'))
    expect(store.getState()).toMatchObject({ busy: false, error: '没有找到表头', preview: null })
  })

  it('commits only a clean preview, once, with the admin’s choice about missing accounts', async () => {
    const { store, commits, answers } = setup()
    answers.push(preview('imp-bad', 2))
    await store.getState().choose(file('a.xlsx'))
    expect(await store.getState().commit()).toBe(false)
    expect(commits).toEqual([])

    answers.push(preview('imp-ok'))
    await store.getState().choose(file('a.xlsx'))
    store.getState().setCloseMissing(true)
    expect(await store.getState().commit()).toBe(true)
    expect(commits).toEqual([['imp-ok', true]])
    expect(store.getState()).toMatchObject({ result: { created: 3, closed: 2 }, preview: { committed: true }, busy: false })
    expect(await store.getState().commit()).toBe(false)
    expect(commits).toHaveLength(1)

    store.getState().reset()
    expect(store.getState()).toMatchObject({ file: null, preview: null, result: null, closeMissing: false, mapping: {} })
  })

  it('names a refused commit and keeps the preview', async () => {
    const { store, answers } = setup()
    answers.push(preview('imp-gone'))
    await store.getState().choose(file('a.xlsx'))
    expect(await store.getState().commit()).toBe(false)
    expect(store.getState()).toMatchObject({ error: '这份导入已经提交过了', result: null, preview: { id: 'imp-gone', committed: false } })
  })

  it('keeps the answer of the latest pick when an earlier one answers late', async () => {
    const api = { importRegistry: jest.fn(), commitImport: jest.fn() }
    let first: ((p: RegistryImportPreview) => void) | null = null
    api.importRegistry.mockImplementationOnce(() => new Promise((r) => (first = r))).mockImplementationOnce(async () => preview('imp-new'))
    const late = createRegistryImportStore({ api })
    const a = late.getState().choose(file('old.xlsx'))
    await late.getState().choose(file('new.xlsx'))
    ;(first as unknown as (p: RegistryImportPreview) => void)(preview('imp-old'))
    await a
    expect(late.getState().preview?.id).toBe('imp-new')
    expect(late.getState().file?.name).toBe('new.xlsx')
  })
})
