import { resolve } from 'node:path'
import { openDatabase, type Db } from './db'
import { LocalEvidenceStore, guardedStore, type EvidenceStore } from './storage/evidence-store'
import { S3EvidenceStore } from './storage/s3-evidence-store'

/**
 * Where the data lives, read from the environment the same way by the server (main.ts) and the
 * operator's commands (cli.ts): DATABASE_URL (PostgreSQL), else the SQLite file SQLITE_FILE or
 * DATA_DIR/inspection.sqlite; DATA_DIR (default data/) also holds the evidence directory.
 */
export interface DataConfig {
  dataDir: string
  database: Db
}

export function openFromEnv(env: NodeJS.ProcessEnv = process.env): DataConfig {
  const dataDir = resolve(env.DATA_DIR ?? 'data')
  const database = openDatabase({ url: env.DATABASE_URL, file: env.SQLITE_FILE ?? resolve(dataDir, 'inspection.sqlite') })
  return { dataDir, database }
}

/**
 * Where screenshots live: EVIDENCE_STORE=local (default: DATA_DIR/evidence on this machine's disk)
 * or EVIDENCE_STORE=s3, an S3-compatible bucket shared by every instance (Tencent COS, MinIO, S3):
 * S3_BUCKET (required), S3_ENDPOINT (absent: AWS), S3_REGION (default us-east-1),
 * S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY (absent: the SDK's own chain), S3_FORCE_PATH_STYLE=1
 * (MinIO, local servers), S3_PREFIX (default evidence/).
 */
export function evidenceStoreFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): { store: EvidenceStore; describe: string; close?: () => void } {
  const kind = env.EVIDENCE_STORE ?? 'local'
  if (kind === 'local') {
    const root = resolve(dataDir, 'evidence')
    return { store: guardedStore(new LocalEvidenceStore(root)), describe: `本机目录 ${root}` }
  }
  if (kind !== 's3') throw new Error(`EVIDENCE_STORE 只能是 local 或 s3，而不是「${kind}」`)
  if (!env.S3_BUCKET) throw new Error('EVIDENCE_STORE=s3 需要设置 S3_BUCKET（存储桶名称）')
  const s3 = new S3EvidenceStore({
    bucket: env.S3_BUCKET,
    prefix: env.S3_PREFIX,
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === '1'
  })
  return { store: guardedStore(s3), close: () => s3.close(), describe: `对象存储 ${env.S3_ENDPOINT ?? 'AWS S3'} / ${env.S3_BUCKET}` }
}
