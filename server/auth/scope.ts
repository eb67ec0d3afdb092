import type { Deps } from '../deps'
import { subtreeIds } from '../db/repos/departments'
import type { SessionUser } from './session'

/**
 * The departments a user may see, or null for "all". Admins and inspectors work city-wide;
 * a leader without a department sees the city, with one their district; a liaison sees
 * their own department and its sub-units, nothing else.
 */
export async function visibleDepartments(deps: Deps, user: SessionUser): Promise<Set<string> | null> {
  if (user.role === 'admin' || user.role === 'inspector') return null
  if (user.role === 'leader' && user.departmentId === null) return null
  if (user.departmentId === null) return new Set()
  return new Set(await subtreeIds(deps.db, user.departmentId))
}

export async function canSeeDepartment(deps: Deps, user: SessionUser, departmentId: string): Promise<boolean> {
  const visible = await visibleDepartments(deps, user)
  return visible === null || visible.has(departmentId)
}
