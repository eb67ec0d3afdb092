import { NATIONAL_2019 } from '../../src/core'
import { ApiError } from '../../src/api/transport'
import type { InspectionBody } from '../../src/api/client'
import { createInspectionStore, draftProblems, draftVerdict, newClientId, type InspectionContext } from '../../src/stores/inspection'

const context: InspectionContext = {
  roundId: 'r-2024q2',
  catalog: NATIONAL_2019,
  checkpoint: { id: 'cp-2', seq: 2, date: '2024-06-25' },
  account: { id: 'a-1', name: '健康无锡', platform: 'wechat', platformRef: 'gh_wjw', department: { id: 'd-city-wjw', name: '无锡市卫生健康委员会' }, inspections: {} }
}

function fakeApi() {
  const uploads: string[] = []
  const puts: { clientId: string; body: InspectionBody }[] = []
  let failUploads = 0
  let failPuts = 0
  return {
    uploads,
    puts,
    failNextUploads: (n: number) => (failUploads = n),
    failNextPuts: (n: number) => (failPuts = n),
    api: {
      async uploadEvidence(path: string) {
        if (failUploads > 0) {
          failUploads -= 1
          throw new ApiError(0, 'NETWORK', '截图上传失败：网络连接中断')
        }
        uploads.push(path)
        return { sha256: path.replace(/\W/g, '').padEnd(64, '0').slice(0, 64), mime: 'image/png', size: 1, width: 1, height: 1, created: true }
      },
      async putInspection(clientId: string, body: InspectionBody) {
        if (failPuts > 0) {
          failPuts -= 1
          throw new ApiError(503, 'SERVER', '服务器暂时不可用，请稍后再试')
        }
        puts.push({ clientId, body })
        return { id: 'i-1', clientId, roundId: body.roundId, checkpointId: body.checkpointId, accountId: body.accountId, verdict: 'fail' as const, score: null, submittedAt: '2024-06-25T02:00:00.000Z', issueIds: ['iss-1'], replayed: false }
      }
    }
  }
}

function started() {
  const fake = fakeApi()
  let n = 0
  const store = createInspectionStore({ api: fake.api, newId: () => `c-test-${++n}` })
  store.getState().start(context)
  return { store, fake }
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

  it('refuses to submit a failure without note and screenshot, and sends nothing', async () => {
    const { store, fake } = started()
    store.getState().allPass()
    store.getState().setLatestPost('UPD-1', '2024-06-20')
    store.getState().setResult('INT-1', 'fail')
    expect(draftProblems(store.getState()).map((p) => p.code)).toEqual(['NOTE_REQUIRED', 'EVIDENCE_REQUIRED'])
    expect(await store.getState().submit()).toBe(false)
    expect(store.getState().error).toContain('请填写问题说明')
    expect(fake.puts).toEqual([])
  })

  it('uploads the failed item’s screenshots first, then puts the inspection with their digests', async () => {
    const { store, fake } = started()
    const s = store.getState()
    s.allPass()
    s.setLatestPost('UPD-1', '2024-06-20')
    s.setResult('INT-1', 'fail')
    s.setNote('INT-1', '  “在线咨询”无法打开  ')
    s.addPhotos('INT-1', ['blob:1', 'blob:2'])
    expect(await store.getState().submit()).toBe(true)
    expect(fake.uploads).toEqual(['blob:1', 'blob:2'])
    const sent = fake.puts[0]
    expect(sent?.clientId).toBe('c-test-1')
    const int1 = sent?.body.answers.find((a) => a.code === 'INT-1')
    expect(int1?.note).toBe('“在线咨询”无法打开')
    expect(int1?.evidence).toHaveLength(2)
    expect(int1?.evidence.every((e) => /^[0-9a-z]{64}$/.test(e))).toBe(true)
    expect(store.getState().receipt?.verdict).toBe('fail')
  })

  it('keeps uploaded screenshots and the client id across a failed attempt, so a retry re-sends nothing twice', async () => {
    const { store, fake } = started()
    const s = store.getState()
    s.allPass()
    s.setLatestPost('UPD-1', '2024-06-20')
    s.setResult('SEC-1', 'fail')
    s.setNote('SEC-1', '领导职务表述错误')
    s.addPhotos('SEC-1', ['blob:a', 'blob:b'])
    fake.failNextPuts(1)
    expect(await store.getState().submit()).toBe(false)
    expect(store.getState().error).toBe('服务器暂时不可用，请稍后再试')
    expect(await store.getState().submit()).toBe(true)
    expect(fake.uploads).toEqual(['blob:a', 'blob:b'])
    expect(fake.puts.map((p) => p.clientId)).toEqual(['c-test-1'])
  })

  it('resumes an interrupted upload batch where it stopped', async () => {
    const { store, fake } = started()
    const s = store.getState()
    s.allPass()
    s.setLatestPost('UPD-1', '2024-06-20')
    s.setResult('SEC-1', 'fail')
    s.setNote('SEC-1', '错误')
    s.addPhotos('SEC-1', ['blob:a'])
    s.setResult('INT-1', 'fail')
    s.setNote('INT-1', '无法留言')
    s.addPhotos('INT-1', ['blob:b'])
    fake.failNextUploads(0)
    const original = fake.api.uploadEvidence
    let calls = 0
    fake.api.uploadEvidence = async (path: string) => {
      calls += 1
      if (calls === 2) throw new ApiError(0, 'NETWORK', '截图上传失败：网络连接中断')
      return original(path)
    }
    expect(await store.getState().submit()).toBe(false)
    expect(fake.uploads).toEqual(['blob:a'])
    expect(await store.getState().submit()).toBe(true)
    expect(fake.uploads).toEqual(['blob:a', 'blob:b'])
  })

  it('does not send screenshots of an item that no longer fails', async () => {
    const { store, fake } = started()
    const s = store.getState()
    s.allPass()
    s.setLatestPost('UPD-1', '2024-06-20')
    s.setResult('INT-1', 'fail')
    s.addPhotos('INT-1', ['blob:x'])
    s.setResult('INT-1', 'pass')
    expect(await store.getState().submit()).toBe(true)
    expect(fake.uploads).toEqual([])
    expect(fake.puts[0]?.body.answers.every((a) => a.evidence.length === 0)).toBe(true)
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
