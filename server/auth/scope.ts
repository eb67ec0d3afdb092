import type { Deps } from '../deps'
import { findDepartment, subtreeIds } from '../db/repos/departments'
import type { SessionUser } from './session'

/**
 * The departments a user may see, or null for "all". Inspectors work city-wide, admins within
 * their scope (see adminScope);
 * a leader without a department sees the city, with one their district; a liaison sees
 * their own department and its sub-units, nothing else.
 */
export async function visibleDepartments(deps: Deps, user: SessionUser): Promise<Set<string> | null> {
  if (user.role === 'admin') return adminScope(deps, user)
  if (user.role === 'inspector') return null
  if (user.role === 'leader' && user.departmentId === null) return null
  if (user.departmentId === null) return new Set()
  return new Set(await subtreeIds(deps.db, user.departmentId))
}

export async function canSeeDepartment(deps: Deps, user: SessionUser, departmentId: string): Promise<boolean> {
  const visible = await visibleDepartments(deps, user)
  return visible === null || visible.has(departmentId)
}

/**
 * What an admin manages: the whole city for an admin of a city-level unit (or none), only the
 * district (their unit and everything below it) for an admin placed in a district.
 */
export async function adminScope(deps: Deps, user: SessionUser): Promise<Set<string> | null> {
  if (user.departmentId === null) return null
  const department = await findDepartment(deps.db, user.departmentId)
  if (!department || department.host_level === 'city') return null
  return new Set(await subtreeIds(deps.db, user.departmentId))
}
