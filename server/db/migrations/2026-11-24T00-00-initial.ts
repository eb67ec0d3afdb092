import type { Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// Portable DDL only: it runs unchanged on SQLite and PostgreSQL.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('departments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('parent_id', 'text', (c) => c.references('departments.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('host_level', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('departments_parent').on('departments').column('parent_id').execute()

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('platform_ref', 'text', (c) => c.notNull())
    .addColumn('host_department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('operator', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('stop_notice_on', 'text')
    .addColumn('registry_no', 'text', (c) => c.notNull())
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('accounts_department').on('accounts').column('host_department_id').execute()

  await db.schema
    .createTable('catalogs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addUniqueConstraint('catalogs_code_version', ['code', 'version'])
    .execute()

  await db.schema
    .createTable('rounds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('catalog_id', 'text', (c) => c.notNull().references('catalogs.id'))
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_phone', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('checkpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addUniqueConstraint('checkpoints_round_seq', ['round_id', 'seq'])
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('department_id', 'text', (c) => c.references('departments.id'))
    .execute()

  await db.schema
    .createTable('round_accounts')
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('inspector_id', 'text', (c) => c.references('users.id'))
    .addPrimaryKeyConstraint('round_accounts_pk', ['round_id', 'account_id'])
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('evidence')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('inspections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id'))
    .addColumn('checkpoint_id', 'text', (c) => c.notNull().references('checkpoints.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('inspector_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('score', 'integer')
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('is_current', 'integer', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('inspections_round_account').on('inspections').columns(['round_id', 'account_id', 'checkpoint_id']).execute()

  await db.schema
    .createTable('inspection_results')
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('indicator_code', 'text', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('value', 'text')
    .addPrimaryKeyConstraint('inspection_results_pk', ['inspection_id', 'indicator_code'])
    .execute()

  await db.schema
    .createTable('inspection_evidence')
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('indicator_code', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull().references('evidence.sha256'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('inspection_evidence_pk', ['inspection_id', 'indicator_code', 'seq'])
    .execute()

  await db.schema
    .createTable('issues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull().references('rounds.id'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('department_id', 'text', (c) => c.notNull().references('departments.id'))
    .addColumn('indicator_code', 'text', (c) => c.notNull())
    .addColumn('indicator_kind', 'text', (c) => c.notNull())
    .addColumn('inspection_id', 'text', (c) => c.notNull().references('inspections.id'))
    .addColumn('finding', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('issues_round_account_indicator', ['round_id', 'account_id', 'indicator_code'])
    .execute()
  await db.schema.createIndex('issues_department').on('issues').columns(['department_id', 'round_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'issues',
    'inspection_evidence',
    'inspection_results',
    'inspections',
    'evidence',
    'sessions',
    'round_accounts',
    'users',
    'checkpoints',
    'rounds',
    'catalogs',
    'accounts',
    'departments'
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
