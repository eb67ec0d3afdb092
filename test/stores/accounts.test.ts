import { createAccountsStore } from '../../src/stores/accounts'
import type { AccountQuery } from '../../src/api/client'
import { ApiError } from '../../src/api/transport'
import type { AccountItem } from '../../src/api/types'

function account(i: number): AccountItem {
  return { id: `a-${i}`, name: `无锡账号${i}`, platform: 'wechat', platformName: '微信公众号', platformRef: '', department: { id: 'd-1', name: '无锡市民政局' }, inspector: null, repeat: null, inspections: {} }
}

describe('the account list store', () => {
  it('searches from page 1 and appends further pages', async () => {
    const queries: AccountQuery[] = []
    const store = createAccountsStore({
      api: {
        accounts: async (_round, q) => {
          queries.push(q)
          const page = q.page ?? 1
          return { items: Array.from({ length: page === 1 ? 20 : 5 }, (_, i) => account((page - 1) * 20 + i)), page, pageSize: 20, total: 25 }
        }
      }
    })
    await store.getState().open('r-1', 'cp-2')
    await store.getState().loadMore()
    expect(store.getState().items).toHaveLength(25)
    await store.getState().loadMore()
    expect(queries).toHaveLength(2)
    await store.getState().setFilters({ q: ' 健康 ', platform: 'weibo' })
    expect(queries[2]).toMatchObject({ q: '健康', platform: 'weibo', checkpointId: 'cp-2', page: 1 })
    expect(store.getState().items).toHaveLength(20)
  })

  it('keeps what it had and shows the error when a page fails', async () => {
    let fail = false
    const store = createAccountsStore({
      api: {
        accounts: async () => {
          if (fail) throw new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试')
          return { items: [account(1)], page: 1, pageSize: 20, total: 2 }
        }
      }
    })
    await store.getState().open('r-1', 'cp-1')
    fail = true
    await store.getState().loadMore()
    expect(store.getState().items).toHaveLength(1)
    expect(store.getState().error).toBe('网络连接失败，请检查网络后重试')
  })

  it('ignores an older search that answers after a newer one', async () => {
    const pending: ((v: { items: AccountItem[]; page: number; pageSize: number; total: number }) => void)[] = []
    const store = createAccountsStore({ api: { accounts: () => new Promise((resolve) => pending.push(resolve)) } })
    const first = store.getState().open('r-1', 'cp-1')
    const second = store.getState().setFilters({ q: '城管' })
    pending[1]?.({ items: [account(2)], page: 1, pageSize: 20, total: 1 })
    pending[0]?.({ items: [account(1), account(3)], page: 1, pageSize: 20, total: 2 })
    await Promise.all([first, second])
    expect(store.getState().items.map((a) => a.id)).toEqual(['a-2'])
  })
})
