import type { Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// The rectification loop: every transition of an issue (answered, verified, returned) with who,
// when, the note or reason and the screenshots; client_id makes a replayed request a no-op.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('issue_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issue_id', 'text', (c) => c.notNull().references('issues.id'))
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('issue_events_issue').on('issue_events').columns(['issue_id', 'at']).execute()
  await db.schema
    .createTable('issue_event_evidence')
    .addColumn('event_id', 'text', (c) => c.notNull().references('issue_events.id'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_event_evidence_pk', ['event_id', 'seq'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('issue_event_evidence').execute()
  await db.schema.dropTable('issue_events').execute()
}
