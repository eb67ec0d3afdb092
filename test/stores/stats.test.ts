import { ApiError } from '../../src/api/transport'
import type { RoundStats } from '../../src/core'
import { createStatsStore } from '../../src/stores/stats'

/** The summary's store: a round's figures, another round's never shown in its place. */

const stats = (id: string) => ({ round: { id, name: id, state: 'open', deadline: '2024-07-19' }, passRate: 99.3 }) as RoundStats

describe('the stats store', () => {
  it('shows the figures of the round asked last, whatever answers first', async () => {
    const answers: Record<string, (s: RoundStats) => void> = {}
    const store = createStatsStore({ api: { stats: (id: string) => new Promise<RoundStats>((r) => (answers[id] = r)) } })
    const first = store.getState().load('r-1')
    const second = store.getState().load('r-2')
    answers['r-2']?.(stats('r-2'))
    await second
    answers['r-1']?.(stats('r-1'))
    await first
    expect(store.getState()).toMatchObject({ stats: { round: { id: 'r-2' } }, loading: false })
  })

  it('keeps a round’s figures while they refresh, drops another round’s, and names a failure', async () => {
    let fail = false
    const store = createStatsStore({
      api: {
        stats: async (id: string) => {
          if (fail) throw new ApiError(403, 'FORBIDDEN', '只有领导和管理员可以查看统计')
          return stats(id)
        }
      }
    })
    await store.getState().load('r-1')
    fail = true
    const again = store.getState().load('r-1')
    expect(store.getState().stats?.round.id).toBe('r-1')
    await again
    expect(store.getState()).toMatchObject({ stats: { round: { id: 'r-1' } }, error: '只有领导和管理员可以查看统计', loading: false })
    const other = store.getState().load('r-2')
    expect(store.getState().stats).toBeNull()
    await other
  })
})
