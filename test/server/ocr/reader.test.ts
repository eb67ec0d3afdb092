import { resolve } from 'node:path'
import { createOcrReader, OcrError, type OcrReader } from '../../../server/ocr/reader'

const FAKE = resolve(__dirname, 'fake-child.ts')
const lines = (text: string) => Buffer.from(JSON.stringify([{ text, box: [1, 2, 3, 4], confidence: 0.9 }]))

describe('the OCR reader: one child process, one image at a time', () => {
  let reader: OcrReader | null = null
  afterEach(async () => {
    await reader?.close()
    reader = null
  })

  it('reads images in the order asked, one at a time, in one child', async () => {
    reader = createOcrReader({ entry: FAKE })
    const order: number[] = []
    const reads = [reader.read(Buffer.from('slow:150')), reader.read(lines('第二张')), reader.read(Buffer.from('slow:10'))]
    reads.forEach((r, i) => void r.then(() => order.push(i)))
    const [a, b, c] = await Promise.all(reads)
    expect(order).toEqual([0, 1, 2])
    expect(a?.lines[0]?.text).toMatch(/^slow/)
    expect(b).toEqual({ width: 100, height: 200, lines: [{ text: '第二张', box: [1, 2, 3, 4], confidence: 0.9 }], ms: 1 })
    expect(c?.lines).toHaveLength(1)
    expect(reader.stats()).toMatchObject({ images: 3, children: 1, timeouts: 0 })
  })

  it('kills a child that takes too long, and the next image gets a fresh one', async () => {
    reader = createOcrReader({ entry: FAKE, timeoutMs: 800 })
    await expect(reader.read(Buffer.from('hang'))).rejects.toMatchObject({ code: 'OCR_TIMEOUT' })
    await expect(reader.read(lines('之后'))).resolves.toMatchObject({ lines: [{ text: '之后' }] })
    expect(reader.stats()).toMatchObject({ timeouts: 1, children: 2 })
  })

  it('a child that dies mid-read fails that image only', async () => {
    reader = createOcrReader({ entry: FAKE })
    await expect(reader.read(Buffer.from('crash'))).rejects.toMatchObject({ code: 'OCR_FAILED' })
    await expect(reader.read(lines('还在'))).resolves.toMatchObject({ lines: [{ text: '还在' }] })
    expect(reader.stats().children).toBe(2)
  })

  it('an image the engine cannot read is an error for that image, not for the child', async () => {
    reader = createOcrReader({ entry: FAKE })
    await expect(reader.read(Buffer.from('boom'))).rejects.toEqual(new OcrError('无法解码图片', 'OCR_FAILED'))
    await expect(reader.read(lines('好的'))).resolves.toMatchObject({ lines: [{ text: '好的' }] })
    expect(reader.stats()).toMatchObject({ children: 1, images: 2 })
  })

  it('replaces the child after recycleAfter images, and when its memory passes the bound', async () => {
    reader = createOcrReader({ entry: FAKE, recycleAfter: 2 })
    for (let i = 0; i < 5; i++) await reader.read(lines(`第${i}张`))
    expect(reader.stats()).toMatchObject({ images: 5, children: 3 })
    await reader.close()
    reader = createOcrReader({ entry: FAKE, recycleAboveBytes: 50_000_000, env: { FAKE_OCR_RSS: '60000000' } })
    await reader.read(lines('一'))
    await reader.read(lines('二'))
    expect(reader.stats()).toMatchObject({ images: 2, children: 2, peakRss: 60_000_000 })
  })

  it('an engine that cannot load says why, and reads fail at once until retryAfterMs has passed', async () => {
    reader = createOcrReader({ entry: FAKE, env: { FAKE_OCR_START: 'fail' }, retryAfterMs: 60_000 })
    await expect(reader.warm()).rejects.toEqual(new OcrError('模型文件缺失：test', 'OCR_UNAVAILABLE'))
    const started = Date.now()
    await expect(reader.read(lines('x'))).rejects.toMatchObject({ code: 'OCR_UNAVAILABLE', message: '模型文件缺失：test' })
    expect(Date.now() - started).toBeLessThan(200)
    expect(reader.stats().children).toBe(1)
    await reader.close()
    reader = createOcrReader({ entry: FAKE, env: { FAKE_OCR_START: 'exit' }, retryAfterMs: 0 })
    await expect(reader.read(lines('x'))).rejects.toMatchObject({ code: 'OCR_UNAVAILABLE', message: 'OCR 进程退出（3）' })
    await expect(reader.read(lines('x'))).rejects.toMatchObject({ code: 'OCR_UNAVAILABLE' })
    expect(reader.stats().children).toBe(2)
  })

  it('warm says how long the models took to load; a closed reader reads nothing', async () => {
    reader = createOcrReader({ entry: FAKE })
    await expect(reader.warm()).resolves.toEqual(expect.any(Number))
    await reader.close()
    await expect(reader.read(lines('x'))).rejects.toMatchObject({ code: 'OCR_CLOSED' })
  })
})
