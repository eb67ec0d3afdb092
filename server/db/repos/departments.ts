import type { Kysely } from 'kysely'
import type { Database, DepartmentRow } from '../schema'

export async function findDepartment(db: Kysely<Database>, id: string): Promise<DepartmentRow | undefined> {
  return db.selectFrom('departments').selectAll().where('id', '=', id).executeTakeFirst()
}

/** The department and every unit below it (the roll-up of issue lists). */
export async function subtreeIds(db: Kysely<Database>, rootId: string): Promise<string[]> {
  const rows = await db
    .withRecursive('sub(id)', (qb) =>
      qb
        .selectFrom('departments')
        .select('departments.id')
        .where('departments.id', '=', rootId)
        .unionAll((u) => u.selectFrom('departments').innerJoin('sub', 'sub.id', 'departments.parent_id').select('departments.id'))
    )
    .selectFrom('sub')
    .select('sub.id')
    .execute()
  return rows.map((r) => r.id)
}

export async function listDepartments(
  db: Kysely<Database>,
  opts: { q: string | null; offset: number; limit: number; only: string[] | null }
): Promise<{ rows: DepartmentRow[]; total: number }> {
  let query = db.selectFrom('departments')
  if (opts.q) query = query.where('name', 'like', `%${opts.q.replace(/[\\%_]/g, '')}%`)
  if (opts.only) query = query.where('id', 'in', opts.only.length ? opts.only : [''])
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('level').orderBy('name').offset(opts.offset).limit(opts.limit).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  ])
  return { rows, total: Number(count.n) }
}
