import { ApiError } from '../../src/api/transport'
import type { AccountItem, Round, RoundDetail, RoundOverview, RoundSummary } from '../../src/api/types'
import { memoryStorage } from '../../src/stores/memory-storage'
import { CACHE_PREFIX, createOfflineCache, MAX_ENTRY_CHARS } from '../../src/stores/offline-cache'
import { createRoundStore } from '../../src/stores/round'
import { createAccountsStore, filterAccounts } from '../../src/stores/accounts'
import { createIssuesStore } from '../../src/stores/issues'

const offline = () => new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试')
const q2 = { id: 'r-q2', name: '2024年第二季度', state: 'open' } as unknown as Round

function world() {
  const storage = memoryStorage()
  let user: string | null = 'u-1'
  let clock = 1_000
  let up = true
  const cache = createOfflineCache({ storage, now: () => clock, userId: () => user })
  const net = <T>(value: () => T) => async (): Promise<T> => {
    if (!up) throw offline()
    return value()
  }
  return {
    storage,
    cache,
    net,
    setUser: (u: string | null) => (user = u),
    tick: (ms: number) => (clock += ms),
    down: () => (up = false),
    back: () => (up = true),
    isUp: () => up
  }
}

const account = (id: string, name: string, platform: AccountItem['platform'], platformName: string, inspections: AccountItem['inspections'] = {}): AccountItem => ({
  id,
  name,
  platform,
  platformName,
  platformRef: '',
  department: { id: 'd-1', name: name.includes('卫健') ? '市卫生健康委员会' : '市政府办公室' },
  inspector: null,
  repeat: null,
  inspections
})

describe('starting without a network', () => {
  it('shows the round as last loaded, marked with when, and 加载失败 only when nothing was ever loaded', async () => {
    const w = world()
    const api = {
      rounds: w.net(() => ({ items: [q2], total: 1, page: 1, pageSize: 20 })),
      round: async (id: string) => (await w.net(() => ({ ...q2, id, catalog: {}, checkpoints: [] }) as unknown as RoundDetail)()),
      summary: async () => (await w.net(() => ({ registered: 12 }) as unknown as RoundSummary)()),
      overview: async () => (await w.net(() => ({ totals: { open: 2 } }) as unknown as RoundOverview)()),
      setup: w.net(() => null as never),
      departmentIssues: async (_d: string, q: { status?: string | null }) => (await w.net(() => ({ items: [{ id: `i-${q.status}` }], total: 1, page: 1, pageSize: 20 }) as never)())
    }
    // Never loaded: the honest error.
    w.down()
    const cold = createRoundStore({ api, cache: w.cache })
    await cold.getState().load({ withSummary: true })
    expect(cold.getState()).toMatchObject({ round: null, error: '网络连接失败，请检查网络后重试', offline: null })

    w.back()
    await createRoundStore({ api, cache: w.cache }).getState().load({ withSummary: true, todoOf: 'd-1' })
    w.tick(60_000)
    w.down()
    // A relaunch (a new store) offline: the kept round, summary and counts, and when they were loaded.
    const relaunched = createRoundStore({ api, cache: w.cache })
    await relaunched.getState().load({ withSummary: true, todoOf: 'd-1' })
    expect(relaunched.getState()).toMatchObject({ round: { id: 'r-q2' }, summary: { registered: 12 }, rectification: { open: 2 }, error: null, offline: 1_000 })
    // A liaison's issues to act on are kept too: returned ones before open ones.
    expect(relaunched.getState().todo.map((i) => i.id)).toEqual(['i-returned', 'i-open'])
    // Back online: fresh, the mark gone.
    w.back()
    await relaunched.getState().load({ withSummary: true })
    expect(relaunched.getState().offline).toBeNull()

    // Another person on the same phone sees nothing of it; a server error is not "offline".
    w.setUser('u-2')
    w.down()
    const other = createRoundStore({ api, cache: w.cache })
    await other.getState().load({ withSummary: true })
    expect(other.getState()).toMatchObject({ round: null, offline: null, error: expect.any(String) })
    w.setUser('u-1')
    const refusing = createRoundStore({ api: { ...api, rounds: async () => Promise.reject(new ApiError(500, 'SERVER', '服务器暂时不可用')) }, cache: w.cache })
    w.back()
    await refusing.getState().load({ withSummary: true })
    expect(refusing.getState()).toMatchObject({ error: '服务器暂时不可用', offline: null })
  })

  it('keeps the whole account list with every checkpoint’s results, and filters it offline as the server would', async () => {
    const w = world()
    const all = Array.from({ length: 230 }, (_, i) =>
      account(`a-${i}`, i % 10 === 0 ? `卫健账号${i}` : `账号${i}`, i % 3 === 0 ? 'weibo' : i % 7 === 0 ? 'other' : 'wechat', i % 7 === 0 && i % 3 !== 0 ? '抖音' : '微信公众号', i % 4 === 0 ? { 'cp-2': { verdict: i % 8 === 0 ? 'fail' : 'pass', submittedAt: '', complete: true, submissions: 1 } } : {})
    )
    const calls: string[] = []
    const api = {
      accounts: async (_r: string, q: { page?: number; pageSize?: number; q?: string }) => {
        calls.push(`${q.page}/${q.pageSize}${q.q ? `/${q.q}` : ''}`)
        if (!w.isUp()) throw offline()
        const size = q.pageSize ?? 20
        const page = q.page ?? 1
        return { items: all.slice((page - 1) * size, page * size), total: all.length, page, pageSize: size }
      }
    }
    const online = createAccountsStore({ api: api as never, cache: w.cache, now: () => 0 })
    await online.getState().open('r-q2', 'cp-2')
    await new Promise((r) => setTimeout(r, 0))
    expect(calls).toEqual(['1/20', '1/100', '2/100', '3/100'])

    w.down()
    const relaunched = createAccountsStore({ api: api as never, cache: w.cache })
    await relaunched.getState().open('r-q2', 'cp-2')
    expect(relaunched.getState()).toMatchObject({ total: 230, error: null, offline: 1_000 })
    expect(relaunched.getState().items).toHaveLength(230)
    await relaunched.getState().setFilters({ q: '卫健' })
    expect(relaunched.getState().items.map((a) => a.id)).toEqual(all.filter((a) => a.name.includes('卫健')).map((a) => a.id))
    await relaunched.getState().setFilters({ q: '', status: 'failed' })
    expect(relaunched.getState().items.every((a) => a.inspections['cp-2']?.verdict === 'fail')).toBe(true)
    expect(relaunched.getState().total).toBe(all.filter((a) => a.inspections['cp-2']?.verdict === 'fail').length)
    // Another round's list is not this one's.
    await relaunched.getState().open('r-other', 'cp-9')
    expect(relaunched.getState()).toMatchObject({ items: [], error: '网络连接失败，请检查网络后重试' })
  })

  it('filters by platform group and by a kind inside 其他, and by status', () => {
    const items = [
      account('1', '甲', 'wechat', '微信公众号', { c: { verdict: 'pass', submittedAt: '', complete: true, submissions: 1 } }),
      account('2', '乙', 'other', '抖音'),
      account('3', '丙', 'other', '某某平台'),
      account('4', '丁', 'weibo', '新浪微博', { c: { verdict: 'fail', submittedAt: '', complete: true, submissions: 1 } })
    ]
    const f = (patch: object) => filterAccounts(items, { q: '', platform: null, status: null, ...patch }, 'c').map((a) => a.id)
    expect(f({ platform: 'other' })).toEqual(['2', '3'])
    expect(f({ platform: 'douyin' })).toEqual(['2'])
    expect(f({ platform: 'unlisted' })).toEqual(['3'])
    expect(f({ status: 'pending' })).toEqual(['2', '3'])
    expect(f({ status: 'inspected' })).toEqual(['1', '4'])
    expect(f({ status: 'failed' })).toEqual(['4'])
    expect(f({ q: '市政府' })).toEqual(['1', '2', '3', '4'])
    // An abbreviation, as the server reads it: the characters in order.
    expect(f({ q: '市政办' })).toEqual(['1', '2', '3', '4'])
    expect(f({ q: '卫健' })).toEqual([])
  })

  it('keeps a liaison’s issue lists, and forgets everything on sign-out; entries too big for one key are not kept', async () => {
    const w = world()
    const api = {
      rounds: w.net(() => ({ items: [q2], total: 1, page: 1, pageSize: 20 })),
      departmentIssues: async () => (await w.net(() => ({ items: [{ id: 'i-1' }], total: 1, page: 1, pageSize: 20, department: { name: '市卫健委' } }))()) as never,
      roundIssues: async () => Promise.reject(offline()),
      reviewIssue: async () => Promise.reject(offline())
    }
    await createIssuesStore({ api, cache: w.cache }).getState().open('d-1', null, 'open')
    w.down()
    const relaunched = createIssuesStore({ api, cache: w.cache })
    await relaunched.getState().open('d-1', null, 'open')
    expect(relaunched.getState()).toMatchObject({ items: [{ id: 'i-1' }], departmentName: '市卫健委', offline: 1_000, error: null })
    await relaunched.getState().open('d-1', null, 'verified')
    expect(relaunched.getState()).toMatchObject({ items: [], error: expect.any(String) })

    w.cache.clear()
    expect(Object.keys(w.storage.dump()).filter((k) => k.startsWith(CACHE_PREFIX))).toEqual([])
    w.cache.write('round', 'x'.repeat(MAX_ENTRY_CHARS))
    expect(w.cache.read('round')).toBeNull()
  })
})
