import { ROLES, type IssuedCode, type Person, type Role } from '../../src/core'

export type { IssuedCode, Person }
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { adminScope, within } from '../auth/scope'
import { BIND_CODE_TTL_MS, hashBindCode, newBindCode } from '../auth/bind-codes'
import { appendAudit, type Actor } from '../audit/log'
import { findDepartment } from '../db/repos/departments'
import { endSessions, findUser, insertBindCode, pageUsers } from '../db/repos/people'
import type { UserWithDepartment } from '../db/repos/users'
import { AppError, badRequest, forbidden, notFound } from '../errors'

export const MAX_NAME_LENGTH = 32

function person(row: UserWithDepartment): Person {
  return { id: row.id, name: row.name, role: row.role as Role, departmentId: row.department_id, departmentName: row.department_name, active: row.active === 1, bound: row.openid !== null }
}

/** The caller's scope, or null for an operator at the command line (who is trusted with everything). */
async function scopeOf(deps: Deps, by: SessionUser | null): Promise<Set<string> | null> {
  if (!by) return null
  if (by.role !== 'admin') throw forbidden('只有管理员可以管理人员')
  return adminScope(deps, by)
}

async function checkPlacement(deps: Deps, scope: Set<string> | null, role: string, departmentId: string | null): Promise<void> {
  if (!(ROLES as readonly string[]).includes(role)) throw badRequest('ROLE_INVALID', '角色只能是检查员、联络员、领导或管理员')
  if (departmentId !== null && !(await findDepartment(deps.db, departmentId))) throw badRequest('DEPARTMENT_UNKNOWN', '所选单位不存在')
  if (role === 'liaison' && departmentId === null) throw badRequest('DEPARTMENT_REQUIRED', '联络员必须属于一个单位')
  // A district admin places people inside the district only, and never city-wide.
  if (scope && (departmentId === null || !scope.has(departmentId))) throw forbidden('只能管理本辖区内的人员')
}

async function issueCode(deps: Deps, db: Deps['db'], userId: string): Promise<{ code: string; expiresAt: string }> {
  const code = newBindCode()
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + BIND_CODE_TTL_MS).toISOString()
  await insertBindCode(db, { codeHash: hashBindCode(code), userId, now: now.toISOString(), expiresAt })
  return { code, expiresAt }
}

export async function listPeople(deps: Deps, by: SessionUser, page: { offset: number; limit: number }): Promise<{ items: Person[]; total: number }> {
  const scope = await scopeOf(deps, by)
  const { rows, total } = await pageUsers(deps.db, { departmentIds: scope ? [...scope] : null, ...page })
  return { items: rows.map(person), total }
}

/** Creates a person and a one-time bind code they use at their first WeChat sign-in. */
export async function createPerson(deps: Deps, by: SessionUser | null, actor: Actor, input: { name: string; role: string; departmentId: string | null }): Promise<IssuedCode> {
  const name = input.name.trim()
  if (name === '' || name.length > MAX_NAME_LENGTH) throw badRequest('NAME_INVALID', `姓名不能为空，且不超过 ${MAX_NAME_LENGTH} 个字`)
  const scope = await scopeOf(deps, by)
  await checkPlacement(deps, scope, input.role, input.departmentId)
  const id = `u-${deps.newId()}`
  const now = deps.now().toISOString()
  const code = await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('users').values({ id, username: id, name, role: input.role, department_id: input.departmentId, active: 1, created_at: now }).execute()
    const issued = await issueCode(deps, trx, id)
    await appendAudit(trx, actor, deps.now(), { action: 'user.create', entity: 'user', entityId: id, departmentId: input.departmentId, after: { name, role: input.role, departmentId: input.departmentId } }, deps.newId)
    return issued
  })
  return { id, name, role: input.role as Role, departmentId: input.departmentId, bindCode: code.code, expiresAt: code.expiresAt }
}

async function loadManaged(deps: Deps, by: SessionUser | null, userId: string): Promise<{ row: UserWithDepartment; scope: Set<string> | null }> {
  const scope = await scopeOf(deps, by)
  const row = await findUser(deps.db, userId)
  if (!row) throw notFound('人员')
  // Someone outside the admin's scope is, to them, nobody.
  if (!within(scope, row.department_id)) throw notFound('人员')
  return { row, scope }
}

/** A new bind code (the old unused ones stop working), e.g. for a new phone. */
export async function reissueCode(deps: Deps, by: SessionUser | null, actor: Actor, userId: string): Promise<IssuedCode> {
  const { row } = await loadManaged(deps, by, userId)
  if (row.active !== 1) throw new AppError(409, 'USER_INACTIVE', '该人员已停用，请先恢复再发放绑定码')
  const code = await deps.db.transaction().execute(async (trx) => {
    const issued = await issueCode(deps, trx, row.id)
    await appendAudit(trx, actor, deps.now(), { action: 'user.bind-code', entity: 'user', entityId: row.id, departmentId: row.department_id, after: { expiresAt: issued.expiresAt } }, deps.newId)
    return issued
  })
  return { id: row.id, name: row.name, role: row.role as Role, departmentId: row.department_id, bindCode: code.code, expiresAt: code.expiresAt }
}

/** Changes name, role, scope or whether the person may sign in; deactivating ends their sessions at once. */
export async function updatePerson(
  deps: Deps,
  by: SessionUser | null,
  actor: Actor,
  userId: string,
  patch: { name?: string; role?: string; departmentId?: string | null; active?: boolean }
): Promise<Person> {
  const { row, scope } = await loadManaged(deps, by, userId)
  if (by && by.id === userId && (patch.active === false || (patch.role !== undefined && patch.role !== 'admin'))) {
    throw new AppError(409, 'SELF_LOCKOUT', '不能停用自己或取消自己的管理员角色')
  }
  const next = {
    name: patch.name === undefined ? row.name : patch.name.trim(),
    role: patch.role ?? row.role,
    department_id: patch.departmentId === undefined ? row.department_id : patch.departmentId,
    active: patch.active === undefined ? row.active : patch.active ? 1 : 0
  }
  if (next.name === '' || next.name.length > MAX_NAME_LENGTH) throw badRequest('NAME_INVALID', `姓名不能为空，且不超过 ${MAX_NAME_LENGTH} 个字`)
  await checkPlacement(deps, scope, next.role, next.department_id)
  const before = { name: row.name, role: row.role, departmentId: row.department_id, active: row.active === 1 }
  const after = { name: next.name, role: next.role, departmentId: next.department_id, active: next.active === 1 }
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set(next).where('id', '=', userId).execute()
    if (next.active !== 1) await endSessions(trx, userId)
    await appendAudit(trx, actor, deps.now(), { action: next.active !== 1 && row.active === 1 ? 'user.deactivate' : 'user.update', entity: 'user', entityId: userId, departmentId: next.department_id, before, after }, deps.newId)
  })
  const updated = await findUser(deps.db, userId)
  if (!updated) throw notFound('人员')
  return person(updated)
}

/** Ends every session of a person (a lost phone): they must sign in again. */
export async function signOutEverywhere(deps: Deps, by: SessionUser | null, actor: Actor, userId: string): Promise<{ ended: number }> {
  const { row } = await loadManaged(deps, by, userId)
  const ended = await deps.db.transaction().execute(async (trx) => {
    const n = await endSessions(trx, userId)
    await appendAudit(trx, actor, deps.now(), { action: 'user.sessions-ended', entity: 'user', entityId: userId, departmentId: row.department_id, after: { ended: n } }, deps.newId)
    return n
  })
  return { ended }
}
