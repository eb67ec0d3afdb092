import { crc32 } from 'node:zlib'
import sharp from 'sharp'
import { NATIONAL_2019, type Answer } from '../../src/core'

/** A real PNG of the given size, different per seed. */
export async function png(seed: number, width = 60, height = 100): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: seed % 256, g: (seed * 7) % 256, b: 90 } } })
    .png()
    .toBuffer()
}

export async function jpeg(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 80, height: 120, channels: 3, background: { r: 200, g: seed % 256, b: 30 } } })
    .jpeg()
    .toBuffer()
}

/** A multipart body with one file, as Taro.uploadFile sends it, after any text fields (its formData). */
export function multipart(bytes: Buffer, filename = 'screenshot.png', field = 'file', fields: Record<string, string> = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----gnmtest' + Math.random().toString(16).slice(2)
  const texts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`))
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`)
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { payload: Buffer.concat([...texts, head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** All national-2019 items passing at a checkpoint, with patches per indicator. */
export function nationalAnswers(latestPost: string, patch: Record<string, Partial<Answer>> = {}): Answer[] {
  return NATIONAL_2019.indicators.map((i) => ({
    code: i.code,
    result: i.rule ? null : 'pass',
    note: '',
    value: i.rule ? latestPost : null,
    evidence: [],
    ...patch[i.code]
  }))
}

/** A small PNG whose header claims width × height pixels (a decompression bomb's calling card). */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const bytes = Buffer.from(await png(9, 8, 8))
  bytes.writeUInt32BE(width, 16)
  bytes.writeUInt32BE(height, 20)
  bytes.writeUInt32BE(crc32(bytes.subarray(12, 29)) >>> 0, 29)
  return bytes
}
