import type { Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// A whole office's people at once:
// - users.phone: the person's mobile (11 digits), from the registry's contact column or a people
//   sheet; an invitation binds whoever confirms that number with WeChat.
// - people_imports: a dry run of creating people (from the registry or a sheet) and its commit.
// - invitations: a unit's join link (QR code / share card), stored hashed; expires, can be revoked.
// - join_requests: someone who opened an invitation with a number nobody holds, waiting for an admin.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('phone', 'text').execute()
  await db.schema.createIndex('users_phone').on('users').column('phone').execute()
  await db.schema
    .createTable('people_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .execute()
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute()
  await db.schema
    .createTable('join_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('invitation_id', 'text', (c) => c.notNull().references('invitations.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('openid', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('user_id', 'text')
    .execute()
  await db.schema.createIndex('join_requests_pending').on('join_requests').columns(['status', 'department_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('join_requests').execute()
  await db.schema.dropTable('invitations').execute()
  await db.schema.dropTable('people_imports').execute()
  await db.schema.dropIndex('users_phone').execute()
  await db.schema.alterTable('users').dropColumn('phone').execute()
}
