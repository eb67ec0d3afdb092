import { sql, type Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// One current inspection per checkpoint and account, guaranteed by the database: concurrent
// submissions for the same account (two inspectors, two phones) can no longer leave several
// rows current. Rows left current by that race before this migration keep only the latest.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update inspections set is_current = 0
    where is_current = 1 and exists (
      select 1 from inspections later
      where later.checkpoint_id = inspections.checkpoint_id
        and later.account_id = inspections.account_id
        and later.is_current = 1
        and (later.submitted_at > inspections.submitted_at
             or (later.submitted_at = inspections.submitted_at and later.id > inspections.id))
    )`.execute(db)
  await db.schema
    .createIndex('inspections_one_current')
    .on('inspections')
    .columns(['checkpoint_id', 'account_id'])
    .unique()
    .where(sql.ref('is_current'), '=', 1)
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('inspections_one_current').execute()
}
