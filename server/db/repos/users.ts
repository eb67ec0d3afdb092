import { secretHash } from '../../auth/secrets'
import type { Kysely } from 'kysely'
import type { Database, UserRow } from '../schema'

export interface UserWithDepartment extends UserRow {
  department_name: string | null
}

/** Users with their department's name: the base of every lookup of a person. */
export function usersWithDepartment(db: Kysely<Database>) {
  return db.selectFrom('users').leftJoin('departments', 'departments.id', 'users.department_id').selectAll('users').select('departments.name as department_name')
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserWithDepartment | undefined> {
  return usersWithDepartment(db).where('users.username', '=', username).executeTakeFirst()
}

export async function listUsers(db: Kysely<Database>, limit: number): Promise<UserWithDepartment[]> {
  return db
    .selectFrom('users')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .selectAll('users')
    .select('departments.name as department_name')
    .where('users.active', '=', 1)
    .orderBy('users.role')
    .orderBy('users.username')
    .limit(limit)
    .execute()
}

/** Sessions one person may hold at once (phones, desktops, re-installs); signing in again ends the oldest beyond it. */
export const MAX_SESSIONS_PER_USER = 10

/** Sessions are stored by the hash of their token (auth/secrets.ts); every function here takes the token itself. */
export async function insertSession(db: Kysely<Database>, secret: string, userId: string, now: Date, ttlMs: number, demo = false): Promise<void> {
  const token = secretHash(secret)
  await db
    .insertInto('sessions')
    .values({ token, user_id: userId, created_at: now.toISOString(), expires_at: new Date(now.getTime() + ttlMs).toISOString(), demo: demo ? 1 : 0 })
    .execute()
  const keep = db.selectFrom('sessions').select('token').where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('token', 'desc').limit(MAX_SESSIONS_PER_USER)
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('token', 'not in', keep).where('token', '!=', token).execute()
}

/** Deletes the sessions that have expired, and with `demo` those the demo sign-in opened. Answers how many. */
export async function purgeSessions(db: Kysely<Database>, now: Date, demo: boolean): Promise<number> {
  let q = db.deleteFrom('sessions').where('expires_at', '<=', now.toISOString())
  if (demo) q = db.deleteFrom('sessions').where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('demo', '=', 1)]))
  const result = await q.executeTakeFirst()
  return Number(result.numDeletedRows ?? 0)
}

/** The active user of an unexpired session, with when the session expires and was last seen. */
export async function findSessionUser(
  db: Kysely<Database>,
  secret: string,
  now: Date
): Promise<(UserWithDepartment & { session_expires_at: string; session_seen_at: string | null }) | undefined> {
  const token = secretHash(secret)
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('departments', 'departments.id', 'users.department_id')
    .selectAll('users')
    .select(['departments.name as department_name', 'sessions.expires_at as session_expires_at', 'sessions.last_seen_at as session_seen_at'])
    .where('sessions.token', '=', token)
    .where('sessions.expires_at', '>', now.toISOString())
    .where('users.active', '=', 1)
    .executeTakeFirst()
}

/** Slides a session's expiry forward. */
export async function touchSession(db: Kysely<Database>, secret: string, now: Date, ttlMs: number): Promise<void> {
  const token = secretHash(secret)
  await db
    .updateTable('sessions')
    .set({ last_seen_at: now.toISOString(), expires_at: new Date(now.getTime() + ttlMs).toISOString() })
    .where('token', '=', token)
    .execute()
}
