import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { AppError } from '../errors'

export type EvidenceVariant = 'original' | 'thumb'

/** Where evidence bytes live. Content-addressed by SHA-256: writing the same bytes twice is a no-op. */
export interface EvidenceStore {
  put(sha256: string, original: Buffer, thumbnail: Buffer): Promise<void>
  get(sha256: string, variant: EvidenceVariant): Promise<Buffer | null>
}

const SHA256 = /^[0-9a-f]{64}$/

/** The default store: a directory (data/evidence), files fanned out by the first two hex digits. */
export class LocalEvidenceStore implements EvidenceStore {
  constructor(private readonly root: string) {}

  private path(sha256: string, variant: EvidenceVariant): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256')
    return join(this.root, sha256.slice(0, 2), variant === 'thumb' ? `${sha256}.thumb.jpg` : sha256)
  }

  async put(sha256: string, original: Buffer, thumbnail: Buffer): Promise<void> {
    await mkdir(join(this.root, sha256.slice(0, 2)), { recursive: true })
    await this.writeOnce(this.path(sha256, 'original'), original)
    await this.writeOnce(this.path(sha256, 'thumb'), thumbnail)
  }

  async get(sha256: string, variant: EvidenceVariant): Promise<Buffer | null> {
    if (!SHA256.test(sha256)) return null
    try {
      return await readFile(this.path(sha256, variant))
    } catch {
      return null
    }
  }

  /** Write to a temporary name and rename: a crash never leaves a half-written file under the real name. */
  private async writeOnce(path: string, bytes: Buffer): Promise<void> {
    try {
      const existing = await stat(path)
      if (existing.size === bytes.length) return
    } catch {
      // not there yet
    }
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`
    await writeFile(tmp, bytes)
    await rename(tmp, path)
  }
}

/**
 * The store as the API uses it: a failure of the store itself (a bucket or disk that does not
 * answer) becomes 503 STORAGE_UNAVAILABLE, which the phone's outbox retries later, with the cause
 * kept for the server's log; "not stored" stays null.
 */
export function guardedStore(store: EvidenceStore): EvidenceStore {
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work()
    } catch (e) {
      if (e instanceof AppError) throw e
      throw new AppError(503, 'STORAGE_UNAVAILABLE', '截图存储暂时无法访问，请稍后重试（已提交的内容不会丢失）', undefined, e)
    }
  }
  return {
    put: (sha256, original, thumbnail) => guard(() => store.put(sha256, original, thumbnail)),
    get: (sha256, variant) => guard(() => store.get(sha256, variant))
  }
}
