import { NATIONAL_2019 } from '../../src/core'
import { memoryFiles } from '../../src/platform/files'
import { createInspectionStore, draftProblems, draftVerdict, MAX_DRAFTS, newClientId, STORAGE_FULL, wordingIndicator, type InspectionContext } from '../../src/stores/inspection'
import { createOutboxStore } from '../../src/stores/outbox'
import { memoryStorage } from '../../src/stores/memory-storage'

const context: InspectionContext = {
  roundId: 'r-2024q2',
  catalog: NATIONAL_2019,
  checkpoint: { id: 'cp-2', seq: 2, date: '2024-06-25' },
  account: { id: 'a-1', name: '健康无锡', platform: 'wechat', platformName: '微信公众号', platformRef: 'gh_wjw', department: { id: 'd-city-wjw', name: '无锡市卫生健康委员会' }, inspector: null, repeat: null, inspections: {} }
}

function started(storage = memoryStorage(), files = memoryFiles()) {
  files.put('tmp://1', new Uint8Array([1, 2, 3]))
  files.put('tmp://2', new Uint8Array([4, 5, 6]))
  const outbox = createOutboxStore({ storage: memoryStorage() })
  let n = 0
  let queued = 0
  const store = createInspectionStore({ files, outbox, storage, newId: () => `c-test-${++n}`, now: () => 1719280000000, onQueued: () => (queued += 1) })
  store.getState().start(context)
  return { store, files, outbox, storage, queuedCount: () => queued }
}

describe('the checklist store', () => {
  it('removes an evicted draft\'s screenshots with it (past MAX_DRAFTS), keeping those another draft holds', async () => {
    const storage = memoryStorage()
    const files = memoryFiles()
    const outbox = createOutboxStore({ storage: memoryStorage() })
    let clock = 1719280000000
    const store = createInspectionStore({ files, outbox, storage, now: () => (clock += 1000) })
    const accountN = (i: number): InspectionContext => ({ ...context, account: { ...context.account, id: `a-${i}`, name: `账号${i}` } })
    for (let i = 0; i <= MAX_DRAFTS; i++) {
      files.put(`tmp://${i}`, new Uint8Array([i % 256, Math.floor(i / 256), 7]))
      store.getState().start(accountN(i))
      store.getState().setResult('INT-1', 'fail')
      await store.getState().addPhotos('INT-1', [`tmp://${i}`])
    }
    // The oldest draft (account 0) went when the 201st was written, and its file with it.
    expect(Object.keys(store.getState().drafts)).toHaveLength(MAX_DRAFTS)
    const held = Object.values(store.getState().drafts).flatMap((d) => Object.values(d.photos).flat().map((p) => p.ref))
    await new Promise((r) => setTimeout(r, 0))
    expect(files.refs().sort()).toEqual(held.sort())
  })

  it('tells the user when the phone\'s storage is full, and keeps the checklist on screen', async () => {
    const storage = memoryStorage()
    const { store } = started({
      ...storage,
      setItem: () => {
        throw new Error('setStorageSync:fail storage limit reached')
      }
    })
    store.getState().setResult('INT-1', 'fail')
    store.getState().setNote('INT-1', '留言功能无法提交'.repeat(50))
    expect(store.getState().error).toBe(STORAGE_FULL)
    expect(store.getState().answers['INT-1']?.note).toContain('留言功能无法提交')
  })

  it('starts with every item unanswered and no verdict', () => {
    const { store } = started()
    const v = draftVerdict(store.getState())
    expect(v?.verdict).toBeNull()
    expect(v?.unanswered).toHaveLength(7)
  })

  it('passes everything with one tap except the date, which must be entered', () => {
    const { store } = started()
    expect(store.getState().allPass()).toBe('UPD-1')
    expect(store.getState().prompt).toContain('监测当日有更新')
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

  it('「全部合格」 fills only unanswered items and never turns 不合格 or 不适用 into 合格', () => {
    const { store } = started()
    store.getState().setResult('SEC-1', 'fail')
    store.getState().setResult('SEC-2', 'na')
    store.getState().setLatestPost('UPD-1', '2024-06-25')
    expect(store.getState().allPass()).toBeNull()
    const answers = store.getState().answers
    expect(answers['SEC-1']?.result).toBe('fail')
    expect(answers['SEC-2']?.result).toBe('na')
    expect(answers['INT-1']?.result).toBe('pass')
    expect(store.getState().prompt).toBeNull()
    expect(draftVerdict(store.getState())).toMatchObject({ verdict: 'fail', failedVeto: ['SEC-1'] })
  })

  it('submits a failing inspection with one failed veto item and the rest unanswered', async () => {
    const { store, outbox, files } = started()
    files.put('tmp://shot', new Uint8Array([9, 9]))
    store.getState().setResult('INT-1', 'fail')
    store.getState().setNote('INT-1', '留言入口打不开')
    await store.getState().addPhotos('INT-1', ['tmp://shot'])
    expect(store.getState().submit()).toBe(true)
    const entry = outbox.getState().entries[0]
    expect(entry?.verdict).toBe('fail')
    expect(entry?.photos).toHaveLength(1)
  })

  it('keeps a half-filled checklist across a kill and relaunch, per account and checkpoint, until submitted', async () => {
    const storage = memoryStorage()
    const files = memoryFiles()
    const first = started(storage, files)
    files.put('tmp://a', new Uint8Array([7, 7, 7]))
    first.store.getState().setResult('SEC-1', 'fail')
    first.store.getState().setNote('SEC-1', '副市长姓名写错')
    await first.store.getState().addPhotos('SEC-1', ['tmp://a'])
    const clientId = first.store.getState().clientId
    // The mini-program is killed: a new store over the same storage and files.
    const again = started(storage, files)
    expect(again.store.getState().answers['SEC-1']).toEqual({ result: 'fail', note: '副市长姓名写错', value: null })
    expect(again.store.getState().clientId).toBe(clientId)
    expect(again.store.getState().restoredFrom).toBe(1719280000000)
    await new Promise((r) => setTimeout(r, 0))
    const photo = again.store.getState().photos['SEC-1']?.[0]
    expect(photo?.path).toBe(photo?.ref)
    expect(photo?.path).toMatch(/^mem:/)
    // Another account starts empty; coming back finds the draft again.
    again.store.getState().start({ ...context, account: { ...context.account, id: 'a-2', name: '无锡发布' } })
    expect(again.store.getState().answers).toEqual({})
    again.store.getState().start(context)
    expect(again.store.getState().answers['SEC-1']?.note).toBe('副市长姓名写错')
    // Submitted: the draft is gone.
    again.store.getState().setResult('INT-1', 'pass')
    again.store.getState().allPass()
    again.store.getState().setLatestPost('UPD-1', '2024-06-25')
    expect(again.store.getState().submit()).toBe(true)
    expect(started(storage, files).store.getState().answers).toEqual({})
  })

  it('discards a draft and its screenshots, but never a file the outbox still needs', async () => {
    const { store, files } = started()
    files.put('tmp://d', new Uint8Array([5, 5]))
    store.getState().setResult('SEC-1', 'fail')
    await store.getState().addPhotos('SEC-1', ['tmp://d'])
    expect(files.refs()).toHaveLength(1)
    const old = store.getState().clientId
    await store.getState().discard()
    expect(store.getState().answers).toEqual({})
    expect(store.getState().drafts).toEqual({})
    expect(store.getState().clientId).not.toBe(old)
    expect(files.refs()).toEqual([])
  })

  it('names screenshots that vanished from the phone while the draft waited', async () => {
    const storage = memoryStorage()
    const files = memoryFiles()
    const first = started(storage, files)
    files.put('tmp://v', new Uint8Array([3, 1]))
    first.store.getState().setResult('SEC-1', 'fail')
    await first.store.getState().addPhotos('SEC-1', ['tmp://v'])
    files.lose(first.store.getState().photos['SEC-1']?.[0]?.ref ?? '')
    const again = started(storage, files)
    await new Promise((r) => setTimeout(r, 0))
    expect(again.store.getState().photos['SEC-1']).toEqual([])
    expect(again.store.getState().error).toBe('有 1 张截图在手机上已找不到，请重新选择')
  })
})

describe('the checklist store at its edges', () => {
  it('keeps at most nine screenshots an item, removes one on request, and says so when a file cannot be kept', async () => {
    const files = memoryFiles()
    const { store } = started(memoryStorage(), files)
    for (let i = 0; i < 11; i++) files.put(`tmp://many-${i}`, new Uint8Array([9, i]))
    await store.getState().addPhotos('SEC-1', Array.from({ length: 11 }, (_, i) => `tmp://many-${i}`))
    expect(store.getState().photos['SEC-1']).toHaveLength(9)
    expect(store.getState().keeping).toBe(0)
    // The two extra copies were not kept: nine files, one per screenshot on the item.
    expect(files.refs()).toHaveLength(9)
    const second = store.getState().photos['SEC-1']?.[1]?.sha256
    store.getState().removePhoto('SEC-1', 0)
    expect(store.getState().photos['SEC-1']?.[0]?.sha256).toBe(second)
    await store.getState().addPhotos('SEC-2', ['tmp://not-there'])
    expect(store.getState()).toMatchObject({ keeping: 0, error: '截图保存失败，请重新选择' })
  })

  it('will not submit while a screenshot is still being saved', async () => {
    const { store, outbox } = started()
    store.getState().allPass()
    store.getState().setLatestPost('UPD-1', '2024-06-20')
    store.setState({ keeping: 1 })
    expect(store.getState().submit()).toBe(false)
    expect(store.getState().error).toBe('截图仍在保存，请稍候')
    expect(outbox.getState().entries).toEqual([])
  })

  it('drops U+0000 from a note (the server cannot store it)', () => {
    const { store } = started()
    store.getState().setNote('SEC-1', `职务${String.fromCharCode(0)}错误`)
    expect(store.getState().answers['SEC-1']?.note).toBe('职务错误')
  })

  it('loads an account’s submissions for its page, and names a failure', async () => {
    const detail = { account: context.account, history: [{ clientId: 'c-1', checkpointId: 'cp-2', inspector: '张敏', submittedAt: '2024-06-25T02:00:00Z', verdict: 'fail', failed: ['SEC-1'], version: 1 }] }
    let fail = false
    const store = createInspectionStore({
      files: memoryFiles(),
      outbox: createOutboxStore({ storage: memoryStorage() }),
      storage: memoryStorage(),
      newId: () => 'c-x',
      now: () => 0,
      onQueued: () => undefined,
      api: { accountDetail: async () => (fail ? Promise.reject(new Error('offline')) : detail) } as never
    })
    expect(await store.getState().loadAccount('r-2024q2', 'a-1')).toEqual(detail)
    expect(store.getState()).toMatchObject({ history: detail.history, historyAccount: 'a-1', historyError: null })
    fail = true
    expect(await store.getState().loadAccount('r-2024q2', 'a-1')).toBeNull()
    expect(store.getState().historyError).toBe('操作失败，请稍后重试')
    const { store: offline } = started()
    expect(await offline.getState().loadAccount('r-2024q2', 'a-1')).toBeNull()
  })
})

describe('what the screenshots’ text offers', () => {
  const hit = (sha256: string) => ({ key: `${sha256}:1:中华人名共和国`, sha256, quote: '《中华人名共和国行政处罚法》', wrong: '中华人名共和国', right: '中华人民共和国' })

  it('notes when each screenshot was picked, and keeps it in the draft', async () => {
    const storage = memoryStorage()
    const { store } = started(storage)
    await store.getState().addPhotos('UPD-1', ['tmp://1'])
    expect(store.getState().photos['UPD-1']?.[0]?.takenAt).toBe(1719280000000)
    const again = createInspectionStore({ files: memoryFiles(), outbox: createOutboxStore({ storage: memoryStorage() }), storage })
    await again.persist.rehydrate()
    again.getState().start(context)
    expect(again.getState().photos['UPD-1']?.[0]).toMatchObject({ takenAt: 1719280000000 })
  })

  it('a confirmed wording error fails 严重表述错误 with the quote and the screenshot, once', async () => {
    const { store } = started()
    await store.getState().addPhotos('INT-1', ['tmp://1'])
    const photo = store.getState().photos['INT-1']?.[0]
    store.getState().setNote('SEC-1', '标题有错字')
    expect(store.getState().confirmWording(hit(photo?.sha256 ?? ''))).toBe('SEC-1')
    const answer = store.getState().answers['SEC-1']
    expect(answer).toMatchObject({ result: 'fail', note: '标题有错字\n截图文字「《中华人名共和国行政处罚法》」中「中华人名共和国」应为「中华人民共和国」' })
    expect(store.getState().photos['SEC-1']).toEqual([photo])
    expect(store.getState().dismissed).toEqual([hit(photo?.sha256 ?? '').key])
    // Confirmed twice: the same line is not added again, nor the screenshot.
    store.getState().confirmWording(hit(photo?.sha256 ?? ''))
    expect(store.getState().answers['SEC-1']?.note.match(/应为/g)).toHaveLength(1)
    expect(store.getState().photos['SEC-1']).toHaveLength(1)
    expect(store.getState().dismissed).toHaveLength(1)
    expect(draftVerdict(store.getState())?.failedVeto).toContain('SEC-1')
  })

  it('a dismissed one is remembered with the draft; a catalog without a 安全 item cannot confirm', async () => {
    const storage = memoryStorage()
    const { store } = started(storage)
    await store.getState().addPhotos('INT-1', ['tmp://1'])
    store.getState().dismissWording('k1')
    store.getState().dismissWording('k1')
    expect(store.getState().dismissed).toEqual(['k1'])
    const again = createInspectionStore({ files: memoryFiles(), outbox: createOutboxStore({ storage: memoryStorage() }), storage })
    await again.persist.rehydrate()
    again.getState().start(context)
    expect(again.getState().dismissed).toEqual(['k1'])

    const noSafety = { ...context, catalog: { ...NATIONAL_2019, indicators: NATIONAL_2019.indicators.filter((i) => i.category !== '安全') } }
    const other = createInspectionStore({ files: memoryFiles(), outbox: createOutboxStore({ storage: memoryStorage() }), storage: memoryStorage() })
    other.getState().start(noSafety)
    expect(other.getState().confirmWording(hit('x'))).toBeNull()
    expect(other.getState().answers).toEqual({})
  })

  it('finds the wording item by its title among the 安全 items, else the first of them', () => {
    expect(wordingIndicator(NATIONAL_2019)).toBe('SEC-1')
    const renamed = { ...NATIONAL_2019, indicators: NATIONAL_2019.indicators.map((i) => (i.code === 'SEC-1' ? { ...i, title: '内容差错' } : i.code === 'SEC-3' ? { ...i, title: '表述不当' } : i)) }
    expect(wordingIndicator(renamed)).toBe('SEC-3')
    const plain = { ...NATIONAL_2019, indicators: NATIONAL_2019.indicators.map((i) => (i.category === '安全' ? { ...i, title: `安全${i.code}` } : i)) }
    expect(wordingIndicator(plain)).toBe('SEC-1')
  })
})
