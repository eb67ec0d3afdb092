import type { Kysely } from 'kysely'
import type { Deps } from '../deps'
import type { Database } from '../db/schema'
import { findDepartment, subtreeIds } from '../db/repos/departments'
import { findRound } from '../db/repos/rounds'
import type { RoundRow } from '../db/schema'
import { AppError, forbidden, notFound } from '../errors'
import type { SessionUser } from './session'

/**
 * Scope: the one rule for what a person may see and change, written out in docs/permissions.md.
 *
 * - A department is city-level only when it and every unit above it are city-level
 *   (host_level 'city'). A unit below a district is the district's, whatever level it says it has:
 *   nobody becomes city-wide by placing themselves under a unit that calls itself 市级.
 * - Inspectors work city-wide. Admins placed nowhere or in a city-level unit are city-wide;
 *   placed in a district (or any unit below one) they reach that unit and everything below it.
 *   A leader placed nowhere sees the city, placed in a unit that unit and everything below it.
 *   A liaison reaches their own unit and its sub-units; a liaison placed nowhere, nothing.
 * - City-wide settings (checklist versions, the office's wording dictionary) are changed by
 *   city-wide admins only; a round belongs to the unit of the admin who made it (null: the city)
 *   and is changed by admins whose scope holds that unit.
 *
 * Every service asks here; none works scope out for itself.
 */
export type Scope = { cityWide: true } | { cityWide: false; ids: Set<string> }

/** Whether a department and every unit above it are city-level. */
export async function isCityLevel(db: Kysely<Database>, departmentId: string): Promise<boolean> {
  let id: string | null = departmentId
  for (let depth = 0; id !== null && depth < 64; depth++) {
    const department = await findDepartment(db, id)
    if (!department || department.host_level !== 'city') return false
    id = department.parent_id
  }
  return id === null
}

/** The scope of a signed-in person (the rule above). */
export async function scopeOf(deps: Deps, user: SessionUser): Promise<Scope> {
  if (user.role === 'inspector') return { cityWide: true }
  if (user.departmentId === null) return user.role === 'liaison' ? { cityWide: false, ids: new Set() } : { cityWide: true }
  if (user.role === 'admin' && (await isCityLevel(deps.db, user.departmentId))) return { cityWide: true }
  return { cityWide: false, ids: new Set(await subtreeIds(deps.db, user.departmentId)) }
}

/** The departments a user may see, or null for "all" (scopeOf as a set). */
export async function visibleDepartments(deps: Deps, user: SessionUser): Promise<Set<string> | null> {
  const scope = await scopeOf(deps, user)
  return scope.cityWide ? null : scope.ids
}

export async function canSeeDepartment(deps: Deps, user: SessionUser, departmentId: string): Promise<boolean> {
  const visible = await visibleDepartments(deps, user)
  return visible === null || visible.has(departmentId)
}

/** What an admin manages: null for the whole city, otherwise their unit and everything below it. */
export async function adminScope(deps: Deps, user: SessionUser): Promise<Set<string> | null> {
  return visibleDepartments(deps, user)
}

export function within(scope: Set<string> | null, departmentId: string | null): boolean {
  return scope === null || (departmentId !== null && scope.has(departmentId))
}

/** City-wide settings: only an admin whose scope is the whole city changes them. */
export async function requireCityAdmin(deps: Deps, user: SessionUser, message: string): Promise<void> {
  if (user.role !== 'admin') throw forbidden(message)
  if ((await visibleDepartments(deps, user)) !== null) throw forbidden(message)
}

/**
 * Something placed in a department (an account, an issue, a person, a practice): refused unless
 * the user's scope holds it. Outside the scope it answers exactly like a missing id (404), so that
 * nobody learns from a refusal that it exists.
 */
export async function requireInScope(deps: Deps, user: SessionUser, departmentId: string | null, what: string): Promise<void> {
  if (!within(await visibleDepartments(deps, user), departmentId)) throw notFound(what)
}

/** The unit a round belongs to (null: the city office's), from the stored owner. */
export interface OwnedRound {
  state: string
  department_id: string | null
}

/** A round's settings (share-out, open/close, circular) are changed by admins whose scope holds its unit. */
export async function requireRoundAdmin(deps: Deps, user: SessionUser, round: OwnedRound): Promise<void> {
  if (user.role !== 'admin') throw forbidden('只有管理员可以管理检查批次')
  if (!within(await adminScope(deps, user), round.department_id)) throw forbidden('只能管理本辖区创建的检查批次')
}

/** A draft round belongs to its admins until it opens: to anyone else it does not exist. */
export async function requireRoundReadable(deps: Deps, user: SessionUser, round: OwnedRound): Promise<void> {
  if (round.state !== 'draft') return
  if (user.role !== 'admin' || !within(await adminScope(deps, user), round.department_id)) throw notFound('检查批次')
}

/** The unit a new round (or other scoped thing an admin makes) belongs to: null when the admin is city-wide. */
export async function ownerOf(deps: Deps, user: SessionUser): Promise<string | null> {
  return (await visibleDepartments(deps, user)) === null ? null : user.departmentId
}

/** A unit a scoped admin's import may create or re-level: never a city-level one. */
export function requireLocalUnit(scope: Set<string> | null, unit: { name: string; host_level: string }): void {
  if (scope !== null && unit.host_level === 'city') throw new AppError(403, 'LEVEL_OUTSIDE_SCOPE', `「${unit.name}」是市级单位，区县管理员只能导入本辖区的账号，请由市级管理员导入`)
}

/** A round as the caller may read it: a draft outside its admins answers like a missing round. */
export async function roundFor(deps: Deps, user: SessionUser, roundId: string): Promise<RoundRow> {
  const round = await findRound(deps.db, roundId)
  if (!round) throw notFound('检查批次')
  await requireRoundReadable(deps, user, round)
  return round
}

/** Which drafts a caller's round list shows: every one (null), those of these units, or none. */
export async function draftOwners(deps: Deps, user: SessionUser): Promise<Set<string> | null | 'none'> {
  if (user.role !== 'admin') return 'none'
  return adminScope(deps, user)
}
