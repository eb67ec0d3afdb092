import { sql, type Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// Real sign-in and an audit trail:
// - users.active (a deactivated user is out at once) and one user per WeChat openid;
// - sessions.last_seen_at (sliding expiry);
// - bind_codes: one-time codes an admin hands a person, stored hashed;
// - login_tickets: a WeChat openid waiting to be bound (never the session_key), with its wrong tries;
// - web_tickets: a desktop browser asking to be signed in, approved from the mini-program;
// - audit_log: append-only, written in the same transaction as each change.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)).execute()
  await db.schema.alterTable('users').addColumn('created_at', 'text').execute()
  await db.schema.createIndex('users_openid').on('users').column('openid').unique().where(sql.ref('openid'), 'is not', null).execute()
  await db.schema.alterTable('sessions').addColumn('last_seen_at', 'text').execute()
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('bind_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute()
  await db.schema.createIndex('bind_codes_user').on('bind_codes').column('user_id').execute()

  await db.schema
    .createTable('login_tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('used_at', 'text')
    .execute()

  await db.schema
    .createTable('web_tickets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text', (c) => c.notNull())
    .addColumn('agent', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_at', 'text')
    .addColumn('token', 'text')
    .addColumn('collected_at', 'text')
    .execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('ip', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('audit_entity').on('audit_log').columns(['entity', 'entity_id', 'at']).execute()
  await db.schema.createIndex('audit_at').on('audit_log').column('at').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_log').execute()
  await db.schema.dropTable('web_tickets').execute()
  await db.schema.dropTable('login_tickets').execute()
  await db.schema.dropTable('bind_codes').execute()
  await db.schema.dropIndex('sessions_user').execute()
  await db.schema.alterTable('sessions').dropColumn('last_seen_at').execute()
  await db.schema.dropIndex('users_openid').execute()
  await db.schema.alterTable('users').dropColumn('created_at').execute()
  await db.schema.alterTable('users').dropColumn('active').execute()
}
