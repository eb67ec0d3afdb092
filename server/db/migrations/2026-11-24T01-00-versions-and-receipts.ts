import type { Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// - inspection_versions: every accepted version of an inspection (history).
// - inspections.version: the current version number.
// - inspection_evidence no longer requires the evidence row to exist: an inspection may be
//   stored before (or without) its screenshots; it is then shown as incomplete, never as done.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inspection_versions')
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_versions_pk', ['inspection_id', 'version'])
    .execute()
  await db.schema.alterTable('inspections').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute()

  await db.schema
    .createTable('inspection_evidence_v2')
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('indicator_code', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_evidence_v2_pk', ['inspection_id', 'indicator_code', 'seq'])
    .execute()
  await db
    .insertInto('inspection_evidence_v2')
    .columns(['inspection_id', 'indicator_code', 'sha256', 'seq'])
    .expression(db.selectFrom('inspection_evidence').select(['inspection_id', 'indicator_code', 'sha256', 'seq']))
    .execute()
  await db.schema.dropTable('inspection_evidence').execute()
  await db.schema.alterTable('inspection_evidence_v2').renameTo('inspection_evidence').execute()
  await db.schema.createIndex('inspection_evidence_sha256').on('inspection_evidence').column('sha256').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('inspection_evidence_sha256').execute()
  await db.schema.dropTable('inspection_versions').execute()
  await db.schema.alterTable('inspections').dropColumn('version').execute()
}
