import type { Round, RoundDetail, RoundOverview, RoundSummary } from '../../src/api/types'
import { createRoundStore } from '../../src/stores/round'

const q2 = { id: 'r-2024q2', name: '2024年第二季度', deadline: '2024-07-19', state: 'open' } as unknown as Round
const q1 = { id: 'r-2024q1', name: '2024年第一季度', deadline: '2024-04-19', state: 'closed' } as unknown as Round
const totals = { open: 1, returned: 0, submitted: 0, verified: 0, overdue: 1, late: 0, total: 1 }

function setup(overview: (roundId: string) => Promise<RoundOverview>) {
  const calls: string[] = []
  const store = createRoundStore({
    api: {
      rounds: async () => ({ items: [q1, q2], total: 2, page: 1, pageSize: 20 }),
      round: async (id) => {
        calls.push(`round ${id}`)
        return { ...(id === q2.id ? q2 : q1), catalog: {} } as unknown as RoundDetail
      },
      summary: async (id) => {
        calls.push(`summary ${id}`)
        return { registered: 425 } as unknown as RoundSummary
      },
      overview: async (id) => {
        calls.push(`overview ${id}`)
        return overview(id)
      },
      departmentIssues: async () => ({ items: [], total: 0, page: 1, pageSize: 20, department: { id: 'd', name: 'd' } }) as never,
      setup: async () => {
        calls.push('setup')
        return { accounts: 0, units: 0, people: { inspector: 0, liaison: 0, leader: 0, admin: 1 }, signedUp: 1, catalogs: 2, rounds: { draft: 0, open: 0, closed: 0 } }
      }
    }
  })
  return { store, calls }
}

describe('the round store', () => {
  it('works on the open round and knows where its rectification stands', async () => {
    const { store, calls } = setup(async () => ({ deadline: '2024-07-19', totals, items: [] }))
    await store.getState().load({ withSummary: false })
    expect(store.getState().round?.id).toBe('r-2024q2')
    expect(store.getState().summary).toBeNull()
    expect(store.getState().rectification).toEqual(totals)
    expect(calls.sort()).toEqual(['overview r-2024q2', 'round r-2024q2'])
  })

  it('still shows the round when the counts cannot be had', async () => {
    const { store } = setup(async () => {
      throw new Error('offline')
    })
    await store.getState().load({ withSummary: true })
    expect(store.getState().error).toBeNull()
    expect(store.getState().round?.name).toBe('2024年第二季度')
    expect(store.getState().summary?.registered).toBe(425)
    expect(store.getState().rectification).toBeNull()
  })
})
