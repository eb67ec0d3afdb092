import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import S3rver from 's3rver'
import { S3EvidenceStore } from '../../server/storage/s3-evidence-store'

export interface LocalBucket {
  /** The environment a server process reads to use this bucket (EVIDENCE_STORE=s3 …). */
  env: Record<string, string>
  /** A store on the bucket, as the server builds it from `env`. */
  store(): S3EvidenceStore
  /** Where s3rver keeps the objects on disk. */
  directory: string
  close(): Promise<void>
}

/** A local S3-compatible server (s3rver) on a free loopback port, with one empty bucket. */
export async function startBucket(bucket = 'gnm-evidence'): Promise<LocalBucket> {
  const directory = mkdtempSync(join(tmpdir(), 'gnm-s3-'))
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] })
  const { port } = await server.run()
  const env = {
    EVIDENCE_STORE: 's3',
    S3_BUCKET: bucket,
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: '1'
  }
  const stores: S3EvidenceStore[] = []
  return {
    env,
    directory,
    store() {
      const s = new S3EvidenceStore({ bucket, endpoint: env.S3_ENDPOINT, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true })
      stores.push(s)
      return s
    },
    async close() {
      for (const s of stores) s.close()
      await server.close()
      rmSync(directory, { recursive: true, force: true })
    }
  }
}
