import { randomBytes } from 'node:crypto'
import { secretHash } from '../auth/secrets'
import type { Deps } from '../deps'
import { openSession, toSessionUser, type SessionUser } from '../auth/session'
import { appendAudit } from '../audit/log'
import { findUser } from '../db/repos/people'
import { AppError, notFound } from '../errors'

/** A desktop browser's request to be signed in lasts two minutes. */
export const WEB_TICKET_TTL_MS = 2 * 60 * 1000

export type WebTicketState =
  | { status: 'waiting'; expiresAt: string }
  | { status: 'expired' }
  | { status: 'approved'; token: string; user: SessionUser }
  | { status: 'collected' }

/**
 * Desktop sign-in tickets are stored by the hash of their id (the id is the browser's secret until
 * it collects its session), and hold no session token: the session is opened when the browser
 * collects it, before the ticket expires, exactly once. Expired tickets are purged hourly.
 */

/** The browser asks: a one-time ticket, shown as a QR code for the mini-program to scan. */
export async function createWebTicket(deps: Deps, ip: string, agent: string): Promise<{ id: string; expiresAt: string }> {
  const id = `w-${randomBytes(18).toString('base64url')}`
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + WEB_TICKET_TTL_MS).toISOString()
  await deps.db.insertInto('web_tickets').values({ id: secretHash(id), created_at: now.toISOString(), expires_at: expiresAt, ip, agent: agent.slice(0, 200), approved_by: null, approved_at: null, token: null, collected_at: null }).execute()
  return { id, expiresAt }
}

/** Who and where is asking, for the person about to approve it on their phone. */
export async function describeWebTicket(deps: Deps, id: string): Promise<{ id: string; ip: string; agent: string; createdAt: string; expiresAt: string; expired: boolean }> {
  const row = await deps.db.selectFrom('web_tickets').selectAll().where('id', '=', secretHash(id)).executeTakeFirst()
  if (!row) throw notFound('登录请求')
  return { id, ip: row.ip, agent: row.agent, createdAt: row.created_at, expiresAt: row.expires_at, expired: row.expires_at <= deps.now().toISOString() || row.approved_at !== null }
}

/** The browser polls: once approved it collects its session, exactly once. */
export async function pollWebTicket(deps: Deps, id: string): Promise<WebTicketState> {
  const hash = secretHash(id)
  const row = await deps.db.selectFrom('web_tickets').selectAll().where('id', '=', hash).executeTakeFirst()
  if (!row) throw notFound('登录请求')
  if (row.collected_at) return { status: 'collected' }
  const now = deps.now()
  // Past its two minutes a ticket gives nothing, approved or not.
  if (row.expires_at <= now.toISOString()) return { status: 'expired' }
  if (row.approved_by) {
    const approvedBy = row.approved_by
    const user = await findUser(deps.db, approvedBy)
    const token = await deps.db.transaction().execute(async (trx) => {
      const collected = await trx
        .updateTable('web_tickets')
        .set({ collected_at: now.toISOString(), token: null })
        .where('id', '=', hash)
        .where('collected_at', 'is', null)
        .where('expires_at', '>', now.toISOString())
        .executeTakeFirst()
      if (Number(collected.numUpdatedRows) !== 1) return null
      // Collected either way: a person stopped since approving gets no session, now or later.
      if (!user || user.active !== 1) return 'inactive'
      return openSession(deps, trx, approvedBy)
    })
    if (token === 'inactive') throw new AppError(403, 'USER_INACTIVE', '该账号已停用')
    if (!token || !user) return { status: 'collected' }
    return { status: 'approved', token, user: toSessionUser(user) }
  }
  return { status: 'waiting', expiresAt: row.expires_at }
}

/** A signed-in person confirms on their phone: the browser gets a session of its own for them. */
export async function approveWebTicket(deps: Deps, user: SessionUser, id: string, ip: string): Promise<{ ok: true }> {
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('web_tickets').selectAll().where('id', '=', secretHash(id)).executeTakeFirst()
    if (!row) throw notFound('登录请求')
    if (row.approved_at) throw new AppError(409, 'WEB_TICKET_USED', '这个登录请求已经确认过了')
    if (row.expires_at <= now.toISOString()) throw new AppError(410, 'WEB_TICKET_EXPIRED', '二维码已过期，请在电脑上刷新后重新扫码')
    const res = await trx
      .updateTable('web_tickets')
      .set({ approved_by: user.id, approved_at: now.toISOString() })
      .where('id', '=', secretHash(id))
      .where('approved_at', 'is', null)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'WEB_TICKET_USED', '这个登录请求已经确认过了')
    await appendAudit(trx, { id: user.id, name: user.name, ip }, now, { action: 'auth.web-approve', entity: 'user', entityId: user.id, departmentId: user.departmentId, after: { browserIp: row.ip, agent: row.agent } }, deps.newId)
  })
  return { ok: true }
}

/** Tickets past their time (desktop and WeChat sign-in): nothing can use them any more. */
export async function purgeTickets(deps: Pick<Deps, 'db'>, now: Date): Promise<number> {
  const cutoff = now.toISOString()
  const web = await deps.db.deleteFrom('web_tickets').where('expires_at', '<=', cutoff).executeTakeFirst()
  const login = await deps.db.deleteFrom('login_tickets').where('expires_at', '<=', cutoff).executeTakeFirst()
  return Number(web.numDeletedRows ?? 0) + Number(login.numDeletedRows ?? 0)
}
