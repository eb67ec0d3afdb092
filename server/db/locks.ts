import { sql, type Kysely, type Transaction } from 'kysely'
import { PostgresAdapter } from 'kysely'
import type { Database } from './schema'

/**
 * Writes that must not interleave (two commits of registry imports, which each read the registry
 * and then create what it lacks) take a named lock for the rest of their transaction. On
 * PostgreSQL that is a transaction-scoped advisory lock, shared by every process on the database;
 * on SQLite the one connection already runs one transaction at a time.
 */
export async function lockFor(trx: Transaction<Database> | Kysely<Database>, name: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return
  await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx)
}
