import type { Kysely } from 'kysely'
import type { Database } from '../schema'

export interface IssueListRow {
  id: string
  round_id: string
  round_name: string
  catalog_id: string
  deadline: string
  account_id: string
  account_name: string
  platform: string
  platform_detail: string
  department_id: string
  department_name: string
  indicator_code: string
  indicator_kind: string
  inspection_id: string
  finding: string
  status: string
  created_at: string
  updated_at: string
  checkpoint_date: string
}

export async function listIssues(
  db: Kysely<Database>,
  f: { departmentIds: string[] | null; roundId: string | null; status: string | null; offset: number; limit: number; issueId?: string }
): Promise<{ rows: IssueListRow[]; total: number }> {
  let query = db
    .selectFrom('issues')
    .innerJoin('rounds', 'rounds.id', 'issues.round_id')
    .innerJoin('accounts', 'accounts.id', 'issues.account_id')
    .innerJoin('departments', 'departments.id', 'issues.department_id')
    .innerJoin('inspections', 'inspections.id', 'issues.inspection_id')
    .innerJoin('checkpoints', 'checkpoints.id', 'inspections.checkpoint_id')
  if (f.departmentIds) query = query.where('issues.department_id', 'in', f.departmentIds.length ? f.departmentIds : [''])
  if (f.roundId) query = query.where('issues.round_id', '=', f.roundId)
  if (f.issueId) query = query.where('issues.id', '=', f.issueId)
  if (f.status) query = query.where('issues.status', '=', f.status)
  const [rows, count] = await Promise.all([
    query
      .select([
        'issues.id',
        'issues.round_id',
        'rounds.name as round_name',
        'rounds.catalog_id',
        'rounds.deadline',
        'issues.account_id',
        'accounts.name as account_name',
        'accounts.platform',
        'accounts.platform_detail',
        'issues.department_id',
        'departments.name as department_name',
        'issues.indicator_code',
        'issues.indicator_kind',
        'issues.inspection_id',
        'issues.finding',
        'issues.status',
        'issues.created_at',
        'issues.updated_at',
        'checkpoints.date as checkpoint_date'
      ])
      .orderBy('issues.updated_at', 'desc')
      .orderBy('issues.id')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  ])
  return { rows, total: Number(count.n) }
}

/** Evidence digests per (inspection, indicator) for the issues on a page. */
export async function evidenceFor(db: Kysely<Database>, pairs: { inspectionId: string; code: string }[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>()
  const ids = [...new Set(pairs.map((p) => p.inspectionId))]
  if (ids.length === 0) return result
  const rows = await db
    .selectFrom('inspection_evidence')
    .select(['inspection_id', 'indicator_code', 'sha256'])
    .where('inspection_id', 'in', ids)
    .orderBy('seq')
    .execute()
  for (const row of rows) {
    const key = `${row.inspection_id}/${row.indicator_code}`
    result.set(key, [...(result.get(key) ?? []), row.sha256])
  }
  return result
}

export async function findIssue(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('issues')
    .innerJoin('rounds', 'rounds.id', 'issues.round_id')
    .innerJoin('inspections', 'inspections.id', 'issues.inspection_id')
    .innerJoin('users', 'users.id', 'inspections.inspector_id')
    .selectAll('issues')
    .select(['rounds.deadline', 'rounds.state as round_state', 'users.name as inspector_name'])
    .where('issues.id', '=', id)
    .executeTakeFirst()
}

export async function findEventByClientId(db: Kysely<Database>, clientId: string) {
  return db.selectFrom('issue_events').selectAll().where('client_id', '=', clientId).executeTakeFirst()
}

/** Records one transition; the caller has moved the status with casIssueStatus in the same transaction. */
export async function insertEvent(
  db: Kysely<Database>,
  e: { id: string; issueId: string; clientId: string; action: string; from: string; to: string; actorId: string; note: string; at: string; evidence: string[] }
): Promise<void> {
  await db
    .insertInto('issue_events')
    .values({ id: e.id, issue_id: e.issueId, client_id: e.clientId, action: e.action, from_status: e.from, to_status: e.to, actor_id: e.actorId, note: e.note, at: e.at })
    .execute()
  if (e.evidence.length > 0) {
    await db
      .insertInto('issue_event_evidence')
      .values(e.evidence.map((sha256, seq) => ({ event_id: e.id, sha256, seq })))
      .execute()
  }
}

/** Moves an issue from one status to another only if it is still in the first (no lost updates). */
export async function casIssueStatus(db: Kysely<Database>, id: string, from: string, to: string, at: string): Promise<boolean> {
  const res = await db.updateTable('issues').set({ status: to, updated_at: at }).where('id', '=', id).where('status', '=', from).executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export async function eventsOf(db: Kysely<Database>, issueId: string) {
  const events = await db
    .selectFrom('issue_events')
    .innerJoin('users', 'users.id', 'issue_events.actor_id')
    .selectAll('issue_events')
    .select(['users.name as actor_name', 'users.role as actor_role'])
    .where('issue_id', '=', issueId)
    .orderBy('at')
    .orderBy('id')
    .execute()
  const evidence = events.length
    ? await db
        .selectFrom('issue_event_evidence')
        .select(['event_id', 'sha256'])
        .where(
          'event_id',
          'in',
          events.map((e) => e.id)
        )
        .orderBy('seq')
        .execute()
    : []
  return events.map((e) => ({ ...e, evidence: evidence.filter((x) => x.event_id === e.id).map((x) => x.sha256) }))
}

/** Issue counts per host department of a round (statuses and overdue), for the overview. */
export async function issueCountsByDepartment(db: Kysely<Database>, roundId: string) {
  const rows = await db
    .selectFrom('issues')
    .select(['department_id', 'status', (eb) => eb.fn.countAll().as('n')])
    .where('round_id', '=', roundId)
    .groupBy(['department_id', 'status'])
    .execute()
  return rows.map((r) => ({ department_id: r.department_id, status: r.status, n: Number(r.n) }))
}

/** The answered (submitted) issues of a round with when their latest answer came, for 逾期反馈 counts. */
export async function answeredIssues(db: Kysely<Database>, roundId: string) {
  const rows = await db
    .selectFrom('issues')
    .innerJoin('issue_events', 'issue_events.issue_id', 'issues.id')
    .select(['issues.id', 'issues.department_id', (eb) => eb.fn.max('issue_events.at').as('answered_at')])
    .where('issues.round_id', '=', roundId)
    .where('issues.status', '=', 'submitted')
    .where('issue_events.action', '=', 'answer')
    .groupBy(['issues.id', 'issues.department_id'])
    .execute()
  return rows.map((r) => ({ id: r.id, department_id: r.department_id, answered_at: String(r.answered_at) }))
}

/** Each issue's latest answer and latest review (action, note, when), for the export. */
export async function latestEvents(db: Kysely<Database>, issueIds: string[]) {
  const latest = new Map<string, { answer?: { note: string; at: string }; review?: { action: string; note: string; at: string } }>()
  if (issueIds.length === 0) return latest
  const events = await db
    .selectFrom('issue_events')
    .select(['issue_id', 'action', 'note', 'at'])
    .where('issue_id', 'in', issueIds)
    .orderBy('at')
    .orderBy('id')
    .execute()
  for (const e of events) {
    const entry = latest.get(e.issue_id) ?? {}
    if (e.action === 'answer') entry.answer = { note: e.note, at: e.at }
    else entry.review = { action: e.action, note: e.note, at: e.at }
    latest.set(e.issue_id, entry)
  }
  return latest
}
