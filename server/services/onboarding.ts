import { createHash, randomBytes } from 'node:crypto'
import type { Deps } from '../deps'
import { adminScope } from '../auth/scope'
import { openSession, toSessionUser, type SessionUser } from '../auth/session'
import { appendAudit, type Actor } from '../audit/log'
import { findUser, findUserByOpenid } from '../db/repos/people'
import { subtreeIds } from '../db/repos/departments'
import { isUniqueViolation } from '../db/errors'
import { lockFor } from '../db/locks'
import { readWorkbook } from '../sheets/read'
import { AppError, badRequest, forbidden, notFound } from '../errors'
import {
  maskedMobile,
  mobileNumber,
  nameMatches,
  readPeopleSheets,
  roleOf,
  type InvitationItem,
  type IssuedInvitation,
  type JoinOutcome,
  type JoinRequestItem,
  type PeopleImportPreview,
  type PeopleImportResult,
  type PeoplePlanRow,
  type Role
} from '../../src/core'

/** An invitation shared in a unit's WeChat group lasts a fortnight unless revoked. */
export const INVITATION_TTL_MS = 14 * 24 * 3600 * 1000
/** One people import: enough for a province's liaisons, small enough to show. */
export const MAX_PEOPLE_ROWS = 5000
const MAX_NAME = 32

async function requireAdmin(deps: Deps, user: SessionUser): Promise<Set<string> | null> {
  if (user.role !== 'admin') throw forbidden('只有管理员可以管理人员')
  return adminScope(deps, user)
}

const norm = (name: string) => name.normalize('NFKC').replace(/\s+/g, '')

interface Unit {
  id: string
  name: string
  short_name: string
  host_level: string
}

/** The units an admin may place people in, by name and by short name (the registry's words). */
async function unitsInScope(deps: Deps, scope: Set<string> | null): Promise<{ byName: Map<string, Unit>; all: Unit[] }> {
  let q = deps.db.selectFrom('departments').select(['id', 'name', 'short_name', 'host_level'])
  if (scope) q = q.where('id', 'in', scope.size ? [...scope] : [''])
  const all = await q.execute()
  const byName = new Map<string, Unit>()
  for (const u of all) byName.set(norm(u.name), u)
  for (const u of all) if (u.short_name && !byName.has(norm(u.short_name))) byName.set(norm(u.short_name), u)
  return { byName, all }
}

/** Marks rows whose person exists (same mobile anywhere, or same name, unit and role) or repeats an earlier row. */
async function markExisting(db: Deps['db'], rows: PeoplePlanRow[]): Promise<void> {
  const users = await db.selectFrom('users').select(['name', 'department_id', 'role', 'phone', 'active']).execute()
  const phones = new Set(users.filter((u) => u.phone).map((u) => u.phone))
  const keys = new Set(users.map((u) => `${norm(u.name)}|${u.department_id ?? ''}|${u.role}`))
  const seen = new Set<string>()
  for (const r of rows) {
    if (r.action !== 'create') continue
    const key = `${norm(r.name)}|${r.unitId ?? ''}|${r.role}`
    if ((r.phone && phones.has(r.phone)) || keys.has(key)) {
      r.action = 'exists'
      r.reason = r.phone && phones.has(r.phone) ? `手机号 ${maskedMobile(r.phone)} 已有人员使用` : '已有同名、同单位、同角色的人员'
    } else if (seen.has(key) || (r.phone && seen.has(r.phone))) {
      r.action = 'exists'
      r.reason = '与上面的行重复'
    }
    seen.add(key)
    if (r.phone) seen.add(r.phone)
  }
}

/** Liaisons from the registry's contact columns (运维人员, 联系电话): one per unit and person. */
async function planFromRegistry(deps: Deps, scope: Set<string> | null): Promise<PeoplePlanRow[]> {
  let q = deps.db
    .selectFrom('accounts')
    .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
    .select(['accounts.operator', 'accounts.contact', 'departments.id as unit_id', 'departments.name as unit_name'])
    .where('accounts.status', '!=', 'closed')
  if (scope) q = q.where('accounts.host_department_id', 'in', scope.size ? [...scope] : [''])
  const found = await q.orderBy('departments.name').orderBy('accounts.operator').execute()
  const rows: PeoplePlanRow[] = []
  const seen = new Set<string>()
  for (const a of found) {
    const name = a.operator.trim()
    const phone = mobileNumber(a.contact)
    if (name === '' && !phone) continue
    const key = `${a.unit_id}|${phone ?? norm(name)}`
    if (seen.has(key)) continue
    seen.add(key)
    const row: PeoplePlanRow = { where: a.unit_name, name, phone, unitId: a.unit_id, unitName: a.unit_name, role: 'liaison', action: 'create', reason: null }
    if (name === '') Object.assign(row, { action: 'error', reason: '台账未填运维人员姓名（可用单位邀请加入）' })
    else if (name.length > MAX_NAME) Object.assign(row, { action: 'error', reason: `姓名超过 ${MAX_NAME} 个字` })
    else if (!phone) Object.assign(row, { reason: a.contact.trim() ? `联系电话「${a.contact.trim()}」不是手机号，需用绑定码登录` : '台账未填手机号，需用绑定码登录' })
    rows.push(row)
  }
  return rows
}

/** People from a sheet (姓名, 手机号, 单位, 角色): each row resolved against the unit tree in scope. */
async function planFromSheet(deps: Deps, scope: Set<string> | null, filename: string, bytes: Buffer): Promise<PeoplePlanRow[]> {
  const { rows: read, missing } = readPeopleSheets(await readWorkbook(filename, bytes))
  if (missing.length > 0) throw new AppError(422, 'PEOPLE_HEADERS_MISSING', '没有找到表头：人员表格需要「姓名」和「单位」两列（可选「手机号」「角色」）')
  if (read.length === 0) throw new AppError(422, 'PEOPLE_EMPTY', '表格中没有人员行')
  if (read.length > MAX_PEOPLE_ROWS) throw new AppError(413, 'PEOPLE_TOO_MANY', `一次最多导入 ${MAX_PEOPLE_ROWS} 人，请分批导入`)
  const { byName, all } = await unitsInScope(deps, scope)
  const everywhere = scope ? (await unitsInScope(deps, null)).byName : byName
  /**
   * A unit as offices write it: the full or short name, else an abbreviation read as the one name
   * search reads it (「卫健」 → 卫生健康委员会); among several, the one city-level unit when the word
   * says 市 (「市卫健委」), else the row asks for the full name.
   */
  const resolve = (word: string): { unit: Unit | null; candidates: Unit[] } => {
    const exact = byName.get(norm(word))
    if (exact || norm(word).length < 2) return { unit: exact ?? null, candidates: [] }
    const candidates = all.filter((u) => nameMatches(u.name, word) || (u.short_name !== '' && nameMatches(u.short_name, word)))
    if (candidates.length === 1) return { unit: candidates[0] ?? null, candidates }
    // 「市…」 is how an office names its city-level unit (市卫健委 among the districts' 卫健委).
    const city = norm(word).startsWith('市') ? candidates.filter((u) => u.host_level === 'city') : []
    return { unit: city.length === 1 ? (city[0] ?? null) : null, candidates }
  }
  return read.map((r) => {
    const where = `${r.sheet ? `${r.sheet}!` : ''}第${r.row}行`
    const role = roleOf(r.role)
    const { unit, candidates } = resolve(r.unit)
    const phone = r.phone.trim() === '' ? null : mobileNumber(r.phone)
    const row: PeoplePlanRow = { where, name: r.name, phone, unitId: unit?.id ?? null, unitName: unit?.name ?? r.unit, role: role ?? 'liaison', action: 'create', reason: null }
    const fail = (reason: string) => Object.assign(row, { action: 'error', reason })
    if (r.name === '') fail('姓名为空')
    else if (r.name.length > MAX_NAME) fail(`姓名超过 ${MAX_NAME} 个字`)
    else if (!role) fail(`角色「${r.role}」不认识，应为联络员、检查员、领导或管理员`)
    else if (r.phone.trim() !== '' && !phone) fail(`手机号「${r.phone}」不是 11 位手机号`)
    else if (r.unit === '' && role === 'liaison') fail('联络员必须填写单位')
    else if (r.unit !== '' && !unit)
      fail(
        everywhere.has(norm(r.unit))
          ? `单位「${r.unit}」不在您管理的范围内`
          : candidates.length > 1
            ? `单位「${r.unit}」可能是：${candidates
                .slice(0, 3)
                .map((u) => u.name)
                .join('、')}${candidates.length > 3 ? ' 等' : ''}，请写全称`
            : `单位「${r.unit}」不在单位树中（请先导入账号台账，或核对单位全称）`
      )
    else if (scope && !unit) fail('区县管理员只能添加本辖区单位的人员')
    return row
  })
}

function preview(id: string, source: 'registry' | 'sheet', filename: string | null, rows: PeoplePlanRow[], committed: boolean): PeopleImportPreview {
  const count = (a: PeoplePlanRow['action']) => rows.filter((r) => r.action === a).length
  return { id, source, filename, rows, counts: { create: count('create'), exists: count('exists'), error: count('error') }, committed }
}

/** The dry run: who would be created and why the others would not. Writes only the plan. */
export async function planPeople(deps: Deps, user: SessionUser, input: { source: 'registry' } | { source: 'sheet'; filename: string; bytes: Buffer }): Promise<PeopleImportPreview> {
  const scope = await requireAdmin(deps, user)
  const rows = input.source === 'registry' ? await planFromRegistry(deps, scope) : await planFromSheet(deps, scope, input.filename, input.bytes)
  await markExisting(deps.db, rows)
  const id = `pi-${deps.newId()}`
  const filename = input.source === 'sheet' ? input.filename : null
  await deps.db
    .insertInto('people_imports')
    .values({ id, created_by: user.id, created_at: deps.now().toISOString(), source: input.source, plan: JSON.stringify({ filename, rows }), committed_at: null })
    .execute()
  return preview(id, input.source, filename, rows, false)
}

/** Creates every person of the plan still missing, in one transaction; errors and people already there are left alone. */
export async function commitPeople(deps: Deps, user: SessionUser, actor: Actor, importId: string): Promise<PeopleImportResult> {
  const scope = await requireAdmin(deps, user)
  const stored = await deps.db.selectFrom('people_imports').selectAll().where('id', '=', importId).executeTakeFirst()
  if (!stored || stored.created_by !== user.id) throw notFound('人员导入')
  if (stored.committed_at) throw new AppError(409, 'IMPORT_COMMITTED', '这次导入已经确认过了')
  const plan = JSON.parse(stored.plan) as { rows: PeoplePlanRow[] }
  const rows = plan.rows.map((r) => ({ ...r }))
  const byRole: Record<Role, number> = { inspector: 0, liaison: 0, leader: 0, admin: 0 }
  const now = deps.now().toISOString()
  await deps.db.transaction().execute(async (trx) => {
    // One commit at a time, and what changed since the dry run (someone added by hand, a second
    // tab, another commit a moment ago) is checked again under the lock.
    await lockFor(trx, 'people-commit')
    await markExisting(trx, rows)
    const done = await trx.updateTable('people_imports').set({ committed_at: now }).where('id', '=', importId).where('committed_at', 'is', null).executeTakeFirst()
    if (Number(done.numUpdatedRows) !== 1) throw new AppError(409, 'IMPORT_COMMITTED', '这次导入已经确认过了')
    for (const r of rows) {
      if (r.action !== 'create') continue
      if (scope && (!r.unitId || !scope.has(r.unitId))) continue
      const id = `u-${deps.newId()}`
      await trx.insertInto('users').values({ id, username: id, name: r.name, role: r.role, department_id: r.unitId, active: 1, created_at: now, phone: r.phone }).execute()
      await appendAudit(trx, actor, deps.now(), { action: 'user.create', entity: 'user', entityId: id, departmentId: r.unitId, after: { name: r.name, role: r.role, departmentId: r.unitId, importId } }, deps.newId)
      byRole[r.role] += 1
    }
    const created = Object.values(byRole).reduce((a, b) => a + b, 0)
    await appendAudit(trx, actor, deps.now(), { action: 'people.import', entity: 'people-import', entityId: importId, after: { source: stored.source, created, byRole } }, deps.newId)
  })
  return { id: importId, created: Object.values(byRole).reduce((a, b) => a + b, 0), byRole }
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

async function invitationItems(deps: Deps, where: { scope: Set<string> | null; id?: string }): Promise<InvitationItem[]> {
  let q = deps.db
    .selectFrom('invitations')
    .innerJoin('departments', 'departments.id', 'invitations.department_id')
    .select(['invitations.id', 'invitations.department_id', 'departments.name as department_name', 'invitations.created_at', 'invitations.expires_at', 'invitations.revoked_at'])
    .select((eb) => eb.selectFrom('join_requests').select((e) => e.fn.countAll<number>().as('n')).whereRef('join_requests.invitation_id', '=', 'invitations.id').where('join_requests.status', 'in', ['joined', 'approved']).as('joined'))
  if (where.scope) q = q.where('invitations.department_id', 'in', where.scope.size ? [...where.scope] : [''])
  if (where.id) q = q.where('invitations.id', '=', where.id)
  const rows = await q.orderBy('invitations.created_at', 'desc').limit(200).execute()
  return rows.map((r) => ({
    id: r.id,
    departmentId: r.department_id,
    departmentName: r.department_name,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revoked: r.revoked_at !== null,
    expired: r.expires_at <= deps.now().toISOString(),
    joined: Number(r.joined ?? 0)
  }))
}

/** A unit's invitation: a link into the mini-program, shared as a QR code or card in the unit's WeChat group. */
export async function createInvitation(deps: Deps, user: SessionUser, actor: Actor, departmentId: string): Promise<IssuedInvitation> {
  const scope = await requireAdmin(deps, user)
  const unit = await deps.db.selectFrom('departments').select(['id', 'name']).where('id', '=', departmentId).executeTakeFirst()
  if (!unit || (scope && !scope.has(unit.id))) throw notFound('单位')
  const token = randomBytes(18).toString('base64url')
  const id = `inv-${deps.newId()}`
  const now = deps.now()
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS).toISOString()
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('invitations').values({ id, token_hash: hashToken(token), department_id: unit.id, created_by: user.id, created_at: now.toISOString(), expires_at: expiresAt, revoked_at: null }).execute()
    await appendAudit(trx, actor, now, { action: 'invitation.create', entity: 'invitation', entityId: id, departmentId: unit.id, after: { unit: unit.name, expiresAt } }, deps.newId)
  })
  return { id, departmentId: unit.id, departmentName: unit.name, createdAt: now.toISOString(), expiresAt, revoked: false, expired: false, joined: 0, token, path: `pages/join/index?t=${token}` }
}

export async function listInvitations(deps: Deps, user: SessionUser): Promise<{ items: InvitationItem[] }> {
  return { items: await invitationItems(deps, { scope: await requireAdmin(deps, user) }) }
}

export async function revokeInvitation(deps: Deps, user: SessionUser, actor: Actor, id: string): Promise<InvitationItem> {
  const scope = await requireAdmin(deps, user)
  const [item] = await invitationItems(deps, { scope, id })
  if (!item) throw notFound('邀请')
  if (!item.revoked) {
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('invitations').set({ revoked_at: deps.now().toISOString() }).where('id', '=', id).execute()
      await appendAudit(trx, actor, deps.now(), { action: 'invitation.revoke', entity: 'invitation', entityId: id, departmentId: item.departmentId, after: { unit: item.departmentName } }, deps.newId)
    })
  }
  return { ...item, revoked: true }
}

async function liveInvitation(deps: Deps, token: string) {
  const row = await deps.db
    .selectFrom('invitations')
    .innerJoin('departments', 'departments.id', 'invitations.department_id')
    .select(['invitations.id', 'invitations.department_id', 'invitations.expires_at', 'invitations.revoked_at', 'departments.name as department_name'])
    .where('invitations.token_hash', '=', hashToken(token))
    .executeTakeFirst()
  if (!row) throw new AppError(404, 'INVITATION_INVALID', '邀请不存在，请向管理员索取新的邀请')
  if (row.revoked_at) throw new AppError(410, 'INVITATION_REVOKED', '这个邀请已被管理员撤销，请向管理员索取新的邀请')
  if (row.expires_at <= deps.now().toISOString()) throw new AppError(410, 'INVITATION_EXPIRED', '这个邀请已过期，请向管理员索取新的邀请')
  return row
}

/** What the invitation page shows before the person confirms their number. */
export async function describeInvitation(deps: Deps, token: string): Promise<{ departmentName: string; expiresAt: string }> {
  const row = await liveInvitation(deps, token)
  return { departmentName: row.department_name, expiresAt: row.expires_at }
}

/**
 * Someone opened the invitation in the mini-program and confirmed their number with WeChat:
 * a liaison of that unit (or below) holding the number is bound to this WeChat at once; so is the
 * registry's contact with that number (created as the unit's liaison, named as the registry names
 * them). Anyone else waits for an admin's one tap. Every binding is audited.
 */
export async function joinWithInvitation(deps: Deps, token: string, openid: string, phone: string, ip: string): Promise<JoinOutcome> {
  const invitation = await liveInvitation(deps, token)
  const mobile = mobileNumber(phone)
  if (!mobile) throw badRequest('PHONE_UNSUPPORTED', '只支持中国大陆手机号，请联系管理员用绑定码登录')
  const already = await findUserByOpenid(deps.db, openid)
  if (already && already.active !== 1) throw new AppError(403, 'USER_INACTIVE', '您的账号已停用，请联系管理员')
  const now = deps.now()
  const signIn = async (userId: string, audit: { action: string; after: unknown }) => {
    const sessionToken = await deps.db.transaction().execute(async (trx) => {
      if (audit.action !== 'auth.sign-in') {
        const bound = await trx.updateTable('users').set({ openid }).where('id', '=', userId).where('openid', 'is', null).executeTakeFirst()
        if (Number(bound.numUpdatedRows) !== 1) throw new AppError(409, 'WECHAT_ALREADY_BOUND', '该人员刚刚已绑定了其他微信，请联系管理员')
        await trx
          .insertInto('join_requests')
          .values({ id: `jr-${deps.newId()}`, invitation_id: invitation.id, department_id: invitation.department_id, openid, phone: mobile, status: 'joined', created_at: now.toISOString(), decided_by: null, decided_at: now.toISOString(), user_id: userId })
          .execute()
      }
      const t = await openSession(deps, trx, userId)
      const person = await trx.selectFrom('users').select(['name', 'department_id']).where('id', '=', userId).executeTakeFirstOrThrow()
      await appendAudit(trx, { id: userId, name: person.name, ip }, now, { action: audit.action, entity: 'user', entityId: userId, departmentId: person.department_id, after: audit.after }, deps.newId)
      return t
    })
    const fresh = await findUser(deps.db, userId)
    if (!fresh) throw new Error('joined person vanished')
    return { status: 'signed-in' as const, token: sessionToken, user: toSessionUser(fresh) }
  }
  // Already bound: this is a sign-in, nothing changes.
  if (already) return signIn(already.id, { action: 'auth.sign-in', after: { via: 'invitation' } })
  const units = await subtreeIds(deps.db, invitation.department_id)
  try {
    const person = await deps.db
      .selectFrom('users')
      .select(['id'])
      .where('phone', '=', mobile)
      .where('active', '=', 1)
      .where('openid', 'is', null)
      .where('department_id', 'in', units)
      .orderBy('created_at')
      .executeTakeFirst()
    if (person) return await signIn(person.id, { action: 'user.join', after: { via: 'invitation', invitationId: invitation.id, phone: maskedMobile(mobile), matched: 'person' } })
    // The registry names this number as a contact of an account of the unit: its liaison.
    const contacts = await deps.db
      .selectFrom('accounts')
      .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
      .select(['accounts.operator', 'accounts.contact', 'accounts.host_department_id', 'departments.name as unit_name'])
      .where('accounts.host_department_id', 'in', units)
      .where('accounts.status', '!=', 'closed')
      .execute()
    const contact = contacts.find((a) => mobileNumber(a.contact) === mobile)
    if (contact) {
      const id = `u-${deps.newId()}`
      const name = contact.operator.trim().slice(0, MAX_NAME) || `${contact.unit_name}联络员`
      await deps.db.transaction().execute(async (trx) => {
        await trx.insertInto('users').values({ id, username: id, name, role: 'liaison', department_id: contact.host_department_id, active: 1, created_at: now.toISOString(), phone: mobile }).execute()
        await appendAudit(trx, { id: null, name: '系统', ip }, now, { action: 'user.create', entity: 'user', entityId: id, departmentId: contact.host_department_id, after: { name, role: 'liaison', departmentId: contact.host_department_id, via: 'invitation' } }, deps.newId)
      })
      return await signIn(id, { action: 'user.join', after: { via: 'invitation', invitationId: invitation.id, phone: maskedMobile(mobile), matched: 'registry' } })
    }
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'WECHAT_ALREADY_BOUND', '这个微信号已绑定了其他人员，请联系管理员')
    throw error
  }
  // Nobody holds the number: one request per WeChat and unit, waiting for an admin.
  const pending = await deps.db.selectFrom('join_requests').select('id').where('openid', '=', openid).where('department_id', '=', invitation.department_id).where('status', '=', 'pending').executeTakeFirst()
  if (pending) return { status: 'pending', requestId: pending.id, departmentName: invitation.department_name }
  const requestId = `jr-${deps.newId()}`
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('join_requests')
      .values({ id: requestId, invitation_id: invitation.id, department_id: invitation.department_id, openid, phone: mobile, status: 'pending', created_at: now.toISOString(), decided_by: null, decided_at: null, user_id: null })
      .execute()
    await appendAudit(trx, { id: null, name: maskedMobile(mobile), ip }, now, { action: 'join.request', entity: 'join-request', entityId: requestId, departmentId: invitation.department_id, after: { unit: invitation.department_name, phone: maskedMobile(mobile) } }, deps.newId)
  })
  return { status: 'pending', requestId, departmentName: invitation.department_name }
}

export async function listJoinRequests(deps: Deps, user: SessionUser): Promise<{ items: JoinRequestItem[] }> {
  const scope = await requireAdmin(deps, user)
  let q = deps.db
    .selectFrom('join_requests')
    .innerJoin('departments', 'departments.id', 'join_requests.department_id')
    .select(['join_requests.id', 'join_requests.department_id', 'departments.name as department_name', 'join_requests.phone', 'join_requests.created_at'])
    .where('join_requests.status', '=', 'pending')
  if (scope) q = q.where('join_requests.department_id', 'in', scope.size ? [...scope] : [''])
  const rows = await q.orderBy('join_requests.created_at').limit(500).execute()
  return { items: rows.map((r) => ({ id: r.id, departmentId: r.department_id, departmentName: r.department_name, phone: maskedMobile(r.phone), createdAt: r.created_at })) }
}

/** The admin's one tap: the person becomes the unit's liaison, bound to the WeChat that asked. */
export async function decideJoinRequest(deps: Deps, user: SessionUser, actor: Actor, requestId: string, decision: { approve: true; name: string } | { approve: false }): Promise<{ ok: true; userId: string | null }> {
  const scope = await requireAdmin(deps, user)
  const request = await deps.db.selectFrom('join_requests').selectAll().where('id', '=', requestId).executeTakeFirst()
  if (!request || (scope && !scope.has(request.department_id))) throw notFound('加入申请')
  if (request.status !== 'pending') throw new AppError(409, 'JOIN_DECIDED', '这个申请已经处理过了')
  const now = deps.now().toISOString()
  let userId: string | null = null
  if (decision.approve) {
    const name = decision.name.trim()
    if (name === '' || name.length > MAX_NAME) throw badRequest('NAME_INVALID', `姓名不能为空，且不超过 ${MAX_NAME} 个字`)
    if (await findUserByOpenid(deps.db, request.openid)) throw new AppError(409, 'WECHAT_ALREADY_BOUND', '这个微信号已绑定了其他人员')
    userId = `u-${deps.newId()}`
    const id = userId
    await deps.db.transaction().execute(async (trx) => {
      const moved = await trx.updateTable('join_requests').set({ status: 'approved', decided_by: user.id, decided_at: now, user_id: id }).where('id', '=', requestId).where('status', '=', 'pending').executeTakeFirst()
      if (Number(moved.numUpdatedRows) !== 1) throw new AppError(409, 'JOIN_DECIDED', '这个申请已经处理过了')
      await trx.insertInto('users').values({ id, username: id, name, role: 'liaison', department_id: request.department_id, active: 1, created_at: now, phone: request.phone, openid: request.openid }).execute()
      await appendAudit(trx, actor, deps.now(), { action: 'join.approve', entity: 'user', entityId: id, departmentId: request.department_id, after: { name, role: 'liaison', phone: maskedMobile(request.phone), requestId } }, deps.newId)
    })
  } else {
    await deps.db.transaction().execute(async (trx) => {
      const moved = await trx.updateTable('join_requests').set({ status: 'rejected', decided_by: user.id, decided_at: now }).where('id', '=', requestId).where('status', '=', 'pending').executeTakeFirst()
      if (Number(moved.numUpdatedRows) !== 1) throw new AppError(409, 'JOIN_DECIDED', '这个申请已经处理过了')
      await appendAudit(trx, actor, deps.now(), { action: 'join.reject', entity: 'join-request', entityId: requestId, departmentId: request.department_id, after: { phone: maskedMobile(request.phone) } }, deps.newId)
    })
  }
  return { ok: true, userId }
}

