import { sql, type Kysely } from 'kysely'
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

/** Screenshots not read, or failed fewer than `maxAttempts` times, newest first (what a restart or another process left behind). */
export async function unreadEvidence(db: Kysely<Database>, limit: number, maxAttempts: number): Promise<string[]> {
  const rows = await db
    .selectFrom('evidence')
    .leftJoin('evidence_text', 'evidence_text.sha256', 'evidence.sha256')
    .select('evidence.sha256')
    .where((eb) =>
      eb.or([eb('evidence_text.sha256', 'is', null), eb.and([eb('evidence_text.status', '=', 'failed'), eb('evidence_text.attempts', '<', maxAttempts)])])
    )
    .orderBy('evidence.created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => r.sha256)
}

export interface TermRow {
  id: string
  wrong: string
  right: string
  source: string
}

/** The office's own wrong forms, oldest first. */
export async function ownTerms(db: Kysely<Database>): Promise<TermRow[]> {
  return db.selectFrom('wording_terms').select(['id', 'wrong', 'right', 'source']).orderBy('created_at').orderBy('id').execute()
}

export async function findTerm(db: Kysely<Database>, id: string): Promise<TermRow | undefined> {
  return db.selectFrom('wording_terms').select(['id', 'wrong', 'right', 'source']).where('id', '=', id).executeTakeFirst()
}

export async function insertTerm(db: Kysely<Database>, t: TermRow & { createdBy: string; createdAt: string }): Promise<void> {
  await db.insertInto('wording_terms').values({ id: t.id, wrong: t.wrong, right: t.right, source: t.source, created_by: t.createdBy, created_at: t.createdAt }).execute()
}

export async function deleteTerm(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('wording_terms').where('id', '=', id).execute()
}

export interface TextMatch {
  accountId: string
  accountName: string
  platform: string
  platformDetail: string
  unitName: string
  checkpointId: string
  checkpointDate: string
  sha256: string
  lines: string
}

/** The screenshots of a round's current inspections, within these departments (null: all). */
function roundShots(db: Kysely<Database>, roundId: string, departments: Set<string> | null) {
  let q = db
    .selectFrom('inspections as i')
    .innerJoin('inspection_evidence as ie', 'ie.inspection_id', 'i.id')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .where('i.round_id', '=', roundId)
    .where('i.is_current', '=', 1)
  if (departments !== null) q = q.where('a.host_department_id', 'in', [...departments])
  return q
}

/** Screenshots whose read text holds `phrase` (already without spaces), by account, at most `limit`. */
export async function searchRoundText(db: Kysely<Database>, roundId: string, departments: Set<string> | null, phrase: string, limit: number): Promise<TextMatch[]> {
  const like = `%${phrase.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return roundShots(db, roundId, departments)
    .innerJoin('departments as d', 'd.id', 'a.host_department_id')
    .innerJoin('checkpoints as c', 'c.id', 'i.checkpoint_id')
    .innerJoin('evidence_text as t', 't.sha256', 'ie.sha256')
    .where('t.status', '=', 'done')
    .where(sql<boolean>`t.text like ${like} escape '\\'`)
    .select(['a.id as accountId', 'a.name as accountName', 'a.platform', 'a.platform_detail as platformDetail', 'd.name as unitName', 'c.id as checkpointId', 'c.date as checkpointDate', 'ie.sha256', 't.lines'])
    .distinct()
    .orderBy('a.name')
    .orderBy('c.date')
    .orderBy('ie.sha256')
    .limit(limit)
    .execute()
}

/** The round's screenshots not read (yet): search cannot see them. */
export async function unreadRoundShots(db: Kysely<Database>, roundId: string, departments: Set<string> | null): Promise<number> {
  const row = await roundShots(db, roundId, departments)
    .leftJoin('evidence_text as t', 't.sha256', 'ie.sha256')
    .where((eb) => eb.or([eb('t.sha256', 'is', null), eb('t.status', '!=', 'done')]))
    .select((eb) => eb.fn.count<string>('ie.sha256').distinct().as('n'))
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}
