import type { Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// - circulars.copy_to / printed_by: the 版记 the office writes (抄送; 印发机关, empty: the office).
// - rectification_reports: when a department's 整改情况报告 for a round was last generated, and by whom.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('circulars').addColumn('copy_to', 'text', (c) => c.notNull().defaultTo('')).execute()
  await db.schema.alterTable('circulars').addColumn('printed_by', 'text', (c) => c.notNull().defaultTo('')).execute()
  await db.schema
    .createTable('rectification_reports')
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('generated_at', 'text', (c) => c.notNull())
    .addColumn('generated_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('issues', 'integer', (c) => c.notNull())
    .addColumn('done', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('rectification_reports_pk', ['round_id', 'department_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rectification_reports').execute()
  await db.schema.alterTable('circulars').dropColumn('printed_by').execute()
  await db.schema.alterTable('circulars').dropColumn('copy_to').execute()
}
