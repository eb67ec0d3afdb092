import { evenShares, isDate, isPhone, stratifiedSample, type RoundDetail } from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { adminScope, ownerOf, requireRoundAdmin } from '../auth/scope'
import { appendAudit, type Actor } from '../audit/log'
import { findRound } from '../db/repos/rounds'
import { AppError, badRequest, forbidden, notFound } from '../errors'
import { roundDetail } from './rounds'

/**
 * Setting a round up (admin): create it as a draft on its scope — every account running on the
 * last checkpoint within the admin's scope, or a stratified sample drawn with a stored seed —
 * share its accounts among inspectors, open it, close it. A closed round is read-only.
 */

export type RoundScopeInput = { kind: 'all' } | { kind: 'sample'; percent: number; seed?: number | undefined }

export interface CreateRoundInput {
  name: string
  catalogId: string
  checkpoints: string[]
  deadline: string
  contactName: string
  contactPhone: string
  scope: RoundScopeInput
}

function requireAdmin(user: SessionUser): void {
  if (user.role !== 'admin') throw forbidden('只有管理员可以设置检查批次')
}

export async function createRound(deps: Deps, user: SessionUser, actor: Actor, input: CreateRoundInput): Promise<RoundDetail & { accounts: number }> {
  requireAdmin(user)
  const name = input.name.trim()
  if (name === '' || name.length > 50) throw badRequest('NAME_INVALID', '批次名称不能为空，且不超过50个字')
  const catalog = await deps.db.selectFrom('catalogs').select('published_at').where('id', '=', input.catalogId).executeTakeFirst()
  if (!catalog) throw badRequest('CATALOG_UNKNOWN', '所选检查指标版本不存在')
  if (catalog.published_at === null) throw badRequest('CATALOG_DRAFT', '所选检查指标版本还未发布')
  const checkpoints = [...input.checkpoints]
  if (checkpoints.length === 0 || checkpoints.length > 6 || !checkpoints.every(isDate)) throw badRequest('CHECKPOINTS_INVALID', '请填写1至6个监测时间点，日期格式为 2024-06-25')
  const sorted = [...checkpoints].sort()
  if (new Set(sorted).size !== sorted.length) throw badRequest('CHECKPOINTS_INVALID', '监测时间点不能重复')
  const last = sorted[sorted.length - 1] as string
  if (!isDate(input.deadline) || input.deadline < last) throw badRequest('DEADLINE_INVALID', '整改期限应是不早于最后一个监测时间点的日期')
  if (input.contactName.trim() === '' || input.contactName.length > 32) throw badRequest('CONTACT_INVALID', '请填写联系人姓名')
  if (!isPhone(input.contactPhone)) throw badRequest('PHONE_INVALID', '联系电话格式不对，请填写手机号或带区号的座机号')
  const scopeInput = input.scope
  if (scopeInput.kind === 'sample' && (!Number.isInteger(scopeInput.percent) || scopeInput.percent < 1 || scopeInput.percent > 100)) {
    throw badRequest('SCOPE_INVALID', '抽查比例应为 1 到 100 之间的整数')
  }

  // Running on the last checkpoint: opened by then, and not yet suspended or closed by then.
  const scope = await adminScope(deps, user)
  let query = deps.db
    .selectFrom('accounts')
    .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
    .select(['accounts.id', 'accounts.name', 'accounts.platform', 'accounts.status', 'accounts.stop_notice_on', 'accounts.closed_on', 'accounts.opened_on', 'departments.host_level', 'departments.name as unit'])
  if (scope) query = query.where('accounts.host_department_id', 'in', [...scope])
  const all = await query.orderBy('departments.name').orderBy('accounts.name').execute()
  // Why an account is not running on the last checkpoint, or null when it is.
  const leftOut = (a: (typeof all)[number]): 'closed' | 'suspended' | 'notYetOpened' | null => {
    if (a.opened_on && a.opened_on > last) return 'notYetOpened'
    if (a.status === 'closed' && !(a.closed_on !== null && a.closed_on > last)) return 'closed'
    if (a.status === 'suspended' && !(a.stop_notice_on !== null && a.stop_notice_on > last)) return 'suspended'
    return null
  }
  const candidates = all.filter((a) => leftOut(a) === null)
  const left = all.filter((a) => leftOut(a) !== null)
  const reasonText = (a: (typeof all)[number]) => {
    const why = leftOut(a)
    if (why === 'notYetOpened') return `开设于${a.opened_on}，晚于最后一个监测时间点`
    if (why === 'closed') return a.closed_on ? `已于${a.closed_on}注销` : '已注销（日期未填）'
    return a.stop_notice_on ? `已于${a.stop_notice_on}停更` : '停更（公告日期未填）'
  }
  const leftInfo = {
    closed: left.filter((a) => leftOut(a) === 'closed').length,
    suspended: left.filter((a) => leftOut(a) === 'suspended').length,
    notYetOpened: left.filter((a) => leftOut(a) === 'notYetOpened').length,
    accounts: left.slice(0, 200).map((a) => ({ id: a.id, name: a.name, unit: a.unit, reason: reasonText(a) }))
  }
  if (candidates.length === 0) throw new AppError(409, 'SCOPE_EMPTY', '在最后一个监测时间点没有运行中的账号，无法创建批次')
  let chosen = candidates.map((a) => a.id)
  let stored: Record<string, unknown> = { kind: 'all', of: candidates.length, left: leftInfo }
  if (scopeInput.kind === 'sample') {
    const seed = scopeInput.seed ?? Math.floor(Math.random() * 2 ** 31)
    const drawn = stratifiedSample(
      candidates.map((a) => ({ id: a.id, stratum: `${a.host_level}|${a.platform}` })),
      scopeInput.percent,
      seed
    )
    chosen = drawn.ids
    stored = { kind: 'sample', percent: scopeInput.percent, seed, of: candidates.length, strata: drawn.strata, left: leftInfo }
  }

  const id = `r-${deps.newId()}`
  const now = deps.now()
  // Read before the transaction: on SQLite the transaction holds the one connection.
  const owner = await ownerOf(deps, user)
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('rounds')
      .values({ id, name, catalog_id: input.catalogId, deadline: input.deadline, contact_name: input.contactName.trim(), contact_phone: input.contactPhone.trim(), state: 'draft', created_at: now.toISOString(), scope: JSON.stringify(stored), created_by: user.id, department_id: owner })
      .execute()
    await trx.insertInto('checkpoints').values(sorted.map((date, i) => ({ id: `${id}-cp${i + 1}`, round_id: id, seq: i + 1, date }))).execute()
    for (let i = 0; i < chosen.length; i += 500) {
      await trx.insertInto('round_accounts').values(chosen.slice(i, i + 500).map((accountId) => ({ round_id: id, account_id: accountId, inspector_id: null }))).execute()
    }
    await appendAudit(trx, actor, now, { action: 'round.create', entity: 'round', entityId: id, departmentId: user.departmentId, after: { name, scope: { ...stored, left: { closed: leftInfo.closed, suspended: leftInfo.suspended, notYetOpened: leftInfo.notYetOpened } }, accounts: chosen.length } }, deps.newId)
  })
  return { ...(await roundDetail(deps, id)), accounts: chosen.length }
}

async function editableRound(deps: Deps, user: SessionUser, roundId: string) {
  requireAdmin(user)
  const round = await findRound(deps.db, roundId)
  if (!round) throw notFound('检查批次')
  // A district admin runs the district's own rounds, not the city's.
  await requireRoundAdmin(deps, user, round)
  if (round.state === 'closed') throw new AppError(409, 'ROUND_CLOSED', '该检查批次已结束，只能查看')
  return round
}

export type AssignmentInput = { mode: 'even'; inspectorIds: string[] } | { mode: 'manual'; items: { accountId: string; inspectorId: string }[] }

/** POST /rounds/:id/assignments: shares the round's accounts out (even, a department with one inspector) or sets them one by one. */
export async function assignRound(deps: Deps, user: SessionUser, actor: Actor, roundId: string, input: AssignmentInput): Promise<{ assigned: number; byInspector: Record<string, number> }> {
  await editableRound(deps, user, roundId)
  const inspectorIds = input.mode === 'even' ? [...new Set(input.inspectorIds)] : [...new Set(input.items.map((i) => i.inspectorId))]
  if (inspectorIds.length === 0) throw badRequest('INSPECTORS_REQUIRED', '请至少选择一名检查员')
  const inspectors = await deps.db.selectFrom('users').select('id').where('id', 'in', inspectorIds).where('role', '=', 'inspector').where('active', '=', 1).execute()
  if (inspectors.length !== inspectorIds.length) throw badRequest('INSPECTOR_UNKNOWN', '所选人员中有人不是在用的检查员')
  const accounts = await deps.db
    .selectFrom('round_accounts')
    .innerJoin('accounts', 'accounts.id', 'round_accounts.account_id')
    .select(['round_accounts.account_id as id', 'accounts.host_department_id as departmentId'])
    .where('round_accounts.round_id', '=', roundId)
    .execute()
  let shares: Map<string, string>
  if (input.mode === 'even') shares = evenShares(accounts, inspectorIds)
  else {
    const inRound = new Set(accounts.map((a) => a.id))
    const outside = input.items.find((i) => !inRound.has(i.accountId))
    if (outside) throw badRequest('ACCOUNT_NOT_IN_ROUND', `账号 ${outside.accountId} 不在本批次的检查范围内`)
    shares = new Map(input.items.map((i) => [i.accountId, i.inspectorId]))
  }
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    for (const inspectorId of inspectorIds) {
      const ids = [...shares].filter(([, who]) => who === inspectorId).map(([accountId]) => accountId)
      for (let i = 0; i < ids.length; i += 500) {
        await trx.updateTable('round_accounts').set({ inspector_id: inspectorId }).where('round_id', '=', roundId).where('account_id', 'in', ids.slice(i, i + 500)).execute()
      }
    }
    await appendAudit(trx, actor, now, { action: 'round.assign', entity: 'round', entityId: roundId, departmentId: user.departmentId, after: { mode: input.mode, accounts: shares.size, inspectors: inspectorIds } }, deps.newId)
  })
  const byInspector = Object.fromEntries(inspectorIds.map((id) => [id, [...shares.values()].filter((who) => who === id).length]))
  return { assigned: shares.size, byInspector }
}

/** POST /rounds/:id/open and /close: draft → open → closed. */
export async function moveRound(deps: Deps, user: SessionUser, actor: Actor, roundId: string, to: 'open' | 'closed'): Promise<RoundDetail> {
  const round = await editableRound(deps, user, roundId)
  if (to === 'open' && round.state !== 'draft') throw new AppError(409, 'ROUND_STATE', '只有草稿状态的批次可以开始')
  if (to === 'closed' && round.state !== 'open') throw new AppError(409, 'ROUND_STATE', '只有进行中的批次可以结束')
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    const moved = await trx.updateTable('rounds').set({ state: to }).where('id', '=', roundId).where('state', '=', round.state).executeTakeFirst()
    if (Number(moved.numUpdatedRows) !== 1) throw new AppError(409, 'ROUND_STATE', '批次状态已被他人修改，请刷新')
    await appendAudit(trx, actor, now, { action: to === 'open' ? 'round.open' : 'round.close', entity: 'round', entityId: roundId, departmentId: user.departmentId, before: { state: round.state }, after: { state: to } }, deps.newId)
  })
  return roundDetail(deps, roundId)
}
