import { resolve } from 'node:path'
import { openDatabase, type Db } from './db'

/**
 * Where the data lives, read from the environment the same way by the server (main.ts) and the
 * operator's commands (cli.ts): DATABASE_URL (PostgreSQL), else the SQLite file SQLITE_FILE or
 * DATA_DIR/inspection.sqlite; DATA_DIR (default data/) also holds the evidence directory.
 */
export interface DataConfig {
  dataDir: string
  database: Db
}

export function openFromEnv(env: NodeJS.ProcessEnv = process.env): DataConfig {
  const dataDir = resolve(env.DATA_DIR ?? 'data')
  const database = openDatabase({ url: env.DATABASE_URL, file: env.SQLITE_FILE ?? resolve(dataDir, 'inspection.sqlite') })
  return { dataDir, database }
}
