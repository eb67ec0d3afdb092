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
  f: { departmentIds: string[] | null; roundId: string | null; status: string | null; offset: number; limit: number }
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
