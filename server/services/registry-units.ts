import { REGISTRY_LEVEL_LABELS, type RegistryLevel, type RegistryRow, type RowError } from '../../src/core/registry'
import { DEPARTMENT_LEVEL_LABELS, type DepartmentLevel } from '../../src/core'
import { normUnit } from './registry-plan'

/**
 * Where each row's account lands in the unit tree, planned before anything is written: the
 * units the import finds, creates or re-levels. A unit's level comes from the rows that name it
 * as host (an explicit 层级 wins); a unit named only as someone's 主管单位 takes the level its
 * accounts imply (a city bureau over city-level units, a district over county and town units),
 * and is upgraded when its own row says otherwise. The dry run and the commit run the same plan.
 */

export interface DepartmentNode {
  id: string
  parent_id: string | null
  name: string
  level: string
  host_level: string
}

export interface PlannedUnit extends DepartmentNode {
  /** 'existing' as found, 'create' new, 'relevel' found but its level set from the file. */
  action: 'existing' | 'create' | 'relevel'
}

export interface UnitPlan {
  unitOf: (row: RegistryRow) => PlannedUnit
  /** In the order they must be written (parents first). */
  creates: PlannedUnit[]
  relevels: PlannedUnit[]
  errors: RowError[]
}

const TOWN_NAME = /(镇|乡|街道)(人民政府|办事处|党委|政府)?$|街道办事处$/

/** The tree level and host level a unit takes from its registry level and its parent. */
export function treeLevel(level: RegistryLevel | null, parent: DepartmentNode | null, name: string): { level: DepartmentLevel; host_level: 'city' | 'local' } {
  const parentIsTop = parent === null || parent.level === 'city'
  if (level === 'city') return { level: parentIsTop ? 'city-dept' : 'other', host_level: 'city' }
  if (level === 'county') return { level: parentIsTop ? 'district' : 'district-dept', host_level: 'local' }
  if (level === 'town') return { level: 'town', host_level: 'local' }
  if (level === 'other') return { level: 'other', host_level: parent?.host_level === 'city' ? 'city' : 'local' }
  if (TOWN_NAME.test(name)) return { level: 'town', host_level: 'local' }
  if (!parent) return { level: 'other', host_level: 'local' }
  if (parent.level === 'city') return { level: 'city-dept', host_level: 'city' }
  if (parent.level === 'district') return { level: 'district-dept', host_level: 'local' }
  return { level: 'other', host_level: parent.host_level === 'city' ? 'city' : 'local' }
}

export function treeLevelLabel(level: string): string {
  return DEPARTMENT_LEVEL_LABELS[level as DepartmentLevel] ?? level
}

/** The level each unit named in the file should have: explicit on its own rows, else implied by the accounts it is competent for. */
function intendedLevels(rows: RegistryRow[]): Map<string, RegistryLevel> {
  const levels = new Map<string, RegistryLevel>()
  for (const r of rows) if (r.level !== null && !levels.has(normUnit(r.hostUnit))) levels.set(normUnit(r.hostUnit), r.level)
  const implied = new Map<string, Set<RegistryLevel>>()
  for (const r of rows) {
    if (!r.competentUnit || normUnit(r.competentUnit) === normUnit(r.hostUnit)) continue
    const child = r.level ?? levels.get(normUnit(r.hostUnit))
    if (!child) continue
    const key = normUnit(r.competentUnit)
    implied.set(key, (implied.get(key) ?? new Set()).add(child))
  }
  for (const [key, children] of implied) {
    if (levels.has(key)) continue
    levels.set(key, children.has('city') ? 'city' : 'county')
  }
  return levels
}

/**
 * Plans the units of `rows` against the tree in scope. `root` is the scope's top (the city, or the
 * admin's district); `district` says the admin's scope is a district, where nothing may be city-level.
 */
export function planUnits(rows: RegistryRow[], existing: DepartmentNode[], root: DepartmentNode | null, opts: { district: boolean; newId: () => string }): UnitPlan {
  const units: PlannedUnit[] = existing.map((u) => ({ ...u, action: 'existing' }))
  const byName = new Map<string, PlannedUnit[]>()
  const byId = new Map<string, PlannedUnit>()
  const index = (u: PlannedUnit) => {
    byName.set(normUnit(u.name), [...(byName.get(normUnit(u.name)) ?? []), u])
    byId.set(u.id, u)
  }
  units.forEach(index)
  const under = (id: string, ancestor: string) => {
    for (let cur: string | null | undefined = id; cur; cur = byId.get(cur)?.parent_id) if (cur === ancestor) return true
    return false
  }
  const find = (name: string, near: PlannedUnit | null): PlannedUnit | null => {
    const candidates = byName.get(normUnit(name)) ?? []
    return (near ? candidates.find((c) => under(c.id, near.id)) : undefined) ?? candidates[0] ?? null
  }
  const levels = intendedLevels(rows)
  const creates: PlannedUnit[] = []
  const relevels: PlannedUnit[] = []
  const errors: RowError[] = []
  const rootNode = root ? (byId.get(root.id) ?? null) : null

  const ensure = (name: string, parent: PlannedUnit | null): PlannedUnit => {
    const intended = levels.get(normUnit(name)) ?? null
    const found = find(name, parent)
    if (found) {
      if (intended !== null && found.id !== rootNode?.id) {
        const parentNode = found.parent_id ? (byId.get(found.parent_id) ?? null) : null
        const want = treeLevel(intended, parentNode, found.name)
        const wrongHost = want.host_level !== found.host_level
        const vague = found.level === 'other' && want.level !== 'other'
        if ((wrongHost || vague) && found.action !== 'create') {
          if (found.action === 'existing') relevels.push(found)
          found.action = 'relevel'
          found.level = want.level
          found.host_level = want.host_level
        }
      }
      return found
    }
    const unit: PlannedUnit = { id: `d-${opts.newId()}`, parent_id: parent?.id ?? null, name, ...treeLevel(intended, parent, name), action: 'create' }
    creates.push(unit)
    units.push(unit)
    index(unit)
    return unit
  }

  const assigned = new Map<RegistryRow, PlannedUnit>()
  for (const r of rows) {
    if (opts.district && (r.level === 'city' || levels.get(normUnit(r.hostUnit)) === 'city')) {
      errors.push({ sheet: r.sheet, row: r.row, column: '', code: 'LEVEL_OUTSIDE_SCOPE', message: `「${r.hostUnit}」是${REGISTRY_LEVEL_LABELS.city}单位，区县管理员只能导入本辖区的账号，请由市级管理员导入` })
      continue
    }
    const ownCompetent = !r.competentUnit || normUnit(r.competentUnit) === normUnit(r.hostUnit)
    const competent = ownCompetent ? rootNode : ensure(r.competentUnit, rootNode)
    assigned.set(r, ensure(r.hostUnit, competent))
  }
  return {
    unitOf: (row) => {
      const u = assigned.get(row)
      if (!u) throw new Error(`row ${row.sheet}!${row.row} has no unit`)
      return u
    },
    creates,
    relevels,
    errors
  }
}
