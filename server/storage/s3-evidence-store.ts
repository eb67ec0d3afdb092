import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3'
import type { EvidenceStore, EvidenceVariant } from './evidence-store'

const SHA256 = /^[0-9a-f]{64}$/

export interface S3EvidenceConfig {
  bucket: string
  /** Keys start with this (default `evidence/`): one bucket may hold several offices' or stages' data. */
  prefix?: string
  /** An S3-compatible endpoint (Tencent COS `https://cos.ap-shanghai.myqcloud.com`, MinIO …); AWS when absent. */
  endpoint?: string
  region?: string
  accessKeyId?: string
  secretAccessKey?: string
  /** Path-style URLs (`endpoint/bucket/key`), which MinIO and most local servers need. */
  forcePathStyle?: boolean
}

/**
 * Evidence in an S3-compatible bucket (Tencent COS, MinIO, S3), content-addressed like the local
 * store: `<prefix><first two hex digits>/<sha256>` and `….thumb.jpg`. Every server instance behind
 * a load balancer reads and writes the same bucket. A PUT of an object is atomic (a reader sees
 * the whole object or none), so writing the same bytes twice, or two instances racing to write
 * them, leaves one whole object.
 */
export class S3EvidenceStore implements EvidenceStore {
  private readonly client: S3Client
  private readonly prefix: string

  constructor(private readonly config: S3EvidenceConfig) {
    this.prefix = config.prefix ?? 'evidence/'
    this.client = new S3Client({
      region: config.region ?? 'us-east-1',
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle ?? false,
      ...(config.accessKeyId && config.secretAccessKey ? { credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey } } : {}),
      // The SDK retries throttling and 5xx itself; three attempts keep an upload's wait bounded.
      maxAttempts: 3
    })
  }

  key(sha256: string, variant: EvidenceVariant): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256')
    return `${this.prefix}${sha256.slice(0, 2)}/${sha256}${variant === 'thumb' ? '.thumb.jpg' : ''}`
  }

  async put(sha256: string, original: Buffer, thumbnail: Buffer): Promise<void> {
    // The thumbnail first: a reader who finds the original (the evidence row is written after both) finds its thumbnail too.
    await this.putOnce(this.key(sha256, 'thumb'), thumbnail, 'image/jpeg')
    await this.putOnce(this.key(sha256, 'original'), original, 'application/octet-stream')
  }

  async get(sha256: string, variant: EvidenceVariant): Promise<Buffer | null> {
    if (!SHA256.test(sha256)) return null
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.config.bucket, Key: this.key(sha256, variant) }))
      if (!res.Body) return null
      return Buffer.from(await res.Body.transformToByteArray())
    } catch (e) {
      if (isNotFound(e)) return null
      throw e
    }
  }

  /** Stops the client's sockets (tests, shutdown). */
  close(): void {
    this.client.destroy()
  }

  /** Skips the upload when an object of the same size is there already (content-addressed: same key, same bytes). */
  private async putOnce(key: string, bytes: Buffer, contentType: string): Promise<void> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: key }))
      if (head.ContentLength === bytes.length) return
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
    await this.client.send(new PutObjectCommand({ Bucket: this.config.bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }))
  }
}

/** The object is not there (GET: NoSuchKey; HEAD, which has no body: NotFound). A missing bucket (NoSuchBucket) is a failure, not "not stored". */
function isNotFound(e: unknown): boolean {
  return e instanceof S3ServiceException && (e.name === 'NoSuchKey' || e.name === 'NotFound')
}
