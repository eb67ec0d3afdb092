import { platformFilter } from '../../../src/core'
import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import { cleanQuery, namePatterns } from './name-search'
import type { Database } from '../schema'

export interface AccountListFilter {
  roundId: string
  q: string | null
  platform: string | null
  departmentIds: string[] | null
  /** Limit to accounts assigned to this inspector. */
  inspectorId: string | null
  /** Only accounts assigned to nobody yet. */
  unassigned?: boolean
  /** With `status`: which checkpoint the status refers to. */
  checkpointId: string | null
  status: 'pending' | 'inspected' | 'failed' | null
  offset: number
  limit: number
  /** One account only (its page in the app). */
  accountId?: string
  /** Only these accounts (the repeat offenders of the round). */
  accountIds?: string[]
}

export interface AccountListRow {
  id: string
  name: string
  platform: string
  platform_detail: string
  platform_ref: string
  status: string
  department_id: string
  department_name: string
  inspector_id: string | null
  inspector_name: string | null
}

export interface CurrentInspectionRow {
  account_id: string
  checkpoint_id: string
  verdict: string
  submitted_at: string
  inspection_id: string
}

export async function listRoundAccounts(db: Kysely<Database>, f: AccountListFilter): Promise<{ rows: AccountListRow[]; total: number }> {
  let query = db
    .selectFrom('round_accounts')
    .innerJoin('accounts', 'accounts.id', 'round_accounts.account_id')
    .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
    .where('round_accounts.round_id', '=', f.roundId)
  // The one name search (name-search.ts): substring, abbreviation (卫健), pinyin (jkwx). LIKE
  // wildcards are dropped: escaping differs between SQLite and PostgreSQL.
  const q = f.q ? cleanQuery(f.q) : ''
  if (q) {
    const { names, keys } = namePatterns(q)
    query = query.where((eb) =>
      eb.or([
        ...names.flatMap((p) => [eb('accounts.name', 'like', eb.val(p)).$castTo<boolean>(), eb('departments.name', 'like', eb.val(p)).$castTo<boolean>()]),
        ...keys.flatMap((p) => [eb('accounts.search_key', 'like', eb.val(p)).$castTo<boolean>(), eb('departments.search_key', 'like', eb.val(p)).$castTo<boolean>()])
      ])
    )
  }
  if (f.platform) {
    // A group (wechat …) or a kind inside 其他 (douyin …): see platformFilter.
    const filter = platformFilter(f.platform)
    query = query.where('accounts.platform', '=', filter.platform)
    if (filter.words) query = query.where('accounts.platform_detail', 'in', filter.words)
    if (filter.exclude) query = query.where('accounts.platform_detail', 'not in', filter.exclude)
  }
  if (f.accountId) query = query.where('accounts.id', '=', f.accountId)
  if (f.accountIds) query = query.where('accounts.id', 'in', f.accountIds.length ? f.accountIds : [''])
  if (f.departmentIds) query = query.where('accounts.host_department_id', 'in', f.departmentIds.length ? f.departmentIds : [''])
  if (f.inspectorId) query = query.where('round_accounts.inspector_id', '=', f.inspectorId)
  if (f.unassigned) query = query.where('round_accounts.inspector_id', 'is', null)
  if (f.status && f.checkpointId) {
    const checkpointId = f.checkpointId
    const current = (eb: ExpressionBuilder<Database, 'round_accounts' | 'accounts' | 'departments'>) => {
      let sub = eb
        .selectFrom('inspections')
        .select('inspections.id')
        .whereRef('inspections.account_id', '=', 'accounts.id')
        .where('inspections.checkpoint_id', '=', checkpointId)
        .where('inspections.is_current', '=', 1)
      if (f.status === 'failed') sub = sub.where('inspections.verdict', '=', 'fail')
      return sub
    }
    query = query.where((eb) => (f.status === 'pending' ? eb.not(eb.exists(current(eb))) : eb.exists(current(eb))))
  }
  const [rows, count] = await Promise.all([
    query
      .select([
        'accounts.id',
        'accounts.name',
        'accounts.platform',
        'accounts.platform_detail',
        'accounts.platform_ref',
        'accounts.status',
        'departments.id as department_id',
        'departments.name as department_name',
        'round_accounts.inspector_id',
        // The assignee's name: a subquery keeps the count query free of the join.
        (eb) => eb.selectFrom('users').select('users.name').whereRef('users.id', '=', 'round_accounts.inspector_id').as('inspector_name')
      ])
      // An exact name match comes first: searching 健康无锡 shows 健康无锡 before 健康无锡服务.
      .orderBy(sql`case when accounts.name = ${f.q ?? ''} then 0 else 1 end`)
      .orderBy('accounts.name')
      .orderBy('accounts.id')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  ])
  return { rows, total: Number(count.n) }
}

export async function currentInspections(db: Kysely<Database>, roundId: string, accountIds: string[]): Promise<CurrentInspectionRow[]> {
  if (accountIds.length === 0) return []
  return db
    .selectFrom('inspections')
    .select(['account_id', 'checkpoint_id', 'verdict', 'submitted_at', 'id as inspection_id'])
    .where('round_id', '=', roundId)
    .where('account_id', 'in', accountIds)
    .where('is_current', '=', 1)
    .execute()
}

/** How many inspections (by any inspector or device) each account has at each checkpoint. */
export async function submissionCounts(db: Kysely<Database>, roundId: string, accountIds: string[]): Promise<{ account_id: string; checkpoint_id: string; n: number }[]> {
  if (accountIds.length === 0) return []
  const rows = await db
    .selectFrom('inspections')
    .select(['account_id', 'checkpoint_id', (eb) => eb.fn.countAll().as('n')])
    .where('round_id', '=', roundId)
    .where('account_id', 'in', accountIds)
    .groupBy(['account_id', 'checkpoint_id'])
    .execute()
  return rows.map((r) => ({ account_id: r.account_id, checkpoint_id: r.checkpoint_id, n: Number(r.n) }))
}

/** Of these inspections, the ones that refer to screenshots the server does not hold. */
export async function inspectionsMissingEvidence(db: Kysely<Database>, inspectionIds: string[]): Promise<Set<string>> {
  if (inspectionIds.length === 0) return new Set()
  const rows = await db
    .selectFrom('inspection_evidence')
    .leftJoin('evidence', 'evidence.sha256', 'inspection_evidence.sha256')
    .select('inspection_evidence.inspection_id')
    .where('inspection_evidence.inspection_id', 'in', inspectionIds)
    .where('evidence.sha256', 'is', null)
    .distinct()
    .execute()
  return new Set(rows.map((r) => r.inspection_id))
}

export async function findAccount(db: Kysely<Database>, id: string) {
  return db
    .selectFrom('accounts')
    .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
    .selectAll('accounts')
    .select('departments.name as department_name')
    .where('accounts.id', '=', id)
    .executeTakeFirst()
}

/** Every inspection of an account in a round, newest first, with who did it and what failed. */
export async function inspectionHistory(db: Kysely<Database>, roundId: string, accountId: string) {
  const rows = await db
    .selectFrom('inspections')
    .innerJoin('users', 'users.id', 'inspections.inspector_id')
    .select([
      'inspections.id',
      'inspections.client_id',
      'inspections.checkpoint_id',
      'inspections.verdict',
      'inspections.score',
      'inspections.submitted_at',
      'inspections.is_current',
      'inspections.version',
      'users.name as inspector_name'
    ])
    .where('inspections.round_id', '=', roundId)
    .where('inspections.account_id', '=', accountId)
    .orderBy('inspections.submitted_at', 'desc')
    .orderBy('inspections.id')
    .execute()
  const results = rows.length
    ? await db
        .selectFrom('inspection_results')
        .select(['inspection_id', 'indicator_code', 'result', 'note'])
        .where(
          'inspection_id',
          'in',
          rows.map((r) => r.id)
        )
        .where('result', '=', 'fail')
        .orderBy('indicator_code')
        .execute()
    : []
  return rows.map((r) => ({ ...r, failed: results.filter((x) => x.inspection_id === r.id) }))
}
