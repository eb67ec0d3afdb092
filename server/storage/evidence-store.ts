import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'

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
