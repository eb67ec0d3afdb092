import { countByKind, platformName, registryKeys, rowPosition, type RegistryRow } from '../../src/core'
import type { RegistryImportChanges, RegistryImportPreview } from '../../src/core'
import ExcelJS from 'exceljs'
import { writeWorkbook } from '../documents/safe-text'
import { lockFor } from '../db/locks'
import type { Kysely } from 'kysely'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { adminScope, requireLocalUnit } from '../auth/scope'
import { appendAudit, type Actor } from '../audit/log'
import type { Database } from '../db/schema'
import { AppError, forbidden, notFound } from '../errors'
import { searchKey } from './registry'
import { nearDuplicateUnits, normUnit, parseMappingOverride, parseMerges, parseValueMapping, readPlan, type Plan } from './registry-plan'
import { planUnits, treeLevelLabel, type DepartmentNode, type UnitPlan } from './registry-units'

/**
 * Registry import (admin): a workbook becomes a plan (registry-plan.ts) — rows read through the
 * column and value mappings, the errors of each row — and the plan meets the registry: which
 * accounts it creates, updates or leaves, which units it creates or re-levels (registry-units.ts),
 * the accounts of the admin's scope missing from the file, and the figures the registry will
 * print. The dry run writes only the plan; commit applies it in one transaction, all or nothing,
 * and refuses while any row has an error.
 */

export type ImportPreview = RegistryImportPreview
export { parseMappingOverride }

const MAX_ERRORS_SHOWN = 1000

function requireAdmin(user: SessionUser): void {
  if (user.role !== 'admin') throw forbidden('只有管理员可以导入台账')
}

interface ExistingAccount {
  id: string
  name: string
  platform: string
  platform_detail: string
  platform_ref: string
  host_department_id: string
  operator: string
  contact: string
  status: string
  stop_notice_on: string | null
  closed_on: string | null
  registry_no: string
  opened_on: string
  unit: string
}

/** The units an import may use and create under: the admin's district, or the whole tree. */
async function scopeTree(db: Kysely<Database>, scope: Set<string> | null): Promise<{ root: DepartmentNode | null; units: DepartmentNode[] }> {
  let query = db.selectFrom('departments').select(['id', 'parent_id', 'name', 'level', 'host_level'])
  if (scope) query = query.where('id', 'in', [...scope])
  const units = await query.execute()
  const roots = scope ? units.filter((u) => !u.parent_id || !scope.has(u.parent_id)) : units.filter((u) => u.parent_id === null)
  return { root: roots.length === 1 ? (roots[0] as DepartmentNode) : null, units }
}

async function accountsInScope(db: Kysely<Database>, scope: Set<string> | null): Promise<ExistingAccount[]> {
  let query = db
    .selectFrom('accounts')
    .innerJoin('departments', 'departments.id', 'accounts.host_department_id')
    .select([
      'accounts.id',
      'accounts.name',
      'accounts.platform',
      'accounts.platform_detail',
      'accounts.platform_ref',
      'accounts.host_department_id',
      'accounts.operator',
      'accounts.contact',
      'accounts.status',
      'accounts.stop_notice_on',
      'accounts.closed_on',
      'accounts.registry_no',
      'accounts.opened_on',
      'departments.name as unit'
    ])
  if (scope) query = query.where('accounts.host_department_id', 'in', [...scope])
  return query.orderBy('accounts.id').execute()
}

/** What the plan does to the registry as it stands now. */
interface Actions {
  items: { row: RegistryRow; existing: ExistingAccount | null; changed: string[] }[]
  missing: ExistingAccount[]
}

function keyOfExisting(a: ExistingAccount) {
  return registryKeys({ platform: a.platform as RegistryRow['platform'], platformDetail: a.platform_detail, platformRef: a.platform_ref, name: a.name })
}

function matchActions(rows: RegistryRow[], existing: ExistingAccount[], unitIdOf: (row: RegistryRow) => string | null): Actions {
  const byRef = new Map<string, ExistingAccount>()
  const byName = new Map<string, ExistingAccount>()
  for (const a of existing) {
    const k = keyOfExisting(a)
    if (k.byRef && !byRef.has(k.byRef)) byRef.set(k.byRef, a)
    if (!byName.has(k.byName)) byName.set(k.byName, a)
  }
  const used = new Set<string>()
  const items = rows.map((row) => {
    const k = registryKeys(row)
    let match = k.byRef ? byRef.get(k.byRef) : undefined
    if (!match) {
      const named = byName.get(k.byName)
      // A name match with a different ID is another account of the same name.
      if (named && (named.platform_ref === '' || row.platformRef === '' || keyOfExisting(named).byRef === k.byRef)) match = named
    }
    if (match && used.has(match.id)) match = undefined
    if (match) used.add(match.id)
    return { row, existing: match ?? null, changed: match ? changedFields(match, row, unitIdOf(row)) : [] }
  })
  const missing = existing.filter((a) => !used.has(a.id) && a.status !== 'closed')
  return { items, missing }
}

function changedFields(a: ExistingAccount, row: RegistryRow, unitId: string | null): string[] {
  const changed: string[] = []
  if (a.name !== row.name) changed.push('name')
  if (platformName(a.platform, a.platform_detail) !== platformName(row.platform, row.platformDetail)) changed.push('platform')
  if (row.platformRef !== '' && a.platform_ref !== row.platformRef) changed.push('platformRef')
  // A unit not yet in the tree is a move to it.
  if (unitId === null || a.host_department_id !== unitId) changed.push('hostUnit')
  if (row.operator !== '' && a.operator !== row.operator) changed.push('operator')
  if (row.phone !== '' && a.contact !== row.phone) changed.push('phone')
  if (a.status !== row.status) changed.push('status')
  if (row.stopNoticeDate !== null && a.stop_notice_on !== row.stopNoticeDate) changed.push('stopNoticeDate')
  if (row.closedOn !== null && a.closed_on !== row.closedOn) changed.push('closedOn')
  if (row.registryNo !== '' && a.registry_no !== row.registryNo) changed.push('registryNo')
  if (row.openedOn !== null && a.opened_on !== row.openedOn) changed.push('openedOn')
  return changed
}

function preview(id: string, plan: Plan, planned: Planned | null, committed: boolean, extraErrors: Plan['errors'] = []): ImportPreview {
  const items = planned?.actions.items ?? []
  const errors = [...plan.errors, ...extraErrors]
  const running = items.filter((i) => i.row.status === 'active')
  const hostLevelOf = (r: RegistryRow) => (planned?.units.unitOf(r).host_level === 'city' ? 'city' : 'local')
  const mergedNames = new Set(Object.keys(plan.merges ?? {}))
  return {
    id,
    filename: plan.filename,
    headerRow: plan.headerRow,
    columns: plan.columns,
    sheets: plan.sheets,
    total: plan.total,
    errors: errors.slice(0, MAX_ERRORS_SHOWN),
    skipped: plan.skipped.slice(0, 200),
    skippedCount: plan.skippedCount,
    unknownValues: plan.unknownValues,
    values: plan.values,
    breakdown: {
      running: running.length,
      byHostLevel: { city: running.filter((i) => hostLevelOf(i.row) === 'city').length, local: running.filter((i) => hostLevelOf(i.row) === 'local').length },
      byPlatform: countByKind(running.map((i) => ({ platform: i.row.platform, platformDetail: i.row.platformDetail }))),
      suspended: items.filter((i) => i.row.status === 'suspended').length,
      closed: items.filter((i) => i.row.status === 'closed').length
    },
    units: planned
      ? [...planned.units.creates, ...planned.units.relevels].map((u) => ({
          name: u.name,
          action: u.action === 'create' ? 'create' : 'relevel',
          level: u.level,
          levelLabel: treeLevelLabel(u.level),
          hostLevel: u.host_level === 'city' ? 'city' : 'local',
          parent: u.parent_id ? (planned.nameOf(u.parent_id) ?? null) : null
        }))
      : [],
    nearDuplicates: [
      ...(planned?.nearDuplicates ?? []).map((p) => ({ ...p, merged: false })),
      ...Object.entries(plan.merges ?? {}).map(([from, to]) => ({ name: from, like: to, merged: true }))
    ].filter((p, i, all) => p.merged || (!mergedNames.has(normUnit(p.name)) && all.findIndex((q) => q.name === p.name && q.like === p.like) === i)),
    changes: {
      created: items.filter((i) => !i.existing).length,
      updated: items.filter((i) => i.existing && i.changed.length > 0).length,
      unchanged: items.filter((i) => i.existing && i.changed.length === 0).length,
      closed: planned?.actions.missing.length ?? 0
    },
    missing: (planned?.actions.missing ?? []).slice(0, 500).map((a) => ({ id: a.id, name: a.name, platform: a.platform, unit: a.unit })),
    sample: items.slice(0, 200).map((i) => ({ sheet: i.row.sheet, row: i.row.row, action: !i.existing ? 'create' : i.changed.length ? 'update' : 'unchanged', name: i.row.name, changed: i.changed })),
    committed
  }
}

interface Planned {
  actions: Actions
  units: UnitPlan
  nameOf: (id: string) => string | undefined
  nearDuplicates: { name: string; like: string }[]
}

/** The plan against the registry as it stands: units found, created or re-levelled, and what each row does. */
async function planActions(db: Kysely<Database>, scope: Set<string> | null, plan: Plan, newId: () => string): Promise<Planned> {
  const [{ root, units }, existing] = await Promise.all([scopeTree(db, scope), accountsInScope(db, scope)])
  const unitPlan = planUnits(plan.rows, units, root, { district: scope !== null, newId })
  const placed = plan.rows.filter((r) => !unitPlan.errors.some((e) => e.sheet === r.sheet && e.row === r.row))
  const actions = matchActions(placed, existing, (row) => {
    const u = unitPlan.unitOf(row)
    return u.action === 'create' ? null : u.id
  })
  const names = new Map([...units, ...unitPlan.creates].map((u) => [u.id, u.name]))
  const fileNames = new Set(plan.rows.flatMap((r) => [normUnit(r.hostUnit), normUnit(r.competentUnit)]))
  const nearDuplicates = nearDuplicateUnits([...plan.rows.flatMap((r) => (r.competentUnit ? [r.hostUnit, r.competentUnit] : [r.hostUnit])), ...units.map((u) => u.name)]).filter(
    (p) => fileNames.has(normUnit(p.name)) || fileNames.has(normUnit(p.like))
  )
  return { actions, units: unitPlan, nameOf: (id) => names.get(id), nearDuplicates }
}

let idCounter = 0
const previewId = () => `preview-${++idCounter}`

/** POST /registry/imports: the dry run. Writes the plan only. */
export async function dryRunImport(
  deps: Deps,
  user: SessionUser,
  file: { filename: string; bytes: Buffer },
  mapping: string | undefined,
  options: { values?: string; merges?: string } = {}
): Promise<ImportPreview> {
  requireAdmin(user)
  const override = parseMappingOverride(mapping)
  const values = parseValueMapping(options.values)
  const merges = parseMerges(options.merges)
  const plan = await readPlan(file.filename, file.bytes, override, values, merges)
  const scope = await adminScope(deps, user)
  const planned = await planActions(deps.db, scope, plan, previewId)
  // Errors that come from the scope (a city-level unit in a district admin's file) are the plan's own.
  plan.errors.push(...planned.units.errors)
  const id = `imp-${deps.newId()}`
  const stored = JSON.stringify(plan)
  if (stored.length > IMPORT_LIMITS.planChars) throw new AppError(413, 'IMPORT_PLAN_TOO_LARGE', '这份表格的导入计划过大，请分批导入（每次不超过 1 万行）')
  await deps.db
    .insertInto('registry_imports')
    .values({ id, created_by: user.id, created_at: deps.now().toISOString(), filename: file.filename.slice(0, 200), scope_department_id: user.departmentId, plan: stored, committed_at: null, result: null })
    .execute()
  return preview(id, plan, planned, false)
}

async function loadImport(deps: Deps, user: SessionUser, id: string) {
  requireAdmin(user)
  const row = await deps.db.selectFrom('registry_imports').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || row.created_by !== user.id) throw notFound('导入记录')
  const plan = JSON.parse(row.plan) as Plan
  return { row, plan: { ...plan, sheets: plan.sheets ?? [], skipped: plan.skipped ?? [], skippedCount: plan.skippedCount ?? 0, unknownValues: plan.unknownValues ?? [], values: plan.values ?? {}, merges: plan.merges ?? {} } }
}

export async function getImport(deps: Deps, user: SessionUser, id: string): Promise<ImportPreview> {
  const { row, plan } = await loadImport(deps, user, id)
  const planned = await planActions(deps.db, await adminScope(deps, user), plan, previewId)
  const known = new Set(plan.errors.map((e) => `${e.sheet}|${e.row}|${e.code}`))
  return preview(id, plan, planned, row.committed_at !== null, planned.units.errors.filter((e) => !known.has(`${e.sheet}|${e.row}|${e.code}`)))
}

/**
 * GET /registry/imports/:id/errors.xlsx: the rows with errors as they were read, the header row on
 * top and a reason column last, to fix and import again. Header problems come as one row saying so.
 */
export async function errorWorkbook(deps: Deps, user: SessionUser, id: string): Promise<{ filename: string; bytes: Buffer; rows: number }> {
  const { plan } = await loadImport(deps, user, id)
  const key = (sheet: string | undefined, row: number) => `${sheet ?? ''}|${row}`
  const reasons = new Map<string, string[]>()
  for (const e of plan.errors) reasons.set(key(e.sheet, e.row), [...(reasons.get(key(e.sheet, e.row)) ?? []), e.column ? `${e.column}：${e.message}` : e.message])
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('错误行')
  const width = Math.max(plan.headers.length, ...plan.faulty.map((f) => f.cells.length))
  const pad = (cells: string[]) => [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')]
  sheet.addRow([...pad(plan.headers), '错误原因', '原表位置'])
  sheet.getRow(1).font = { bold: true }
  const headerErrors = plan.errors.filter((e) => e.code === 'FIELD_NOT_MAPPED' || e.code === 'FIELD_MAPPED_TWICE')
  for (const e of headerErrors) sheet.addRow([...pad([]), e.column ? `${e.column}：${e.message}` : e.message, rowPosition(e.sheet ?? '', e.row)])
  for (const f of plan.faulty) sheet.addRow([...pad(f.cells), (reasons.get(key(f.sheet, f.row)) ?? []).join('；'), rowPosition(f.sheet ?? '', f.row)])
  sheet.getColumn(width + 1).width = 60
  const base = plan.filename.replace(/\.(xlsx|xls|et|csv)$/i, '')
  return { filename: `${base}-错误行.xlsx`, bytes: await writeWorkbook(book), rows: plan.faulty.length + headerErrors.length }
}

/** A stored plan's budget (characters of its JSON): far above a 20,000-row registry's, far below a row the database chokes on. */
export const IMPORT_LIMITS = { planChars: 16 * 1024 * 1024 }

export type CommitResult = RegistryImportChanges

/**
 * POST /registry/imports/:id/commit: applies the plan against the registry as it is now, in one
 * transaction. `closeMissing` closes (注销) the accounts of the scope the file does not list.
 * No date is invented: a row closed without a 注销日期 stays closed with no date.
 */
export async function commitImport(deps: Deps, user: SessionUser, actor: Actor, id: string, opts: { closeMissing: boolean }): Promise<CommitResult> {
  const { row: record, plan } = await loadImport(deps, user, id)
  if (record.committed_at !== null) throw new AppError(409, 'IMPORT_COMMITTED', '这份导入已经提交过了')
  if (plan.errors.length > 0) throw new AppError(409, 'IMPORT_HAS_ERRORS', `还有 ${plan.errors.length} 处错误，请修正后重新导入`)
  const scope = await adminScope(deps, user)
  const now = deps.now()
  const at = now.toISOString()
  const today = at.slice(0, 10)
  return deps.db.transaction().execute(async (trx) => {
    // One commit at a time, in every process: two commits of two previews of one file must end as one would.
    await lockFor(trx, 'registry-commit')
    // Taken inside the transaction: the plan meets the registry as it is at commit.
    const claimed = await trx.updateTable('registry_imports').set({ committed_at: at }).where('id', '=', id).where('committed_at', 'is', null).executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError(409, 'IMPORT_COMMITTED', '这份导入已经提交过了')
    const { actions, units } = await planActions(trx, scope, plan, deps.newId)
    if (units.errors.length > 0) throw new AppError(409, 'IMPORT_HAS_ERRORS', `还有 ${units.errors.length} 处错误，请修正后重新导入`)
    // Whatever the plan says, a district admin's import writes no city-level unit.
    for (const unit of [...units.creates, ...units.relevels]) requireLocalUnit(scope, unit)
    for (const unit of units.creates) {
      await trx.insertInto('departments').values({ id: unit.id, parent_id: unit.parent_id, name: unit.name, short_name: unit.name, level: unit.level, host_level: unit.host_level, search_key: searchKey(unit.name) }).execute()
      await appendAudit(trx, actor, now, { action: 'department.create', entity: 'department', entityId: unit.id, departmentId: unit.id, after: { name: unit.name, parentId: unit.parent_id, level: unit.level, hostLevel: unit.host_level, importId: id } }, deps.newId)
    }
    for (const unit of units.relevels) {
      await trx.updateTable('departments').set({ level: unit.level, host_level: unit.host_level }).where('id', '=', unit.id).execute()
      await appendAudit(trx, actor, now, { action: 'department.update', entity: 'department', entityId: unit.id, departmentId: unit.id, after: { level: unit.level, hostLevel: unit.host_level, importId: id } }, deps.newId)
    }
    const event = async (accountId: string, kind: string, onDate: string, detail: Record<string, unknown>) => {
      await trx.insertInto('account_events').values({ id: deps.newId(), account_id: accountId, at, on_date: onDate, kind, detail: JSON.stringify(detail), actor_id: actor.id, import_id: id }).execute()
    }
    const result: CommitResult = { created: 0, updated: 0, unchanged: 0, closed: 0 }
    for (const item of actions.items) {
      const r = item.row
      const unit = units.unitOf(r)
      const values = {
        name: r.name,
        platform: r.platform,
        platform_detail: r.platformDetail,
        host_department_id: unit.id,
        status: r.status,
        updated_at: at,
        search_key: searchKey(r.name)
      }
      if (!item.existing) {
        const accountId = `a-${deps.newId()}`
        await trx
          .insertInto('accounts')
          .values({
            id: accountId,
            ...values,
            platform_ref: r.platformRef,
            operator: r.operator,
            contact: r.phone,
            stop_notice_on: r.stopNoticeDate,
            registry_no: r.registryNo,
            opened_on: r.openedOn ?? '',
            closed_on: r.status === 'closed' ? r.closedOn : null
          })
          .execute()
        await event(accountId, 'created', r.openedOn ?? today, { row: r.row, sheet: r.sheet, status: r.status })
        await appendAudit(trx, actor, now, { action: 'account.create', entity: 'account', entityId: accountId, departmentId: unit.id, after: { ...values, importId: id, row: r.row } }, deps.newId)
        result.created += 1
        continue
      }
      const a = item.existing
      const changed = changedFields(a, r, unit.id)
      if (changed.length === 0) {
        result.unchanged += 1
        continue
      }
      const next = {
        ...values,
        platform_detail: r.platformDetail || a.platform_detail,
        platform_ref: r.platformRef || a.platform_ref,
        operator: r.operator || a.operator,
        contact: r.phone || a.contact,
        stop_notice_on: r.stopNoticeDate ?? a.stop_notice_on,
        registry_no: r.registryNo || a.registry_no,
        opened_on: r.openedOn ?? a.opened_on,
        closed_on: r.status === 'closed' ? (r.closedOn ?? (a.status === 'closed' ? a.closed_on : null)) : null
      }
      await trx.updateTable('accounts').set(next).where('id', '=', a.id).execute()
      const before = { name: a.name, hostDepartmentId: a.host_department_id, status: a.status, stopNoticeOn: a.stop_notice_on, closedOn: a.closed_on, platformRef: a.platform_ref, operator: a.operator, contact: a.contact }
      if (changed.includes('name')) await event(a.id, 'renamed', today, { name: [a.name, r.name] })
      if (changed.includes('status')) {
        const kind = r.status === 'suspended' ? 'suspended' : r.status === 'closed' ? 'closed' : 'reopened'
        const on = kind === 'suspended' ? (r.stopNoticeDate ?? today) : kind === 'closed' ? (r.closedOn ?? today) : today
        await event(a.id, kind, on, { status: [a.status, r.status], stopNoticeDate: next.stop_notice_on, closedOn: next.closed_on })
      }
      const others = changed.filter((f) => f !== 'name' && f !== 'status')
      if (others.length) await event(a.id, 'updated', today, Object.fromEntries(others.map((f) => [f, true])))
      await appendAudit(trx, actor, now, { action: 'account.update', entity: 'account', entityId: a.id, departmentId: unit.id, before, after: { ...next, importId: id, row: r.row, changed } }, deps.newId)
      result.updated += 1
    }
    if (opts.closeMissing) {
      for (const a of actions.missing) {
        await trx.updateTable('accounts').set({ status: 'closed', closed_on: today, updated_at: at }).where('id', '=', a.id).execute()
        await event(a.id, 'closed', today, { status: [a.status, 'closed'], reason: 'missing-from-import' })
        await appendAudit(trx, actor, now, { action: 'account.close', entity: 'account', entityId: a.id, departmentId: a.host_department_id, before: { status: a.status }, after: { status: 'closed', importId: id } }, deps.newId)
        result.closed += 1
      }
    }
    await trx.updateTable('registry_imports').set({ result: JSON.stringify(result) }).where('id', '=', id).execute()
    await appendAudit(trx, actor, now, { action: 'registry.import', entity: 'registry_import', entityId: id, departmentId: user.departmentId, after: { filename: plan.filename, ...result } }, deps.newId)
    return result
  })
}
