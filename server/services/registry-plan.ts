import {
  cleanCell,
  findHeaderRow,
  guessMapping,
  isValueChoice,
  mappingErrors,
  normalizeValue,
  readRow,
  REGISTRY_FIELDS,
  REGISTRY_LEVEL_LABELS,
  registryKeys,
  rowPosition,
  skipReason,
  type ColumnMapping,
  type MappedValueField,
  type RegistryField,
  type RegistryLevel,
  type RegistryRow,
  type RowError,
  type ValueMapping
} from '../../src/core/registry'
import type { RegistryImportPreview } from '../../src/core'
import { AppError, badRequest } from '../errors'
import { readWorkbook } from '../sheets/read'

/**
 * Reading a registry workbook into a plan, before the registry is looked at: every worksheet
 * with a recognisable header, each row through the column mapping and the admin's value mapping,
 * the rows that are not accounts (totals, notes, repeated headers) set aside and listed, the
 * errors by sheet and row, one level per unit, and the unit names that look like one unit
 * written two ways.
 */

export interface PlanSheet {
  name: string
  read: boolean
  headerRow: number | null
  rows: number
  note: string
}

export interface Plan {
  filename: string
  headerRow: number
  columns: RegistryImportPreview['columns']
  sheets: PlanSheet[]
  total: number
  rows: RegistryRow[]
  errors: RowError[]
  /** The first MAX_SKIPPED_KEPT rows set aside, and how many in all. */
  skipped: { sheet: string; row: number; reason: string; text: string }[]
  skippedCount: number
  unknownValues: { field: MappedValueField; value: string; rows: number }[]
  values: ValueMapping
  /** Unit name → the name it is read as (the admin's merges of near-duplicates). */
  merges: Record<string, string>
  /** The first sheet's header cells and each faulty row's cells as read: the error file gives them back. */
  headers: string[]
  faulty: { sheet: string; row: number; cells: string[] }[]
}

const FIELDS = new Set<string>(REGISTRY_FIELDS.map((f) => f.field))
const MAPPED_FIELDS = new Set<string>(['platform', 'level', 'status'])
const MAX_SKIPPED_KEPT = 1000

function parseJsonObject(raw: string | undefined, code: string, what: string): Record<string, unknown> | null {
  if (raw === undefined || raw.trim() === '') return null
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    throw badRequest(code, `${what}格式不对`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest(code, `${what}格式不对`)
  return value as Record<string, unknown>
}

/** `mapping` as the client sends it: JSON {header: field|null}. Unknown fields are refused. */
export function parseMappingOverride(raw: string | undefined): Record<string, RegistryField | null> | null {
  const value = parseJsonObject(raw, 'MAPPING_INVALID', '列对应')
  if (!value) return null
  const out: Record<string, RegistryField | null> = {}
  for (const [header, field] of Object.entries(value)) {
    if (field === null || field === '') out[header] = null
    else if (typeof field === 'string' && FIELDS.has(field)) out[header] = field as RegistryField
    else throw badRequest('MAPPING_INVALID', `「${header}」对应的字段「${String(field)}」不存在`)
  }
  return out
}

/** `values`: JSON {platform|level|status: {word: choice}}. Unknown fields or choices are refused. */
export function parseValueMapping(raw: string | undefined): ValueMapping {
  const value = parseJsonObject(raw, 'VALUES_INVALID', '取值对应')
  if (!value) return {}
  const out: ValueMapping = {}
  for (const [field, map] of Object.entries(value)) {
    if (!MAPPED_FIELDS.has(field) || typeof map !== 'object' || map === null || Array.isArray(map)) throw badRequest('VALUES_INVALID', `「${field}」不能统一指定取值`)
    const f = field as MappedValueField
    const entries: Record<string, string> = {}
    for (const [word, choice] of Object.entries(map as Record<string, unknown>)) {
      if (typeof choice !== 'string' || !isValueChoice(f, choice) || word.length > 100) throw badRequest('VALUES_INVALID', `「${word}」对应的取值「${String(choice)}」不存在`)
      entries[cleanCell(word)] = choice
      entries[normalizeValue(word)] = choice
    }
    out[f] = entries
  }
  return out
}

/** `merges`: JSON {unit name: the unit name it is}. */
export function parseMerges(raw: string | undefined): Record<string, string> {
  const value = parseJsonObject(raw, 'MERGES_INVALID', '单位合并')
  if (!value) return {}
  const out: Record<string, string> = {}
  for (const [from, to] of Object.entries(value)) {
    if (typeof to !== 'string' || to.trim() === '' || to.length > 100 || from.length > 100) throw badRequest('MERGES_INVALID', `「${from}」要合并到的单位名称不对`)
    out[normUnit(from)] = to.trim()
  }
  return out
}

export const normUnit = (s: string) => s.normalize('NFKC').replace(/\s+/g, '')

/** A place name a unit's name may begin with: 临江县, 无锡市锡山区. */
const PLACE_PREFIX = /^[\u4e00-\u9fa5]{1,8}?(省|市|县|区|旗|州|盟)/
/** A unit that is itself a place's organ: 城关镇人民政府, 锡山区人民政府, 东亭街道办事处. */
const PLACE_UNIT = /^[\u4e00-\u9fa5]{1,6}(镇|乡|街道|区|县)/

/**
 * Pairs of unit names that are likely one unit written two ways: one is the other with a place
 * prefix (城关镇人民政府 / 临江县城关镇人民政府, 锡山区人民政府 / 无锡市锡山区人民政府), or both carry
 * the same place written differently (临江县… / 临江…). Only names of places' own organs qualify,
 * so 江阴市教育局 and 宜兴市教育局 stay apart, and so do two districts' towns of one name.
 */
export function nearDuplicateUnits(names: Iterable<string>): { name: string; like: string }[] {
  const unique = [...new Map([...names].map((n) => [normUnit(n), n.trim()])).values()].filter((n) => n !== '')
  const bare = (prefix: string) => prefix.replace(/(省|市|县|区|旗|州|盟)$/, '')
  const byCore = new Map<string, { name: string; prefix: string }[]>()
  for (const name of unique) {
    const n = normUnit(name)
    const splits = [{ prefix: '', core: n }]
    // Up to two levels of place: 无锡市锡山区东港镇 → 锡山区东港镇 → 东港镇.
    for (let i = 0; i < 2; i++) {
      const last = splits[splits.length - 1] as { prefix: string; core: string }
      const m = PLACE_PREFIX.exec(last.core)
      if (!m || m[0].length >= last.core.length) break
      splits.push({ prefix: last.prefix + m[0], core: last.core.slice(m[0].length) })
    }
    for (const { prefix, core } of splits) {
      if (core.length < 5 || !PLACE_UNIT.test(core)) continue
      byCore.set(core, [...(byCore.get(core) ?? []), { name, prefix }])
    }
  }
  const pairs = new Map<string, { name: string; like: string }>()
  for (const group of byCore.values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const x = group[i] as { name: string; prefix: string }
        const y = group[j] as { name: string; prefix: string }
        if (x.name === y.name) continue
        const samePlace = x.prefix === '' || y.prefix === '' || x.prefix.endsWith(y.prefix) || y.prefix.endsWith(x.prefix) || bare(x.prefix) === bare(y.prefix)
        if (!samePlace) continue
        const [a, b] = [x.name, y.name].sort((p, q) => p.length - q.length || p.localeCompare(q))
        pairs.set(`${a}|${b}`, { name: a as string, like: b as string })
      }
    }
  }
  return [...pairs.values()]
}

/** The level each host unit's rows give it; a row that gives another level than the unit's first is an error. */
function levelConflicts(rows: RegistryRow[], unitOf: (name: string) => string): RowError[] {
  const first = new Map<string, RegistryRow>()
  const errors: RowError[] = []
  for (const r of rows) {
    if (r.level === null) continue
    const key = unitOf(r.hostUnit)
    const seen = first.get(key)
    if (!seen) first.set(key, r)
    else if (seen.level !== r.level) {
      errors.push({
        sheet: r.sheet,
        row: r.row,
        column: '',
        code: 'LEVEL_CONFLICT',
        message: `「${r.hostUnit}」在${rowPosition(seen.sheet, seen.row)}是${REGISTRY_LEVEL_LABELS[seen.level as RegistryLevel]}，这里是${REGISTRY_LEVEL_LABELS[r.level]}：同一单位只能有一个层级`
      })
    }
  }
  return errors
}

/** Reads the workbook into a plan: header row per sheet, mapping (with the admin's changes), rows and their errors. */
export async function readPlan(
  filename: string,
  bytes: Buffer,
  override: Record<string, RegistryField | null> | null,
  values: ValueMapping = {},
  merges: Record<string, string> = {}
): Promise<Plan> {
  const workbook = await readWorkbook(filename, bytes)
  const sheets: PlanSheet[] = []
  const rows: RegistryRow[] = []
  const errors: RowError[] = []
  const skipped: Plan['skipped'] = []
  const faulty: Plan['faulty'] = []
  const unknown = new Map<string, { field: MappedValueField; value: string; rows: number }>()
  const firstRowOf = new Map<string, { sheet: string; row: number }>()
  let first: { headerRow: number; columns: ColumnMapping; headers: string[] } | null = null
  let total = 0
  let skippedCount = 0
  const cellsOf = new Map<string, string[]>()
  const named = workbook.length > 1
  const knownHeaders = new Set<string>()
  for (const sheet of workbook) {
    const sheetName = named ? sheet.name : ''
    const headerIndex = findHeaderRow(sheet.rows)
    if (headerIndex < 0) {
      sheets.push({ name: sheet.name, read: false, headerRow: null, rows: 0, note: '没有找到表头（账号名称、平台类型、主办单位等列名），未读取' })
      continue
    }
    const headers = (sheet.rows[headerIndex] as string[]).map((h) => h ?? '')
    let columns: ColumnMapping = guessMapping(headers)
    for (const c of columns) knownHeaders.add(c.header)
    if (override) columns = columns.map((c) => (c.header in override ? { header: c.header, field: override[c.header] ?? null } : c))
    const headerRow = headerIndex + 1
    first ??= { headerRow, columns, headers }
    const headerErrors = mappingErrors(columns, headerRow, sheetName)
    errors.push(...headerErrors)
    if (headerErrors.length > 0) {
      sheets.push({ name: sheet.name, read: false, headerRow, rows: 0, note: '表头缺少必需的列，未读取' })
      continue
    }
    let sheetRows = 0
    for (let i = headerIndex + 1; i < sheet.rows.length; i++) {
      const cells = sheet.rows[i] as string[]
      const why = skipReason(cells, columns)
      if (why) {
        skippedCount += 1
        if (skipped.length < MAX_SKIPPED_KEPT) skipped.push({ sheet: sheetName, row: i + 1, reason: why, text: cells.map(cleanCell).filter((c) => c).join(' ').slice(0, 60) })
        continue
      }
      const read = readRow(cells, columns, i + 1, values, sheetName)
      if (read.row === null && read.errors.length === 0) continue
      total += 1
      sheetRows += 1
      errors.push(...read.errors)
      for (const u of read.unknown) {
        const key = `${u.field}|${u.value}`
        const cur = unknown.get(key) ?? { ...u, rows: 0 }
        cur.rows += 1
        unknown.set(key, cur)
      }
      if (!read.row) {
        faulty.push({ sheet: sheetName, row: i + 1, cells })
        continue
      }
      const row = { ...read.row, hostUnit: merges[normUnit(read.row.hostUnit)] ?? read.row.hostUnit, competentUnit: read.row.competentUnit ? (merges[normUnit(read.row.competentUnit)] ?? read.row.competentUnit) : '' }
      const keys = registryKeys(row)
      const earlier = (keys.byRef ? firstRowOf.get(keys.byRef) : undefined) ?? firstRowOf.get(keys.byName)
      if (earlier !== undefined) {
        errors.push({ sheet: sheetName, row: i + 1, column: '', code: 'DUPLICATE_ROW', message: `与${rowPosition(earlier.sheet, earlier.row)}是同一账号（同一平台的同一账号ID或名称）` })
        faulty.push({ sheet: sheetName, row: i + 1, cells })
        continue
      }
      const at = { sheet: sheetName, row: i + 1 }
      if (keys.byRef) firstRowOf.set(keys.byRef, at)
      firstRowOf.set(keys.byName, at)
      rows.push(row)
      cellsOf.set(`${sheetName}|${i + 1}`, cells)
    }
    sheets.push({ name: sheet.name, read: true, headerRow, rows: sheetRows, note: '' })
  }
  if (!first) throw new AppError(422, 'HEADER_NOT_FOUND', '没有找到表头：表格前几行中应有「账号名称」「平台类型」「主办单位」等列名')
  if (override) {
    for (const header of Object.keys(override)) {
      if (!knownHeaders.has(header)) throw badRequest('MAPPING_INVALID', `表头中没有「${header}」这一列`)
    }
  }
  const conflicts = levelConflicts(rows, normUnit)
  errors.push(...conflicts)
  const conflicted = new Set(conflicts.map((e) => `${e.sheet}|${e.row}`))
  for (const r of rows) if (conflicted.has(`${r.sheet}|${r.row}`)) faulty.push({ sheet: r.sheet, row: r.row, cells: cellsOf.get(`${r.sheet}|${r.row}`) ?? [] })
  return {
    filename,
    headerRow: first.headerRow,
    columns: first.columns,
    sheets,
    total,
    rows: rows.filter((r) => !conflicted.has(`${r.sheet}|${r.row}`)),
    errors,
    skipped,
    skippedCount,
    unknownValues: [...unknown.values()],
    values,
    merges,
    headers: first.headers,
    faulty
  }
}
