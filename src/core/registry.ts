import { DATE_FORMAT, parseDate } from './dates'
import { parsePlatform, PLATFORM_KINDS, platformKind, type ParsedPlatform, type PlatformKind } from './platforms'
import type { AccountStatus, Platform } from './types'

export { parsePlatform, type ParsedPlatform } from './platforms'

/**
 * The account registry as offices keep it: a sheet with a header row somewhere near the top,
 * columns named in a dozen ways, values typed by hand. This module reads one such table (cells
 * as text) into registry rows: it finds the header row, matches headers to fields by synonyms,
 * normalises values (platforms, levels, statuses, dates) and names every problem by row and
 * column, with a stable code and a message a clerk understands. Pure: the server reads the file
 * (xlsx/xls/et/csv, every worksheet), the app shows the mapping with the same field list.
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
  | 'closedOn'
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
  { field: 'name', label: '账号名称', required: true, synonyms: ['政务新媒体名称', '新媒体名称', '新媒体账号名称', '账号名', '名称', '公众号名称', '微博名称', '应用名称', '客户端名称', '账号昵称'] },
  { field: 'platform', label: '平台类型', required: true, synonyms: ['平台', '类型', '账号类型', '平台名称', '所在平台', '开设平台', '新媒体类型', '所属平台', '媒体类型', '渠道'] },
  { field: 'hostUnit', label: '主办单位', required: true, synonyms: ['开办主体', '主办主体', '开设单位', '开办单位', '运营单位', '所属单位', '单位名称', '单位', '主办单位名称', '账号主体', '开设主体', '运营主体', '主体单位'] },
  { field: 'competentUnit', label: '主管单位', required: false, synonyms: ['主管部门', '上级主管单位', '主管主体', '主管单位名称', '上级单位'] },
  { field: 'level', label: '层级', required: false, synonyms: ['行政层级', '级别', '主办单位层级', '单位层级', '行政级别', '单位级别', '所属层级'] },
  { field: 'platformRef', label: '账号ID或链接', required: false, synonyms: ['账号ID', '账号id', 'ID', '微信号', '微博号', '抖音号', '链接', '网址', '账号链接', '原始ID', '账号', '主页链接', '下载地址'] },
  { field: 'status', label: '状态', required: false, synonyms: ['运行状态', '账号状态', '运维状态', '运营状态'] },
  { field: 'stopNoticeDate', label: '停更公告日期', required: false, synonyms: ['停更日期', '停更公告时间', '停止更新公告日期', '停更时间', '停更公告发布日期'] },
  { field: 'closedOn', label: '注销日期', required: false, synonyms: ['注销时间', '关停日期', '关停时间', '关闭日期', '撤销日期'] },
  { field: 'operator', label: '运维人员', required: false, synonyms: ['运维人', '管理员', '负责人', '联系人', '运营人员', '运维人员姓名', '管理人员'] },
  { field: 'phone', label: '联系电话', required: false, synonyms: ['电话', '手机', '手机号', '联系方式', '手机号码', '联系人电话', '运维人员电话'] },
  { field: 'registryNo', label: '备案编号', required: false, synonyms: ['备案号', '登记编号', '编号', '报备编号'] },
  { field: 'openedOn', label: '开设日期', required: false, synonyms: ['开设时间', '开通时间', '开通日期', '注册时间', '注册日期', '开办时间', '开办日期'] }
]

/** Full-width forms folded (NFKC), every kind of space and line break dropped, a trailing ":" or "*" (required marks) dropped. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/[\s\u3000\u00a0]+/g, '')
    .replace(/^[*＊]+|[*＊:：]+$/g, '')
    .toLowerCase()
}

const FIELD_BY_HEADER = new Map<string, RegistryField>()
for (const spec of REGISTRY_FIELDS) {
  for (const h of [spec.label, ...spec.synonyms]) FIELD_BY_HEADER.set(normalizeHeader(h), spec.field)
}

/** A header's words, tried in this order when the header is no synonym: the first rule whose word it holds decides. */
const HEADER_WORDS: { field: RegistryField; words: RegExp; word: string }[] = [
  { field: 'competentUnit', words: /主管/, word: '主管' },
  { field: 'closedOn', words: /(注销|关停|撤销).*(日期|时间)/, word: '注销日期' },
  { field: 'stopNoticeDate', words: /停更.*(日期|时间)|停止更新/, word: '停更日期' },
  { field: 'openedOn', words: /(开设|开通|注册|开办|上线).*(日期|时间)/, word: '开设日期' },
  { field: 'phone', words: /电话|手机|联系方式/, word: '电话' },
  { field: 'operator', words: /运维|联系人|管理员|负责人|管理人/, word: '运维人员' },
  { field: 'registryNo', words: /备案|登记号/, word: '备案' },
  { field: 'status', words: /状态/, word: '状态' },
  { field: 'level', words: /层级|级别/, word: '级别' },
  { field: 'platformRef', words: /id$|链接|网址|微信号|微博号|抖音号|原始/, word: '账号ID' },
  { field: 'platform', words: /平台|类型|渠道/, word: '平台' },
  { field: 'hostUnit', words: /主办|开办|主体|运营单位|所属单位|开设单位|单位/, word: '单位' },
  { field: 'name', words: /名称|账号名|昵称/, word: '名称' }
]

export interface HeaderMatch {
  field: RegistryField
  /** Why a header that is no known synonym was read as the field; null for a known header. */
  reason: string | null
}

/** The field a header names: a known synonym, or by the words it holds (行政级别 → 层级, 账号主体 → 主办单位), with the reason. */
export function matchHeader(header: string): HeaderMatch | null {
  const h = normalizeHeader(header)
  if (h === '') return null
  const exact = FIELD_BY_HEADER.get(h)
  if (exact) return { field: exact, reason: null }
  // A trailing 名称/单位/级别/类型 adds nothing: 主办单位名称 is 主办单位, 平台类型 is 平台.
  const stripped = h.replace(/(名称|级别|类型)$/, '')
  const byStripped = stripped !== h && stripped !== '' ? FIELD_BY_HEADER.get(stripped) : undefined
  if (byStripped) return { field: byStripped, reason: `「${header.trim()}」去掉末尾的字后是「${stripped}」，按「${REGISTRY_FIELD_LABELS[byStripped]}」读取` }
  if (h.length > 12 || /序号|备注|说明/.test(h)) return null
  for (const rule of HEADER_WORDS) {
    if (rule.words.test(h)) return { field: rule.field, reason: `「${header.trim()}」含「${rule.word}」，按「${REGISTRY_FIELD_LABELS[rule.field]}」读取` }
  }
  return null
}

export function fieldOfHeader(header: string): RegistryField | null {
  return matchHeader(header)?.field ?? null
}

/** Text of a cell with full-width spaces and the spaces around it gone. */
export function cleanCell(value: string | undefined): string {
  return (value ?? '').replace(/[\u3000\u00a0]/g, ' ').trim()
}

/** The local level an account's host unit sits at, as registries write it. */
export type RegistryLevel = 'city' | 'county' | 'town' | 'other'
export const REGISTRY_LEVEL_LABELS: Record<RegistryLevel, string> = { city: '市级', county: '县(市、区)', town: '镇(街道)', other: '其他' }

const LEVEL_WORDS: Record<RegistryLevel, string[]> = {
  city: ['市', '市直', '市本', '市属', '地市', '市直部门', '市直单位', '市级部门', '市级单位', '市直机关', '市级机关'],
  county: ['县', '区', '县区', '区县', '县市区', '县(市、区)', '县(市,区)', '县(市区)', '县(区)', '市(县)区', '市(县、区)', '县(市)区', '县(区、市)', '县级市', '区县市', '县区部门', '区级部门', '县级部门', '县(市、区)部门'],
  town: ['乡镇', '镇', '乡', '街道', '镇街', '镇(街道)', '乡镇街道', '乡镇(街道)', '乡(镇)', '乡镇街', '乡(镇、街道)', '镇(街)', '街镇', '乡镇、街道', '镇、街道'],
  other: ['其他', '其它', '村', '社区', '村(社区)', '村居', '其他单位']
}
const LEVEL_BY_WORD = new Map<string, RegistryLevel>()
for (const [level, words] of Object.entries(LEVEL_WORDS) as [RegistryLevel, string[]][]) for (const w of words) LEVEL_BY_WORD.set(w, level)

/** Level words after folding: full width to half, spaces dropped, a trailing 级 or 级别 dropped (县区级 is 县区). */
export function normalizeValue(value: string): string {
  return value.normalize('NFKC').replace(/[\s\u3000]+/g, '').toLowerCase()
}

export function parseLevel(value: string): RegistryLevel | null {
  const v = normalizeValue(value)
  if (v === '') return null
  return LEVEL_BY_WORD.get(v) ?? LEVEL_BY_WORD.get(v.replace(/级(别)?$/, '')) ?? LEVEL_BY_WORD.get(v.replace(/级/, '')) ?? null
}

export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = { active: '运行', suspended: '停更', closed: '注销' }

/** The status as the registry page and the export write it, saying when its date is missing. */
export function accountStatusText(a: { status: AccountStatus; stopNoticeDate: string | null; closedOn: string | null }): string {
  if (a.status === 'suspended' && !a.stopNoticeDate) return '停更（公告日期未填）'
  if (a.status === 'closed' && !a.closedOn) return '已注销（日期未填）'
  return ACCOUNT_STATUS_LABELS[a.status]
}

/**
 * What the registry itself says is wrong with an account: closed (注销) without a stop-update
 * notice first, which the national checklist counts against its department (MGT-3 开设、变更或关停
 * 未履行审批: 关停前未发布停更公告), or suspended (停更) with no notice date on record. Null when
 * there is nothing to say.
 */
export function registryFinding(a: { status: AccountStatus; stopNoticeDate: string | null }): string | null {
  if (a.stopNoticeDate) return null
  if (a.status === 'closed') return '注销前未发布停更公告（开设、变更或关停未履行审批）'
  if (a.status === 'suspended') return '停更未登记停更公告日期（停更公告日期未填）'
  return null
}

const STATUS_WORDS: Record<AccountStatus, string[]> = {
  active: ['', '运行', '正常', '正常运行', '运行中', '在运行', '运营', '运营中', '正常运营', '在用', '开通', '正常更新', '更新中', '启用', '在线', '活跃'],
  suspended: ['停更', '停止更新', '暂停更新', '暂停', '已停更', '暂停运营', '停止运营', '停运'],
  closed: ['注销', '已注销', '关停', '已关停', '关闭', '已关闭', '撤销', '已撤销', '注销中', '停用', '已停用', '销号']
}
const STATUS_BY_WORD = new Map<string, AccountStatus>()
for (const [status, words] of Object.entries(STATUS_WORDS) as [AccountStatus, string[]][]) for (const w of words) STATUS_BY_WORD.set(w, status)

export function parseStatus(value: string): AccountStatus | null {
  return STATUS_BY_WORD.get(normalizeValue(value)) ?? null
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
  /** The worksheet the row is on ('' for a single table, a CSV). */
  sheet: string
  /** The row's number in the sheet (1-based, as the spreadsheet shows it). */
  row: number
  name: string
  platform: Platform
  platformKind: PlatformKind
  platformDetail: string
  hostUnit: string
  competentUnit: string
  level: RegistryLevel | null
  platformRef: string
  status: AccountStatus
  stopNoticeDate: string | null
  closedOn: string | null
  operator: string
  phone: string
  registryNo: string
  openedOn: string | null
}

export interface RowError {
  /** The worksheet ('' when the file has one table). */
  sheet: string
  row: number
  /** The header of the column at fault, as in the file ('' when the problem is the row as a whole). */
  column: string
  code: string
  message: string
}

/** A row's place as the admin finds it in the file: 「云龙区!第9行」, or 「第9行」 in a single table. */
export function rowPosition(sheet: string, row: number): string {
  return sheet ? `${sheet}!第${row}行` : `第${row}行`
}

export type ColumnMapping = { header: string; field: RegistryField | null; reason?: string | null }[]

/** The fields whose values are words the admin may map once for every row that carries them. */
export type MappedValueField = 'platform' | 'level' | 'status'
/** The admin's mapping of values the importer does not know: {platform: {"企鹅号": "other"}, level: {"省直": "city"}}. */
export type ValueMapping = Partial<Record<MappedValueField, Record<string, string>>>

export const VALUE_CHOICES: Record<MappedValueField, { value: string; label: string }[]> = {
  platform: PLATFORM_KINDS.map((k) => ({ value: k.kind, label: k.label })),
  level: (Object.keys(REGISTRY_LEVEL_LABELS) as RegistryLevel[]).map((l) => ({ value: l, label: REGISTRY_LEVEL_LABELS[l] })),
  status: (Object.keys(ACCOUNT_STATUS_LABELS) as AccountStatus[]).map((s) => ({ value: s, label: ACCOUNT_STATUS_LABELS[s] }))
}

/** Whether `value` is one of the choices a mapped value may take. */
export function isValueChoice(field: MappedValueField, value: string): boolean {
  return VALUE_CHOICES[field].some((c) => c.value === value)
}

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

/** Default mapping of a header row: each header to its field, a field taken by its first column only; exact headers win over guesses. */
export function guessMapping(headers: string[]): ColumnMapping {
  const matches = headers.map((raw) => matchHeader(cleanCell(raw)))
  const taken = new Set<RegistryField>()
  for (const m of matches) if (m && m.reason === null) taken.add(m.field)
  const claimed = new Set<RegistryField>()
  return headers.map((raw, i) => {
    const header = cleanCell(raw)
    const m = matches[i]
    if (!m || claimed.has(m.field) || (m.reason !== null && taken.has(m.field))) return { header, field: null }
    claimed.add(m.field)
    return m.reason ? { header, field: m.field, reason: m.reason } : { header, field: m.field }
  })
}

export const REGISTRY_FIELD_LABELS: Record<RegistryField, string> = Object.fromEntries(REGISTRY_FIELDS.map((s) => [s.field, s.label])) as Record<RegistryField, string>

/**
 * The mapping's own problems (a required field without a column, a field on two columns): answered
 * as errors on the header row, since they concern the header, not a data row.
 */
export function mappingErrors(mapping: ColumnMapping, headerRow: number, sheet = ''): RowError[] {
  const errors: RowError[] = []
  const seen = new Map<RegistryField, string>()
  for (const { header, field } of mapping) {
    if (field === null) continue
    const first = seen.get(field)
    if (first !== undefined) {
      errors.push({ sheet, row: headerRow, column: header, code: 'FIELD_MAPPED_TWICE', message: `「${header}」与「${first}」都对应「${REGISTRY_FIELD_LABELS[field]}」，请只保留一列` })
    } else seen.set(field, header)
  }
  for (const spec of REGISTRY_FIELDS) {
    if (spec.required && !seen.has(spec.field)) {
      errors.push({ sheet, row: headerRow, column: '', code: 'FIELD_NOT_MAPPED', message: `没有找到「${spec.label}」列，请在列对应中指定` })
    }
  }
  return errors
}

/** A total row's first words: 合计, 小计：, 总计（12个）, 共计 425 个. */
const TOTAL_ROW = /^(合计|小计|总计|共计|总数|累计)([:：(（\d]|$)/
const NOTE_LINE = /^(填表说明|说明|注|备注|附注|填表人|填报人|制表人|审核人|审核|负责人|联系人|联系电话|填报单位|填表单位|填报日期|填表日期|制表日期|单位负责人|分管领导)\s*[:：]?/

/**
 * Why a row under the header is not an account: a 合计/小计 row, a 填表说明/填表人/审核人 line, the
 * header repeated, or a separator (one cell, such as a district's name over its accounts). Null
 * for a row to read. Blank rows are skipped before this without being listed.
 */
export function skipReason(cells: string[], mapping: ColumnMapping): string | null {
  const filled = cells.map(cleanCell).filter((c) => c !== '')
  if (filled.length === 0) return null
  const first = filled[0] as string
  const nameAt = mapping.findIndex((m) => m.field === 'name')
  const name = nameAt >= 0 ? cleanCell(cells[nameAt]) : ''
  if (TOTAL_ROW.test(first.replace(/\s+/g, '')) || TOTAL_ROW.test(name.replace(/\s+/g, ''))) return '合计行'
  if (NOTE_LINE.test(first) && (filled.length <= 2 || /[:：]/.test(first) || first.length > 20)) return '说明或签名行'
  const headerLike = cells.filter((c, i) => cleanCell(c) !== '' && mapping[i]?.field && normalizeHeader(c) === normalizeHeader(mapping[i]?.header ?? '')).length
  if (headerLike >= 2) return '重复的表头'
  if (filled.length === 1) return '分组标题或空行'
  return null
}

export interface ReadRowResult {
  row: RegistryRow | null
  errors: RowError[]
  /** Words of mapped fields the importer does not know, to be mapped once by the admin. */
  unknown: { field: MappedValueField; value: string }[]
}

/** Read one data row through the mapping, with the admin's value mapping. Blank rows answer null (not an error). */
export function readRow(cells: string[], mapping: ColumnMapping, rowNumber: number, values: ValueMapping = {}, sheet = ''): ReadRowResult {
  const value: Partial<Record<RegistryField, string>> = {}
  const header: Partial<Record<RegistryField, string>> = {}
  mapping.forEach(({ header: h, field }, i) => {
    if (field === null) return
    value[field] = cleanCell(cells[i])
    header[field] = h
  })
  if (cells.every((c) => cleanCell(c) === '')) return { row: null, errors: [], unknown: [] }
  const errors: RowError[] = []
  const unknown: ReadRowResult['unknown'] = []
  const fail = (field: RegistryField, code: string, message: string) => errors.push({ sheet, row: rowNumber, column: header[field] ?? REGISTRY_FIELD_LABELS[field], code, message })
  const text = (field: RegistryField) => value[field] ?? ''
  const mapped = (field: MappedValueField): string | undefined => {
    const map = values[field]
    return map ? (map[text(field)] ?? map[normalizeValue(text(field))]) : undefined
  }

  const name = text('name')
  if (name === '') fail('name', 'NAME_MISSING', '账号名称为空')
  else if (name.length > 100) fail('name', 'TEXT_TOO_LONG', '账号名称超过100个字')
  const platformKindMapped = mapped('platform')
  let platform: ParsedPlatform | null = parsePlatform(text('platform'))
  if (!platform && platformKindMapped && isValueChoice('platform', platformKindMapped)) {
    const spec = PLATFORM_KINDS.find((k) => k.kind === platformKindMapped) as (typeof PLATFORM_KINDS)[number]
    platform = { platform: spec.group, kind: spec.kind, detail: text('platform') }
  }
  if (!platform) {
    if (text('platform') === '') fail('platform', 'PLATFORM_UNKNOWN', '平台类型为空')
    else {
      fail('platform', 'PLATFORM_UNKNOWN', `无法识别的平台类型「${text('platform')}」，可在导入页统一指定它对应的平台，或改为：微信公众号、微博、抖音、今日头条、移动客户端等`)
      unknown.push({ field: 'platform', value: text('platform') })
    }
  }
  const hostUnit = text('hostUnit')
  if (hostUnit === '') fail('hostUnit', 'HOST_UNIT_MISSING', '主办单位为空')
  else if (hostUnit.length > 100) fail('hostUnit', 'TEXT_TOO_LONG', '主办单位名称超过100个字')
  let level: RegistryLevel | null = null
  if (text('level') !== '') {
    const m = mapped('level')
    level = parseLevel(text('level')) ?? (m && isValueChoice('level', m) ? (m as RegistryLevel) : null)
    if (level === null) {
      fail('level', 'LEVEL_UNKNOWN', `无法识别的层级「${text('level')}」，可在导入页统一指定它对应的层级，或改为：市级、县(市、区)、镇(街道)、其他`)
      unknown.push({ field: 'level', value: text('level') })
    }
  }
  const statusMapped = mapped('status')
  const status = parseStatus(text('status')) ?? (statusMapped && isValueChoice('status', statusMapped) ? (statusMapped as AccountStatus) : null)
  if (status === null) {
    fail('status', 'STATUS_UNKNOWN', `无法识别的状态「${text('status')}」，可在导入页统一指定它对应的状态，或改为：运行、停更、注销`)
    unknown.push({ field: 'status', value: text('status') })
  }
  const dateOf = (field: RegistryField, label: string): string | null => {
    if (text(field) === '') return null
    const d = parseRegistryDate(text(field))
    if (d === null) fail(field, 'DATE_INVALID', `${label}「${text(field)}」不是有效日期，请写成 2024-07-19`)
    return d
  }
  const stopNoticeDate = dateOf('stopNoticeDate', '停更公告日期')
  const closedOn = dateOf('closedOn', '注销日期')
  const openedOn = dateOf('openedOn', '开设日期')
  if (closedOn !== null && status !== null && status !== 'closed') fail('closedOn', 'CLOSED_DATE_NOT_CLOSED', `填了注销日期，但状态是「${text('status') || '运行'}」：已注销的账号请把状态写为注销`)
  const phone = text('phone')
  if (phone !== '' && !isPhone(phone)) fail('phone', 'PHONE_INVALID', `联系电话「${phone}」格式不对，请填写手机号或带区号的座机号`)
  for (const field of ['competentUnit', 'platformRef', 'operator', 'registryNo'] as const) {
    if (text(field).length > 200) fail(field, 'TEXT_TOO_LONG', `${REGISTRY_FIELD_LABELS[field]}超过200个字`)
  }
  if (errors.length > 0 || !platform || status === null) return { row: null, errors, unknown }
  return {
    row: {
      sheet,
      row: rowNumber,
      name,
      platform: platform.platform,
      platformKind: platform.kind,
      platformDetail: platform.detail,
      hostUnit,
      competentUnit: text('competentUnit'),
      level,
      platformRef: text('platformRef'),
      status,
      stopNoticeDate,
      closedOn,
      operator: text('operator'),
      phone,
      registryNo: text('registryNo'),
      openedOn
    },
    errors: [],
    unknown: []
  }
}

/** The key an account is matched by on re-import: platform + ID when it has one, else platform + name. */
export function registryKeys(row: Pick<RegistryRow, 'platform' | 'platformDetail' | 'platformRef' | 'name'>): { byRef: string | null; byName: string } {
  // Known kinds by kind (头条号 is 今日头条); an unknown word by itself; 「其他」 names no platform.
  const kind = platformKind(row.platform, row.platformDetail)
  const word = row.platformDetail.normalize('NFKC').replace(/\s+/g, '')
  const platform = kind !== 'other' ? kind : `other:${/^(其他|其它)$/.test(word) ? '' : word}`
  const ref = row.platformRef.normalize('NFKC').trim().toLowerCase()
  return { byRef: ref ? `${platform}|${ref}` : null, byName: `${platform}|${row.name.normalize('NFKC').replace(/\s+/g, '')}` }
}
