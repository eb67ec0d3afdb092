/**
 * A stand-in for server/ocr/child.ts with the same protocol and no models: the image bytes are
 * UTF-8 instructions. "hang" never answers, "crash" exits mid-read, "boom" answers an error,
 * "slow:N" answers after N ms; JSON is answered as the lines read (OcrLine[]); anything else (an
 * image's bytes) as one line 「截图」.
 * FAKE_OCR_START=fail makes it fail to load; FAKE_OCR_START=exit makes it exit before ready.
 */
import type { OcrLine } from '../../../src/core'
import type { ChildAnswer, ChildRequest } from '../../../server/ocr/protocol'

const send = (m: ChildAnswer) => process.send?.(m)
if (process.env.FAKE_OCR_START === 'fail') {
  send({ kind: 'failed', error: '模型文件缺失：test' })
  process.exit(1)
}
if (process.env.FAKE_OCR_START === 'exit') process.exit(3)
send({ kind: 'ready', rss: Number(process.env.FAKE_OCR_RSS ?? 100_000_000) })
process.on('message', (m: ChildRequest) => {
  const text = Buffer.from(m.bytes).toString('utf8')
  const rss = Number(process.env.FAKE_OCR_RSS ?? 100_000_000)
  if (text === 'hang') return
  if (text === 'crash') process.exit(2)
  if (text === 'boom') return send({ kind: 'error', id: m.id, error: '无法解码图片', rss })
  const slow = /^slow:(\d+)$/.exec(text)
  const parsed = (): OcrLine[] => {
    try {
      return JSON.parse(text) as OcrLine[]
    } catch {
      return [{ text: '截图', box: [0, 0, 1, 1], confidence: 1 }]
    }
  }
  const answer = () => send({ kind: 'read', id: m.id, width: 100, height: 200, lines: slow ? [{ text: `slow ${m.id}`, box: [0, 0, 1, 1], confidence: 1 }] : parsed(), ms: 1, rss })
  if (slow) setTimeout(answer, Number(slow[1]))
  else answer()
})
process.on('disconnect', () => process.exit(0))
