/**
 * Drawing a round's scope and sharing it out. Pure and deterministic: the same accounts, percent
 * and seed always give the same sample (the seed is stored with the round, so the draw can be
 * shown and repeated); the same accounts and inspectors always give the same shares.
 */

export interface SampleUnit {
  id: string
  /** Stratum: host level and platform (e.g. "city|wechat"). */
  stratum: string
}

/** mulberry32: a small, well-mixed 32-bit generator; enough for drawing a sample. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A stratified sample: from each stratum, `percent` of its accounts rounded (at least one from a
 * stratum that has any), drawn by a seeded shuffle of the accounts in id order. Answers the
 * chosen ids in id order, and per stratum how many there were and how many were drawn.
 */
export function stratifiedSample(units: SampleUnit[], percent: number, seed: number): { ids: string[]; strata: { stratum: string; of: number; drawn: number }[] } {
  const byStratum = new Map<string, string[]>()
  for (const u of [...units].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) byStratum.set(u.stratum, [...(byStratum.get(u.stratum) ?? []), u.id])
  const random = seededRandom(seed)
  const ids: string[] = []
  const strata: { stratum: string; of: number; drawn: number }[] = []
  for (const stratum of [...byStratum.keys()].sort()) {
    const members = byStratum.get(stratum) as string[]
    const take = percent >= 100 ? members.length : Math.max(1, Math.round((members.length * percent) / 100))
    // Fisher–Yates, as far as needed.
    const pool = [...members]
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(random() * (pool.length - i))
      ;[pool[i], pool[j]] = [pool[j] as string, pool[i] as string]
    }
    ids.push(...pool.slice(0, take))
    strata.push({ stratum, of: members.length, drawn: take })
  }
  return { ids: ids.sort(), strata }
}

/**
 * Shares accounts out evenly, keeping each department's accounts with one inspector: the largest
 * departments first, each to the inspector with the fewest accounts so far (ties: the order given).
 */
export function evenShares(accounts: { id: string; departmentId: string }[], inspectorIds: string[]): Map<string, string> {
  const byDepartment = new Map<string, string[]>()
  for (const a of accounts) byDepartment.set(a.departmentId, [...(byDepartment.get(a.departmentId) ?? []), a.id])
  const load = new Map(inspectorIds.map((id) => [id, 0]))
  const result = new Map<string, string>()
  const departments = [...byDepartment.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
  for (const [, ids] of departments) {
    let best = inspectorIds[0] as string
    for (const id of inspectorIds) if ((load.get(id) ?? 0) < (load.get(best) ?? 0)) best = id
    for (const accountId of ids) result.set(accountId, best)
    load.set(best, (load.get(best) ?? 0) + ids.length)
  }
  return result
}
