import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

/** Who did it: a signed-in person, or the operator at the command line, or the system itself. */
export interface Actor {
  id: string | null
  name: string
  ip: string
}

export const SYSTEM: Actor = { id: null, name: '系统', ip: '-' }

export interface AuditEntry {
  action: string
  entity: string
  entityId: string
  departmentId?: string | null
  before?: unknown
  after?: unknown
}

/**
 * Appends one entry to the audit trail. Call it with the transaction that makes the change, so
 * the change and its record commit together or not at all. Nothing ever updates or deletes a row.
 */
export async function appendAudit(db: Kysely<Database>, actor: Actor, at: Date, entry: AuditEntry, newId: () => string): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: at.toISOString(),
      actor_id: actor.id,
      actor_name: actor.name,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId,
      department_id: entry.departmentId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip: actor.ip
    })
    .execute()
}

/**
 * The names an audit line reads by (「健康无锡」, 无锡市卫生健康委员会, 2024年第二季度), stored with the
 * entry so the line still reads right after an account or round is renamed.
 */
export async function auditNames(db: Kysely<Database>, ids: { accountId: string; roundId?: string }): Promise<{ account: string; unit: string; round?: string }> {
  const account = await db
    .selectFrom('accounts')
    .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
    .select(['accounts.name as account', 'departments.name as unit'])
    .where('accounts.id', '=', ids.accountId)
    .executeTakeFirst()
  const round = ids.roundId ? await db.selectFrom('rounds').select('name').where('id', '=', ids.roundId).executeTakeFirst() : undefined
  return { account: account?.account ?? '', unit: account?.unit ?? '', ...(round ? { round: round.name } : {}) }
}
