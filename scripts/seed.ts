import { resolve } from 'node:path'
import { migrateToLatest, openDatabase } from '../server/db'
import { defaultIds } from '../server/deps'
import { seedDemo } from '../server/demo/seed'
import { LocalEvidenceStore } from '../server/storage/evidence-store'

/**
 * Migrates the database and writes the demo round (2024年第二季度, 425 accounts) unless it is
 * there. Same environment as the server: DATABASE_URL, SQLITE_FILE, DATA_DIR.
 * Run: `npm run seed`.
 */
async function main(): Promise<void> {
  const dataDir = resolve(process.env.DATA_DIR ?? 'data')
  const database = openDatabase({ url: process.env.DATABASE_URL, file: process.env.SQLITE_FILE ?? resolve(dataDir, 'inspection.sqlite') })
  try {
    await migrateToLatest(database)
    const wrote = await seedDemo({ db: database.db, evidence: new LocalEvidenceStore(resolve(dataDir, 'evidence')), now: () => new Date(), newId: defaultIds() })
    console.log(wrote ? `demo round written (${database.dialect})` : `demo round already there (${database.dialect})`)
  } finally {
    await database.close()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
