import { randomBytes } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Role, User } from '../../src/core'
import type { Deps } from '../deps'
import { findSessionUser, findUserByUsername, insertSession, touchSession, type UserWithDepartment } from '../db/repos/users'
import { AppError, forbidden, unauthorized } from '../errors'

/** The logged-in user, as the API shows it. */
export type SessionUser = User

/** Sessions last 30 days from their last use (sliding); touched at most once an hour. */
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000
const TOUCH_EVERY_MS = 3600 * 1000

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

/** Opens a session for a user; returns its token (the only place one is made). */
export async function openSession(deps: Deps, db: Deps['db'], userId: string, demo = false): Promise<string> {
  const token = randomBytes(24).toString('base64url')
  await insertSession(db, token, userId, deps.now(), SESSION_TTL_MS, demo)
  return token
}

/** Demo mode only: sign in as a seeded user by username. */
export async function loginAs(deps: Deps, username: string): Promise<{ token: string; user: SessionUser }> {
  const row = await findUserByUsername(deps.db, username)
  if (!row || row.active !== 1) throw new AppError(404, 'USER_NOT_FOUND', '该演示用户不存在')
  const token = await openSession(deps, deps.db, row.id, true)
  return { token, user: toSessionUser(row) }
}

/**
 * Requests that may carry the token as `?access_token=`: reading a screenshot or downloading a
 * file (.xlsx, .docx, the summary's chat card .png), which an <Image> or wx.downloadFile fetch by
 * URL without headers. Nothing else.
 */
const FILE_GET = /^\/api\/v1\/(evidence\/[0-9a-f]{64}(\/thumb)?|[^?]*\.(xlsx|docx|png))(\?|$)/

/**
 * The bearer token of a request: from `Authorization: Bearer …`; any other Authorization header
 * is no token at all (the query does not win over it); from `?access_token=` only for FILE_GET.
 */
export function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization
  if (header !== undefined) return header.startsWith('Bearer ') ? header.slice(7).trim() || null : null
  if (request.method !== 'GET' || !FILE_GET.test(request.url)) return null
  const query = request.query as Record<string, unknown> | undefined
  return typeof query?.access_token === 'string' ? query.access_token : null
}

/** A URL as it may be logged: a token in its query replaced. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]access_token=)[^&#]*/g, '$1[redacted]')
}

/** The caller's session, from the request's token (tokenOf). */
export async function sessionOf(deps: Deps, request: FastifyRequest): Promise<SessionUser | null> {
  const token = tokenOf(request)
  if (!token) return null
  const now = deps.now()
  const row = await findSessionUser(deps.db, token, now)
  if (!row) return null
  if (!row.session_seen_at || now.getTime() - Date.parse(row.session_seen_at) > TOUCH_EVERY_MS) await touchSession(deps.db, token, now, SESSION_TTL_MS)
  return toSessionUser(row)
}

/** Resolves the caller and checks the role; every route calls this first. */
export async function requireRole(deps: Deps, request: FastifyRequest, roles: readonly Role[]): Promise<SessionUser> {
  const user = await sessionOf(deps, request)
  if (!user) throw unauthorized()
  if (!roles.includes(user.role)) throw forbidden()
  return user
}

export const ALL_ROLES: readonly Role[] = ['inspector', 'liaison', 'leader', 'admin']
