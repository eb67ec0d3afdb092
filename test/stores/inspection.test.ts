import { NATIONAL_2019 } from '../../src/core'
import { memoryFiles } from '../../src/platform/files'
import { createInspectionStore, draftProblems, draftVerdict, newClientId, type InspectionContext } from '../../src/stores/inspection'
import { createOutboxStore } from '../../src/stores/outbox'
import { memoryStorage } from '../../src/stores/memory-storage'

const context: InspectionContext = {
  roundId: 'r-2024q2',
  catalog: NATIONAL_2019,
  checkpoint: { id: 'cp-2', seq: 2, date: '2024-06-25' },
  account: { id: 'a-1', name: '健康无锡', platform: 'wechat', platformRef: 'gh_wjw', department: { id: 'd-city-wjw', name: '无锡市卫生健康委员会' }, inspections: {} }
}

function started() {
  const files = memoryFiles()
  files.put('tmp://1', new Uint8Array([1, 2, 3]))
  files.put('tmp://2', new Uint8Array([4, 5, 6]))
  const outbox = createOutboxStore({ storage: memoryStorage() })
  let n = 0
  let queued = 0
  const store = createInspectionStore({ files, outbox, newId: () => `c-test-${++n}`, now: () => 1719280000000, onQueued: () => (queued += 1) })
  store.getState().start(context)
  return { store, files, outbox, queuedCount: () => queued }
}

describe('the checklist store', () => {
  it('starts with every item unanswered and no verdict', () => {
    const { store } = started()
    const v = draftVerdict(store.getState())
    expect(v?.verdict).toBeNull()
    expect(v?.unanswered).toHaveLength(7)
  })

  it('passes everything with one tap except the date, which must be entered', () => {
    const { store } = started()
    store.getState().allPass()
    expect(draftVerdict(store.getState())?.unanswered).toEqual(['UPD-1'])
    store.getState().setLatestPost('UPD-1', '2024-06-20')
    expect(draftVerdict(store.getState())?.verdict).toBe('pass')
  })

  it('decides the update item from the date alone', () => {
    const { store } = started()
    store.getState().allPass()
    store.getState().setLatestPost('UPD-1', '2024-06-11')
    expect(draftVerdict(store.getState())).toMatchObject({ verdict: 'fail', failedVeto: ['UPD-1'] })
  })

  it('keeps a picked screenshot out of temporary storage at once, with its digest', async () => {
    const { store, files } = started()
    await store.getState().addPhotos('INT-1', ['tmp://1', 'tmp://1'])
    const photos = store.getState().photos['INT-1'] ?? []
    expect(photos).toHaveLength(1)
    expect(photos[0]?.sha256).toBe('039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81')
    expect(files.refs()).toEqual([photos[0]?.ref])
  })

  it('refuses to submit a failure without note and screenshot, and queues nothing', () => {
    const { store, outbox } = started()
    store.getState().allPass()
    store.getState().setLatestPost('UPD-1', '2024-06-20')
    store.getState().setResult('INT-1', 'fail')
    expect(draftProblems(store.getState()).map((p) => p.code)).toEqual(['NOTE_REQUIRED', 'EVIDENCE_REQUIRED'])
    expect(store.getState().submit()).toBe(false)
    expect(store.getState().error).toContain('请填写问题说明')
    expect(outbox.getState().entries).toEqual([])
  })

  it('writes the submission into the outbox and returns at once, online or not', async () => {
    const { store, outbox, queuedCount } = started()
    const s = store.getState()
    s.allPass()
    s.setLatestPost('UPD-1', '2024-06-20')
    s.setResult('INT-1', 'fail')
    s.setNote('INT-1', '  “在线咨询”无法打开  ')
    await s.addPhotos('INT-1', ['tmp://1', 'tmp://2'])
    expect(store.getState().submit()).toBe(true)
    const [entry] = outbox.getState().entries
    expect(entry).toMatchObject({ seq: 1, clientId: 'c-test-1', label: '健康无锡 · 第2次监测', verdict: 'fail', state: 'pending' })
    const int1 = entry?.kind === 'inspection' ? entry.body.answers.find((a) => a.code === 'INT-1') : undefined
    expect(int1?.note).toBe('“在线咨询”无法打开')
    expect(int1?.evidence).toEqual(entry?.photos.map((p) => p.sha256))
    expect(entry?.photos.every((p) => !p.uploaded && !p.lost)).toBe(true)
    expect(store.getState().queued).toEqual({ clientId: 'c-test-1', verdict: 'fail', issues: 1 })
    expect(queuedCount()).toBe(1)
    expect(store.getState().submit()).toBe(false)
    expect(outbox.getState().entries).toHaveLength(1)
  })

  it('does not send screenshots of an item that no longer fails', async () => {
    const { store, outbox } = started()
    const s = store.getState()
    s.allPass()
    s.setLatestPost('UPD-1', '2024-06-20')
    s.setResult('INT-1', 'fail')
    await s.addPhotos('INT-1', ['tmp://1'])
    s.setResult('INT-1', 'pass')
    expect(store.getState().submit()).toBe(true)
    const [entry] = outbox.getState().entries
    expect(entry?.photos).toEqual([])
    expect(entry?.kind === 'inspection' && entry.body.answers.every((a) => a.evidence.length === 0)).toBe(true)
  })

  it('starts a fresh draft with a new client id for another account', () => {
    const { store } = started()
    store.getState().setResult('SEC-1', 'fail')
    store.getState().start({ ...context, account: { ...context.account, id: 'a-2', name: '无锡城管' } })
    expect(store.getState().answers).toEqual({})
    expect(store.getState().clientId).toBe('c-test-2')
  })
})

describe('client ids', () => {
  it('are url-safe and differ between calls', () => {
    const a = newClientId(1719280000000, () => 0.123)
    const b = newClientId(1719280000000, () => 0.456)
    expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(a).not.toBe(b)
  })
})
