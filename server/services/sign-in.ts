import type { Deps } from '../deps'
import { requireShared } from '../auth/rate-limits'
import { openSession, toSessionUser, type SessionUser } from '../auth/session'
import { hashBindCode, normaliseBindCode, BIND_CODE_LENGTH } from '../auth/bind-codes'
import { appendAudit } from '../audit/log'
import type { UserWithDepartment } from '../db/repos/users'
import { takeTicketAttempt, endSession, findBindCode, findLoginTicket, findUser, findUserByOpenid, insertLoginTicket, useBindCode, useLoginTicket } from '../db/repos/people'
import { isUniqueViolation } from '../db/errors'
import { AppError, badRequest } from '../errors'

export type SignInResult = { status: 'signed-in'; token: string; user: SessionUser } | { status: 'bind-required'; ticket: string }

/** A bind ticket lasts long enough to ask a colleague for the code. */
export const LOGIN_TICKET_TTL_MS = 30 * 60 * 1000
/** After this many wrong codes a ticket is dead: sign in with WeChat again. */
/** Tries at a bind code one WeChat sign-in ticket allows (the right one included). */
export const MAX_BIND_FAILURES = 5
/** Tries at a bind code from one address a minute, counted in the database (shared by every server process). */
export const BIND_TRIES_PER_ADDRESS = 20

/** Signs in the person bound to this openid, or hands out a ticket to bind it with a code. */
export async function signInWithOpenid(deps: Deps, openid: string, ip: string): Promise<SignInResult> {
  const row = await findUserByOpenid(deps.db, openid)
  if (row && row.active === 1) {
    const token = await deps.db.transaction().execute(async (trx) => {
      const t = await openSession(deps, trx, row.id)
      await appendAudit(trx, { id: row.id, name: row.name, ip }, deps.now(), { action: 'auth.sign-in', entity: 'user', entityId: row.id, departmentId: row.department_id }, deps.newId)
      return t
    })
    return { status: 'signed-in', token, user: toSessionUser(row) }
  }
  if (row) throw new AppError(403, 'USER_INACTIVE', '您的账号已停用，请联系管理员')
  const id = `t-${deps.newId()}`
  const now = deps.now()
  await insertLoginTicket(deps.db, { id, openid, now: now.toISOString(), expiresAt: new Date(now.getTime() + LOGIN_TICKET_TTL_MS).toISOString() })
  return { status: 'bind-required', ticket: id }
}

/** The person a bind code was issued for, or the error the code earns; counts nothing. */
async function checkBindCode(deps: Deps, code: string, onWrong: (error: AppError) => Promise<never>): Promise<{ hash: string; user: UserWithDepartment }> {
  const now = deps.now()
  if (normaliseBindCode(code).length !== BIND_CODE_LENGTH) return onWrong(badRequest('BIND_CODE_INVALID', `绑定码是 ${BIND_CODE_LENGTH} 位字母和数字，请核对后重新输入`))
  const hash = hashBindCode(code)
  const stored = await findBindCode(deps.db, hash)
  if (!stored) return onWrong(badRequest('BIND_CODE_INVALID', '绑定码不正确，请核对后重新输入'))
  if (stored.used_at) return onWrong(new AppError(409, 'BIND_CODE_USED', '该绑定码已使用过，请向管理员申请新的绑定码'))
  if (stored.expires_at <= now.toISOString()) return onWrong(new AppError(410, 'BIND_CODE_EXPIRED', '绑定码已过期，请向管理员申请新的绑定码'))
  const user = await findUser(deps.db, stored.user_id)
  if (!user || user.active !== 1) throw new AppError(403, 'USER_INACTIVE', '该绑定码对应的账号已停用，请联系管理员')
  return { hash, user }
}

/** Binds the ticket's WeChat openid to the person the code was issued for, and signs them in. */
export async function bindWithCode(deps: Deps, ticketId: string, code: string, ip: string): Promise<{ token: string; user: SessionUser }> {
  const now = deps.now()
  const ticket = await findLoginTicket(deps.db, ticketId)
  // Each try takes one of the ticket's attempts first, atomically: guesses sent at once cannot outrun the cap.
  if (!ticket || !(await takeTicketAttempt(deps.db, ticketId, MAX_BIND_FAILURES, now.toISOString()))) {
    throw new AppError(410, 'TICKET_INVALID', '登录已失效，请重新点击微信登录')
  }
  await requireShared(deps.db, `bind:${ip}`, BIND_TRIES_PER_ADDRESS, 60_000, now)
  const { hash, user } = await checkBindCode(deps, code, async (error) => {
    throw error
  })
  try {
    const token = await deps.db.transaction().execute(async (trx) => {
      if (!(await useLoginTicket(trx, ticketId, now.toISOString()))) throw new AppError(410, 'TICKET_INVALID', '登录已失效，请重新点击微信登录')
      if (!(await useBindCode(trx, hash, now.toISOString()))) throw new AppError(409, 'BIND_CODE_USED', '该绑定码已使用过，请向管理员申请新的绑定码')
      await trx.updateTable('users').set({ openid: ticket.openid }).where('id', '=', user.id).execute()
      const t = await openSession(deps, trx, user.id)
      await appendAudit(trx, { id: user.id, name: user.name, ip }, now, { action: 'auth.bind', entity: 'user', entityId: user.id, departmentId: user.department_id, before: { bound: user.openid !== null }, after: { bound: true } }, deps.newId)
      return t
    })
    const fresh = await findUser(deps.db, user.id)
    return { token, user: toSessionUser(fresh ?? user) }
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'WECHAT_ALREADY_BOUND', '这个微信号已绑定了其他人员，请联系管理员')
    throw error
  }
}

/**
 * A browser's first sign-in (a desk has no WeChat): the same one-time bind code opens a session
 * for its person. The code is used up; the WeChat binding is left for the mini-program (a new code
 * from the admin, or the person approves later browsers from the signed-in mini-program).
 */
export async function signInWithBindCode(deps: Deps, code: string, ip: string, agent: string): Promise<{ token: string; user: SessionUser }> {
  const now = deps.now()
  await requireShared(deps.db, `bind-code:${ip}`, BIND_TRIES_PER_ADDRESS, 60_000, now)
  const { hash, user } = await checkBindCode(deps, code, async (error) => {
    throw error
  })
  const token = await deps.db.transaction().execute(async (trx) => {
    if (!(await useBindCode(trx, hash, now.toISOString()))) throw new AppError(409, 'BIND_CODE_USED', '该绑定码已使用过，请向管理员申请新的绑定码')
    const t = await openSession(deps, trx, user.id)
    await appendAudit(trx, { id: user.id, name: user.name, ip }, now, { action: 'auth.bind-code-sign-in', entity: 'user', entityId: user.id, departmentId: user.department_id, after: { agent: agent.slice(0, 200) } }, deps.newId)
    return t
  })
  return { token, user: toSessionUser(user) }
}

export async function signOut(deps: Deps, user: SessionUser, token: string, ip: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await endSession(trx, token)
    await appendAudit(trx, { id: user.id, name: user.name, ip }, deps.now(), { action: 'auth.sign-out', entity: 'user', entityId: user.id, departmentId: user.departmentId }, deps.newId)
  })
}
