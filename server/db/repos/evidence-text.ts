import type { Kysely } from 'kysely'
import type { OcrLine } from '../../../src/core'
import type { Database } from '../schema'

export interface StoredText {
  status: 'done' | 'failed'
  width: number | null
  height: number | null
  lines: OcrLine[]
  error: string | null
  attempts: number
  engine: string
  readAt: string
  ms: number | null
}

export async function findText(db: Kysely<Database>, sha256: string): Promise<StoredText | null> {
  const row = await db.selectFrom('evidence_text').selectAll().where('sha256', '=', sha256).executeTakeFirst()
  if (!row) return null
  return {
    status: row.status,
    width: row.width,
    height: row.height,
    lines: JSON.parse(row.lines) as OcrLine[],
    error: row.error,
    attempts: row.attempts,
    engine: row.engine,
    readAt: row.read_at,
    ms: row.ms
  }
}

export interface TextWrite {
  sha256: string
  status: 'done' | 'failed'
  width: number | null
  height: number | null
  lines: OcrLine[]
  text: string
  error: string | null
  attempts: number
  engine: string
  readAt: string
  ms: number | null
}

/** Writes what was read (or the failure); a later read of the same screenshot replaces it. */
export async function saveText(db: Kysely<Database>, t: TextWrite): Promise<void> {
  const values = {
    status: t.status,
    width: t.width,
    height: t.height,
    lines: JSON.stringify(t.lines),
    text: t.text,
    error: t.error,
    attempts: t.attempts,
    engine: t.engine,
    read_at: t.readAt,
    ms: t.ms
  }
  await db
    .insertInto('evidence_text')
    .values({ sha256: t.sha256, ...values })
    .onConflict((oc) => oc.column('sha256').doUpdateSet(values))
    .execute()
}

/** Screenshots never read, newest first (what a restart or another process left behind). */
export async function unreadEvidence(db: Kysely<Database>, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('evidence')
    .leftJoin('evidence_text', 'evidence_text.sha256', 'evidence.sha256')
    .select('evidence.sha256')
    .where('evidence_text.sha256', 'is', null)
    .orderBy('evidence.created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => r.sha256)
}
