import ExcelJS from 'exceljs'
import { writeWorkbook } from '../documents/safe-text'
import { sql, type Kysely } from 'kysely'
import { pinyin } from 'pinyin-pro'
import { ACCOUNT_STATUS_LABELS, accountStatusText, competentUnitId, platformKind, platformName, REGISTRY_FIELDS, registryFinding, type AccountStatus, type Platform, type RegistryAccount, type RegistryAccountDetail, type RegistryUnit } from '../../src/core'
import type { Deps } from '../deps'
import { cleanQuery, isLatinQuery, namePatterns } from '../db/repos/name-search'
import type { SessionUser } from '../auth/session'
import { visibleDepartments, within } from '../auth/scope'
import { appendAudit, type Actor } from '../audit/log'
import type { Database } from '../db/schema'
import { subtreeIds } from '../db/repos/departments'
import { AppError, badRequest, forbidden, notFound } from '../errors'
import { XLSX_MIME } from './export'
import { accountHistories } from './repeat-offenders'

export { XLSX_MIME }

/**
 * The registry as the office reads it: the department tree with account counts, accounts found
 * by name, unit, pinyin initials or an abbreviation, the export in the import's layout, and an
 * account's lifecycle (运行 → 停更 → 注销, renames), each change dated and audited.
 */

/** "wxcg wuxichengguan": the initials and the full pinyin of a name, for search. */
export function searchKey(text: string): string {
  const chinese = text.normalize('NFKC')
  const initials = pinyin(chinese, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('')
  const full = pinyin(chinese, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('')
  return `${initials.replace(/\s+/g, '')} ${full.replace(/\s+/g, '')}`.toLowerCase()
}

/** Fills the search keys of accounts and units that have none (new rows, or rows from before keys existed). */
export async function fillSearchKeys(db: Kysely<Database>): Promise<number> {
  let filled = 0
  for (const table of ['accounts', 'departments'] as const) {
    for (;;) {
      const rows = await db.selectFrom(table).select(['id', 'name']).where('search_key', 'is', null).limit(500).execute()
      if (rows.length === 0) break
      await db.transaction().execute(async (trx) => {
        for (const r of rows) await trx.updateTable(table).set({ search_key: searchKey(r.name) }).where('id', '=', r.id).execute()
      })
      filled += rows.length
    }
  }
  return filled
}

function requireReader(user: SessionUser): void {
  if (user.role !== 'admin' && user.role !== 'leader') throw forbidden('只有管理员和领导可以查看台账')
}

const zero = (): Record<AccountStatus, number> => ({ active: 0, suspended: 0, closed: 0 })

/** GET /registry/departments: the tree within the caller's scope, each unit with its counts. */
export async function registryTree(deps: Deps, user: SessionUser): Promise<{ items: RegistryUnit[]; total: number }> {
  requireReader(user)
  const visible = await visibleDepartments(deps, user)
  let units = deps.db.selectFrom('departments').select(['id', 'parent_id', 'name', 'level', 'host_level'])
  if (visible) units = units.where('id', 'in', visible.size ? [...visible] : [''])
  const rows = await units.orderBy('name').execute()
  const counts = await deps.db
    .selectFrom('accounts')
    .select(['host_department_id', 'status', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.count('stop_notice_on').as('noticed')])
    .groupBy(['host_department_id', 'status'])
    .execute()
  const byId = new Map<string, RegistryUnit>(
    rows.map((r) => [r.id, { id: r.id, parentId: r.parent_id, name: r.name, level: r.level, hostLevel: r.host_level, own: zero(), total: zero(), findings: { own: 0, total: 0 } }])
  )
  for (const c of counts) {
    const unit = byId.get(c.host_department_id)
    if (!unit || !(c.status in unit.own)) continue
    unit.own[c.status as AccountStatus] += Number(c.n)
    // Closed or suspended accounts without a stop-update notice date: registryFinding's rule, counted.
    if (c.status === 'closed' || c.status === 'suspended') unit.findings.own += Number(c.n) - Number(c.noticed)
  }
  for (const unit of byId.values()) {
    for (let cur: RegistryUnit | undefined = unit; cur; cur = cur.parentId ? byId.get(cur.parentId) : undefined) {
      for (const s of ['active', 'suspended', 'closed'] as const) cur.total[s] += unit.own[s]
      cur.findings.total += unit.findings.own
    }
  }
  return { items: [...byId.values()], total: byId.size }
}

const ACCOUNT_COLUMNS = [
  'accounts.id',
  'accounts.name',
  'accounts.platform',
  'accounts.platform_detail',
  'accounts.platform_ref',
  'accounts.status',
  'accounts.stop_notice_on',
  'accounts.closed_on',
  'accounts.operator',
  'accounts.contact',
  'accounts.registry_no',
  'accounts.opened_on',
  'departments.id as department_id',
  'departments.name as department_name'
] as const

interface AccountRow {
  id: string
  name: string
  platform: string
  platform_detail: string
  platform_ref: string
  status: string
  stop_notice_on: string | null
  closed_on: string | null
  operator: string
  contact: string
  registry_no: string
  opened_on: string
  department_id: string
  department_name: string
}

function toRegistryAccount(r: AccountRow): RegistryAccount {
  const status = r.status as AccountStatus
  return {
    id: r.id,
    name: r.name,
    platform: r.platform as Platform,
    platformDetail: r.platform_detail,
    platformName: platformName(r.platform, r.platform_detail),
    statusText: accountStatusText({ status, stopNoticeDate: r.stop_notice_on, closedOn: r.closed_on }),
    platformRef: r.platform_ref,
    status,
    stopNoticeDate: r.stop_notice_on,
    closedOn: r.closed_on,
    department: { id: r.department_id, name: r.department_name },
    operator: r.operator,
    phone: r.contact,
    registryNo: r.registry_no,
    openedOn: r.opened_on,
    finding: registryFinding({ status, stopNoticeDate: r.stop_notice_on })
  }
}

interface AccountQuery {
  q: string | null
  departmentId: string | null
  status: AccountStatus | null
  platform: Platform | null
  /** Only accounts with a registry finding (closed without a stop-update notice). */
  findings?: boolean
  offset: number
  limit: number
}

/** Every character of the query in order, anything between: 「卫健」 finds 卫生健康委员会. */

/**
 * GET /registry/accounts: by name or unit (a substring, or the characters in order for an
 * abbreviation), or by pinyin (initials 「wxcg」 or full); within the caller's scope, a unit with
 * its sub-units. Substring matches of the name come first.
 */
export async function searchRegistry(deps: Deps, user: SessionUser, f: AccountQuery): Promise<{ items: RegistryAccount[]; total: number }> {
  requireReader(user)
  const visible = await visibleDepartments(deps, user)
  let only: string[] | null = visible ? [...visible] : null
  if (f.departmentId) {
    if (visible && !visible.has(f.departmentId)) throw forbidden('只能查看本辖区的台账')
    only = await subtreeIds(deps.db, f.departmentId)
  }
  const q = f.q ? cleanQuery(f.q) : ''
  let query = deps.db.selectFrom('accounts').innerJoin('departments', 'departments.id', 'accounts.host_department_id')
  if (only) query = query.where('accounts.host_department_id', 'in', only.length ? only : [''])
  if (f.status) query = query.where('accounts.status', '=', f.status)
  if (f.platform) query = query.where('accounts.platform', '=', f.platform)
  if (f.findings) query = query.where('accounts.status', 'in', ['closed', 'suspended']).where('accounts.stop_notice_on', 'is', null)
  if (q) {
    const { names, keys } = namePatterns(q)
    query = query.where((eb) =>
      isLatinQuery(q)
        ? eb.or([...keys.flatMap((p) => [eb('accounts.search_key', 'like', p), eb('departments.search_key', 'like', p)]), eb('accounts.platform_ref', 'like', `%${q}%`)])
        : eb.or(names.flatMap((p) => [eb('accounts.name', 'like', p), eb('departments.name', 'like', p)]))
    )
  }
  // Substring matches of the name first (a constant would be read as a column number).
  const rank = sql<number>`case when ${sql.ref('accounts.name')} like ${`%${q}%`} then 0 else 1 end`
  const [rows, count] = await Promise.all([
    query
      .select(ACCOUNT_COLUMNS)
      .orderBy(rank)
      .orderBy('accounts.name')
      .orderBy('accounts.id')
      .offset(f.offset)
      .limit(f.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()
  ])
  return {
    total: Number(count.n),
    items: rows.map(toRegistryAccount)
  }
}

/** The platform as the export writes it: the kind's name, or 「其他（人民号）」 for a word no kind knows, which reads back the same. */
function platformExportWord(platform: string, detail: string): string {
  const name = platformName(platform, detail)
  return platformKind(platform, detail) === 'other' && name !== '其他' ? `其他（${name}）` : name
}

const LEVEL_OF: Record<string, string> = { 'city-dept': '市级', city: '市级', district: '县(市、区)', 'district-dept': '县(市、区)', town: '镇(街道)', other: '其他' }

/** GET /registry/export.xlsx: the registry within the caller's scope, in the import's layout (it imports back unchanged). */
export async function exportRegistry(deps: Deps, user: SessionUser, actor: Actor): Promise<{ filename: string; bytes: Buffer; rows: number }> {
  requireReader(user)
  const visible = await visibleDepartments(deps, user)
  let query = deps.db
    .selectFrom('accounts')
    .innerJoin('departments as d', 'd.id', 'accounts.host_department_id')
    .select([
      'accounts.name',
      'accounts.platform',
      'accounts.platform_detail',
      'accounts.platform_ref',
      'accounts.status',
      'accounts.stop_notice_on',
      'accounts.closed_on',
      'accounts.operator',
      'accounts.contact',
      'accounts.registry_no',
      'accounts.opened_on',
      'd.name as unit',
      'd.level',
      'd.host_level',
      'd.id as department_id'
    ])
  if (visible) query = query.where('accounts.host_department_id', 'in', visible.size ? [...visible] : [''])
  const [rows, tree] = await Promise.all([query.orderBy('d.name').orderBy('accounts.name').execute(), deps.db.selectFrom('departments').select(['id', 'parent_id', 'name', 'level']).execute()])
  const byId = new Map(tree.map((d) => [d.id, d]))
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('账号台账')
  sheet.addRow(REGISTRY_FIELDS.map((f) => f.label))
  sheet.getRow(1).font = { bold: true }
  for (const r of rows) {
    sheet.addRow([
      r.name,
      platformExportWord(r.platform, r.platform_detail),
      r.unit,
      // The unit a host reports to (competentUnitId); a unit right under the city (or at the top) is its own.
      byId.get(competentUnitId(r.department_id, byId))?.name ?? r.unit,
      r.host_level === 'city' ? '市级' : (LEVEL_OF[r.level] ?? '其他'),
      r.platform_ref,
      ACCOUNT_STATUS_LABELS[r.status as AccountStatus] ?? r.status,
      r.stop_notice_on ?? '',
      r.closed_on ?? '',
      r.operator,
      r.contact,
      r.registry_no,
      r.opened_on
    ])
  }
  sheet.columns.forEach((c, i) => (c.width = i === 0 || i === 2 || i === 3 ? 28 : 16))
  const today = deps.now().toISOString().slice(0, 10)
  await appendAudit(deps.db, actor, deps.now(), { action: 'export.registry', entity: 'registry', entityId: today, departmentId: user.departmentId, after: { rows: rows.length } }, deps.newId)
  return { filename: `政务新媒体账号台账-${today}.xlsx`, bytes: await writeWorkbook(book), rows: rows.length }
}

/** GET /registry/accounts/:id: one account with its dated changes. */
export async function registryAccount(deps: Deps, user: SessionUser, accountId: string): Promise<RegistryAccountDetail> {
  requireReader(user)
  const account = await loadAccount(deps.db, accountId)
  const visible = await visibleDepartments(deps, user)
  if (!within(visible, account.department.id)) throw notFound('账号')
  const events = await deps.db
    .selectFrom('account_events')
    .leftJoin('users', 'users.id', 'account_events.actor_id')
    .select(['account_events.at', 'account_events.on_date', 'account_events.kind', 'account_events.detail', 'users.name'])
    .where('account_events.account_id', '=', accountId)
    .orderBy('account_events.at', 'desc')
    .execute()
  const { histories } = await accountHistories(deps, [accountId])
  return {
    ...account,
    events: events.map((e) => ({ at: e.at, onDate: e.on_date, kind: e.kind, detail: JSON.parse(e.detail), actor: e.name })),
    rounds: (histories.get(accountId) ?? []).filter((r) => r.verdict !== null || r.failedCodes.length > 0)
  }
}

async function loadAccount(db: Kysely<Database>, accountId: string): Promise<RegistryAccount> {
  const r = await db
    .selectFrom('accounts')
    .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
    .select(ACCOUNT_COLUMNS)
    .where('accounts.id', '=', accountId)
    .executeTakeFirst()
  if (!r) throw notFound('账号')
  return toRegistryAccount(r)
}

export interface AccountChange {
  name?: string | undefined
  status?: AccountStatus | undefined
  /** The stop-update notice's date (停更), or the day it was closed (注销); default today. */
  date?: string | undefined
}

/**
 * POST /registry/accounts/:id (admin): a rename, or a step of the lifecycle — 运行 → 停更 (with
 * the notice's date) → 注销, 停更 → 运行 when updates resume. A closed account stays closed
 * (a new registration is a new account). Each change is dated, and audited with before and after.
 */
export async function changeAccount(deps: Deps, user: SessionUser, actor: Actor, accountId: string, change: AccountChange): Promise<RegistryAccountDetail> {
  if (user.role !== 'admin') throw forbidden('只有管理员可以修改台账')
  const account = await loadAccount(deps.db, accountId)
  const visible = await visibleDepartments(deps, user)
  if (!within(visible, account.department.id)) throw notFound('账号')
  const name = change.name?.trim()
  if (change.name !== undefined && (!name || name.length > 100)) throw badRequest('NAME_INVALID', '账号名称不能为空，且不超过100个字')
  const today = deps.now().toISOString().slice(0, 10)
  const date = change.date ?? today
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw badRequest('DATE_INVALID', '日期格式应为 2024-07-19')
  if (date > today) throw badRequest('DATE_IN_FUTURE', '日期不能晚于今天')
  const status = change.status
  if (account.status === 'closed' && (status !== undefined || name !== undefined)) throw new AppError(409, 'ACCOUNT_CLOSED', '该账号已注销，不能再修改；重新开设请作为新账号导入')
  if (status === 'suspended' && change.date === undefined) throw badRequest('STOP_NOTICE_DATE_MISSING', '停更需填写停更公告日期')
  // Nothing to change (the same status, the same name): nothing is written, not even an audit line.
  if ((status === undefined || status === account.status) && (name === undefined || name === account.name)) throw new AppError(409, 'ACCOUNT_UNCHANGED', status !== undefined ? '账号状态没有变化' : '账号信息没有变化')
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    const event = async (kind: string, onDate: string, detail: Record<string, unknown>) => {
      await trx.insertInto('account_events').values({ id: deps.newId(), account_id: accountId, at: now.toISOString(), on_date: onDate, kind, detail: JSON.stringify(detail), actor_id: actor.id, import_id: null }).execute()
    }
    const set: Partial<{ name: string; search_key: string; status: string; stop_notice_on: string | null; closed_on: string | null; updated_at: string }> = { updated_at: now.toISOString() }
    if (name !== undefined && name !== account.name) {
      set.name = name
      set.search_key = searchKey(name)
      await event('renamed', today, { name: [account.name, name] })
    }
    if (status !== undefined && status !== account.status) {
      set.status = status
      if (status === 'suspended') set.stop_notice_on = date
      if (status === 'closed') set.closed_on = date
      if (status === 'active') set.stop_notice_on = null
      const kind = status === 'suspended' ? 'suspended' : status === 'closed' ? 'closed' : 'reopened'
      // Closing without a stop-update notice first skips a step the rules require: the event says so.
      const withoutNotice = status === 'closed' && account.status !== 'suspended'
      await event(kind, date, { status: [account.status, status], ...(withoutNotice ? { withoutStopNotice: true } : {}) })
    }
    await trx.updateTable('accounts').set(set).where('id', '=', accountId).execute()
    await appendAudit(
      trx,
      actor,
      now,
      { action: 'account.update', entity: 'account', entityId: accountId, departmentId: account.department.id, before: { name: account.name, status: account.status }, after: { name: name ?? account.name, status: status ?? account.status, date } },
      deps.newId
    )
  })
  return registryAccount(deps, user, accountId)
}
