import { sha256 } from '@noble/hashes/sha256'
import { bytesToHex } from '@noble/hashes/utils'

/**
 * Screenshot files on the phone, behind one interface. A picked image is compressed and kept
 * out of the platform's temporary storage at once (weapp: the user data directory; H5:
 * IndexedDB), so it survives an app restart until the server has receipted it.
 */
export interface KeptFile {
  /** Durable reference (a user-data path on weapp, an IndexedDB key on H5). */
  ref: string
  sha256: string
  size: number
}

export interface LocalFiles {
  keep(tempPath: string): Promise<KeptFile>
  /** A path the transport can upload, or null when the file is gone. */
  uploadPath(ref: string): Promise<string | null>
  /** The bytes, for transports that send a raw body; null when the file is gone. */
  read(ref: string): Promise<ArrayBuffer | null>
  remove(ref: string): Promise<void>
}

/** Compression bounds: long side and JPEG quality (WeChat screenshots are ~1170×2532). */
export const MAX_LONG_SIDE = 1600
export const JPEG_QUALITY = 0.8

export function sha256Hex(bytes: ArrayBuffer | Uint8Array): string {
  return bytesToHex(sha256(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)))
}

/** In memory: for tests, and a model of the contract. */
export function memoryFiles(): LocalFiles & { put(tempPath: string, bytes: Uint8Array): void; lose(ref: string): void; refs(): string[] } {
  const temp = new Map<string, Uint8Array>()
  const kept = new Map<string, Uint8Array>()
  let n = 0
  return {
    put: (tempPath, bytes) => temp.set(tempPath, bytes),
    lose: (ref) => kept.delete(ref),
    refs: () => [...kept.keys()],
    async keep(tempPath) {
      const bytes = temp.get(tempPath)
      if (!bytes) throw new Error(`no such file: ${tempPath}`)
      const ref = `mem://${++n}`
      kept.set(ref, bytes)
      return { ref, sha256: sha256Hex(bytes), size: bytes.length }
    },
    uploadPath: async (ref) => (kept.has(ref) ? ref : null),
    read: async (ref) => {
      const bytes = kept.get(ref)
      return bytes ? (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer) : null
    },
    remove: async (ref) => {
      kept.delete(ref)
    }
  }
}
