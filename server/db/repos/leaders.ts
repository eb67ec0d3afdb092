import type { Kysely } from 'kysely'
import type { Database } from '../schema'

export interface LeaderRow {
  id: string
  name: string
  title: string
  since: string
  updatedAt: string
}

const columns = ['id', 'name', 'title', 'since', 'updated_at as updatedAt'] as const

/** The office's leaders' table, by name. */
export async function listLeaders(db: Kysely<Database>): Promise<LeaderRow[]> {
  return db.selectFrom('leaders').select(columns).orderBy('name').orderBy('id').execute()
}

export async function findLeader(db: Kysely<Database>, id: string): Promise<LeaderRow | undefined> {
  return db.selectFrom('leaders').select(columns).where('id', '=', id).executeTakeFirst()
}

export async function findLeaderByName(db: Kysely<Database>, name: string): Promise<LeaderRow | undefined> {
  return db.selectFrom('leaders').select(columns).where('name', '=', name).executeTakeFirst()
}

export async function insertLeader(db: Kysely<Database>, l: Omit<LeaderRow, 'updatedAt'> & { createdBy: string; at: string }): Promise<void> {
  await db
    .insertInto('leaders')
    .values({ id: l.id, name: l.name, title: l.title, since: l.since, created_by: l.createdBy, created_at: l.at, updated_at: l.at })
    .execute()
}

export async function updateLeader(db: Kysely<Database>, id: string, l: { name: string; title: string; since: string; at: string }): Promise<void> {
  await db.updateTable('leaders').set({ name: l.name, title: l.title, since: l.since, updated_at: l.at }).where('id', '=', id).execute()
}

export async function deleteLeader(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('leaders').where('id', '=', id).execute()
}
