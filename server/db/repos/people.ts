import { secretHash } from '../../auth/secrets'
import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { usersWithDepartment, type UserWithDepartment } from './users'

export async function findUser(db: Kysely<Database>, id: string): Promise<UserWithDepartment | undefined> {
  return usersWithDepartment(db).where('users.id', '=', id).executeTakeFirst()
}

export async function findUserByOpenid(db: Kysely<Database>, openid: string): Promise<UserWithDepartment | undefined> {
  return usersWithDepartment(db).where('users.openid', '=', openid).executeTakeFirst()
}

export async function pageUsers(
  db: Kysely<Database>,
  f: { departmentIds: string[] | null; offset: number; limit: number }
): Promise<{ rows: UserWithDepartment[]; total: number }> {
  let query = db.selectFrom('users').leftJoin('departments', 'departments.id', 'users.department_id')
  if (f.departmentIds) query = query.where('users.department_id', 'in', f.departmentIds.length ? f.departmentIds : [''])
  const [rows, count] = await Promise.all([
    query.selectAll('users').select('departments.name as department_name').orderBy('users.active', 'desc').orderBy('users.role').orderBy('users.name').orderBy('users.id').offset(f.offset).limit(f.limit).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  ])
  return { rows, total: Number(count.n) }
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function insertBindCode(db: Kysely<Database>, c: { codeHash: string; userId: string; now: string; expiresAt: string }): Promise<void> {
  // A new code replaces the person's unused ones.
  await db.updateTable('bind_codes').set({ used_at: c.now }).where('user_id', '=', c.userId).where('used_at', 'is', null).execute()
  await db.insertInto('bind_codes').values({ code_hash: c.codeHash, user_id: c.userId, created_at: c.now, expires_at: c.expiresAt, used_at: null }).execute()
}

export async function findBindCode(db: Kysely<Database>, codeHash: string) {
  return db.selectFrom('bind_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst()
}

/** Marks a code used, once: false when another request used it first. */
export async function useBindCode(db: Kysely<Database>, codeHash: string, now: string): Promise<boolean> {
  const res = await db.updateTable('bind_codes').set({ used_at: now }).where('code_hash', '=', codeHash).where('used_at', 'is', null).executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export async function endSessions(db: Kysely<Database>, userId: string): Promise<number> {
  const res = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
  return Number(res.numDeletedRows)
}

export async function endSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token', '=', secretHash(token)).execute()
}

export async function insertLoginTicket(db: Kysely<Database>, t: { id: string; openid: string; now: string; expiresAt: string }): Promise<void> {
  await db.insertInto('login_tickets').values({ id: secretHash(t.id), openid: t.openid, created_at: t.now, expires_at: t.expiresAt, failures: 0, used_at: null }).execute()
}

export async function findLoginTicket(db: Kysely<Database>, id: string) {
  return db.selectFrom('login_tickets').selectAll().where('id', '=', secretHash(id)).executeTakeFirst()
}

/**
 * Takes one of a ticket's attempts at a bind code, in one statement (so that fifteen guesses at
 * once take at most the attempts left): false when the ticket has none left, is used or expired.
 */
export async function takeTicketAttempt(db: Kysely<Database>, id: string, max: number, now: string): Promise<boolean> {
  const res = await db
    .updateTable('login_tickets')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('id', '=', secretHash(id))
    .where('failures', '<', max)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

export async function useLoginTicket(db: Kysely<Database>, id: string, now: string): Promise<boolean> {
  const res = await db.updateTable('login_tickets').set({ used_at: now }).where('id', '=', secretHash(id)).where('used_at', 'is', null).executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}
