import { ApiError } from '../../src/api/transport'
import type { Person, Round } from '../../src/core'
import { createRoundSetupStore, type RoundDraft } from '../../src/stores/round-setup'

/** The admin's round setup store: create, share out, open and close, each followed by a fresh list. */

const person = (id: string, role: Person['role'], active = true): Person => ({ id, name: id, role, departmentId: null, departmentName: null, active, bound: true })
const draft: RoundDraft = { name: '2024年第三季度', catalogId: null, checkpoints: ['2024-08-10', '', '2024-09-25'], deadline: '2024-10-18', contactName: '王珊', contactPhone: '0510-81821234', percent: 50, seed: null }

function setup() {
  const calls: unknown[] = []
  let rounds: Round[] = []
  const api = {
    rounds: async () => ({ items: rounds, total: rounds.length, page: 1, pageSize: 20 }),
    catalogs: async () => ({
      items: [
        { id: 'custom@1', code: 'custom', version: 1, name: '本市补充指标', published: true, publishedAt: '2024-01-01T00:00:00.000Z', indicators: 5, rounds: 0 },
        { id: 'national-2019@3', code: 'national-2019', version: 3, name: '全国政府网站与政务新媒体检查指标', published: false, publishedAt: null, indicators: 30, rounds: 0 },
        { id: 'national-2019@2', code: 'national-2019', version: 2, name: '全国政府网站与政务新媒体检查指标', published: true, publishedAt: '2024-06-01T00:00:00.000Z', indicators: 30, rounds: 0 },
        { id: 'national-2019@1', code: 'national-2019', version: 1, name: '全国政府网站与政务新媒体检查指标', published: true, publishedAt: '2019-01-01T00:00:00.000Z', indicators: 30, rounds: 1 }
      ],
      total: 4
    }),
    people: async () => ({ items: [person('u-1', 'inspector'), person('u-2', 'inspector'), person('u-3', 'inspector', false), person('u-4', 'liaison')], total: 4, page: 1, pageSize: 50 }),
    me: async () => ({ user: {} as never, today: '2024-07-10' }),
    createRound: async (body: unknown) => {
      calls.push(['create', body])
      if ((body as { name: string }).name === '') throw new ApiError(400, 'NAME_INVALID', '批次名称不能为空，且不超过50个字')
      rounds = [{ id: 'r-new', name: '2024年第三季度', state: 'draft' } as Round, ...rounds]
      return {} as never
    },
    assignRound: async (id: string, inspectorIds: string[]) => {
      calls.push(['assign', id, inspectorIds])
      return { assigned: 10, byInspector: { 'u-1': 6, 'u-2': 4 } }
    },
    moveRound: async (id: string, to: 'open' | 'close') => {
      calls.push(['move', id, to])
      rounds = rounds.map((r) => (r.id === id ? { ...r, state: to === 'open' ? 'open' : 'closed' } : r))
      return {} as never
    }
  }
  return { store: createRoundSetupStore({ api: api as never, catalogId: 'national-2019@1' }), calls }
}

describe('the round setup store', () => {
  it('lists rounds and the active inspectors only', async () => {
    const { store } = setup()
    await store.getState().load()
    expect(store.getState().inspectors.map((p) => p.id)).toEqual(['u-1', 'u-2'])
    expect(store.getState().loading).toBe(false)
  })

  it('takes today from the server (the demo stands in 2024), and keeps it when only reading', async () => {
    const { store } = setup()
    expect(store.getState().today).toBeNull()
    await store.getState().load()
    expect(store.getState().today).toBe('2024-07-10')
    await store.getState().load(false)
    expect(store.getState().today).toBe('2024-07-10')
  })

  it('creates a sample round (empty checkpoints dropped), or all accounts at 100 %, then lists it', async () => {
    const { store, calls } = setup()
    expect(await store.getState().create(draft)).toBe(true)
    expect(calls[0]).toEqual(['create', { name: '2024年第三季度', catalogId: 'national-2019@1', checkpoints: ['2024-08-10', '2024-09-25'], deadline: '2024-10-18', contactName: '王珊', contactPhone: '0510-81821234', scope: { kind: 'sample', percent: 50 } }])
    expect(store.getState().rounds.map((r) => r.id)).toEqual(['r-new'])
    await store.getState().create({ ...draft, percent: 100 })
    expect((calls[1] as [string, { scope: unknown }])[1].scope).toEqual({ kind: 'all' })
    await store.getState().create({ ...draft, seed: 7 })
    expect((calls[2] as [string, { scope: unknown }])[1].scope).toEqual({ kind: 'sample', percent: 50, seed: 7 })
  })

  it('offers published catalog versions only, the default one’s newest first, and uses the one picked', async () => {
    const { store, calls } = setup()
    await store.getState().load()
    expect(store.getState().catalogs.map((c) => c.id)).toEqual(['national-2019@2', 'national-2019@1', 'custom@1'])
    await store.getState().create(draft)
    await store.getState().create({ ...draft, catalogId: 'custom@1' })
    expect(calls.map((c) => (c as [string, { catalogId: string }])[1].catalogId)).toEqual(['national-2019@2', 'custom@1'])
  })

  it('lists only the rounds for a reader (a leader may not list people)', async () => {
    const refused = async () => {
      throw new ApiError(403, 'FORBIDDEN', '没有权限')
    }
    const store = createRoundSetupStore({ api: { rounds: async () => ({ items: [{ id: 'r-1' } as Round], total: 1, page: 1, pageSize: 20 }), people: refused, catalogs: refused, me: refused } as never, catalogId: 'national-2019@1' })
    await store.getState().load(false)
    expect(store.getState()).toMatchObject({ rounds: [{ id: 'r-1' }], inspectors: [], catalogs: [], loading: false, error: null })
    await store.getState().load()
    expect(store.getState().error).toBe('没有权限')
  })

  it('shows the refusal and changes nothing', async () => {
    const { store } = setup()
    expect(await store.getState().create({ ...draft, name: '' })).toBe(false)
    expect(store.getState()).toMatchObject({ busy: false, error: '批次名称不能为空，且不超过50个字', rounds: [] })
  })

  it('shares out, keeps what each inspector got, opens and closes', async () => {
    const { store, calls } = setup()
    await store.getState().create(draft)
    expect(await store.getState().assign('r-new', ['u-1', 'u-2'])).toBe(true)
    expect(store.getState().shares).toEqual({ 'r-new': { 'u-1': 6, 'u-2': 4 } })
    await store.getState().move('r-new', 'open')
    expect(store.getState().rounds[0]?.state).toBe('open')
    await store.getState().move('r-new', 'close')
    expect(store.getState().rounds[0]?.state).toBe('closed')
    expect(calls.slice(1)).toEqual([
      ['assign', 'r-new', ['u-1', 'u-2']],
      ['move', 'r-new', 'open'],
      ['move', 'r-new', 'close']
    ])
  })
})
