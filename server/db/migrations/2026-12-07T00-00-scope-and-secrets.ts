import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// - rounds.department_id: the unit a round belongs to (null: the city office's), from the unit of
//   the admin who made it when that admin was placed below a district; scope checks read it
//   instead of the maker's unit as it is today.
// - sessions.token holds the SHA-256 of the token (hex), never the token itself.
// - web_tickets and login_tickets are looked up by the SHA-256 of their id; the tickets open now
//   (two minutes, ten minutes) are dropped: whoever holds one scans or signs in again.
// - rate_limits: counters shared by every process on one database (fixed windows).

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('rounds').addColumn('department_id', 'text').execute()
  const departments = new Map((await db.selectFrom('departments').select(['id', 'parent_id', 'host_level']).execute()).map((d: any) => [d.id as string, d]))
  const cityLevel = (id: string | null): boolean => {
    for (let depth = 0; id !== null && depth < 64; depth++) {
      const d: any = departments.get(id)
      if (!d || d.host_level !== 'city') return false
      id = d.parent_id
    }
    return true
  }
  const makers = await db.selectFrom('rounds').innerJoin('users', 'users.id', 'rounds.created_by').select(['rounds.id', 'users.department_id', 'users.role']).execute()
  for (const m of makers as { id: string; department_id: string | null; role: string }[]) {
    if (m.role === 'admin' && m.department_id !== null && !cityLevel(m.department_id)) await db.updateTable('rounds').set({ department_id: m.department_id }).where('id', '=', m.id).execute()
  }

  const sessions = await db.selectFrom('sessions').select('token').execute()
  for (const s of sessions as { token: string }[]) await db.updateTable('sessions').set({ token: sha256(s.token) }).where('token', '=', s.token).execute()
  await db.deleteFrom('web_tickets').execute()
  await db.deleteFrom('login_tickets').execute()

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute()
  await db.schema.alterTable('rounds').dropColumn('department_id').execute()
}
