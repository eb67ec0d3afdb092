import { randomBytes } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Role, User } from '../../src/core'
import type { Deps } from '../deps'
import { findSessionUser, findUserByUsername, insertSession, type UserWithDepartment } from '../db/repos/users'
import { AppError, forbidden, unauthorized } from '../errors'

/** The logged-in user, as the API shows it. */
export type SessionUser = User

const SESSION_TTL_MS = 7 * 24 * 3600 * 1000

export function toSessionUser(row: UserWithDepartment): SessionUser {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role as Role,
    departmentId: row.department_id,
    departmentName: row.department_name
  }
}

export async function loginAs(deps: Deps, username: string): Promise<{ token: string; user: SessionUser }> {
  const row = await findUserByUsername(deps.db, username)
  if (!row) throw new AppError(404, 'USER_NOT_FOUND', '该演示用户不存在')
  const token = randomBytes(24).toString('base64url')
  await insertSession(deps.db, token, row.id, deps.now(), SESSION_TTL_MS)
  return { token, user: toSessionUser(row) }
}

/**
 * The caller's session, from `Authorization: Bearer …` or, for images the client shows by URL
 * (an <Image> cannot send headers), from `?access_token=`.
 */
export async function sessionOf(deps: Deps, request: FastifyRequest): Promise<SessionUser | null> {
  const header = request.headers.authorization
  let token: string | undefined
  if (header?.startsWith('Bearer ')) token = header.slice(7).trim()
  else {
    const query = request.query as Record<string, unknown> | undefined
    if (typeof query?.access_token === 'string') token = query.access_token
  }
  if (!token) return null
  const row = await findSessionUser(deps.db, token, deps.now())
  return row ? toSessionUser(row) : null
}

/** Resolves the caller and checks the role; every route calls this first. */
export async function requireRole(deps: Deps, request: FastifyRequest, roles: readonly Role[]): Promise<SessionUser> {
  const user = await sessionOf(deps, request)
  if (!user) throw unauthorized()
  if (!roles.includes(user.role)) throw forbidden()
  return user
}

export const ALL_ROLES: readonly Role[] = ['inspector', 'liaison', 'leader', 'admin']
