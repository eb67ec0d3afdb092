import type { IssueItem, Round } from '../../src/api/types'
import { createIssuesStore } from '../../src/stores/issues'

const rounds = [
  { id: 'r-2024q2', name: '2024年第二季度', deadline: '2024-07-19', state: 'open' },
  { id: 'r-2024q1', name: '2024年第一季度', deadline: '2024-04-19', state: 'closed' }
] as unknown as Round[]

function issue(id: string, roundId: string): IssueItem {
  const round = rounds.find((r) => r.id === roundId)!
  return { id, round: { id: round.id, name: round.name, deadline: round.deadline }, account: { id: 'a-1', name: '健康无锡', platform: 'wechat' } } as unknown as IssueItem
}

function setup(opts: { roundsFail?: boolean } = {}) {
  const calls: string[] = []
  const store = createIssuesStore({
    api: {
      rounds: async () => {
        calls.push('rounds')
        if (opts.roundsFail) throw new Error('offline')
        return { items: rounds, total: rounds.length, page: 1, pageSize: 20 }
      },
      departmentIssues: async (departmentId, q) => {
        calls.push(`dept ${departmentId} round=${q.roundId ?? '*'} status=${q.status ?? '*'} page=${q.page}`)
        const all = [issue('i-q2', 'r-2024q2'), issue('i-q1', 'r-2024q1')].filter((i) => !q.roundId || i.round.id === q.roundId)
        return { department: { id: departmentId, name: '市卫健委' }, items: all, total: all.length, page: q.page ?? 1, pageSize: 20 }
      },
      roundIssues: async (roundId, q) => {
        calls.push(`round ${roundId} status=${q.status ?? '*'}`)
        return { items: [issue(`i-${roundId}`, roundId)], total: 1, page: 1, pageSize: 20 }
      }
    }
  })
  return { store, calls }
}

describe('the issue list store', () => {
  it('filters a department’s list by round, or shows every round', async () => {
    const { store, calls } = setup()
    await store.getState().open('d-wjw', 'r-2024q2')
    expect(store.getState().rounds.map((r) => r.name)).toEqual(['2024年第二季度', '2024年第一季度'])
    expect(store.getState().items.map((i) => i.id)).toEqual(['i-q2'])
    await store.getState().setRound('r-2024q1')
    expect(store.getState().items.map((i) => i.id)).toEqual(['i-q1'])
    await store.getState().setRound(null)
    expect(store.getState().items.map((i) => i.id)).toEqual(['i-q2', 'i-q1'])
    // The status filter keeps the round chosen, and refreshing keeps both.
    await store.getState().setStatus('open')
    await store.getState().refresh()
    expect(calls.slice(-2)).toEqual(['dept d-wjw round=* status=open page=1', 'dept d-wjw round=* status=open page=1'])
    // Rounds are fetched once.
    await store.getState().open('d-wjw', 'r-2024q2', 'open')
    expect(calls.filter((c) => c === 'rounds')).toHaveLength(1)
  })

  it('a round’s whole list cannot drop its round', async () => {
    const { store, calls } = setup()
    await store.getState().open(null, 'r-2024q2')
    await store.getState().setRound(null)
    expect(store.getState().roundId).toBe('r-2024q2')
    await store.getState().setRound('r-2024q1')
    expect(store.getState().items.map((i) => i.id)).toEqual(['i-r-2024q1'])
    expect(calls.filter((c) => c.startsWith('round '))).toEqual(['round r-2024q2 status=*', 'round r-2024q1 status=*'])
  })

  it('still shows the list when the rounds cannot be fetched', async () => {
    const { store } = setup({ roundsFail: true })
    await store.getState().open('d-wjw', 'r-2024q2')
    expect(store.getState().rounds).toEqual([])
    expect(store.getState().error).toBeNull()
    expect(store.getState().items).toHaveLength(1)
  })
})
