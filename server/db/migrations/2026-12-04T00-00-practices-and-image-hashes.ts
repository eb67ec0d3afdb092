import { sql, type Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// practices: a good practice (典型做法) an inspector flagged on an account during a round, with a
// theme (service / content / interaction / other), the inspector's note and screenshots
// (practice_evidence). The admin rewords it (wording) and picks it for the circular's section 二.
// client_id makes the phone's delivery idempotent, as for inspections.
// evidence.phash: a perceptual fingerprint of each screenshot (16 × 32 grey cells as hex),
// computed on upload, so that a rectification answer reusing a finding's or another account's
// screenshot is flagged even when it was re-encoded or resized. Screenshots stored before this
// migration get theirs when they are next compared (server/services/evidence-flags.ts).
// evidence_holders: who has sent a screenshot's bytes (the first uploader and anyone who sent the
// same bytes again): a digest can be attached, read and reported held only by someone who holds it
// or may read it through an inspection, answer or practice of their departments.
// sessions.demo: a session opened by the demo sign-in (1); a server started without demo mode
// ends those, so a token from a demo run cannot be used against real data.
// round_accounts.verdict: the account's verdict in the round as its current inspections say
// (fail if any fails, pass, or null before the first), kept by every inspection write; the
// leader's statistics count it instead of grouping 100,000 accounts' inspections per request.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('practices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('inspector_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('wording', 'text')
    .addColumn('picked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .execute()
  await db.schema.createIndex('practices_round').on('practices').columns(['round_id', 'theme']).execute()
  await db.schema
    .createTable('practice_evidence')
    .addColumn('practice_id', 'text', (c) => c.notNull().references('practices.id'))
    .addColumn('sha256', 'text', (c) => c.notNull().references('evidence.sha256'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('practice_evidence_pk', ['practice_id', 'seq'])
    .execute()
  await db.schema.alterTable('evidence').addColumn('phash', 'text').execute()
  await db.schema.alterTable('round_accounts').addColumn('verdict', 'text').execute()
  await db.schema.alterTable('sessions').addColumn('demo', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema
    .createTable('evidence_holders')
    .addColumn('sha256', 'text', (c) => c.notNull().references('evidence.sha256'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('evidence_holders_pk', ['sha256', 'user_id'])
    .execute()
  await sql`insert into evidence_holders (sha256, user_id, at) select sha256, uploaded_by, created_at from evidence`.execute(db)
  await sql`update round_accounts set verdict = (
    select case when count(*) = 0 then null when max(case when i.verdict = 'fail' then 1 else 0 end) = 1 then 'fail' else 'pass' end
    from inspections i where i.round_id = round_accounts.round_id and i.account_id = round_accounts.account_id and i.is_current = 1)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evidence_holders').execute()
  await db.schema.alterTable('sessions').dropColumn('demo').execute()
  await db.schema.alterTable('round_accounts').dropColumn('verdict').execute()
  await db.schema.alterTable('evidence').dropColumn('phash').execute()
  await db.schema.dropTable('practice_evidence').execute()
  await db.schema.dropIndex('practices_round').execute()
  await db.schema.dropTable('practices').execute()
}
