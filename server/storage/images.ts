import { createHash } from 'node:crypto'
import sharp from 'sharp'
import { AppError } from '../errors'
import { imageFingerprint } from './fingerprint'

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
/**
 * What a phone screenshot needs: a long scrolling capture on the largest phones is ~1290 × 16,000
 * (~21 MP). Anything past this is refused from its header, before decoding (a 7000 × 7000 PNG of
 * 212 KB decodes for a second into ~190 MB).
 */
export const MAX_EVIDENCE_PIXELS = 25_000_000
/** Screenshots decoded at once; more uploads wait their turn, so memory stays bounded and reads stay quick. */
export const MAX_CONCURRENT_DECODES = 2

let decoding = 0
const waiting: (() => void)[] = []
/** The most decodes seen at once (tests read it). */
export const decodeStats = { maxInFlight: 0 }

async function withDecodeSlot<T>(work: () => Promise<T>): Promise<T> {
  if (decoding >= MAX_CONCURRENT_DECODES) await new Promise<void>((resolve) => waiting.push(resolve))
  decoding += 1
  decodeStats.maxInFlight = Math.max(decodeStats.maxInFlight, decoding)
  try {
    return await work()
  } finally {
    decoding -= 1
    waiting.shift()?.()
  }
}
export const THUMB_LONG_SIDE = 320

export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp'

export interface CheckedImage {
  sha256: string
  mime: ImageMime
  size: number
  width: number
  height: number
  thumbnail: Buffer
  /** Perceptual fingerprint for near-duplicates (fingerprint.ts). */
  phash: string
}

/** Recognise the image type from its first bytes, never from a file name. */
export function sniffImageType(bytes: Buffer): ImageMime | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg'
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp'
  return null
}

/**
 * Checks an uploaded screenshot by content: size, type by magic bytes, pixel count bounded,
 * decodable from end to end (the thumbnail is made from the full decode).
 */
export async function checkImage(bytes: Buffer): Promise<CheckedImage> {
  if (bytes.length === 0) throw new AppError(400, 'EVIDENCE_EMPTY', '上传的文件是空的')
  if (bytes.length > MAX_EVIDENCE_BYTES) {
    throw new AppError(413, 'EVIDENCE_TOO_LARGE', `截图不能超过 ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB`)
  }
  const mime = sniffImageType(bytes)
  if (!mime) throw new AppError(415, 'EVIDENCE_TYPE_UNSUPPORTED', '只能上传 JPEG、PNG 或 WebP 格式的图片')
  let width: number
  let height: number
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata()
    width = meta.width ?? 0
    height = meta.height ?? 0
  } catch {
    throw new AppError(422, 'EVIDENCE_UNREADABLE', '图片已损坏或无法识别，请重新截图后上传')
  }
  if (width <= 0 || height <= 0) throw new AppError(422, 'EVIDENCE_UNREADABLE', '图片已损坏或无法识别，请重新截图后上传')
  if (width * height > MAX_EVIDENCE_PIXELS) {
    throw new AppError(422, 'EVIDENCE_TOO_MANY_PIXELS', '图片尺寸过大，请裁剪后再上传')
  }
  let made: { thumbnail: Buffer; phash: string }
  try {
    made = await withDecodeSlot(async () => ({ thumbnail: await makeThumbnail(bytes), phash: await imageFingerprint(bytes) }))
  } catch {
    throw new AppError(422, 'EVIDENCE_UNREADABLE', '图片已损坏或无法识别，请重新截图后上传')
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  return { sha256, mime, size: bytes.length, width, height, ...made }
}

function makeThumbnail(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes, { limitInputPixels: MAX_EVIDENCE_PIXELS, failOn: 'error' })
    .rotate()
    .resize(THUMB_LONG_SIDE, THUMB_LONG_SIDE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 70 })
    .toBuffer()
}
