import {
  findHeaderRow,
  guessMapping,
  mappingErrors,
  readRow,
  REGISTRY_FIELDS,
  registryKeys,
  type ColumnMapping,
  type RegistryField,
  type RegistryLevel,
  type RegistryRow,
  type RowError
} from '../../src/core/registry'
import type { RegistryImportChanges, RegistryImportPreview } from '../../src/core'
import ExcelJS from 'exceljs'
import type { Kysely } from 'kysely'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { adminScope } from '../auth/scope'
import { appendAudit, type Actor } from '../audit/log'
import type { Database } from '../db/schema'
import { AppError, badRequest, forbidden, notFound } from '../errors'
import { readSheet } from '../sheets/read'
import { searchKey } from './registry'

/**
 * Registry import (admin): a sheet becomes a plan — rows read through the column mapping, the
 * errors of each row, and what applying it would change in the registry (created, updated,
 * unchanged, and the accounts of the admin's scope missing from the file). The dry run writes
 * only the plan; commit applies it in one transaction, all or nothing, and refuses while any
 * row has an error. Units are found in the tree by name or created under the admin's scope.
 */

type ImportColumn = RegistryImportPreview['columns'][number]
export type ImportPreview = RegistryImportPreview

interface Plan {
  filename: string
  headerRow: number
  columns: ImportColumn[]
  total: number
  rows: RegistryRow[]
  errors: RowError[]
  /** The header cells and each faulty row's cells as read: the error file gives them back. */
  headers: string[]
  faulty: { row: number; cells: string[] }[]
}

const MAX_ERRORS_SHOWN = 1000
const FIELDS = new Set<string>(REGISTRY_FIELDS.map((f) => f.field))

/** `mapping` as the client sends it: JSON {header: field|null}. Unknown fields are refused. */
export function parseMappingOverride(raw: string | undefined): Record<string, RegistryField | null> | null {
  if (raw === undefined || raw.trim() === '') return null
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw badRequest('MAPPING_INVALID', '列对应格式不对')
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('MAPPING_INVALID', '列对应格式不对')
  const out: Record<string, RegistryField | null> = {}
  for (const [header, field] of Object.entries(value as Record<string, unknown>)) {
    if (field === null || field === '') out[header] = null
    else if (typeof field === 'string' && FIELDS.has(field)) out[header] = field as RegistryField
    else throw badRequest('MAPPING_INVALID', `「${header}」对应的字段「${String(field)}」不存在`)
  }
  return out
}

function requireAdmin(user: SessionUser): void {
  if (user.role !== 'admin') throw forbidden('只有管理员可以导入台账')
}

/** Reads the sheet into a plan: header row, mapping (with the admin's changes), rows and their errors. */
export async function readPlan(filename: string, bytes: Buffer, override: Record<string, RegistryField | null> | null): Promise<Plan> {
  const cells = await readSheet(filename, bytes)
  const headerIndex = findHeaderRow(cells)
  if (headerIndex < 0) throw new AppError(422, 'HEADER_NOT_FOUND', '没有找到表头：表格前几行中应有「账号名称」「平台类型」「主办单位」等列名')
  const headers = cells[headerIndex] as string[]
  let columns: ColumnMapping = guessMapping(headers)
  if (override) {
    const known = new Set(columns.map((c) => c.header))
    for (const header of Object.keys(override)) {
      if (!known.has(header)) throw badRequest('MAPPING_INVALID', `表头中没有「${header}」这一列`)
    }
    columns = columns.map((c) => (c.header in override ? { header: c.header, field: override[c.header] ?? null } : c))
  }
  const headerRow = headerIndex + 1
  const errors: RowError[] = mappingErrors(columns, headerRow)
  const rows: RegistryRow[] = []
  const faulty: Plan['faulty'] = []
  let total = 0
  if (errors.length === 0) {
    const firstRowOf = new Map<string, number>()
    for (let i = headerIndex + 1; i < cells.length; i++) {
      const read = readRow(cells[i] as string[], columns, i + 1)
      if (read.row === null && read.errors.length === 0) continue
      total += 1
      errors.push(...read.errors)
      if (!read.row) {
        faulty.push({ row: i + 1, cells: cells[i] as string[] })
        continue
      }
      const keys = registryKeys(read.row)
      const earlier = (keys.byRef ? firstRowOf.get(keys.byRef) : undefined) ?? firstRowOf.get(keys.byName)
      if (earlier !== undefined) {
        errors.push({ row: i + 1, column: '', code: 'DUPLICATE_ROW', message: `与第 ${earlier} 行是同一账号（同一平台的同一账号ID或名称）` })
        faulty.push({ row: i + 1, cells: cells[i] as string[] })
        continue
      }
      if (keys.byRef) firstRowOf.set(keys.byRef, i + 1)
      firstRowOf.set(keys.byName, i + 1)
      rows.push(read.row)
    }
  }
  return { filename, headerRow, columns, total, rows, errors, headers: headers.map((h) => h ?? ''), faulty }
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
  registry_no: string
  opened_on: string
  unit: string
}

interface DepartmentNode {
  id: string
  parent_id: string | null
  name: string
  level: string
  host_level: string
}

const normName = (s: string) => s.normalize('NFKC').replace(/\s+/g, '')

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
  if (row.platform === 'other' && a.platform_detail !== row.platformDetail) changed.push('platform')
  if (row.platformRef !== '' && a.platform_ref !== row.platformRef) changed.push('platformRef')
  // A unit not yet in the tree is a move to it.
  if (unitId === null || a.host_department_id !== unitId) changed.push('hostUnit')
  if (row.operator !== '' && a.operator !== row.operator) changed.push('operator')
  if (row.phone !== '' && a.contact !== row.phone) changed.push('phone')
  if (a.status !== row.status) changed.push('status')
  if (row.stopNoticeDate !== null && a.stop_notice_on !== row.stopNoticeDate) changed.push('stopNoticeDate')
  if (row.registryNo !== '' && a.registry_no !== row.registryNo) changed.push('registryNo')
  if (row.openedOn !== null && a.opened_on !== row.openedOn) changed.push('openedOn')
  return changed
}

/** Finds units by name (the host unit preferably under its competent unit); null when it would be created. */
function unitFinder(units: DepartmentNode[]) {
  const byName = new Map<string, DepartmentNode[]>()
  for (const u of units) byName.set(normName(u.name), [...(byName.get(normName(u.name)) ?? []), u])
  const parentOf = new Map(units.map((u) => [u.id, u.parent_id]))
  const under = (id: string, ancestor: string) => {
    for (let cur: string | null | undefined = id; cur; cur = parentOf.get(cur)) if (cur === ancestor) return true
    return false
  }
  return {
    find(name: string, competent: DepartmentNode | null): DepartmentNode | null {
      const candidates = byName.get(normName(name)) ?? []
      return (competent ? candidates.find((c) => under(c.id, competent.id)) : undefined) ?? candidates[0] ?? null
    },
    add(u: DepartmentNode) {
      units.push(u)
      byName.set(normName(u.name), [...(byName.get(normName(u.name)) ?? []), u])
      parentOf.set(u.id, u.parent_id)
    }
  }
}

function newUnitLevel(parent: DepartmentNode | null, level: RegistryLevel | null): { level: string; host_level: string } {
  if (level === 'city') return { level: 'city-dept', host_level: 'city' }
  if (level === 'county') return { level: parent && parent.level === 'city' ? 'district' : 'district-dept', host_level: 'local' }
  if (level === 'town') return { level: 'town', host_level: 'local' }
  if (level === 'other') return { level: 'other', host_level: parent?.host_level ?? 'local' }
  if (!parent) return { level: 'other', host_level: 'local' }
  if (parent.level === 'city') return { level: 'city-dept', host_level: 'city' }
  if (parent.level === 'district') return { level: 'district-dept', host_level: 'local' }
  return { level: 'other', host_level: parent.host_level }
}

function preview(id: string, plan: Plan, actions: Actions | null, committed: boolean): ImportPreview {
  const items = actions?.items ?? []
  return {
    id,
    filename: plan.filename,
    headerRow: plan.headerRow,
    columns: plan.columns,
    total: plan.total,
    errors: plan.errors.slice(0, MAX_ERRORS_SHOWN),
    changes: {
      created: items.filter((i) => !i.existing).length,
      updated: items.filter((i) => i.existing && i.changed.length > 0).length,
      unchanged: items.filter((i) => i.existing && i.changed.length === 0).length,
      closed: actions?.missing.length ?? 0
    },
    missing: (actions?.missing ?? []).slice(0, 500).map((a) => ({ id: a.id, name: a.name, platform: a.platform, unit: a.unit })),
    sample: items.slice(0, 200).map((i) => ({ row: i.row.row, action: !i.existing ? 'create' : i.changed.length ? 'update' : 'unchanged', name: i.row.name, changed: i.changed })),
    committed
  }
}

async function planActions(db: Kysely<Database>, scope: Set<string> | null, plan: Plan): Promise<{ actions: Actions; units: DepartmentNode[]; root: DepartmentNode | null }> {
  const [{ root, units }, existing] = await Promise.all([scopeTree(db, scope), accountsInScope(db, scope)])
  const finder = unitFinder([...units])
  const unitIdOf = (row: RegistryRow) => {
    const competent = row.competentUnit ? finder.find(row.competentUnit, null) : null
    return finder.find(row.hostUnit, competent)?.id ?? null
  }
  return { actions: matchActions(plan.rows, existing, unitIdOf), units, root }
}

/** POST /registry/imports: the dry run. Writes the plan only. */
export async function dryRunImport(deps: Deps, user: SessionUser, file: { filename: string; bytes: Buffer }, mapping: string | undefined): Promise<ImportPreview> {
  requireAdmin(user)
  const override = parseMappingOverride(mapping)
  const plan = await readPlan(file.filename, file.bytes, override)
  const scope = await adminScope(deps, user)
  const { actions } = await planActions(deps.db, scope, plan)
  const id = `imp-${deps.newId()}`
  await deps.db
    .insertInto('registry_imports')
    .values({ id, created_by: user.id, created_at: deps.now().toISOString(), filename: file.filename.slice(0, 200), scope_department_id: user.departmentId, plan: JSON.stringify(plan), committed_at: null, result: null })
    .execute()
  return preview(id, plan, actions, false)
}

async function loadImport(deps: Deps, user: SessionUser, id: string) {
  requireAdmin(user)
  const row = await deps.db.selectFrom('registry_imports').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || row.created_by !== user.id) throw notFound('导入记录')
  return { row, plan: JSON.parse(row.plan) as Plan }
}

export async function getImport(deps: Deps, user: SessionUser, id: string): Promise<ImportPreview> {
  const { row, plan } = await loadImport(deps, user, id)
  const { actions } = await planActions(deps.db, await adminScope(deps, user), plan)
  return preview(id, plan, actions, row.committed_at !== null)
}

/**
 * GET /registry/imports/:id/errors.xlsx: the rows with errors as they were read, the header row on
 * top and a reason column last, to fix and import again. Header problems come as one row saying so.
 */
export async function errorWorkbook(deps: Deps, user: SessionUser, id: string): Promise<{ filename: string; bytes: Buffer; rows: number }> {
  const { plan } = await loadImport(deps, user, id)
  const reasons = new Map<number, string[]>()
  for (const e of plan.errors) reasons.set(e.row, [...(reasons.get(e.row) ?? []), e.column ? `${e.column}：${e.message}` : e.message])
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet('错误行')
  const width = Math.max(plan.headers.length, ...plan.faulty.map((f) => f.cells.length))
  const pad = (cells: string[]) => [...cells, ...Array<string>(Math.max(0, width - cells.length)).fill('')]
  sheet.addRow([...pad(plan.headers), '错误原因', '原表行号'])
  sheet.getRow(1).font = { bold: true }
  const headerReasons = reasons.get(plan.headerRow)
  if (headerReasons) sheet.addRow([...pad([]), headerReasons.join('；'), plan.headerRow])
  for (const f of plan.faulty) sheet.addRow([...pad(f.cells), (reasons.get(f.row) ?? []).join('；'), f.row])
  sheet.getColumn(width + 1).width = 60
  const base = plan.filename.replace(/\.(xlsx|csv)$/i, '')
  return { filename: `${base}-错误行.xlsx`, bytes: Buffer.from(await book.xlsx.writeBuffer()), rows: plan.faulty.length + (headerReasons ? 1 : 0) }
}

export type CommitResult = RegistryImportChanges

/**
 * POST /registry/imports/:id/commit: applies the plan against the registry as it is now, in one
 * transaction. `closeMissing` closes (注销) the accounts of the scope the file does not list.
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
    // Taken inside the transaction: the plan meets the registry as it is at commit.
    const claimed = await trx.updateTable('registry_imports').set({ committed_at: at }).where('id', '=', id).where('committed_at', 'is', null).executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) throw new AppError(409, 'IMPORT_COMMITTED', '这份导入已经提交过了')
    const { actions, units, root } = await planActions(trx, scope, plan)
    const finder = unitFinder(units)
    const event = async (accountId: string, kind: string, onDate: string, detail: Record<string, unknown>) => {
      await trx.insertInto('account_events').values({ id: deps.newId(), account_id: accountId, at, on_date: onDate, kind, detail: JSON.stringify(detail), actor_id: actor.id, import_id: id }).execute()
    }
    const ensureUnit = async (name: string, parent: DepartmentNode | null, level: RegistryLevel | null): Promise<DepartmentNode> => {
      const found = finder.find(name, parent)
      if (found) return found
      const unit: DepartmentNode = { id: `d-${deps.newId()}`, parent_id: parent?.id ?? null, name, ...newUnitLevel(parent, level) }
      await trx.insertInto('departments').values({ ...unit, short_name: name, search_key: searchKey(name) }).execute()
      await appendAudit(trx, actor, now, { action: 'department.create', entity: 'department', entityId: unit.id, departmentId: unit.id, after: { name, parentId: unit.parent_id, level: unit.level, importId: id } }, deps.newId)
      finder.add(unit)
      return unit
    }
    const result: CommitResult = { created: 0, updated: 0, unchanged: 0, closed: 0 }
    for (const item of actions.items) {
      const r = item.row
      const competent = r.competentUnit ? await ensureUnit(r.competentUnit, root, null) : root
      const unit = await ensureUnit(r.hostUnit, competent, r.level)
      const values = {
        name: r.name,
        platform: r.platform,
        platform_detail: r.platform === 'other' ? r.platformDetail : '',
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
            closed_on: r.status === 'closed' ? today : null
          })
          .execute()
        await event(accountId, 'created', r.openedOn ?? today, { row: r.row, status: r.status })
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
        platform_ref: r.platformRef || a.platform_ref,
        operator: r.operator || a.operator,
        contact: r.phone || a.contact,
        stop_notice_on: r.stopNoticeDate ?? a.stop_notice_on,
        registry_no: r.registryNo || a.registry_no,
        opened_on: r.openedOn ?? a.opened_on,
        ...(a.status !== r.status ? { closed_on: r.status === 'closed' ? today : null } : {})
      }
      await trx.updateTable('accounts').set(next).where('id', '=', a.id).execute()
      const before = { name: a.name, hostDepartmentId: a.host_department_id, status: a.status, stopNoticeOn: a.stop_notice_on, platformRef: a.platform_ref, operator: a.operator, contact: a.contact }
      if (changed.includes('name')) await event(a.id, 'renamed', today, { name: [a.name, r.name] })
      if (changed.includes('status')) {
        const kind = r.status === 'suspended' ? 'suspended' : r.status === 'closed' ? 'closed' : 'reopened'
        await event(a.id, kind, kind === 'suspended' ? (r.stopNoticeDate ?? today) : today, { status: [a.status, r.status], stopNoticeDate: next.stop_notice_on })
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
