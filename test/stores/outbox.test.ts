import type { InspectionBody } from '../../src/api/client'
import { createOutboxStore, migrateOutbox, OUTBOX_KEY, outboxCounts, type OutboxEntry, type SyncedItem } from '../../src/stores/outbox'
import { memoryStorage } from '../../src/stores/memory-storage'

/** The outbox store on its own: what a resubmission keeps, what a receipt removes, what survives an upgrade. */

const body: InspectionBody = { roundId: 'r-2024q2', checkpointId: 'cp-2', accountId: 'a-c001', answers: [] }
const photo = (n: number) => ({ ref: `wxfile://p${n}.jpg`, sha256: `${n}`.repeat(64).slice(0, 64), size: 1000 + n })

function store(initial: Record<string, string> = {}) {
  const storage = memoryStorage(initial)
  return { storage, outbox: createOutboxStore({ storage }) }
}

function synced(clientId: string, at: number): SyncedItem {
  return { clientId, label: clientId, verdict: 'pass', held: 0, expected: 0, complete: true, at }
}

describe('enqueueing', () => {
  it('numbers new entries in order and starts them pending, with nothing uploaded', () => {
    const { outbox } = store()
    const a = outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-a', label: 'A', verdict: 'pass', body, photos: [photo(1)] }, 100)
    const b = outbox.getState().enqueue({ kind: 'answer', clientId: 'c-b', issueId: 'iss-1', label: 'B', verdict: null, body: { note: '已整改', evidence: [] }, photos: [] }, 200)
    expect([a.seq, b.seq, outbox.getState().nextSeq]).toEqual([1, 2, 3])
    expect(a).toMatchObject({ kind: 'inspection', state: 'pending', attempts: 0, nextAttemptAt: 0, lastError: null, createdAt: 100, stale: [] })
    expect(a.photos).toEqual([{ ...photo(1), uploaded: false, lost: false }])
    expect(b).toMatchObject({ kind: 'answer', issueId: 'iss-1', body: { note: '已整改', evidence: [] } })
    expect(outbox.getState().entries.map((e) => e.clientId)).toEqual(['c-a', 'c-b'])
  })

  it('replaces a waiting entry in place: same place and number, its upload marks kept, replaced files listed as stale', () => {
    const { outbox } = store()
    const s = () => outbox.getState()
    s().enqueue({ kind: 'inspection', clientId: 'c-a', label: 'A', verdict: 'fail', body, photos: [photo(1), photo(2)] }, 100)
    s().enqueue({ kind: 'inspection', clientId: 'c-b', label: 'B', verdict: 'pass', body, photos: [] }, 150)
    s().markPhoto('c-a', photo(1).sha256, { uploaded: true })
    s().update('c-a', { state: 'failed', attempts: 3, nextAttemptAt: 9999, lastError: { code: 'NETWORK', message: '网络连接失败' } })

    const again = s().enqueue({ kind: 'inspection', clientId: 'c-a', label: 'A2', verdict: 'pass', body: { ...body, answers: [] }, photos: [photo(1), photo(3)] }, 300)
    expect(again).toMatchObject({ seq: 1, label: 'A2', verdict: 'pass', state: 'pending', attempts: 0, nextAttemptAt: 0, lastError: null, createdAt: 100 })
    expect(again.photos.map((p) => [p.sha256, p.uploaded])).toEqual([
      [photo(1).sha256, true],
      [photo(3).sha256, false]
    ])
    expect(again.stale).toEqual([photo(2).ref])
    expect(s().entries.map((e) => [e.clientId, e.seq])).toEqual([
      ['c-a', 1],
      ['c-b', 2]
    ])
    expect(s().nextSeq).toBe(3)

    // A third version drops the second's new file too: both replaced files stay listed.
    const third = s().enqueue({ kind: 'inspection', clientId: 'c-a', label: 'A3', verdict: 'pass', body, photos: [photo(1)] }, 400)
    expect(third.stale).toEqual([photo(2).ref, photo(3).ref])
  })
})

describe('updates touch only their entry', () => {
  it('update, markPhoto and retry', () => {
    const { outbox } = store()
    const s = () => outbox.getState()
    s().enqueue({ kind: 'inspection', clientId: 'c-a', label: 'A', verdict: 'pass', body, photos: [photo(1), photo(2)] }, 1)
    s().enqueue({ kind: 'inspection', clientId: 'c-b', label: 'B', verdict: 'pass', body, photos: [photo(1)] }, 2)
    s().update('c-a', { state: 'parked', attempts: 2, lastError: { code: 'ROUND_CLOSED', message: '本轮检查已结束' }, nextAttemptAt: 50 })
    s().markPhoto('c-a', photo(2).sha256, { lost: true })
    const [a, b] = s().entries
    expect(a).toMatchObject({ state: 'parked', attempts: 2, nextAttemptAt: 50, lastError: { code: 'ROUND_CLOSED' } })
    expect(a?.photos.map((p) => [p.uploaded, p.lost])).toEqual([
      [false, false],
      [false, true]
    ])
    expect(b).toMatchObject({ state: 'pending', attempts: 0, lastError: null })
    expect(b?.photos[0]).toMatchObject({ lost: false, uploaded: false })

    s().retry('c-a')
    expect(s().entries[0]).toMatchObject({ state: 'pending', nextAttemptAt: 0, lastError: null, attempts: 2 })
    expect(outboxCounts(s().entries)).toEqual({ pending: 2, offline: 0, retrying: 0, parked: 0 })
  })

  it('counts entries by state', () => {
    const e = (state: 'pending' | 'failed' | 'parked') => ({ state }) as OutboxEntry
    expect(outboxCounts([e('pending'), e('failed'), e('failed'), e('parked'), e('parked'), e('parked')])).toEqual({ pending: 1, offline: 0, retrying: 2, parked: 3 })
    expect(outboxCounts([])).toEqual({ pending: 0, offline: 0, retrying: 0, parked: 0 })
    // Waiting for the network is its own count, never a failure; a parked entry counts as parked whatever its error.
    const net = { code: 'NETWORK', message: '网络连接失败' }
    expect(outboxCounts([{ ...e('failed'), lastError: net }, { ...e('pending'), lastError: net }, { ...e('parked'), lastError: net }])).toEqual({ pending: 0, offline: 2, retrying: 0, parked: 1 })
  })
})

describe('a receipt', () => {
  it('removes the entry and keeps the 20 latest synced items, newest first, one per clientId', () => {
    const { outbox } = store()
    const s = () => outbox.getState()
    s().enqueue({ kind: 'inspection', clientId: 'c-a', label: 'A', verdict: 'pass', body, photos: [] }, 1)
    s().enqueue({ kind: 'inspection', clientId: 'c-b', label: 'B', verdict: 'pass', body, photos: [] }, 2)
    s().complete('c-a', synced('c-a', 10))
    expect(s().entries.map((e) => e.clientId)).toEqual(['c-b'])
    for (let i = 0; i < 25; i++) s().complete(`x-${i}`, synced(`x-${i}`, 20 + i))
    s().complete('x-24', { ...synced('x-24', 99), held: 1 })
    const list = s().synced
    expect(list).toHaveLength(20)
    expect(list[0]).toMatchObject({ clientId: 'x-24', at: 99, held: 1 })
    expect(list.filter((x) => x.clientId === 'x-24')).toHaveLength(1)
    expect(list[19]?.clientId).toBe('x-5')
    expect(list.some((x) => x.clientId === 'c-a')).toBe(false)
  })
})

describe('what a phone kept across an app update', () => {
  it('restores a persisted outbox and carries on numbering after it', async () => {
    const first = store()
    first.outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-a', label: 'A', verdict: 'pass', body, photos: [photo(1)] }, 1)
    first.outbox.getState().complete('c-z', synced('c-z', 5))
    const again = store({ [OUTBOX_KEY]: first.storage.dump()[OUTBOX_KEY] as string })
    await again.outbox.persist.rehydrate()
    expect(again.outbox.getState().entries.map((e) => [e.clientId, e.seq, e.photos.length])).toEqual([['c-a', 1, 1]])
    expect(again.outbox.getState().synced.map((x) => x.clientId)).toEqual(['c-z'])
    expect(again.outbox.getState().enqueue({ kind: 'inspection', clientId: 'c-b', label: 'B', verdict: 'pass', body, photos: [] }, 2).seq).toBe(2)
  })

  it('migrates an old version field by field, defaults filled, no entry dropped', () => {
    const migrated = migrateOutbox(
      {
        entries: [
          {
            seq: 7,
            clientId: 'c-old',
            kind: 'answer',
            issueId: 'iss-9',
            label: '健康无锡 · 整改反馈',
            verdict: null,
            body: { note: '已整改', evidence: [] },
            photos: [{ ref: 'wxfile://a.jpg', sha256: 'a'.repeat(64), size: 12, uploaded: true }],
            state: 'failed',
            attempts: 4,
            nextAttemptAt: 123456,
            lastError: { code: 'SERVER', message: '服务器暂时不可用' },
            createdAt: 42,
            stale: ['wxfile://old.jpg']
          },
          { clientId: 'c-bare', body: { roundId: 'r' }, photos: [{}] },
          { clientId: 'c-answer-without-issue', kind: 'answer', body: {}, photos: [] }
        ],
        synced: [synced('c-done', 1)]
      },
      0
    )
    const [old, bare, orphan] = migrated.entries
    expect(old).toMatchObject({
      kind: 'answer',
      issueId: 'iss-9',
      seq: 7,
      label: '健康无锡 · 整改反馈',
      state: 'failed',
      attempts: 4,
      nextAttemptAt: 0,
      lastError: { code: 'SERVER' },
      createdAt: 42,
      stale: ['wxfile://old.jpg']
    })
    expect(old?.photos).toEqual([{ ref: 'wxfile://a.jpg', sha256: 'a'.repeat(64), size: 12, uploaded: true, lost: false }])
    expect(bare).toMatchObject({ kind: 'inspection', seq: 2, label: '未知记录', verdict: null, state: 'pending', attempts: 0, lastError: null, createdAt: 0, stale: [] })
    expect(bare?.photos).toEqual([{ ref: '', sha256: '', size: 0, uploaded: false, lost: false }])
    expect(orphan).toMatchObject({ kind: 'inspection', clientId: 'c-answer-without-issue' })
    expect(migrated.nextSeq).toBe(8)
    expect(migrated.synced.map((x) => x.clientId)).toEqual(['c-done'])
    expect(migrateOutbox(undefined, 0)).toEqual({ entries: [], nextSeq: 1, synced: [] })
    expect(migrateOutbox({ entries: [{ seq: 1, clientId: 'x' }] }, 0).entries[0]?.lastError?.message).toContain('v0')
  })
})

describe('reading back an outbox saved by another version', () => {
  it('keeps each kind as it was, and parks what lacks its id, its body or its photo list, with the reason', () => {
    const body = { roundId: 'r', accountId: 'a', theme: 'service', note: '好', evidence: [] }
    const migrated = migrateOutbox(
      {
        entries: [
          { seq: 1, kind: 'practice', clientId: 'p-1', label: '无锡人社 · 典型做法', body, photos: [], state: 'failed', lastError: { code: 'NETWORK', message: '无网络' } },
          { seq: 2, kind: 'answer', issueId: 'iss-1', clientId: 'a-1', body: { note: 'x', evidence: [] }, photos: [] },
          { seq: 3, clientId: 'c-no-photos', body: {} },
          { seq: 4, clientId: 7, body: {}, photos: [] },
          { seq: 5, clientId: 'c-no-body', photos: [] }
        ],
        nextSeq: 6
      },
      0
    )
    expect(migrated.entries.map((e) => [e.clientId, e.kind, e.state, e.lastError?.code ?? null])).toEqual([
      ['p-1', 'practice', 'failed', 'NETWORK'],
      ['a-1', 'answer', 'pending', null],
      ['c-no-photos', 'inspection', 'parked', 'OUTBOX_UNREADABLE'],
      [7, 'inspection', 'parked', 'OUTBOX_UNREADABLE'],
      ['c-no-body', 'inspection', 'parked', 'OUTBOX_UNREADABLE']
    ])
    expect(migrated.entries[0]).toMatchObject({ body, label: '无锡人社 · 典型做法' })
    expect(migrated.entries[2]?.lastError?.message).toBe('无法读取旧版本（v0）的待同步记录，请联系管理员')
    expect(migrated.nextSeq).toBe(6)
  })
})
