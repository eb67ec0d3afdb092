import { ApiError } from '../../src/api/transport'
import type { AccountEventItem, RegistryAccount, RegistryUnit } from '../../src/core'
import { createRegistryStore } from '../../src/stores/registry'

/** The registry pages' store: the tree, the filtered list page by page, an account and its changes. */

const account = (id: string, extra: Partial<RegistryAccount> = {}): RegistryAccount => ({
  id,
  name: id,
  platform: 'wechat',
  platformDetail: '',
  platformName: '微信公众号',
  platformRef: '',
  status: 'active',
  statusText: '运行',
  stopNoticeDate: null,
  closedOn: null,
  department: { id: 'd-1', name: '市卫健委' },
  operator: '',
  phone: '',
  registryNo: '',
  openedOn: '',
  finding: null,
  ...extra
})
const unit: RegistryUnit = { id: 'd-1', parentId: null, name: '市卫健委', level: 'city-dept', hostLevel: 'city', own: { active: 1, suspended: 0, closed: 1 }, total: { active: 1, suspended: 0, closed: 1 }, findings: { own: 1, total: 1 } }

function setup(total = 45) {
  const queries: Record<string, unknown>[] = []
  const answers: (() => void)[] = []
  let hold = false
  const api = {
    registryTree: async () => ({ items: [unit], total: 1 }),
    registryAccounts: async (q: Record<string, unknown>) => {
      queries.push(q)
      if (hold) await new Promise<void>((r) => answers.push(r))
      if (q.q === '坏') throw new ApiError(400, 'QUERY_INVALID', '查询条件有误')
      const page = Number(q.page)
      const items = Array.from({ length: Math.min(30, total - (page - 1) * 30) }, (_, i) => account(`${String(q.q ?? 'a')}-${(page - 1) * 30 + i}`))
      return { items, total, page, pageSize: 30 }
    },
    registryAccount: async (id: string) => {
      if (id === 'gone') throw new ApiError(404, 'NOT_FOUND', '账号不存在')
      return { ...account(id), events: [] as AccountEventItem[] }
    },
    changeAccount: async (id: string, body: { status?: string }) => {
      if (body.status === 'active') throw new ApiError(409, 'ACCOUNT_CLOSED', '账号已注销，不能再修改')
      return { ...account(id, { status: 'closed', closedOn: '2024-07-10', finding: '注销前未发布停更公告（开设、变更或关停未履行审批）' }), events: [] }
    }
  }
  const store = createRegistryStore({ api: api as never })
  return { store, queries, answers, holdAnswers: (on: boolean) => (hold = on) }
}

describe('the registry store', () => {
  it('loads the tree and the first page, then the next page on reaching the bottom, and stops at the end', async () => {
    const { store, queries } = setup()
    await store.getState().load()
    expect(store.getState().units).toEqual([unit])
    expect(store.getState().items).toHaveLength(30)
    await store.getState().loadMore()
    expect(store.getState().items).toHaveLength(45)
    expect(store.getState().page).toBe(2)
    await store.getState().loadMore()
    expect(queries.map((q) => q.page)).toEqual([1, 2])
  })

  it('asks for exactly the filters set: text, unit, status, and the registry findings', async () => {
    const { store, queries } = setup()
    await store.getState().search({ q: '  卫健 ', unitId: 'd-1', status: 'closed' })
    await store.getState().search({ q: '', status: null, findings: true })
    await store.getState().search({ findings: false })
    expect(queries).toEqual([
      { q: '卫健', departmentId: 'd-1', status: 'closed', page: 1 },
      { q: undefined, departmentId: 'd-1', status: null, findings: '1', page: 1 },
      { q: undefined, departmentId: 'd-1', status: null, page: 1 }
    ])
  })

  it('drops a late answer to an older search', async () => {
    const { store, answers, holdAnswers } = setup()
    holdAnswers(true)
    const first = store.getState().search({ q: '旧' })
    const second = store.getState().search({ q: '新' })
    await new Promise((r) => setTimeout(r, 0))
    answers[1]?.()
    await second
    answers[0]?.()
    await first
    expect(store.getState().items[0]?.id).toBe('新-0')
    expect(store.getState().loading).toBe(false)
  })

  it('names a refused search and keeps the list it had', async () => {
    const { store } = setup()
    await store.getState().load()
    await store.getState().search({ q: '坏' })
    expect(store.getState().error).toBe('查询条件有误')
    expect(store.getState().items).toHaveLength(30)
  })

  it('opens an account, applies a change to the list as well, and names a refused one', async () => {
    const { store } = setup()
    await store.getState().load()
    expect(await store.getState().change({ status: 'closed' })).toBe(false)
    await store.getState().openAccount('a-1')
    expect(await store.getState().change({ status: 'closed' })).toBe(true)
    expect(store.getState().account?.finding).toMatch(/停更公告/)
    expect(store.getState().items.find((a) => a.id === 'a-1')).toMatchObject({ status: 'closed', closedOn: '2024-07-10' })
    expect(await store.getState().change({ status: 'active' })).toBe(false)
    expect(store.getState()).toMatchObject({ busy: false, error: '账号已注销，不能再修改' })
    await store.getState().openAccount('gone')
    expect(store.getState()).toMatchObject({ account: null, error: '账号不存在' })
  })
})
