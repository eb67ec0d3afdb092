import { sql, type Kysely } from 'kysely'
import type { DerivedIssue } from '../../../src/core'
import type { Database } from '../schema'

export interface StoredInspection {
  id: string
  client_id: string
  round_id: string
  checkpoint_id: string
  account_id: string
  inspector_id: string
  verdict: string
  score: number | null
  body_hash: string
  submitted_at: string
  version: number
}

export interface InspectionWrite {
  id: string
  clientId: string
  roundId: string
  checkpointId: string
  accountId: string
  inspectorId: string
  verdict: string
  score: number | null
  bodyHash: string
  /** The submission as received, kept as this version's history. */
  body: string
  version: number
  submittedAt: string
  results: { code: string; result: string; note: string; value: string | null; evidence: string[] }[]
}

export async function findInspectionByClientId(db: Kysely<Database>, clientId: string): Promise<StoredInspection | undefined> {
  return db
    .selectFrom('inspections')
    .select(['id', 'client_id', 'round_id', 'checkpoint_id', 'account_id', 'inspector_id', 'verdict', 'score', 'body_hash', 'submitted_at', 'version'])
    .where('client_id', '=', clientId)
    .executeTakeFirst()
}

export interface EvidenceStatus {
  expected: string[]
  held: string[]
  missing: string[]
}

/** Which screenshots an inspection refers to, which the server holds and which are still missing. */
export async function evidenceStatus(db: Kysely<Database>, inspectionId: string): Promise<EvidenceStatus> {
  const rows = await db
    .selectFrom('inspection_evidence')
    .leftJoin('evidence', 'evidence.sha256', 'inspection_evidence.sha256')
    .select(['inspection_evidence.sha256 as sha256', 'evidence.sha256 as held'])
    .where('inspection_evidence.inspection_id', '=', inspectionId)
    .orderBy('inspection_evidence.indicator_code')
    .orderBy('inspection_evidence.seq')
    .execute()
  const expected = [...new Set(rows.map((r) => r.sha256))]
  const held = new Set(rows.filter((r) => r.held !== null).map((r) => r.sha256))
  return { expected, held: expected.filter((d) => held.has(d)), missing: expected.filter((d) => !held.has(d)) }
}

/** Which of these evidence digests the server holds. */
export async function existingEvidence(db: Kysely<Database>, digests: string[]): Promise<Set<string>> {
  if (digests.length === 0) return new Set()
  const rows = await db.selectFrom('evidence').select('sha256').where('sha256', 'in', digests).execute()
  return new Set(rows.map((r) => r.sha256))
}

/** Removes an inspection's results and evidence links (before they are written anew). */
export async function clearInspectionDetails(db: Kysely<Database>, inspectionId: string): Promise<void> {
  await db.deleteFrom('inspection_evidence').where('inspection_id', '=', inspectionId).execute()
  await db.deleteFrom('inspection_results').where('inspection_id', '=', inspectionId).execute()
}

/**
 * Sets round_accounts.verdict from the current inspections (fail if any fails, pass, or null
 * before the first) for one account of a round, or for every account of the round.
 */
export async function refreshRoundVerdicts(db: Kysely<Database>, roundId: string, accountId?: string): Promise<void> {
  // An account has a verdict for the round once every checkpoint has its current inspection (one per
  // checkpoint): fail if any failed. Until then it is not yet inspected for the round.
  await sql`update round_accounts set verdict = (
    select case when count(*) = 0 or count(*) < (select count(*) from checkpoints c where c.round_id = round_accounts.round_id) then null
      when max(case when i.verdict = 'fail' then 1 else 0 end) = 1 then 'fail' else 'pass' end
    from inspections i where i.round_id = round_accounts.round_id and i.account_id = round_accounts.account_id and i.is_current = 1)
    where round_id = ${roundId} ${accountId === undefined ? sql`` : sql`and account_id = ${accountId}`}`.execute(db)
}

/** Writes one inspection as the current one of its account and checkpoint. Call inside a transaction. */
export async function writeInspection(db: Kysely<Database>, w: InspectionWrite, replacing: boolean): Promise<void> {
  await db
    .updateTable('inspections')
    .set({ is_current: 0 })
    .where('checkpoint_id', '=', w.checkpointId)
    .where('account_id', '=', w.accountId)
    .where('id', '!=', w.id)
    .execute()
  const row = {
    id: w.id,
    client_id: w.clientId,
    round_id: w.roundId,
    checkpoint_id: w.checkpointId,
    account_id: w.accountId,
    inspector_id: w.inspectorId,
    verdict: w.verdict,
    score: w.score,
    body_hash: w.bodyHash,
    is_current: 1,
    submitted_at: w.submittedAt,
    version: w.version
  }
  if (replacing) {
    await clearInspectionDetails(db, w.id)
    await db.updateTable('inspections').set(row).where('id', '=', w.id).execute()
  } else {
    await db.insertInto('inspections').values(row).execute()
  }
  await db
    .insertInto('inspection_versions')
    .values({ inspection_id: w.id, version: w.version, body_hash: w.bodyHash, body: w.body, verdict: w.verdict, submitted_at: w.submittedAt })
    .execute()
  if (w.results.length > 0) {
    await db
      .insertInto('inspection_results')
      .values(w.results.map((r) => ({ inspection_id: w.id, indicator_code: r.code, result: r.result, note: r.note, value: r.value })))
      .execute()
  }
  const links = w.results.flatMap((r) => r.evidence.map((sha256, seq) => ({ inspection_id: w.id, indicator_code: r.code, sha256, seq })))
  if (links.length > 0) await db.insertInto('inspection_evidence').values(links).execute()
  await refreshRoundVerdicts(db, w.roundId, w.accountId)
}

/**
 * One issue per account, indicator and round: a later failure of the same indicator updates
 * the issue (finding and the inspection whose evidence it shows) instead of making a second one.
 */
export async function upsertIssues(
  db: Kysely<Database>,
  args: { roundId: string; accountId: string; departmentId: string; inspectionId: string; now: string; newId: () => string },
  issues: DerivedIssue[]
): Promise<string[]> {
  const ids: string[] = []
  for (const issue of issues) {
    const existing = await db
      .selectFrom('issues')
      .select('id')
      .where('round_id', '=', args.roundId)
      .where('account_id', '=', args.accountId)
      .where('indicator_code', '=', issue.indicatorCode)
      .executeTakeFirst()
    if (existing) {
      await db
        .updateTable('issues')
        .set({ finding: issue.finding, inspection_id: args.inspectionId, department_id: args.departmentId, updated_at: args.now })
        .where('id', '=', existing.id)
        .execute()
      ids.push(existing.id)
    } else {
      const id = args.newId()
      await db
        .insertInto('issues')
        .values({
          id,
          round_id: args.roundId,
          account_id: args.accountId,
          department_id: args.departmentId,
          indicator_code: issue.indicatorCode,
          indicator_kind: issue.indicatorKind,
          inspection_id: args.inspectionId,
          finding: issue.finding,
          status: 'open',
          created_at: args.now,
          updated_at: args.now
        })
        .execute()
      ids.push(id)
    }
  }
  return ids
}

export async function issueIdsOfInspection(db: Kysely<Database>, inspectionId: string): Promise<string[]> {
  const rows = await db.selectFrom('issues').select('id').where('inspection_id', '=', inspectionId).orderBy('indicator_code').execute()
  return rows.map((r) => r.id)
}

export async function insertEvidence(
  db: Kysely<Database>,
  e: { sha256: string; mime: string; size: number; width: number; height: number; uploadedBy: string; now: string; phash?: string | null }
): Promise<boolean> {
  const result = await db
    .insertInto('evidence')
    .values({ sha256: e.sha256, mime: e.mime, size: e.size, width: e.width, height: e.height, uploaded_by: e.uploadedBy, created_at: e.now, phash: e.phash ?? null })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .executeTakeFirst()
  // Whoever sends the bytes holds them, first or again.
  await db
    .insertInto('evidence_holders')
    .values({ sha256: e.sha256, user_id: e.uploadedBy, at: e.now })
    .onConflict((oc) => oc.columns(['sha256', 'user_id']).doNothing())
    .execute()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Of these digests, those the user has sent the bytes of. */
export async function heldBy(db: Kysely<Database>, userId: string, digests: string[]): Promise<Set<string>> {
  if (digests.length === 0) return new Set()
  const rows = await db.selectFrom('evidence_holders').select('sha256').where('user_id', '=', userId).where('sha256', 'in', digests).execute()
  return new Set(rows.map((r) => r.sha256))
}

export async function findEvidence(db: Kysely<Database>, sha256: string) {
  return db.selectFrom('evidence').selectAll().where('sha256', '=', sha256).executeTakeFirst()
}

/** The departments a screenshot is about: its inspections' accounts' and its rectification answers' issues'. */
export async function evidenceDepartments(db: Kysely<Database>, sha256: string): Promise<string[]> {
  // A reference shows the screenshot to its department only when its author could attach it: they
  // sent its bytes, or they are an inspector (who sees every screenshot). Naming someone else's
  // digest in a record of one's own district reveals nothing.
  const vouched = (author: 'i.inspector_id' | 'e.actor_id' | 'p.inspector_id') =>
    sql<boolean>`(exists (select 1 from evidence_holders h where h.user_id = ${sql.ref(author)} and h.sha256 = ${sha256}) or exists (select 1 from users u where u.id = ${sql.ref(author)} and u.role = 'inspector'))`
  const rows = await db
    .selectFrom('inspection_evidence as ie')
    .innerJoin('inspections as i', 'i.id', 'ie.inspection_id')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .select('a.host_department_id as department_id')
    .where('ie.sha256', '=', sha256)
    .where(vouched('i.inspector_id'))
    .union(
      db
        .selectFrom('issue_event_evidence as ee')
        .innerJoin('issue_events as e', 'e.id', 'ee.event_id')
        .innerJoin('issues as s', 's.id', 'e.issue_id')
        .select('s.department_id as department_id')
        .where('ee.sha256', '=', sha256)
        .where(vouched('e.actor_id'))
    )
    .union(
      db
        .selectFrom('practice_evidence as pe')
        .innerJoin('practices as p', 'p.id', 'pe.practice_id')
        .innerJoin('accounts as pa', 'pa.id', 'p.account_id')
        .select('pa.host_department_id as department_id')
        .where('pe.sha256', '=', sha256)
        .where(vouched('p.inspector_id'))
    )
    .execute()
  return rows.map((r) => r.department_id)
}
