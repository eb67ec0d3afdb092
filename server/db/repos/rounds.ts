import type { Kysely } from 'kysely'
import { platformKind, type Catalog } from '../../../src/core'
import type { Database, RoundRow } from '../schema'

export interface CheckpointRow {
  id: string
  seq: number
  date: string
}

/** Rounds, newest first; drafts only when asked (an admin's). */
/** Rounds, newest first; drafts: all (null), those belonging to these units, or none. */
export async function listRounds(db: Kysely<Database>, offset: number, limit: number, drafts: Set<string> | null | 'none' = null): Promise<{ rows: RoundRow[]; total: number }> {
  const owners = drafts === null || drafts === 'none' ? [] : [...drafts]
  const query =
    drafts === null
      ? db.selectFrom('rounds')
      : db.selectFrom('rounds').where((eb) => (owners.length > 0 ? eb.or([eb('state', '!=', 'draft'), eb('department_id', 'in', owners)]) : eb('state', '!=', 'draft')))
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').offset(offset).limit(limit).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  ])
  return { rows, total: Number(count.n) }
}

export async function findRound(db: Kysely<Database>, id: string): Promise<RoundRow | undefined> {
  return db.selectFrom('rounds').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function checkpointsOf(db: Kysely<Database>, roundIds: string[]): Promise<Map<string, CheckpointRow[]>> {
  const result = new Map<string, CheckpointRow[]>()
  if (roundIds.length === 0) return result
  const rows = await db.selectFrom('checkpoints').selectAll().where('round_id', 'in', roundIds).orderBy('seq').execute()
  for (const row of rows) {
    const list = result.get(row.round_id) ?? []
    list.push({ id: row.id, seq: row.seq, date: row.date })
    result.set(row.round_id, list)
  }
  return result
}

export async function findCatalog(db: Kysely<Database>, id: string): Promise<Catalog | undefined> {
  const row = await db.selectFrom('catalogs').select('definition').where('id', '=', id).executeTakeFirst()
  return row ? (JSON.parse(row.definition) as Catalog) : undefined
}

export async function findRoundAccount(
  db: Kysely<Database>,
  roundId: string,
  accountId: string
): Promise<{ inspector_id: string | null; host_department_id: string } | undefined> {
  return db
    .selectFrom('round_accounts')
    .innerJoin('accounts', 'accounts.id', 'round_accounts.account_id')
    .select(['round_accounts.inspector_id', 'accounts.host_department_id'])
    .where('round_accounts.round_id', '=', roundId)
    .where('round_accounts.account_id', '=', accountId)
    .executeTakeFirst()
}

export interface RoundCounts {
  registered: number
  byHostLevel: Record<string, number>
  byPlatform: Record<string, number>
  /** By platform kind (platformKind). */
  byKind: Record<string, number>
  inspected: number
  failed: number
}

/**
 * A round's accounts by host level and platform, and how many were inspected and failed (from
 * each account's verdict kept on round_accounts), within `departmentIds` when given.
 */
export async function roundCounts(db: Kysely<Database>, roundId: string, departmentIds: string[] | null = null): Promise<RoundCounts> {
  let q = db
    .selectFrom('round_accounts')
    .innerJoin('accounts', 'accounts.id', 'round_accounts.account_id')
    .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
    .where('round_accounts.round_id', '=', roundId)
  if (departmentIds) q = q.where('accounts.host_department_id', 'in', departmentIds.length ? departmentIds : [''])
  const rows = await q
    .select((eb) => [
      'departments.host_level',
      'accounts.platform',
      'accounts.platform_detail',
      eb.fn.countAll().as('n'),
      eb.fn.count('round_accounts.verdict').as('inspected'),
      eb.fn.sum(eb.case().when('round_accounts.verdict', '=', 'fail').then(1).else(0).end()).as('failed')
    ])
    .groupBy(['departments.host_level', 'accounts.platform', 'accounts.platform_detail'])
    .execute()
  const out: RoundCounts = { registered: 0, byHostLevel: {}, byPlatform: {}, byKind: {}, inspected: 0, failed: 0 }
  for (const r of rows) {
    const n = Number(r.n)
    out.registered += n
    out.byHostLevel[r.host_level] = (out.byHostLevel[r.host_level] ?? 0) + n
    out.byPlatform[r.platform] = (out.byPlatform[r.platform] ?? 0) + n
    const kind = platformKind(r.platform, r.platform_detail)
    out.byKind[kind] = (out.byKind[kind] ?? 0) + n
    out.inspected += Number(r.inspected)
    out.failed += Number(r.failed ?? 0)
  }
  return out
}

/** How many of a round's accounts (within `departmentIds` when given) have their current inspection at each checkpoint. */
export async function checkpointProgress(db: Kysely<Database>, roundId: string, departmentIds: string[] | null = null): Promise<{ id: string; seq: number; date: string; inspected: number }[]> {
  const rows = await db
    .selectFrom('checkpoints')
    .leftJoin('inspections', (join) => join.onRef('inspections.checkpoint_id', '=', 'checkpoints.id').on('inspections.is_current', '=', 1))
    .leftJoin('accounts', (join) => {
      const on = join.onRef('accounts.id', '=', 'inspections.account_id')
      return departmentIds ? on.on('accounts.host_department_id', 'in', departmentIds.length ? departmentIds : ['']) : on
    })
    .where('checkpoints.round_id', '=', roundId)
    .select((eb) => ['checkpoints.id', 'checkpoints.seq', 'checkpoints.date', eb.fn.count('accounts.id').as('inspected')])
    .groupBy(['checkpoints.id', 'checkpoints.seq', 'checkpoints.date'])
    .orderBy('checkpoints.seq')
    .execute()
  return rows.map((r) => ({ id: r.id, seq: Number(r.seq), date: r.date, inspected: Number(r.inspected) }))
}
