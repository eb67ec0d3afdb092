import type { Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// circulars: what the office writes itself into a round's circular (通报): the heading (issuing
// office, document number, title), section 二 (主要做法和成效) and section 四 (下一步工作要求).
// Everything else in the circular is read from the round's data when it is generated.
// inspections_round_current: the leader's statistics count each account's current verdicts per
// round; with this index they read no table rows (100,000 accounts × 4 rounds: see bench/summary.ts).

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('circulars')
    .addColumn('round_id', 'text', (c) => c.primaryKey())
    .addColumn('office', 'text', (c) => c.notNull())
    .addColumn('doc_no', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('practices', 'text', (c) => c.notNull())
    .addColumn('next_steps', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute()
  await db.schema.createIndex('inspections_round_current').on('inspections').columns(['round_id', 'is_current', 'account_id', 'verdict']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('inspections_round_current').execute()
  await db.schema.dropTable('circulars').execute()
}
