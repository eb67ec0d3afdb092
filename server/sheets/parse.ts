import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import * as XLSX from 'xlsx'
import { AppError } from '../errors'
import { inspectZip, verifyEntries } from './zip-check'

/**
 * The parsers themselves, run only inside the reading child (child.ts): an .xlsx with ExcelJS
 * after its zip is checked entry by entry, a legacy .xls / WPS .et / HTML-as-xls with SheetJS, a
 * CSV decoded from UTF-8 or GBK. Each holds the sheet to the same limits — rows, columns, the
 * length of one cell — and stops at the first one passed, with its own code and message.
 */
export type SheetKind = 'xlsx' | 'legacy' | 'csv'

export interface RawSheet {
  name: string
  rows: string[][]
}

export const SHEET_LIMITS = {
  /** Rows of all worksheets together (and 50 a sheet for headers and notes). */
  rows: 20000,
  /** Columns with something in them. */
  columns: 100,
  /** Characters in one cell: a registry's longest field (an address, a remark) is far below. */
  cellChars: 2000,
  /** Characters of all cells together: what travels back to the server and into a stored plan. */
  totalChars: 8_000_000
}

export type SheetLimits = typeof SHEET_LIMITS

export function tooManyRows(limits: SheetLimits): AppError {
  return new AppError(413, 'FILE_TOO_MANY_ROWS', `表格超过 ${limits.rows} 行，请分批导入`)
}

function tooManyColumns(limits: SheetLimits, sheet: string): AppError {
  return new AppError(413, 'FILE_TOO_MANY_COLUMNS', `${sheet ? `工作表「${sheet.slice(0, 31)}」` : '表格'}超过 ${limits.columns} 列，请删除多余的列后再导入`)
}

const columnName = (c: number): string => (c < 26 ? String.fromCharCode(65 + c) : columnName(Math.floor(c / 26) - 1) + String.fromCharCode(65 + (c % 26)))

function cellTooLong(limits: SheetLimits, sheet: string, row: number, column: number): AppError {
  const where = `${sheet ? `工作表「${sheet.slice(0, 31)}」` : ''}${columnName(column)}${row + 1} 单元格`
  return new AppError(413, 'FILE_CELL_TOO_LONG', `${where}超过 ${limits.cellChars} 个字，请检查是否粘贴了多余内容`, { sheet, row: row + 1, column: columnName(column) })
}

/** Holds one sheet's rows to the column and cell limits (rows are counted by the caller). */
function checkCells(limits: SheetLimits, sheet: RawSheet, seen = { chars: 0 }): void {
  sheet.rows.forEach((cells, r) => {
    let used = 0
    cells.forEach((text, c) => {
      if (text.length > limits.cellChars) throw cellTooLong(limits, sheet.name, r, c)
      seen.chars += text.length
      if (seen.chars > limits.totalChars) throw new AppError(413, 'FILE_TOO_MUCH_TEXT', `表格内容超过 ${limits.totalChars / 10000} 万字，请分批导入`)
      if (text.trim() !== '') used = c + 1
    })
    if (used > limits.columns) throw tooManyColumns(limits, sheet.name)
  })
}

export function parseSheets(kind: SheetKind, bytes: Buffer, limits: SheetLimits): RawSheet[] {
  if (kind === 'csv') {
    const sheet = { name: '', rows: readCsv(decodeText(bytes), limits) }
    checkCells(limits, sheet)
    return [sheet]
  }
  const sheets = kind === 'legacy' ? readLegacy(bytes, limits) : null
  if (sheets) {
    const seen = { chars: 0 }
    for (const s of sheets) checkCells(limits, s, seen)
    return sheets
  }
  throw new Error('xlsx is read with parseXlsx')
}

const pad = (n: number) => String(n).padStart(2, '0')

// ---- .xlsx -------------------------------------------------------------------------------------

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) {
    // exceljs reads dates as UTC midnight of the calendar day.
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('')
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue)
    if ('text' in value) return String(value.text)
    return ''
  }
  return String(value)
}

/** How many <row> elements a worksheet's XML holds, counted on the bytes before any XML parser sees them. */
function rowElements(xml: Buffer): number {
  let n = 0
  for (let i = xml.indexOf('<row'); i !== -1; i = xml.indexOf('<row', i + 4)) {
    const next = xml[i + 4]
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) n++
  }
  return n
}

export async function parseXlsx(bytes: Buffer, limits: SheetLimits): Promise<RawSheet[]> {
  const entries = inspectZip(bytes)
  const parts = verifyEntries(bytes, entries)
  // A million empty rows is a small file and a long parse: counted first, refused before parsing.
  let rowsDeclared = 0
  for (const [name, xml] of parts) if (/^xl\/worksheets\/[^/]+\.xml$/i.test(name)) rowsDeclared += rowElements(xml)
  const sheetsDeclared = [...parts.keys()].filter((n) => /^xl\/worksheets\/[^/]+\.xml$/i.test(n)).length
  if (rowsDeclared > limits.rows + 50 * Math.max(1, sheetsDeclared)) throw tooManyRows(limits)
  parts.clear()
  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new AppError(422, 'FILE_UNREADABLE', '无法读取这个 .xlsx 文件，请在 Excel/WPS 中另存后重试')
  }
  const sheets = book.worksheets.filter((s) => s.actualRowCount > 0 && s.state !== 'veryHidden')
  if (sheets.reduce((n, s) => n + s.actualRowCount, 0) > limits.rows + 50 * sheets.length) throw tooManyRows(limits)
  const seen = { chars: 0 }
  return sheets.map((sheet) => {
    const out = { name: sheet.name, rows: xlsxRows(sheet, limits) }
    checkCells(limits, out, seen)
    return out
  })
}

function xlsxRows(sheet: ExcelJS.Worksheet, limits: SheetLimits): string[][] {
  const rows: string[][] = []
  // Rows as numbered in the sheet (a gap stays a blank row), none past the last with content.
  sheet.eachRow({ includeEmpty: false }, (row, r) => {
    if (r > limits.rows + 50 * 20) throw tooManyRows(limits)
    while (rows.length < r - 1) rows.push([])
    const cells: string[] = []
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      if (c > limits.columns) {
        if (cellText(cell.value).trim() !== '') throw tooManyColumns(limits, sheet.name)
        return
      }
      while (cells.length < c - 1) cells.push('')
      // A merged cell's covered cells answer the master's value.
      cells.push(cellText(cell.isMerged ? cell.master.value : cell.value))
    })
    rows.push(cells)
  })
  // Cells covered by a merge that exceljs left without an entry read the master's text.
  const merges = (sheet.model as { merges?: string[] }).merges ?? []
  for (const range of merges) {
    const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range)
    if (!m) continue
    const col = (s: string) => [...s].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0)
    const [c1, r1, c2, r2] = [col(m[1] as string), Number(m[2]), col(m[3] as string), Number(m[4])]
    const text = rows[r1 - 1]?.[c1 - 1] ?? ''
    for (let r = r1; r <= Math.min(r2, rows.length); r++) {
      const cells = rows[r - 1] as string[]
      for (let c = c1; c <= Math.min(c2, limits.columns); c++) {
        while (cells.length < c) cells.push('')
        if ((cells[c - 1] as string) === '') cells[c - 1] = text
      }
    }
  }
  return rows
}

// ---- legacy .xls / .et / HTML ------------------------------------------------------------------

function legacyText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return ''
  if (cell.v instanceof Date) return `${cell.v.getFullYear()}-${pad(cell.v.getMonth() + 1)}-${pad(cell.v.getDate())}`
  if (cell.t === 'e') return ''
  if (typeof cell.v === 'number' && cell.t === 'n' && cell.w && /[年/-]/.test(cell.w) && /^\d/.test(cell.w)) return cell.w
  return String(cell.v)
}

function readLegacy(bytes: Buffer, limits: SheetLimits): RawSheet[] {
  const book = XLSX.read(bytes, { type: 'buffer', cellDates: true, cellFormula: false, cellHTML: false, cellStyles: false, sheetRows: limits.rows + 51, dense: false })
  return book.SheetNames.map((name) => {
    const ws = book.Sheets[name]
    if (!ws || !ws['!ref']) return { name, rows: [] }
    const range = XLSX.utils.decode_range(ws['!ref'])
    const last = Math.min(range.e.c, limits.columns)
    const rows: string[][] = []
    for (let r = 0; r <= range.e.r; r++) {
      const cells: string[] = []
      for (let c = 0; c <= last; c++) cells.push(legacyText(ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined))
      rows.push(cells)
    }
    // A merged range repeats its text in every cell it covers.
    for (const m of ws['!merges'] ?? []) {
      const text = rows[m.s.r]?.[m.s.c] ?? ''
      for (let r = m.s.r; r <= Math.min(m.e.r, rows.length - 1); r++) {
        for (let c = m.s.c; c <= Math.min(m.e.c, last); c++) (rows[r] as string[])[c] = text
      }
    }
    return { name, rows }
  })
}

// ---- CSV ---------------------------------------------------------------------------------------

/** UTF-8 when the bytes are valid UTF-8 (BOM or not); otherwise GBK, what Excel saves CSV as on Chinese Windows. */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8')
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (!utf8.includes('\ufffd')) return utf8
  return iconv.decode(bytes, 'gb18030')
}

/**
 * RFC 4180: quoted fields with commas, quotes ("") and line breaks; CRLF or LF; a tab-separated
 * file too. Fields are cut out of the text with slice (appending a character at a time builds a
 * chain of millions of string pieces: an 8 MB file then needs gigabytes).
 */
export function readCsv(text: string, limits: SheetLimits = SHEET_LIMITS): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'))
  const sep = firstLine.split('\t').length > firstLine.split(',').length ? '\t' : ','
  const n = text.length
  const rows: string[][] = []
  let row: string[] = []
  const endOfField = (from: number): number => {
    let k = from
    while (k < n) {
      const ch = text[k]
      if (ch === sep || ch === '\n' || ch === '\r') break
      k++
    }
    return k
  }
  let i = 0
  while (i < n) {
    let value: string
    if (text[i] === '"') {
      const parts: string[] = []
      let j = i + 1
      for (;;) {
        const q = text.indexOf('"', j)
        if (q === -1) {
          parts.push(text.slice(j))
          i = n
          break
        }
        parts.push(text.slice(j, q))
        if (text[q + 1] === '"') {
          parts.push('"')
          j = q + 2
          continue
        }
        i = q + 1
        break
      }
      // Whatever follows the closing quote up to the separator stays part of the field.
      const k = endOfField(i)
      value = parts.join('') + text.slice(i, k)
      i = k
    } else {
      const k = endOfField(i)
      value = text.slice(i, k)
      i = k
    }
    if (value.length > limits.cellChars) throw cellTooLong(limits, '', rows.length, row.length)
    row.push(value)
    if (i >= n) {
      rows.push(row)
      break
    }
    if (text[i] === sep) {
      i++
      if (i >= n) {
        row.push('')
        rows.push(row)
      }
      continue
    }
    if (text[i] === '\r' && text[i + 1] === '\n') i++
    i++
    rows.push(row)
    row = []
    if (rows.length > limits.rows + 50) throw tooManyRows(limits)
  }
  return rows
}
