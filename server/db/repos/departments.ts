import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Database, DepartmentRow } from '../schema'
import { cleanQuery, namePatterns } from './name-search'

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
  // The same search as the registry's: substring, abbreviation (卫健), pinyin (wsjw).
  const q = opts.q ? cleanQuery(opts.q) : ''
  const { names, keys } = namePatterns(q)
  if (q) {
    query = query.where((eb) =>
      eb.or([...names.flatMap((p) => [eb('name', 'like', p), eb('short_name', 'like', p)]), ...keys.map((p) => eb('search_key', 'like', p))])
    )
  }
  if (opts.only) query = query.where('id', 'in', opts.only.length ? opts.only : [''])
  // A name containing the words as typed comes before one matched by abbreviation or pinyin.
  const rank = sql<number>`case when ${sql.ref('name')} like ${`%${q}%`} then 0 else 1 end`
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy(rank).orderBy('level').orderBy('name').offset(opts.offset).limit(opts.limit).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  ])
  return { rows, total: Number(count.n) }
}

/**
 * Every unit's place in the unit tree, read depth first as the registry lists it: a unit, then the
 * units below it; among siblings city-level before local, then by name (pinyin order).
 */
export async function treeOrder(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('departments').select(['id', 'parent_id', 'name', 'host_level']).execute()
  const ids = new Set(rows.map((r) => r.id))
  const children = new Map<string | null, typeof rows>()
  for (const r of rows) {
    const parent = r.parent_id !== null && ids.has(r.parent_id) ? r.parent_id : null
    const list = children.get(parent) ?? []
    list.push(r)
    children.set(parent, list)
  }
  const collator = new Intl.Collator('zh-Hans-CN-u-co-pinyin')
  for (const list of children.values()) list.sort((a, b) => (a.host_level === b.host_level ? 0 : a.host_level === 'city' ? -1 : 1) || collator.compare(a.name, b.name))
  const order = new Map<string, number>()
  const stack = [...(children.get(null) ?? [])].reverse()
  while (stack.length) {
    const unit = stack.pop()
    if (!unit || order.has(unit.id)) continue
    order.set(unit.id, order.size)
    stack.push(...[...(children.get(unit.id) ?? [])].reverse())
  }
  return order
}
