import { ApiError } from '../../src/api/transport'
import { createEvidenceSearchStore } from '../../src/stores/evidence-search'
import { createWordingStore } from '../../src/stores/wording'

const shipped = { id: null, wrong: '中华人名共和国', right: '中华人民共和国', source: '宪法', category: '政治术语', shipped: true }

describe('the wording dictionary store', () => {
  it('loads, adds one at a time and removes; a refusal keeps the list and says why', async () => {
    let n = 0
    const api = {
      wordingTerms: jest.fn(async () => ({ items: [shipped] })),
      addWordingTerm: jest.fn(async (t: { wrong: string; right: string; source: string }) => {
        if (t.wrong === '港') throw new ApiError(400, 'TERM_INVALID', '错误写法须为 2 到 30 个字')
        return { id: `t${++n}`, ...t, category: '本单位错敏词库', shipped: false }
      }),
      removeWordingTerm: jest.fn(async () => ({ ok: true as const }))
    }
    const store = createWordingStore({ api })
    await store.getState().load()
    expect(store.getState()).toMatchObject({ items: [shipped], loading: false, error: null })
    const first = store.getState().add({ wrong: '东港真', right: '东港镇', source: '区划' })
    // One write at a time: a second tap while the first is saving does nothing.
    expect(await store.getState().add({ wrong: '东港真', right: '东港镇', source: '区划' })).toBe(false)
    expect(await first).toBe(true)
    expect(api.addWordingTerm).toHaveBeenCalledTimes(1)
    expect(store.getState().items.map((t) => t.wrong)).toEqual(['中华人名共和国', '东港真'])
    expect(await store.getState().add({ wrong: '港', right: '东港镇', source: '区划' })).toBe(false)
    expect(store.getState()).toMatchObject({ busy: false, error: '错误写法须为 2 到 30 个字' })
    expect(store.getState().items).toHaveLength(2)
    expect(await store.getState().remove('t1')).toBe(true)
    expect(api.removeWordingTerm).toHaveBeenCalledWith('t1')
    expect(store.getState()).toMatchObject({ items: [shipped], error: null })
  })

  it('a failed load says why', async () => {
    const store = createWordingStore({
      api: { wordingTerms: async () => Promise.reject(new ApiError(0, 'NETWORK', '网络连接中断')), addWordingTerm: jest.fn(), removeWordingTerm: jest.fn() }
    })
    await store.getState().load()
    expect(store.getState()).toMatchObject({ loading: false, error: '网络连接中断', items: [] })
  })
})

describe('the screenshot text search store', () => {
  const result = (q: string) => ({ q, items: [], truncated: false, unread: 0 })

  it('asks for at least two characters before searching', async () => {
    const api = { searchEvidenceText: jest.fn(async (_r: string, q: string) => result(q)) }
    const store = createEvidenceSearchStore({ api })
    await store.getState().search('r-1', ' 营 ')
    expect(store.getState()).toMatchObject({ error: '请输入至少 2 个字', result: null, loading: false })
    expect(api.searchEvidenceText).not.toHaveBeenCalled()
    await store.getState().search('r-1', ' 营商 ')
    expect(api.searchEvidenceText).toHaveBeenCalledWith('r-1', '营商')
    expect(store.getState()).toMatchObject({ q: ' 营商 ', result: result('营商'), error: null, loading: false })
  })

  it('a later search wins over an earlier one still running; a failure says why', async () => {
    const waits: ((v: ReturnType<typeof result>) => void)[] = []
    const api = { searchEvidenceText: jest.fn((_r: string, _q: string) => new Promise<ReturnType<typeof result>>((done) => waits.push(done))) }
    const store = createEvidenceSearchStore({ api })
    const first = store.getState().search('r-1', '营商')
    const second = store.getState().search('r-1', '环境')
    waits[1]?.(result('环境'))
    await second
    waits[0]?.(result('营商'))
    await first
    expect(store.getState().result?.q).toBe('环境')
    const failing = createEvidenceSearchStore({ api: { searchEvidenceText: async () => Promise.reject(new ApiError(403, 'FORBIDDEN', '您没有权限进行此操作')) } })
    await failing.getState().search('r-1', '营商')
    expect(failing.getState()).toMatchObject({ error: '您没有权限进行此操作', result: null, loading: false })
  })
})
