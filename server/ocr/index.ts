/**
 * OCR in the server, when the optional install is there (npm run ocr:setup; see docs/ocr.md):
 * OCR=off turns it off; OCR_TIMEOUT_MS (default 60000) bounds one image; OCR_RECYCLE_AFTER
 * (default 200) images per child process. Without it the server works as before and the app shows
 * no proposals.
 */
import { locateEngine } from './engine'
import { createOcrQueue, OCR_ENGINE, type OcrQueue, type OcrQueueDeps } from './queue'
import { createOcrReader } from './reader'

export interface StartedOcr {
  queue: OcrQueue | undefined
  /** What the start line says about OCR. */
  describe: string
}

/** Every few minutes, screenshots nobody queued (another process's uploads, a restart) are queued. */
const SWEEP_EVERY_MS = 5 * 60 * 1000

/** `where` is for tests: another install folder, or a stand-in for the child process. */
export function startOcr(deps: OcrQueueDeps, env: NodeJS.ProcessEnv = process.env, where: { dir?: string; entry?: string } = {}): StartedOcr {
  if (env.OCR === 'off') return { queue: undefined, describe: '文字识别：已关闭（OCR=off）' }
  const found = locateEngine(where.dir)
  if (!found.ok) return { queue: undefined, describe: `文字识别：未开启，${found.reason}` }
  const reader = createOcrReader({
    entry: where.entry,
    timeoutMs: env.OCR_TIMEOUT_MS ? Number(env.OCR_TIMEOUT_MS) : undefined,
    recycleAfter: env.OCR_RECYCLE_AFTER ? Number(env.OCR_RECYCLE_AFTER) : undefined
  })
  const queue = createOcrQueue(deps, reader)
  const log = deps.log ?? (() => undefined)
  void reader
    .warm()
    .then((ms) => log(`文字识别已就绪（${OCR_ENGINE}，模型加载 ${ms} ms）`))
    .then(() => queue.sweep())
    .then((n) => (n > 0 ? log(`文字识别：${n} 张未识别的截图已排队`) : undefined))
    .catch((e: unknown) => log(`文字识别无法启动：${(e as Error).message}`))
  const timer = setInterval(() => void queue.sweep().catch(() => undefined), SWEEP_EVERY_MS)
  timer.unref()
  const stop = queue.stop
  return {
    queue: {
      ...queue,
      async stop() {
        clearInterval(timer)
        await stop()
      }
    },
    describe: `文字识别：已开启（${OCR_ENGINE}，一个子进程，单线程）`
  }
}
