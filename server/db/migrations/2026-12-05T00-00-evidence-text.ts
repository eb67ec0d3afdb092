import type { Kysely } from 'kysely'

// Frozen: never import application code into a migration.
// evidence_text: what the optional OCR read from a screenshot (server/ocr): status 'done' with the
// lines (JSON: text, box, confidence) and their text joined without spaces (for search), or
// 'failed' with the reason after the last attempt. No row: not read yet (or OCR is off).
// wording_terms: wrong forms of official terms the office adds to the shipped dictionary
// (server/ocr/wording-terms.ts), each with the right form and where it comes from.

/* eslint-disable @typescript-eslint/no-explicit-any */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evidence_text')
    .addColumn('sha256', 'text', (c) => c.primaryKey().references('evidence.sha256'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('lines', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('engine', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addColumn('ms', 'integer')
    .execute()
  await db.schema
    .createTable('wording_terms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wrong', 'text', (c) => c.notNull().unique())
    .addColumn('right', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('wording_terms').execute()
  await db.schema.dropTable('evidence_text').execute()
}
