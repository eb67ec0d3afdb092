import type { IssueItem, Round } from '../../src/api/types'
import { createIssuesStore } from '../../src/stores/issues'
import { ApiError } from '../../src/api/transport'

const rounds = [
  { id: 'r-2024q2', name: '2024年第二季度', deadline: '2024-07-19', state: 'open' },
  { id: 'r-2024q1', name: '2024年第一季度', deadline: '2024-04-19', state: 'closed' }
] as unknown as Round[]

function issue(id: string, roundId: string): IssueItem {
  const round = rounds.find((r) => r.id === roundId)!
  return { id, round: { id: round.id, name: round.name, deadline: round.deadline }, account: { id: 'a-1', name: '健康无锡', platform: 'wechat' } } as unknown as IssueItem
}

function setup(opts: { roundsFail?: boolean; refuse?: string } = {}) {
  const calls: string[] = []
  let n = 0
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
        if (q.status === 'submitted') return { items: ['s-1', 's-2', 's-3'].map((id) => ({ ...issue(id, roundId), status: 'submitted' }) as IssueItem), total: 3, page: 1, pageSize: 20 }
        return { items: [issue(`i-${roundId}`, roundId)], total: 1, page: 1, pageSize: 20 }
      },
      reviewIssue: async (issueId, clientId, body) => {
        calls.push(`review ${issueId} ${clientId} ${body.decision}`)
        if (issueId === opts.refuse) throw new ApiError(409, 'ISSUE_STATE', '只有已反馈的问题才能确认')
        return { ...issue(issueId, 'r-2024q2'), status: 'verified' } as never
      }
    },
    newId: () => `rv-${++n}`
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

  it('confirms several submitted answers at once; a refused one stays picked with why, and a retry resends under the same id', async () => {
    const { store, calls } = setup({ refuse: 's-2' })
    await store.getState().open(null, 'r-2024q2', 'submitted')
    store.getState().pickAll()
    expect(store.getState().picked).toEqual(['s-1', 's-2', 's-3'])
    expect(await store.getState().confirmPicked()).toEqual({ confirmed: 2, failed: 1 })
    expect(store.getState().items.map((i) => i.status)).toEqual(['verified', 'submitted', 'verified'])
    expect(store.getState().picked).toEqual(['s-2'])
    expect(store.getState().error).toBe('1 条未能确认：只有已反馈的问题才能确认')
    await store.getState().confirmPicked()
    expect(calls.filter((c) => c.startsWith('review'))).toEqual(['review s-1 rv-1 verify', 'review s-2 rv-2 verify', 'review s-3 rv-3 verify', 'review s-2 rv-2 verify'])
    store.getState().pick('s-2')
    expect(store.getState().picked).toEqual([])
    store.getState().pickAll()
    expect(store.getState().picked).toEqual(['s-2'])
    store.getState().pickAll()
    expect(store.getState().picked).toEqual([])
  })
})
