import type { Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// WeChat reminders: a user's openid, their consent to subscribe messages (one message per
// accepted subscription, as WeChat's one-time subscriptions work), and the log that makes
// sending idempotent: one reminder per issue per rule.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('openid', 'text').execute()
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute()
  await db.schema.createIndex('subscriptions_user_kind').on('subscriptions').columns(['user_id', 'kind']).execute()
  await db.schema
    .createTable('reminder_log')
    .addColumn('issue_id', 'text', (c) => c.notNull().references('issues.id'))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('reminder_log_pk', ['issue_id', 'rule', 'user_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('reminder_log').execute()
  await db.schema.dropTable('subscriptions').execute()
  await db.schema.alterTable('users').dropColumn('openid').execute()
}
