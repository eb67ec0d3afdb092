import { ApiError } from '../../src/api/transport'
import type { PracticeItem, PracticeList } from '../../src/api/types'
import { PRACTICE_THEMES } from '../../src/core'
import { memoryFiles } from '../../src/platform/files'
import { createOutboxStore } from '../../src/stores/outbox'
import { memoryStorage } from '../../src/stores/memory-storage'
import { createPracticeStore } from '../../src/stores/practice'
import { createPracticesStore } from '../../src/stores/practices'

const target = { roundId: 'r-2024q2', accountId: 'a-c004', accountName: '无锡人社' }

describe('the good-practice form', () => {
  function setup() {
    const files = memoryFiles()
    files.put('tmp://a', new Uint8Array([1, 2, 3]))
    files.put('tmp://b', new Uint8Array([1, 2, 3]))
    const outbox = createOutboxStore({ storage: memoryStorage() })
    let queued = 0
    const store = createPracticeStore({ files, outbox, newId: () => 'pr-test-01', now: () => 5, onQueued: () => void (queued += 1) })
    return { store, outbox, files, queued: () => queued }
  }

  it('asks for a theme and a note, then writes the practice with its screenshot into the outbox', async () => {
    const { store, outbox, queued } = setup()
    store.getState().start(target)
    expect(store.getState().submit()).toBe(false)
    expect(store.getState().error).toBe('请选择做法类别')
    store.getState().setTheme('service')
    expect(store.getState().submit()).toBe(false)
    expect(store.getState().error).toBe('请写明这个账号好在哪里')
    store.getState().setNote('好'.repeat(501))
    expect(store.getState().submit()).toBe(false)
    expect(store.getState().error).toBe('典型做法的说明不能超过 500 字')
    expect(outbox.getState().entries).toEqual([])
    store.getState().setNote(' 社保查询可在公众号办理 ')
    // The same image twice is kept once.
    await store.getState().addPhotos(['tmp://a', 'tmp://b'])
    expect(store.getState().photos).toHaveLength(1)
    const sha = store.getState().photos[0]?.sha256
    expect(store.getState().submit()).toBe(true)
    expect(outbox.getState().entries[0]).toMatchObject({
      kind: 'practice',
      clientId: 'pr-test-01',
      label: '无锡人社 · 典型做法',
      verdict: null,
      body: { roundId: 'r-2024q2', accountId: 'a-c004', theme: 'service', note: '社保查询可在公众号办理', evidence: [sha] },
      createdAt: 5
    })
    expect(outbox.getState().entries[0]?.photos.map((p) => p.sha256)).toEqual([sha])
    expect(queued()).toBe(1)
    expect(store.getState()).toMatchObject({ queued: 'pr-test-01', theme: null, note: '', photos: [] })
  })

  it('keeps a half-written practice for the same account and starts afresh for another', () => {
    const { store } = setup()
    store.getState().start(target)
    store.getState().setNote('草稿')
    store.getState().start(target)
    expect(store.getState().note).toBe('草稿')
    store.getState().start({ ...target, accountId: 'a-c005', accountName: '无锡医保' })
    expect(store.getState().note).toBe('')
  })

  it('waits for screenshots still being saved', async () => {
    const { store } = setup()
    store.getState().start(target)
    store.getState().setTheme('other')
    store.getState().setNote('好')
    const adding = store.getState().addPhotos(['tmp://a'])
    expect(store.getState().submit()).toBe(false)
    expect(store.getState().error).toBe('截图仍在保存，请稍候')
    await adding
    await store.getState().addPhotos(['tmp://missing'])
    expect(store.getState().error).toBe('截图保存失败，请重新选择')
    expect(store.getState().submit()).toBe(true)
  })
})

describe('the admin’s list of good practices', () => {
  const item = (id: string, theme: PracticeItem['theme'], picked = false): PracticeItem => ({
    id,
    clientId: id,
    roundId: 'r-2024q2',
    account: { id: `a-${id}`, name: `账号${id}`, platform: 'wechat', platformName: '微信公众号' },
    department: { id: 'd-1', name: '单位' },
    inspector: { id: 'u-inspector', name: '张敏' },
    theme,
    note: '原文',
    wording: null,
    picked,
    evidence: [],
    createdAt: '',
    updatedAt: ''
  })
  const list: PracticeList = { roundId: 'r-2024q2', groups: [{ theme: 'service', items: [item('1', 'service'), item('2', 'service', true)] }], picked: 1, total: 2 }

  it('regroups a practice moved to another theme and recounts the picked ones', async () => {
    const store = createPracticesStore({
      api: { practices: async () => list, updatePractice: async (id, patch) => ({ ...item(id, patch.theme ?? 'service'), picked: patch.picked ?? false, wording: patch.wording ?? null }) },
      themes: PRACTICE_THEMES
    })
    await store.getState().load('r-2024q2')
    expect(await store.getState().save('1', { theme: 'interaction', picked: true, wording: '当天回复' })).toBe(true)
    const after = store.getState().list
    expect(after?.groups.map((g) => [g.theme, g.items.map((i) => i.id)])).toEqual([
      ['service', ['2']],
      ['interaction', ['1']]
    ])
    expect(after).toMatchObject({ picked: 2, total: 2 })
  })

  it('saves one change at a time and says what it is saving', async () => {
    let release: (item: PracticeItem) => void = () => undefined
    const store = createPracticesStore({
      api: { practices: async () => list, updatePractice: (id) => new Promise((resolve) => (release = () => resolve(item(id, 'service', true)))) },
      themes: PRACTICE_THEMES
    })
    expect(store.getState()).toMatchObject({ roundId: null, list: null, loading: false, error: null, saving: null })
    const loading = store.getState().load('r-2024q2')
    expect(store.getState().loading).toBe(true)
    await loading
    const first = store.getState().save('1', { picked: true })
    expect(store.getState().saving).toBe('1')
    expect(await store.getState().save('2', { picked: true })).toBe(false)
    release(item('1', 'service', true))
    expect(await first).toBe(true)
    expect(store.getState().saving).toBeNull()
  })

  it('shows the server’s refusal and keeps the list as it was', async () => {
    const store = createPracticesStore({
      api: {
        practices: async () => list,
        updatePractice: async () => {
          throw new ApiError(400, 'NOTE_TOO_LONG', '典型做法的说明不能超过 500 字')
        }
      },
      themes: PRACTICE_THEMES
    })
    await store.getState().load('r-2024q2')
    expect(await store.getState().save('1', { wording: 'x' })).toBe(false)
    expect(store.getState().error).toBe('典型做法的说明不能超过 500 字')
    expect(store.getState().list).toBe(list)
    expect(store.getState().saving).toBeNull()
  })

  it('says why the list did not load', async () => {
    const store = createPracticesStore({
      api: {
        practices: async () => {
          throw new ApiError(403, 'FORBIDDEN', '您没有权限进行此操作')
        },
        updatePractice: async () => item('1', 'service')
      },
      themes: PRACTICE_THEMES
    })
    await store.getState().load('r-2024q2')
    expect(store.getState()).toMatchObject({ list: null, loading: false, error: '您没有权限进行此操作' })
  })
})

describe('keeping picked screenshots (shared by the practice and answer forms)', () => {
  it('keeps each image once, up to nine, and removes the copies it does not keep', async () => {
    const files = memoryFiles()
    for (let i = 0; i < 11; i++) files.put(`tmp://${i}`, new Uint8Array([i, i, i]))
    files.put('tmp://twin', new Uint8Array([0, 0, 0]))
    const outbox = createOutboxStore({ storage: memoryStorage() })
    const store = createPracticeStore({ files, outbox })
    store.getState().start(target)
    await store.getState().addPhotos(['tmp://0', 'tmp://twin'])
    // The twin (same bytes) is not kept twice and its copy is gone from the phone.
    expect(store.getState().photos.map((p) => p.path)).toEqual(['tmp://0'])
    expect(files.refs()).toHaveLength(1)
    await store.getState().addPhotos(Array.from({ length: 10 }, (_, i) => `tmp://${i + 1}`))
    expect(store.getState().photos).toHaveLength(9)
    expect(files.refs()).toHaveLength(9)
    expect(store.getState()).toMatchObject({ keeping: 0, error: null })
    store.getState().removePhoto(0)
    expect(store.getState().photos.map((p) => p.path)).toEqual(Array.from({ length: 8 }, (_, i) => `tmp://${i + 1}`))
  })
})
