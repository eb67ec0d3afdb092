import { ApiError } from '../../src/api/transport'
import { BUILTIN_CATALOGS, type CatalogDetail, type CatalogEdit, type Indicator } from '../../src/core'
import { createCatalogsStore, patchIndicator } from '../../src/stores/catalogs'

/** The catalog pages' store: read a version, copy it into a draft, edit, save, publish. */

const national = BUILTIN_CATALOGS[0] as (typeof BUILTIN_CATALOGS)[number]

function setup() {
  const calls: unknown[] = []
  const held = new Map<string, CatalogDetail>([[national.id, { ...national, published: true }]])
  const api = {
    catalogs: async () => ({ items: [], total: 0 }),
    catalog: async (id: string) => {
      const c = held.get(id)
      if (!c) throw new ApiError(404, 'NOT_FOUND', '检查指标版本不存在')
      return c
    },
    cloneCatalog: async (id: string) => {
      calls.push(['clone', id])
      const c = { ...(held.get(id) as CatalogDetail), id: `${national.code}@2`, version: 2, published: false }
      held.set(c.id, c)
      return c
    },
    saveCatalog: async (id: string, edit: CatalogEdit) => {
      calls.push(['save', id, edit])
      if (edit.indicators.some((i) => i.kind !== 'veto' && i.points === 0)) throw new ApiError(400, 'INDICATORS_INVALID', '第 1 项指标的分值应为1到100的整数')
      const c = { ...(held.get(id) as CatalogDetail), ...edit }
      held.set(id, c)
      return c
    },
    publishCatalog: async (id: string) => {
      calls.push(['publish', id])
      const c = { ...(held.get(id) as CatalogDetail), published: true }
      held.set(id, c)
      return c
    }
  }
  return { store: createCatalogsStore({ api: api as never }), calls }
}

describe('the catalogs store', () => {
  it('shows a published version read-only: no edits, nothing to save or publish', async () => {
    const { store, calls } = setup()
    await store.getState().open(national.id)
    expect(store.getState().edit).toBeNull()
    store.getState().patch('SEC-1', { title: '改' })
    store.getState().rename('改')
    expect(store.getState().dirty).toBe(false)
    expect(await store.getState().save()).toBe(false)
    expect(await store.getState().publish()).toBe(false)
    expect(calls).toEqual([])
  })

  it('copies into a draft, edits it, saves, and publishes what was saved', async () => {
    const { store, calls } = setup()
    await store.getState().open(national.id)
    expect(await store.getState().clone(national.id)).toBe('national-2019@2')
    const code = national.indicators[0]?.code as string
    store.getState().patch(code, { title: '新的名称', evidenceRequired: false })
    store.getState().rename('2025年版')
    expect(store.getState().dirty).toBe(true)
    expect(await store.getState().publish()).toBe(true)
    expect(calls.map((c) => (c as unknown[])[0])).toEqual(['clone', 'save', 'publish'])
    const saved = (calls[1] as [string, string, CatalogEdit])[2]
    expect(saved.name).toBe('2025年版')
    expect(saved.indicators[0]).toMatchObject({ title: '新的名称', evidenceRequired: false })
    expect(store.getState()).toMatchObject({ dirty: false, edit: null, current: { id: 'national-2019@2', published: true, name: '2025年版' } })
  })

  it('names a refused save, keeps the edits, and does not publish', async () => {
    const { store, calls } = setup()
    await store.getState().clone(national.id)
    const code = national.indicators[0]?.code as string
    store.getState().patch(code, { kind: 'deduction' })
    store.getState().patch(code, { points: 0 })
    expect(await store.getState().publish()).toBe(false)
    expect(store.getState()).toMatchObject({ busy: false, dirty: true, error: '第 1 项指标的分值应为1到100的整数' })
    expect(calls.map((c) => (c as unknown[])[0])).toEqual(['clone', 'save'])
  })

  it('names a version that does not exist', async () => {
    const { store } = setup()
    await store.getState().open('nope@1')
    expect(store.getState()).toMatchObject({ current: null, error: '检查指标版本不存在' })
  })
})

describe('an indicator edit', () => {
  const veto: Indicator = { code: 'X-1', category: '安全', kind: 'veto', title: 't', description: '', points: 0, evidenceRequired: true, rule: null }
  const lag: Indicator = { ...veto, code: 'X-2', kind: 'deduction', points: 5, rule: { type: 'update-lag', days: 14 } }

  it('keeps points consistent with the kind: none for a veto, at least 1 otherwise', () => {
    expect(patchIndicator(veto, { kind: 'deduction' }).points).toBe(1)
    expect(patchIndicator(lag, { kind: 'bonus' }).points).toBe(5)
    expect(patchIndicator(lag, { kind: 'veto' }).points).toBe(0)
    expect(patchIndicator(veto, { points: 9 }).points).toBe(0)
    expect(patchIndicator(lag, { points: 9 }).points).toBe(9)
  })

  it('changes the update-lag days only of a rule-driven indicator', () => {
    expect(patchIndicator(lag, { lagDays: 7 }).rule).toEqual({ type: 'update-lag', days: 7 })
    expect(patchIndicator(veto, { lagDays: 7 }).rule).toBeNull()
    expect(patchIndicator(lag, { description: '说明' })).toEqual({ ...lag, description: '说明' })
  })
})
