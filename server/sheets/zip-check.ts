import { inflateRawSync } from 'node:zlib'
import { AppError } from '../errors'

/**
 * An .xlsx is a zip. Before anything unzips it, its central directory is read (a few kilobytes,
 * in microseconds) and held to budgets: how many entries, how large each says it unpacks to, how
 * large all of them together, and how much each claims to shrink (a ratio past any real sheet's
 * is a zip bomb's calling card). ZIP64 archives, encrypted entries and methods other than
 * stored/deflate are refused. `verifyEntries` then checks, in the reading child, that every entry
 * unpacks to exactly its declared size and no byte more.
 */
export const ZIP_LIMITS = {
  entries: 2000,
  /** Declared unpacked bytes of one entry. */
  entryBytes: 40 * 1024 * 1024,
  /** Declared unpacked bytes of all entries together. */
  totalBytes: 64 * 1024 * 1024,
  /** Unpacked ÷ packed, for entries above ratioFloor (a small entry of repeated bytes may shrink a lot). */
  ratio: 200,
  ratioFloor: 1024 * 1024
}

export interface ZipEntry {
  name: string
  method: number
  packed: number
  unpacked: number
  offset: number
}

function tooLarge(why: string): AppError {
  return new AppError(413, 'FILE_ARCHIVE_TOO_LARGE', `表格文件解压后过大或结构异常（${why}），请删除表格中的图片、多余工作表后另存为 .xlsx 再导入`)
}

function broken(): AppError {
  return new AppError(422, 'FILE_UNREADABLE', '无法读取这个 .xlsx 文件，请在 Excel/WPS 中另存后重试')
}

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`

/** The entries of a zip, from its central directory, within ZIP_LIMITS; throws a 413/422 AppError otherwise. */
export function inspectZip(bytes: Buffer, limits = ZIP_LIMITS): ZipEntry[] {
  // End of central directory: 22 bytes plus a comment of up to 65535, at the very end.
  const from = Math.max(0, bytes.length - 22 - 65535)
  let eocd = -1
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw broken()
  const count = bytes.readUInt16LE(eocd + 10)
  const dirSize = bytes.readUInt32LE(eocd + 12)
  const dirOffset = bytes.readUInt32LE(eocd + 16)
  if (count === 0xffff || dirOffset === 0xffffffff || dirSize === 0xffffffff) throw tooLarge('ZIP64 格式')
  if (count > limits.entries) throw tooLarge(`包含 ${count} 个文件，上限 ${limits.entries}`)
  if (dirOffset + dirSize > bytes.length) throw broken()
  const entries: ZipEntry[] = []
  let total = 0
  let p = dirOffset
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw broken()
    const flags = bytes.readUInt16LE(p + 8)
    const method = bytes.readUInt16LE(p + 10)
    const packed = bytes.readUInt32LE(p + 20)
    const unpacked = bytes.readUInt32LE(p + 24)
    const nameLength = bytes.readUInt16LE(p + 28)
    const extraLength = bytes.readUInt16LE(p + 30)
    const commentLength = bytes.readUInt16LE(p + 32)
    const offset = bytes.readUInt32LE(p + 42)
    const name = bytes.subarray(p + 46, p + 46 + nameLength).toString('utf8')
    p += 46 + nameLength + extraLength + commentLength
    if (packed === 0xffffffff || unpacked === 0xffffffff || offset === 0xffffffff) throw tooLarge('ZIP64 格式')
    if (flags & 0x1) throw broken()
    if (method !== 0 && method !== 8) throw broken()
    if (unpacked > limits.entryBytes) throw tooLarge(`「${name.slice(0, 60)}」解压后 ${MB(unpacked)}，单个上限 ${MB(limits.entryBytes)}`)
    if (unpacked > limits.ratioFloor && unpacked > packed * limits.ratio) throw tooLarge(`「${name.slice(0, 60)}」压缩比 ${Math.round(unpacked / Math.max(1, packed))}:1`)
    total += unpacked
    if (total > limits.totalBytes) throw tooLarge(`解压后合计超过 ${MB(limits.totalBytes)}`)
    if (offset + 30 > bytes.length) throw broken()
    entries.push({ name, method, packed, unpacked, offset })
  }
  return entries
}

/** The bytes of one entry, unpacked to at most its declared size: an entry that says less than it holds is refused. */
export function entryBytes(bytes: Buffer, entry: ZipEntry): Buffer {
  if (bytes.readUInt32LE(entry.offset) !== 0x04034b50) throw broken()
  const start = entry.offset + 30 + bytes.readUInt16LE(entry.offset + 26) + bytes.readUInt16LE(entry.offset + 28)
  const packed = bytes.subarray(start, start + entry.packed)
  if (packed.length !== entry.packed) throw broken()
  if (entry.method === 0) {
    if (entry.packed !== entry.unpacked) throw broken()
    return packed
  }
  let out: Buffer
  try {
    // One byte of room: an entry holding more than it declares fails here, having unpacked no further.
    out = inflateRawSync(packed, { maxOutputLength: entry.unpacked + 1 })
  } catch (e) {
    if (e instanceof RangeError) throw tooLarge(`「${entry.name.slice(0, 60)}」实际内容大于声明的大小`)
    throw broken()
  }
  if (out.length !== entry.unpacked) throw tooLarge(`「${entry.name.slice(0, 60)}」实际内容与声明的大小不符`)
  return out
}

/** Checks that every entry unpacks to exactly its declared size; answers the unpacked parts by name. */
export function verifyEntries(bytes: Buffer, entries: ZipEntry[]): Map<string, Buffer> {
  const parts = new Map<string, Buffer>()
  for (const entry of entries) parts.set(entry.name, entryBytes(bytes, entry))
  return parts
}
