/** A unit of the department tree, as the competent-unit rule needs it. */
export interface TreeUnit {
  id: string
  parent_id: string | null
  /** 'city' for the city itself at the top of the tree (DepartmentLevel). */
  level: string
}

/**
 * The competent unit (主管单位) a unit's figures and issues roll up to: the unit right under the
 * city at the top of the tree (a city department, a district). In a tree with no city at its top
 * (an office that imported its bureaus and districts as they come), the top unit itself. A unit at
 * the top is its own.
 */
export function competentUnitId(id: string, byId: ReadonlyMap<string, TreeUnit>): string {
  const chain: TreeUnit[] = []
  const seen = new Set<string>()
  for (let cur = byId.get(id); cur && !seen.has(cur.id); cur = cur.parent_id ? byId.get(cur.parent_id) : undefined) {
    seen.add(cur.id)
    chain.push(cur)
  }
  const top = chain[chain.length - 1]
  if (!top || chain.length === 1) return id
  return top.level === 'city' ? (chain[chain.length - 2] as TreeUnit).id : top.id
}

/**
 * The name search the server runs, for what the phone filters itself (offline): a substring, or
 * the characters in order (an abbreviation: 「卫健」 finds 卫生健康委员会). Case and width folded.
 */
export function nameMatches(name: string, query: string): boolean {
  const q = query.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
  if (q === '') return true
  const n = name.normalize('NFKC').toLowerCase()
  if (n.includes(q)) return true
  if (q.length < 2) return false
  let at = 0
  for (const ch of q) {
    at = n.indexOf(ch, at)
    if (at < 0) return false
    at += ch.length
  }
  return true
}
