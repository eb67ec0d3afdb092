import type { Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// The registry an office imports and keeps:
// - accounts.platform_detail: the platform as the registry names it (抖音, 今日头条, 微信订阅号),
//   so that two "other" accounts of one name on different platforms stay apart;
// - accounts.closed_on and accounts.updated_at: the lifecycle's dates;
// - accounts.search_key and departments.search_key: pinyin (initials and full) of the name, for
//   search by 「wxcg」; filled by the application (null until then);
// - account_events: each dated change of an account (created, renamed, suspended, closed, …);
// - registry_imports: a dry run kept until it is committed (rows as read, errors, changes);
// - rounds.scope: how the round's accounts were chosen (JSON: all, or a stratified sample with
//   its percent and seed), and who created it;
// - catalogs.published_at: a catalog version is a draft (editable) until published; those that
//   exist already are published.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('platform_detail', 'text', (c) => c.notNull().defaultTo('')).execute()
  await db.schema.alterTable('accounts').addColumn('closed_on', 'text').execute()
  await db.schema.alterTable('accounts').addColumn('updated_at', 'text').execute()
  await db.schema.alterTable('accounts').addColumn('search_key', 'text').execute()
  await db.schema.alterTable('departments').addColumn('search_key', 'text').execute()
  await db.schema.alterTable('catalogs').addColumn('published_at', 'text').execute()
  await db.updateTable('catalogs').set({ published_at: '2019-01-01T00:00:00.000Z' }).execute()
  await db.schema.alterTable('rounds').addColumn('scope', 'text').execute()
  await db.schema.alterTable('rounds').addColumn('created_by', 'text').execute()
  await db.schema.createIndex('accounts_platform_ref').on('accounts').columns(['platform', 'platform_ref']).execute()

  await db.schema
    .createTable('account_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('import_id', 'text')
    .execute()
  await db.schema.createIndex('account_events_account').on('account_events').columns(['account_id', 'at']).execute()

  await db.schema
    .createTable('registry_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('scope_department_id', 'text', (c) => c.references('departments.id'))
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .addColumn('result', 'text')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registry_imports').execute()
  await db.schema.dropTable('account_events').execute()
  await db.schema.dropIndex('accounts_platform_ref').execute()
  await db.schema.alterTable('rounds').dropColumn('created_by').execute()
  await db.schema.alterTable('catalogs').dropColumn('published_at').execute()
  await db.schema.alterTable('rounds').dropColumn('scope').execute()
  await db.schema.alterTable('departments').dropColumn('search_key').execute()
  await db.schema.alterTable('accounts').dropColumn('search_key').execute()
  await db.schema.alterTable('accounts').dropColumn('updated_at').execute()
  await db.schema.alterTable('accounts').dropColumn('closed_on').execute()
  await db.schema.alterTable('accounts').dropColumn('platform_detail').execute()
}
