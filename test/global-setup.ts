import pg from 'pg'

/**
 * Decides once whether the server suites also run on PostgreSQL: always when REQUIRE_PG=1
 * (.ci/run sets it, and a missing server then fails the run), otherwise when one answers at
 * DATABASE_URL or the local default. Workers inherit the decision through GNM_PG.
 */
export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
  process.env.DATABASE_URL = url
  if (process.env.SKIP_PG === '1') {
    process.env.GNM_PG = '0'
    return
  }
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    process.env.GNM_PG = '1'
  } catch (error) {
    if (process.env.REQUIRE_PG === '1') throw new Error(`PostgreSQL is required (REQUIRE_PG=1) but ${url} did not answer: ${String(error)}`)
    process.env.GNM_PG = '0'
    console.warn(`\nPostgreSQL not reachable at ${url}: server tests run on SQLite only. .ci/run starts PostgreSQL and runs both.\n`)
  } finally {
    await client.end().catch(() => undefined)
  }
}
