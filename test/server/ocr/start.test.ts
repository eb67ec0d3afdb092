import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { locateEngine } from '../../../server/ocr/engine'
import { startOcr } from '../../../server/ocr'
import { dialects, startServer, type TestServer } from '../harness'

const FAKE = resolve(__dirname, 'fake-child.ts')

describe('whether the server reads screenshots, and what it says at start', () => {
  it('OCR=off turns it off; a missing install says how to add it', () => {
    const deps = { db: {} as never, evidence: {} as never, now: () => new Date() }
    expect(startOcr(deps, { OCR: 'off' })).toEqual({ queue: undefined, describe: '文字识别：已关闭（OCR=off）' })
    const empty = mkdtempSync(join(tmpdir(), 'gnm-no-ocr-'))
    try {
      const off = startOcr(deps, {}, { dir: empty })
      expect(off.queue).toBeUndefined()
      expect(off.describe).toBe(`文字识别：未开启，未安装（${empty} 下没有 node_modules，运行 npm run ocr:setup）`)
    } finally {
      rmSync(empty, { recursive: true, force: true })
    }
  })
})

describe.each(dialects)('OCR started with the server on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer(dialect)
  })
  afterAll(async () => {
    await server.close()
  })

  // The install's presence is what turns OCR on; the models themselves are tested in test/ocr.
  const maybe = locateEngine().ok ? it : it.skip

  maybe('warms the child, says it is ready, and queues the screenshots never read', async () => {
    const said: string[] = []
    const started = startOcr({ db: server.deps.db, evidence: server.deps.evidence, now: () => new Date(), log: (m) => said.push(m) }, { OCR_TIMEOUT_MS: '5000', OCR_RECYCLE_AFTER: '3' }, { entry: FAKE })
    try {
      expect(started.describe).toBe('文字识别：已开启（PP-OCRv4，一个子进程，单线程）')
      for (let i = 0; i < 100 && !said.some((m) => m.startsWith('文字识别：') && m.includes('已排队')); i++) await new Promise((r) => setTimeout(r, 100))
      expect(said[0]).toMatch(/^文字识别已就绪（PP-OCRv4，模型加载 \d+ ms）$/)
      expect(said[1]).toMatch(/^文字识别：\d+ 张未识别的截图已排队$/)
    } finally {
      await started.queue?.stop()
    }
  })
})
