import type { Role } from './types'

/**
 * A whole office's people in one sitting: the rows of a people sheet (姓名, 手机号, 单位, 角色 in
 * whatever words and order an office uses) or the registry's contact columns, read into people to
 * create. Pure: the server resolves units and who exists already.
 */

/** A mainland mobile number as 11 digits (spaces, dashes, +86 dropped), or null when it is not one. */
export function mobileNumber(value: string): string | null {
  const digits = value.normalize('NFKC').replace(/[\s\-()（）—－]/g, '').replace(/^(\+?86|0086)/, '')
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null
}

/** 138****1234: a number as the office reads it back without showing all of it. */
export function maskedMobile(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone
}

export type PeopleField = 'name' | 'phone' | 'unit' | 'role'

const HEADERS: Record<PeopleField, RegExp> = {
  name: /^(姓名|名字|人员姓名|联系人|联络员|运维人员|运维人|负责人|管理员姓名|联系人姓名|联络员姓名)$/,
  phone: /^(手机|手机号|手机号码|联系电话|电话|联系方式|移动电话|联系人电话|联络员电话|手机号码（必填）)$/,
  unit: /^(单位|所属单位|单位名称|部门|所在单位|工作单位|所属部门|部门名称|主办单位|开办主体)$/,
  role: /^(角色|身份|人员类型|类型|职责|岗位)$/
}

const ROLE_WORDS: [RegExp, Role][] = [
  [/管理员/, 'admin'],
  [/领导|分管|负责同志/, 'leader'],
  [/检查|督查|巡查|监测/, 'inspector'],
  [/联络|联系|运维|信息员|通讯员|编辑/, 'liaison']
]

/** 联络员, 检查员 … in an office's words; '' (not filled) means a liaison; null for a word nobody knows. */
export function roleOf(word: string): Role | null {
  const w = word.normalize('NFKC').replace(/\s+/g, '')
  if (w === '') return 'liaison'
  return ROLE_WORDS.find(([re]) => re.test(w))?.[1] ?? null
}

export interface PeopleSheetRow {
  /** 1-based row number in its sheet, as the office sees it. */
  row: number
  sheet: string
  name: string
  phone: string
  unit: string
  role: string
}

/**
 * The header row (the first of the first 10 rows naming at least 姓名 and 单位) and the rows under it,
 * on every sheet; blank rows, 合计 lines and notes (a row with only its first cell) are left out.
 */
export function readPeopleSheets(sheets: { name: string; rows: string[][] }[]): { rows: PeopleSheetRow[]; missing: PeopleField[] } {
  const out: PeopleSheetRow[] = []
  let found = false
  const missing = new Set<PeopleField>(['name', 'unit'])
  for (const sheet of sheets) {
    const headerAt = sheet.rows.slice(0, 10).findIndex((cells) => {
      const norm = cells.map((c) => c.normalize('NFKC').replace(/\s+/g, ''))
      return norm.some((c) => HEADERS.name.test(c)) && norm.some((c) => HEADERS.unit.test(c))
    })
    if (headerAt < 0) continue
    found = true
    missing.clear()
    const header = (sheet.rows[headerAt] ?? []).map((c) => c.normalize('NFKC').replace(/\s+/g, ''))
    const col = (field: PeopleField) => header.findIndex((c) => HEADERS[field].test(c))
    const at = { name: col('name'), phone: col('phone'), unit: col('unit'), role: col('role') }
    sheet.rows.slice(headerAt + 1).forEach((cells, i) => {
      const cell = (k: number) => (k >= 0 ? (cells[k] ?? '').trim() : '')
      const name = cell(at.name)
      const unit = cell(at.unit)
      if (name === '' && unit === '') return
      if (/^(合计|小计|总计|填表|审核|说明|备注|注[:：])/.test(name) || (cells.filter((c) => c.trim() !== '').length === 1 && name.length > 12)) return
      out.push({ row: headerAt + i + 2, sheet: sheet.name, name, phone: cell(at.phone), unit, role: cell(at.role) })
    })
  }
  return { rows: out, missing: found ? [] : [...missing] }
}
