import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider } from 'kysely'
import pg from 'pg'
import type { Database } from './schema'
import * as initial from './migrations/2026-11-24T00-00-initial'
import * as versions from './migrations/2026-11-24T01-00-versions-and-receipts'
import * as issueEvents from './migrations/2026-11-24T02-00-issue-events'
import * as reminders from './migrations/2026-11-24T03-00-reminders'
import * as oneCurrent from './migrations/2026-12-01T00-00-one-current-inspection'
import * as people from './migrations/2026-12-01T01-00-people-and-audit'
import * as registry from './migrations/2026-12-02T00-00-registry'
import * as circulars from './migrations/2026-12-03T00-00-circulars'
import * as practices from './migrations/2026-12-04T00-00-practices-and-image-hashes'
import * as evidenceText from './migrations/2026-12-05T00-00-evidence-text'
import * as onboarding from './migrations/2026-12-06T00-00-onboarding'
import * as scopeAndSecrets from './migrations/2026-12-07T00-00-scope-and-secrets'
import * as documents from './migrations/2026-12-08T00-00-documents'
import * as leaders from './migrations/2026-12-09T00-00-leaders'

export type Dialect = 'sqlite' | 'postgres'

export interface DatabaseOptions {
  /** postgres://… to use PostgreSQL; otherwise the SQLite file below. */
  url?: string | undefined
  /** SQLite file path, or ':memory:'. */
  file?: string
  /** PostgreSQL schema to use (tests isolate each suite in its own schema). */
  schema?: string
}

export interface Db {
  db: Kysely<Database>
  dialect: Dialect
  /** The PostgreSQL schema in use, when not the default. */
  schema: string | null
  close(): Promise<void>
}

const MIGRATIONS: Record<string, Migration> = {
  '2026-11-24T00-00-initial': initial,
  '2026-11-24T01-00-versions-and-receipts': versions,
  '2026-11-24T02-00-issue-events': issueEvents,
  '2026-11-24T03-00-reminders': reminders,
  '2026-12-01T00-00-one-current-inspection': oneCurrent,
  '2026-12-01T01-00-people-and-audit': people,
  '2026-12-02T00-00-registry': registry,
  '2026-12-03T00-00-circulars': circulars,
  '2026-12-04T00-00-practices-and-image-hashes': practices,
  '2026-12-05T00-00-evidence-text': evidenceText,
  '2026-12-06T00-00-onboarding': onboarding,
  '2026-12-07T00-00-scope-and-secrets': scopeAndSecrets,
  '2026-12-08T00-00-documents': documents,
  '2026-12-09T00-00-leaders': leaders
}

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS }

export function openDatabase(options: DatabaseOptions): Db {
  if (options.url && /^postgres(ql)?:\/\//.test(options.url)) {
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 10,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {})
    })
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return { db, dialect: 'postgres', schema: options.schema ?? null, close: () => db.destroy() }
  }
  const file = options.file ?? 'data/inspection.sqlite'
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, dialect: 'sqlite', schema: null, close: () => db.destroy() }
}

export async function migrateToLatest(database: Db): Promise<void> {
  const migrator = new Migrator({
    db: database.db,
    provider,
    // Kysely looks for its own tables across schemas: keep them in ours.
    ...(database.schema ? { migrationTableSchema: database.schema } : {})
  })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(`migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`)
  }
}
