import { ApiError } from '../../src/api/transport'
import type { AccountItem, Person } from '../../src/core'
import { createAssignmentStore } from '../../src/stores/assignment'

/** The admin's account-by-account assignment: filters, paging, moving one account. */

const person = (id: string, name: string, role: Person['role'] = 'inspector', active = true): Person => ({ id, name, role, departmentId: null, departmentName: null, active, bound: true })
const account = (id: string, inspector: AccountItem['inspector'] = null): AccountItem => ({ id, name: id, platform: 'wechat', platformName: '微信公众号', platformRef: '', department: { id: 'd-1', name: '市卫健委' }, inspector, repeat: null, inspections: {} })

function setup() {
  const queries: unknown[] = []
  const sent: unknown[] = []
  const api = {
    people: async () => ({ items: [person('u-1', '张敏'), person('u-2', '李强'), person('u-3', '离职的', 'inspector', false), person('u-4', '陈静', 'liaison')], total: 4, page: 1, pageSize: 50 }),
    accounts: async (roundId: string, q: { page?: number; assignee?: string | null }) => {
      queries.push([roundId, q])
      const page = q.page ?? 1
      return { items: Array.from({ length: page === 1 ? 30 : 5 }, (_, i) => account(`a-${page}-${i}`)), total: 35, page, pageSize: 30 }
    },
    assignAccounts: async (roundId: string, items: { accountId: string; inspectorId: string }[]) => {
      sent.push([roundId, items])
      if (roundId === 'r-closed') throw new ApiError(409, 'ROUND_CLOSED', '该检查批次已结束，只能查看')
      return { assigned: items.length, byInspector: {} }
    }
  }
  return { store: createAssignmentStore({ api: api as never }), queries, sent }
}

describe('the assignment store', () => {
  it('offers active inspectors only, lists by who has what, and pages on', async () => {
    const { store, queries } = setup()
    await store.getState().open('r-1')
    expect(store.getState().inspectors.map((p) => p.name)).toEqual(['张敏', '李强'])
    await store.getState().search({ assignee: 'none', q: ' 卫健 ' })
    await store.getState().loadMore()
    await store.getState().loadMore()
    expect(store.getState().items).toHaveLength(35)
    expect(queries).toEqual([
      ['r-1', { q: undefined, assignee: null, page: 1, pageSize: 30 }],
      ['r-1', { q: '卫健', assignee: 'none', page: 1, pageSize: 30 }],
      ['r-1', { q: '卫健', assignee: 'none', page: 2, pageSize: 30 }]
    ])
  })

  it('moves one account and shows its new inspector', async () => {
    const { store, sent } = setup()
    await store.getState().open('r-1')
    expect(await store.getState().assign('a-1-3', 'u-2')).toBe(true)
    expect(sent).toEqual([['r-1', [{ accountId: 'a-1-3', inspectorId: 'u-2' }]]])
    expect(store.getState().items.find((a) => a.id === 'a-1-3')?.inspector).toEqual({ id: 'u-2', name: '李强' })
    expect(store.getState().items.filter((a) => a.inspector !== null)).toHaveLength(1)
    expect(store.getState().saving).toBeNull()
  })

  it('names a refusal and changes nothing', async () => {
    const { store } = setup()
    await store.getState().open('r-closed')
    expect(await store.getState().assign('a-1-3', 'u-2')).toBe(false)
    expect(store.getState()).toMatchObject({ saving: null, error: '该检查批次已结束，只能查看' })
    expect(store.getState().items.every((a) => a.inspector === null)).toBe(true)
  })

  it('starts afresh for another round', async () => {
    const { store } = setup()
    await store.getState().open('r-1')
    await store.getState().search({ assignee: 'u-1' })
    await store.getState().open('r-2')
    expect(store.getState()).toMatchObject({ roundId: 'r-2', assignee: null, q: '' })
  })
})
