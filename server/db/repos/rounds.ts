import type { Kysely } from 'kysely'
import type { Catalog } from '../../../src/core'
import type { Database, RoundRow } from '../schema'

export interface CheckpointRow {
  id: string
  seq: number
  date: string
}

/** Rounds, newest first; drafts only when asked (an admin's). */
export async function listRounds(db: Kysely<Database>, offset: number, limit: number, withDrafts = true): Promise<{ rows: RoundRow[]; total: number }> {
  const query = withDrafts ? db.selectFrom('rounds') : db.selectFrom('rounds').where('state', '!=', 'draft')
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
  inspected: number
  failed: number
}

/** Registered accounts of the round by host level and platform, and inspected/failed accounts. */
export async function roundCounts(db: Kysely<Database>, roundId: string): Promise<RoundCounts> {
  const scope = db
    .selectFrom('round_accounts')
    .innerJoin('accounts', 'accounts.id', 'round_accounts.account_id')
    .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
    .where('round_accounts.round_id', '=', roundId)
  const [byLevel, byPlatform, verdicts] = await Promise.all([
    scope.select(['departments.host_level as key', (eb) => eb.fn.countAll().as('n')]).groupBy('departments.host_level').execute(),
    scope.select(['accounts.platform as key', (eb) => eb.fn.countAll().as('n')]).groupBy('accounts.platform').execute(),
    db
      .selectFrom((eb) =>
        eb
          .selectFrom('inspections')
          .select((e) => ['account_id', e.fn.max(e.case().when('verdict', '=', 'fail').then(1).else(0).end()).as('failed')])
          .where('round_id', '=', roundId)
          .where('is_current', '=', 1)
          .groupBy('account_id')
          .as('per_account')
      )
      .select((eb) => [eb.fn.countAll().as('inspected'), eb.fn.sum('per_account.failed').as('failed')])
      .executeTakeFirstOrThrow()
  ])
  const toRecord = (rows: { key: string; n: unknown }[]) => Object.fromEntries(rows.map((r) => [r.key, Number(r.n)]))
  const levels = toRecord(byLevel)
  return {
    registered: Object.values(levels).reduce((a, b) => a + b, 0),
    byHostLevel: levels,
    byPlatform: toRecord(byPlatform),
    inspected: Number(verdicts.inspected),
    failed: Number(verdicts.failed ?? 0)
  }
}
