import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase, type Db, type Dialect } from '../server/db'

/** Where the benches find PostgreSQL; each run works in a throwaway schema there. */
export const PG_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'

/** A new, empty database of the given kind (SQLite: a file under dir); drop() removes a PostgreSQL schema. */
export async function openFresh(dialect: Dialect, dir: string): Promise<{ db: Db; drop: () => Promise<void> }> {
  const name = randomBytes(4).toString('hex')
  if (dialect === 'sqlite') return { db: openDatabase({ file: join(dir, `${name}.sqlite`) }), drop: async () => undefined }
  const schema = `bench_${name}`
  await pgQuery(`CREATE SCHEMA ${schema}`)
  return { db: openDatabase({ url: PG_URL, schema }), drop: () => pgQuery(`DROP SCHEMA ${schema} CASCADE`) }
}

/** Whether PostgreSQL answers at PG_URL (the benches skip it, saying so, when it does not). */
export async function postgresUp(): Promise<boolean> {
  try {
    await pgQuery('SELECT 1', 2000)
    return true
  } catch {
    console.log('postgres not reachable: skipped')
    return false
  }
}

async function pgQuery(sql: string, connectionTimeoutMillis?: number): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}
