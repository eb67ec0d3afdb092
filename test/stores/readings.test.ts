import type { EvidenceText, OcrLine } from '../../src/core'
import { ApiError } from '../../src/api/transport'
import { memoryFiles } from '../../src/platform/files'
import { createReadingsStore, POLL_TRIES, proposedPostDate, wordingHits, type Reading } from '../../src/stores/readings'

const SERVER_NOW = '2024-07-10T02:30:00.000Z'
const line = (text: string, y = 0): OcrLine => ({ text, box: [0, y, 100, 20], confidence: 0.99 })
const text = (sha256: string, patch: Partial<EvidenceText> = {}): EvidenceText => ({
  sha256,
  status: 'done',
  width: 739,
  height: 1600,
  lines: [],
  hits: [],
  error: null,
  uploadedAt: '2024-07-09T01:00:00.000Z',
  now: SERVER_NOW,
  ...patch
})

function setup() {
  const files = memoryFiles()
  files.put('tmp://a', new Uint8Array([1]))
  files.put('tmp://b', new Uint8Array([2]))
  const uploads: string[] = []
  const answers: Record<string, (EvidenceText | Error)[]> = {}
  let offline = false
  let ocrOn = true
  const api = {
    uploadEvidence: jest.fn(async (file: { path: string }) => {
      if (offline) throw new ApiError(0, 'NETWORK', '截图上传失败：网络连接中断')
      uploads.push(file.path)
      return { sha256: 'x', mime: 'image/png', size: 1, width: 1, height: 1, created: true }
    }),
    evidenceText: jest.fn(async (sha256: string) => {
      if (offline) throw new ApiError(0, 'NETWORK', '网络连接中断')
      const next = answers[sha256]?.shift() ?? text(sha256, { status: 'pending' })
      if (next instanceof Error) throw next
      return next
    }),
    me: jest.fn(async () => {
      if (offline) throw new ApiError(0, 'NETWORK', '网络连接中断')
      return { user: {} as never, today: '2024-07-10', ocr: ocrOn, cityWide: true, reminders: null }
    })
  }
  // The phone's clock runs a day behind the server's.
  const phoneNow = Date.parse(SERVER_NOW) - 86_400_000
  const sleeps: number[] = []
  const store = createReadingsStore({ api, files, now: () => phoneNow, sleep: async (ms) => void sleeps.push(ms) })
  return {
    store,
    files,
    api,
    uploads,
    sleeps,
    phoneNow,
    answer: (sha: string, ...list: (EvidenceText | Error)[]) => (answers[sha] = [...(answers[sha] ?? []), ...list]),
    setOffline: (v: boolean) => (offline = v),
    setOcr: (v: boolean) => (ocrOn = v)
  }
}

const settle = () => new Promise((r) => setTimeout(r, 0))
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await settle()
  expect(check()).toBe(true)
}

describe('reading the checklist’s screenshots', () => {
  it('sends a screenshot once, asks for its text until it is read, and notes the server’s clock', async () => {
    const t = setup()
    const kept = await t.files.keep('tmp://a')
    t.answer(kept.sha256, text(kept.sha256, { status: 'pending' }), text(kept.sha256, { status: 'pending' }), text(kept.sha256, { lines: [line('6月18日 阅读 1')] }))
    t.store.getState().request([{ ...kept }])
    expect(t.store.getState().readings[kept.sha256]?.status).toBe('sending')
    t.store.getState().request([{ ...kept }])
    await until(() => t.store.getState().readings[kept.sha256]?.status === 'done')
    expect(t.uploads).toEqual([kept.ref])
    expect(t.api.evidenceText).toHaveBeenCalledTimes(3)
    expect(t.sleeps).toEqual([1500, 1500])
    const r = t.store.getState().readings[kept.sha256] as Reading
    expect(r.skew).toBe(86_400_000)
    expect(r.text?.lines).toEqual([line('6月18日 阅读 1')])
    // Asked again (the page re-renders): nothing more is sent or asked.
    t.store.getState().request([{ ...kept }])
    await settle()
    expect(t.api.evidenceText).toHaveBeenCalledTimes(3)
  })

  it('a server without OCR answers "off" once; a failed read says why', async () => {
    const t = setup()
    const a = await t.files.keep('tmp://a')
    const b = await t.files.keep('tmp://b')
    t.answer(a.sha256, text(a.sha256, { status: 'off' }))
    t.answer(b.sha256, text(b.sha256, { status: 'failed', error: '无法解码图片' }))
    t.store.getState().request([a, b])
    await until(() => t.store.getState().readings[a.sha256]?.status === 'off' && t.store.getState().readings[b.sha256]?.status === 'failed')
    expect(t.store.getState().readings[b.sha256]?.message).toBe('无法解码图片')
    expect(t.store.getState().readings[a.sha256]?.message).toBeNull()
  })

  it('once the server says it has no OCR, later screenshots are not sent ahead of the outbox', async () => {
    const t = setup()
    const a = await t.files.keep('tmp://a')
    const b = await t.files.keep('tmp://b')
    t.answer(a.sha256, text(a.sha256, { status: 'off' }))
    t.store.getState().request([a])
    await until(() => t.store.getState().readings[a.sha256]?.status === 'off')
    t.store.getState().request([b])
    await until(() => t.store.getState().readings[b.sha256]?.status === 'off')
    expect(t.uploads).toEqual([a.ref])
    expect(t.api.evidenceText).toHaveBeenCalledTimes(1)
  })

  it('learns once whether the server reads screenshots: unknown offline (nothing promised), then asked again', async () => {
    const w = setup()
    w.setOffline(true)
    await w.store.getState().learnOcr()
    expect(w.store.getState().ocr).toBeNull()
    w.setOffline(false)
    w.setOcr(false)
    await w.store.getState().learnOcr()
    await w.store.getState().learnOcr()
    expect(w.store.getState().ocr).toBe(false)
    expect(w.api.me).toHaveBeenCalledTimes(2)
    const on = setup()
    await on.store.getState().learnOcr()
    expect(on.store.getState().ocr).toBe(true)
  })

  it('offline it waits with the reason; retry sends it when the network is back', async () => {
    const t = setup()
    const a = await t.files.keep('tmp://a')
    t.setOffline(true)
    t.store.getState().request([a])
    await until(() => t.store.getState().readings[a.sha256]?.status === 'waiting')
    expect(t.store.getState().readings[a.sha256]?.message).toBe('截图上传失败：网络连接中断')
    t.setOffline(false)
    t.answer(a.sha256, text(a.sha256))
    t.store.getState().retry()
    await until(() => t.store.getState().readings[a.sha256]?.status === 'done')
    expect(t.uploads).toEqual([a.ref])
  })

  it('stops asking after POLL_TRIES and waits; retry asks again without sending the screenshot twice', async () => {
    const t = setup()
    const a = await t.files.keep('tmp://a')
    t.store.getState().request([a])
    await until(() => t.store.getState().readings[a.sha256]?.status === 'waiting')
    expect(t.api.evidenceText).toHaveBeenCalledTimes(POLL_TRIES)
    expect(t.store.getState().readings[a.sha256]?.message).toBe('服务器仍在识别，稍后再看')
    t.answer(a.sha256, text(a.sha256))
    t.store.getState().retry()
    await until(() => t.store.getState().readings[a.sha256]?.status === 'done')
    expect(t.uploads).toHaveLength(1)
  })

  it('a screenshot gone from the phone fails at once; a refused text request waits', async () => {
    const t = setup()
    const a = await t.files.keep('tmp://a')
    const b = await t.files.keep('tmp://b')
    t.files.lose(a.ref)
    t.answer(b.sha256, new ApiError(404, 'NOT_FOUND', '截图不存在'))
    t.store.getState().request([a, b])
    await until(() => t.store.getState().readings[a.sha256]?.status === 'failed' && t.store.getState().readings[b.sha256]?.status === 'waiting')
    expect(t.store.getState().readings[a.sha256]?.message).toBe('截图文件已不在手机上')
    expect(t.store.getState().readings[b.sha256]?.message).toBe('截图不存在')
    expect(t.uploads).toEqual([b.ref])
    // retry leaves alone what is not waiting.
    t.store.getState().retry()
    await settle()
    expect(t.store.getState().readings[a.sha256]?.status).toBe('failed')
  })
})

describe('the proposal and the hits, from what was read', () => {
  const done = (sha: string, lines: OcrLine[], patch: Partial<EvidenceText> = {}): Reading => ({ status: 'done', text: text(sha, { lines, ...patch }), skew: 86_400_000, message: null })
  const phonePick = Date.parse('2024-07-09T02:30:00Z')

  it('dates a screenshot by when it was picked, on the server’s calendar, else by its upload', () => {
    const readings = { a: done('a', [line('昨天 阅读 12')]) }
    // Picked at 2024-07-09 10:30 on the phone, a day behind the server: taken on the 10th, so 昨天 is the 9th.
    expect(proposedPostDate([{ ref: 'r', sha256: 'a', takenAt: phonePick }], [], readings)).toEqual({ date: '2024-07-09', raw: '昨天', relative: true, line: 0, sha256: 'a' })
    // Without a pick time: uploaded on the 9th (Beijing), so 昨天 is the 8th.
    expect(proposedPostDate([{ ref: 'r', sha256: 'a' }], [], readings)?.date).toBe('2024-07-08')
  })

  it('prefers the update item’s screenshots, then any of the checklist; the latest wins; unread ones count for nothing', () => {
    const readings: Record<string, Reading> = {
      a: done('a', [line('6月5日 阅读 1')]),
      b: done('b', [line('6月18日 阅读 1')]),
      c: done('c', [line('6月20日 阅读 1')]),
      d: { status: 'reading', text: null, skew: 0, message: null }
    }
    const p = (sha: string) => ({ ref: sha, sha256: sha, takenAt: phonePick })
    expect(proposedPostDate([p('a'), p('b')], [p('a'), p('b'), p('c')], readings)).toMatchObject({ date: '2024-06-18', sha256: 'b' })
    expect(proposedPostDate([p('d')], [p('c'), p('d')], readings)).toMatchObject({ date: '2024-06-20', sha256: 'c' })
    expect(proposedPostDate([], [p('d')], readings)).toBeNull()
  })

  it('lists each screenshot’s hits once, without the dismissed ones', () => {
    const hit = { wrong: '营商环竟', right: '营商环境', source: '条例', quote: '优化营商环竟', line: 2, box: [1, 2, 3, 4] as [number, number, number, number], category: '政治术语', reason: '政治术语（同音）：竟→境，见『营商环境』', confidence: 0.98 }
    const readings = { a: done('a', [], { hits: [hit] }), b: { status: 'off' as const, text: null, skew: 0, message: null } }
    const photos = [
      { ref: '1', sha256: 'a' },
      { ref: '2', sha256: 'a' },
      { ref: '3', sha256: 'b' }
    ]
    expect(wordingHits(photos, readings, [])).toEqual([{ ...hit, sha256: 'a', key: 'a:2:营商环竟', width: 739, height: 1600 }])
    expect(wordingHits(photos, readings, ['a:2:营商环竟'])).toEqual([])
  })
})
