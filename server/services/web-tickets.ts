import { randomBytes } from 'node:crypto'
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

/** The browser asks: a one-time ticket, shown as a QR code for the mini-program to scan. */
export async function createWebTicket(deps: Deps, ip: string, agent: string): Promise<{ id: string; expiresAt: string }> {
  const id = `w-${randomBytes(18).toString('base64url')}`
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + WEB_TICKET_TTL_MS).toISOString()
  await deps.db.insertInto('web_tickets').values({ id, created_at: now.toISOString(), expires_at: expiresAt, ip, agent: agent.slice(0, 200), approved_by: null, approved_at: null, token: null, collected_at: null }).execute()
  return { id, expiresAt }
}

/** Who and where is asking, for the person about to approve it on their phone. */
export async function describeWebTicket(deps: Deps, id: string): Promise<{ id: string; ip: string; agent: string; createdAt: string; expiresAt: string; expired: boolean }> {
  const row = await deps.db.selectFrom('web_tickets').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('登录请求')
  return { id: row.id, ip: row.ip, agent: row.agent, createdAt: row.created_at, expiresAt: row.expires_at, expired: row.expires_at <= deps.now().toISOString() || row.approved_at !== null }
}

/** The browser polls: once approved it collects its session, exactly once. */
export async function pollWebTicket(deps: Deps, id: string): Promise<WebTicketState> {
  const row = await deps.db.selectFrom('web_tickets').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('登录请求')
  if (row.collected_at) return { status: 'collected' }
  if (row.approved_by && row.token) {
    const collected = await deps.db
      .updateTable('web_tickets')
      .set({ collected_at: deps.now().toISOString(), token: null })
      .where('id', '=', id)
      .where('collected_at', 'is', null)
      .executeTakeFirst()
    if (Number(collected.numUpdatedRows) !== 1) return { status: 'collected' }
    const user = await findUser(deps.db, row.approved_by)
    if (!user || user.active !== 1) throw new AppError(403, 'USER_INACTIVE', '该账号已停用')
    return { status: 'approved', token: row.token, user: toSessionUser(user) }
  }
  if (row.expires_at <= deps.now().toISOString()) return { status: 'expired' }
  return { status: 'waiting', expiresAt: row.expires_at }
}

/** A signed-in person confirms on their phone: the browser gets a session of its own for them. */
export async function approveWebTicket(deps: Deps, user: SessionUser, id: string, ip: string): Promise<{ ok: true }> {
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('web_tickets').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw notFound('登录请求')
    if (row.approved_at) throw new AppError(409, 'WEB_TICKET_USED', '这个登录请求已经确认过了')
    if (row.expires_at <= now.toISOString()) throw new AppError(410, 'WEB_TICKET_EXPIRED', '二维码已过期，请在电脑上刷新后重新扫码')
    const token = await openSession(deps, trx, user.id)
    const res = await trx
      .updateTable('web_tickets')
      .set({ approved_by: user.id, approved_at: now.toISOString(), token })
      .where('id', '=', id)
      .where('approved_at', 'is', null)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) !== 1) throw new AppError(409, 'WEB_TICKET_USED', '这个登录请求已经确认过了')
    await appendAudit(trx, { id: user.id, name: user.name, ip }, now, { action: 'auth.web-approve', entity: 'user', entityId: user.id, departmentId: user.departmentId, after: { browserIp: row.ip, agent: row.agent } }, deps.newId)
  })
  return { ok: true }
}
