import { DATE_FORMAT, parseDate } from './dates'
import type { AccountStatus, Platform } from './types'

/**
 * The account registry as offices keep it: a sheet with a header row somewhere near the top,
 * columns named in a dozen ways, values typed by hand. This module reads one such table (cells
 * as text) into registry rows: it finds the header row, matches headers to fields by synonyms,
 * normalises values (platforms, levels, statuses, dates) and names every problem by row and
 * column, with a stable code and a message a clerk understands. Pure: the server reads the file
 * (xlsx/csv), the app shows the mapping with the same field list.
 */

export type RegistryField =
  | 'name'
  | 'platform'
  | 'hostUnit'
  | 'competentUnit'
  | 'level'
  | 'platformRef'
  | 'status'
  | 'stopNoticeDate'
  | 'operator'
  | 'phone'
  | 'registryNo'
  | 'openedOn'

export interface RegistryFieldSpec {
  field: RegistryField
  /** The header the export writes, and the app shows. */
  label: string
  required: boolean
  /** Other headers meaning the same, as found in real sheets (compared after normalizeHeader). */
  synonyms: string[]
}

export const REGISTRY_FIELDS: readonly RegistryFieldSpec[] = [
  { field: 'name', label: '账号名称', required: true, synonyms: ['政务新媒体名称', '新媒体名称', '账号名', '名称', '公众号名称', '微博名称', '应用名称', '客户端名称'] },
  { field: 'platform', label: '平台类型', required: true, synonyms: ['平台', '类型', '账号类型', '平台名称', '所在平台', '开设平台', '新媒体类型'] },
  { field: 'hostUnit', label: '主办单位', required: true, synonyms: ['开办主体', '主办主体', '开设单位', '开办单位', '运营单位', '所属单位', '单位名称', '单位', '主办单位名称'] },
  { field: 'competentUnit', label: '主管单位', required: false, synonyms: ['主管部门', '上级主管单位', '主管主体'] },
  { field: 'level', label: '层级', required: false, synonyms: ['行政层级', '级别', '主办单位层级', '单位层级'] },
  { field: 'platformRef', label: '账号ID或链接', required: false, synonyms: ['账号ID', '账号id', 'ID', '微信号', '微博号', '抖音号', '链接', '网址', '账号链接', '原始ID', '账号'] },
  { field: 'status', label: '状态', required: false, synonyms: ['运行状态', '账号状态', '运维状态'] },
  { field: 'stopNoticeDate', label: '停更公告日期', required: false, synonyms: ['停更日期', '停更公告时间', '停止更新公告日期'] },
  { field: 'operator', label: '运维人员', required: false, synonyms: ['运维人', '管理员', '负责人', '联系人', '运营人员'] },
  { field: 'phone', label: '联系电话', required: false, synonyms: ['电话', '手机', '手机号', '联系方式', '手机号码'] },
  { field: 'registryNo', label: '备案编号', required: false, synonyms: ['备案号', '登记编号', '编号'] },
  { field: 'openedOn', label: '开设日期', required: false, synonyms: ['开设时间', '开通时间', '开通日期', '注册时间', '注册日期'] }
]

const FIELD_BY_HEADER = new Map<string, RegistryField>()
for (const spec of REGISTRY_FIELDS) {
  for (const h of [spec.label, ...spec.synonyms]) FIELD_BY_HEADER.set(normalizeHeader(h), spec.field)
}

/** Full-width forms folded (NFKC), every kind of space and line break dropped, a trailing ":" or "*" (required marks) dropped. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s\u3000\u00a0]+/g, '')
    .replace(/^[*＊]+|[*＊:：]+$/g, '')
    .toLowerCase()
}

export function fieldOfHeader(header: string): RegistryField | null {
  return FIELD_BY_HEADER.get(normalizeHeader(header)) ?? null
}

/** Text of a cell with full-width spaces and the spaces around it gone. */
export function cleanCell(value: string | undefined): string {
  return (value ?? '').replace(/[\u3000\u00a0]/g, ' ').trim()
}

/** The local level an account's host unit sits at, as registries write it. */
export type RegistryLevel = 'city' | 'county' | 'town' | 'other'
export const REGISTRY_LEVEL_LABELS: Record<RegistryLevel, string> = { city: '市级', county: '县(市、区)', town: '镇(街道)', other: '其他' }

export function parseLevel(value: string): RegistryLevel | null {
  const v = value.normalize('NFKC').replace(/\s+/g, '')
  if (v === '') return null
  if (/^(市级|市直|市本级|市)$/.test(v)) return 'city'
  if (/^(县\(市、?区\)|县\(市,区\)|县级|区级|县区|县\(区\)|县市区|区县|市\(县\)区|县)$/.test(v)) return 'county'
  if (/^(镇\(街道\)|镇街|乡镇|镇|街道|乡镇街道|乡镇\(街道\)|镇街级)$/.test(v)) return 'town'
  if (/^其他|其它$/.test(v)) return 'other'
  return null
}

export interface ParsedPlatform {
  platform: Platform
  /** The platform as written when it says more than the type: 抖音, 今日头条, 微信订阅号. */
  detail: string
}

const PLATFORM_WORDS: [RegExp, Platform][] = [
  [/^(微信|微信公众号|微信订阅号|微信服务号|公众号|订阅号|服务号|微信号)$/, 'wechat'],
  [/^(微博|新浪微博|腾讯微博|政务微博|微博账号)$/, 'weibo'],
  [/^(客户端|移动客户端|app|客户端\/app|移动app|手机app|政务app|应用程序|客户端\(app\))$/, 'app']
]
const OTHER_PLATFORMS = /^(抖音|快手|今日头条|头条号|头条|视频号|微信视频号|哔哩哔哩|b站|小红书|百家号|人民号|网易号|企鹅号|澎湃号|强国号|学习强国|小程序|微信小程序|其他|其它)$/

export function parsePlatform(value: string): ParsedPlatform | null {
  const v = value.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
  if (v === '') return null
  for (const [re, platform] of PLATFORM_WORDS) if (re.test(v)) return { platform, detail: value.trim() }
  if (OTHER_PLATFORMS.test(v)) return { platform: 'other', detail: value.trim() }
  return null
}

export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = { active: '运行', suspended: '停更', closed: '注销' }

/**
 * What the registry itself says is wrong with an account: closed (注销) without a stop-update
 * notice first, which the national checklist counts against its department (MGT-3 开设、变更或关停
 * 未履行审批: 关停前未发布停更公告). Null when there is nothing to say.
 */
export function registryFinding(a: { status: AccountStatus; stopNoticeDate: string | null }): string | null {
  return a.status === 'closed' && !a.stopNoticeDate ? '注销前未发布停更公告（开设、变更或关停未履行审批）' : null
}

export function parseStatus(value: string): AccountStatus | null {
  const v = value.replace(/\s+/g, '')
  if (v === '' || /^(运行|正常|正常运行|运营|在用|开通)$/.test(v)) return 'active'
  if (/^(停更|停止更新|暂停更新|暂停)$/.test(v)) return 'suspended'
  if (/^(注销|已注销|关停|已关停|关闭|撤销)$/.test(v)) return 'closed'
  return null
}

/**
 * A date as clerks type it: 2024-07-19, 2024/7/19, 2024.7.19, 2024年7月19日, 20240719, or an
 * Excel serial number (45492). Answers "YYYY-MM-DD", or null when it is not a calendar date.
 */
export function parseRegistryDate(value: string): string | null {
  const v = value.normalize('NFKC').replace(/\s+/g, '')
  if (v === '') return null
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(v)
  if (!m && /^\d{5}(\.\d+)?$/.test(v)) {
    // Excel's day 1 is 1900-01-01, with its phantom 1900-02-29: serial 25569 is 1970-01-01.
    const ms = Math.round((Number(v) - 25569) * 86400000)
    const d = new Date(ms)
    m = [v, String(d.getUTCFullYear()), String(d.getUTCMonth() + 1), String(d.getUTCDate())] as unknown as RegExpExecArray
  }
  if (!m) return null
  const text = `${m[1]}-${String(m[2]).padStart(2, '0')}-${String(m[3]).padStart(2, '0')}`
  const d = parseDate(text)
  return d && d.year() >= 1990 && d.year() <= 2100 ? d.format(DATE_FORMAT) : null
}

/** Mobile (11 digits), or a landline with its area code, extension allowed; separators ignored. */
export function isPhone(value: string): boolean {
  const digits = value.normalize('NFKC').replace(/[\s\-()（）—－]/g, '').replace(/(转|ext\.?|#)\d{1,6}$/i, '')
  return /^(\+?86)?1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits) || /^[2-9]\d{6,7}$/.test(digits)
}

/** A row as it will be applied: every value normalised. */
export interface RegistryRow {
  /** The row's number in the sheet (1-based, as the spreadsheet shows it). */
  row: number
  name: string
  platform: Platform
  platformDetail: string
  hostUnit: string
  competentUnit: string
  level: RegistryLevel | null
  platformRef: string
  status: AccountStatus
  stopNoticeDate: string | null
  operator: string
  phone: string
  registryNo: string
  openedOn: string | null
}

export interface RowError {
  row: number
  /** The header of the column at fault, as in the file ('' when the problem is the row as a whole). */
  column: string
  code: string
  message: string
}

export type ColumnMapping = { header: string; field: RegistryField | null }[]

/** How far down a title block may push the header row. */
const HEADER_SEARCH_ROWS = 15

/**
 * The header row: among the first rows, the one whose cells match the most fields (at least the
 * account name and one other). Answers its index, or -1.
 */
export function findHeaderRow(rows: string[][]): number {
  let best = -1
  let bestCount = 1
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((cells, i) => {
    const fields = new Set(cells.map((c) => fieldOfHeader(c ?? '')).filter((f) => f !== null))
    if (fields.has('name') && fields.size > bestCount) {
      best = i
      bestCount = fields.size
    }
  })
  return best
}

/** Default mapping of a header row: each header to its field, a field taken by its first column only. */
export function guessMapping(headers: string[]): ColumnMapping {
  const taken = new Set<RegistryField>()
  return headers.map((raw) => {
    const header = cleanCell(raw)
    const field = fieldOfHeader(header)
    if (field === null || taken.has(field)) return { header, field: null }
    taken.add(field)
    return { header, field }
  })
}

export const REGISTRY_FIELD_LABELS: Record<RegistryField, string> = Object.fromEntries(REGISTRY_FIELDS.map((s) => [s.field, s.label])) as Record<RegistryField, string>

/**
 * The mapping's own problems (a required field without a column, a field on two columns): answered
 * as errors on row 0, since they concern the header, not a data row.
 */
export function mappingErrors(mapping: ColumnMapping, headerRow: number): RowError[] {
  const errors: RowError[] = []
  const seen = new Map<RegistryField, string>()
  for (const { header, field } of mapping) {
    if (field === null) continue
    const first = seen.get(field)
    if (first !== undefined) {
      errors.push({ row: headerRow, column: header, code: 'FIELD_MAPPED_TWICE', message: `「${header}」与「${first}」都对应「${REGISTRY_FIELD_LABELS[field]}」，请只保留一列` })
    } else seen.set(field, header)
  }
  for (const spec of REGISTRY_FIELDS) {
    if (spec.required && !seen.has(spec.field)) {
      errors.push({ row: headerRow, column: '', code: 'FIELD_NOT_MAPPED', message: `没有找到「${spec.label}」列，请在列对应中指定` })
    }
  }
  return errors
}

/** Read one data row through the mapping. Blank rows answer null (not an error). */
export function readRow(cells: string[], mapping: ColumnMapping, rowNumber: number): { row: RegistryRow | null; errors: RowError[] } {
  const value: Partial<Record<RegistryField, string>> = {}
  const header: Partial<Record<RegistryField, string>> = {}
  mapping.forEach(({ header: h, field }, i) => {
    if (field === null) return
    value[field] = cleanCell(cells[i])
    header[field] = h
  })
  if (cells.every((c) => cleanCell(c) === '')) return { row: null, errors: [] }
  const errors: RowError[] = []
  const fail = (field: RegistryField, code: string, message: string) => errors.push({ row: rowNumber, column: header[field] ?? REGISTRY_FIELD_LABELS[field], code, message })
  const text = (field: RegistryField) => value[field] ?? ''

  const name = text('name')
  if (name === '') fail('name', 'NAME_MISSING', '账号名称为空')
  else if (name.length > 100) fail('name', 'TEXT_TOO_LONG', '账号名称超过100个字')
  const platform = parsePlatform(text('platform'))
  if (!platform) {
    fail('platform', 'PLATFORM_UNKNOWN', text('platform') === '' ? '平台类型为空' : `无法识别的平台类型「${text('platform')}」，可填：微信公众号、微博、客户端/APP、抖音、今日头条等`)
  }
  const hostUnit = text('hostUnit')
  if (hostUnit === '') fail('hostUnit', 'HOST_UNIT_MISSING', '主办单位为空')
  else if (hostUnit.length > 100) fail('hostUnit', 'TEXT_TOO_LONG', '主办单位名称超过100个字')
  const level = text('level') === '' ? null : parseLevel(text('level'))
  if (text('level') !== '' && level === null) fail('level', 'LEVEL_UNKNOWN', `无法识别的层级「${text('level')}」，可填：市级、县(市、区)、镇(街道)、其他`)
  const status = parseStatus(text('status'))
  if (status === null) fail('status', 'STATUS_UNKNOWN', `无法识别的状态「${text('status')}」，可填：运行、停更、注销`)
  const dateOf = (field: RegistryField, label: string): string | null => {
    if (text(field) === '') return null
    const d = parseRegistryDate(text(field))
    if (d === null) fail(field, 'DATE_INVALID', `${label}「${text(field)}」不是有效日期，请写成 2024-07-19`)
    return d
  }
  const stopNoticeDate = dateOf('stopNoticeDate', '停更公告日期')
  const openedOn = dateOf('openedOn', '开设日期')
  if (status === 'suspended' && text('stopNoticeDate') === '') fail('stopNoticeDate', 'STOP_NOTICE_DATE_MISSING', '停更的账号需填写停更公告日期')
  const phone = text('phone')
  if (phone !== '' && !isPhone(phone)) fail('phone', 'PHONE_INVALID', `联系电话「${phone}」格式不对，请填写手机号或带区号的座机号`)
  for (const field of ['competentUnit', 'platformRef', 'operator', 'registryNo'] as const) {
    if (text(field).length > 200) fail(field, 'TEXT_TOO_LONG', `${REGISTRY_FIELD_LABELS[field]}超过200个字`)
  }
  if (errors.length > 0 || !platform || status === null) return { row: null, errors }
  return {
    row: {
      row: rowNumber,
      name,
      platform: platform.platform,
      platformDetail: platform.detail,
      hostUnit,
      competentUnit: text('competentUnit'),
      level,
      platformRef: text('platformRef'),
      status,
      stopNoticeDate,
      operator: text('operator'),
      phone,
      registryNo: text('registryNo'),
      openedOn
    },
    errors: []
  }
}

/** The key an account is matched by on re-import: platform + ID when it has one, else platform + name. */
export function registryKeys(row: Pick<RegistryRow, 'platform' | 'platformDetail' | 'platformRef' | 'name'>): { byRef: string | null; byName: string } {
  // 「其他」 names no platform: the same as none.
  const detail = /^(其他|其它)$/.test(row.platformDetail.trim()) ? '' : row.platformDetail.trim()
  const platform = row.platform === 'other' ? `other:${detail}` : row.platform
  const ref = row.platformRef.normalize('NFKC').trim().toLowerCase()
  return { byRef: ref ? `${platform}|${ref}` : null, byName: `${platform}|${row.name.normalize('NFKC').replace(/\s+/g, '')}` }
}
