/**
 * One search for names of units and accounts, wherever a person types one: a substring
 * (「健康无锡」), the characters in order for an office's abbreviation (「卫健」 → 卫生健康委员会,
 * 「市监局」 → 市场监督管理局, 「发改委」 → 发展和改革委员会), or pinyin — initials 「wxcg」 or
 * full 「wuxi」 — against the stored search key (server/services/registry.ts searchKey).
 */

/** What is matched: NFKC (full-width letters and digits), no LIKE wildcards, no spaces. */
export function cleanQuery(q: string): string {
  return q.normalize('NFKC').replace(/[\\%_\s]/g, '')
}

export function isLatinQuery(q: string): boolean {
  return /^[a-z0-9]+$/i.test(q)
}

/** 「卫健」 → `%卫%健%`: the characters in order, anything between. */
export function inOrderPattern(q: string): string {
  return `%${[...q].join('%')}%`
}

/** The LIKE patterns a cleaned query asks for on a name column and on a search-key column. */
export function namePatterns(q: string): { names: string[]; keys: string[] } {
  if (q === '') return { names: [], keys: [] }
  if (isLatinQuery(q)) return { names: [`%${q}%`], keys: [`%${q.toLowerCase()}%`] }
  return { names: q.length >= 2 ? [`%${q}%`, inOrderPattern(q)] : [`%${q}%`], keys: [] }
}
