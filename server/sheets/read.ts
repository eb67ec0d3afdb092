import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { AppError } from '../errors'
import { readLegacyWorkbook } from './legacy'

/**
 * A workbook as worksheets of rows of cell text: every worksheet of an .xlsx, of a legacy .xls or
 * WPS .et (read in a child process with limits, legacy.ts), or a .csv in UTF-8 (with or without
 * BOM) or GBK as one sheet named ''. Dates become "YYYY-MM-DD", numbers their plain text,
 * formulas their value, rich text its characters; a merged range repeats its text in every cell
 * it covers (the way a header spanning two rows reads on either row). Trailing blank rows and
 * cells are dropped; sheets left empty are left out.
 */
export type SheetKind = 'xlsx' | 'legacy' | 'csv'

export interface Sheet {
  /** The worksheet's name as the file shows it; '' for a CSV. */
  name: string
  rows: string[][]
}

export const MAX_SHEET_ROWS = 20000
const MAX_COLUMNS = 60

export function sheetKind(filename: string, bytes: Buffer): SheetKind {
  // An .xlsx is a zip: "PK\3\4", whatever its name says.
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx'
  if (/\.xlsx$/i.test(filename)) throw new AppError(422, 'FILE_UNREADABLE', '文件不是有效的 .xlsx 表格，请在 Excel/WPS 中另存为 .xlsx 后重试')
  // An .xls or WPS .et is an OLE2 compound file: D0 CF 11 E0 A1 B1 1A E1.
  if (CFB_MAGIC.every((b, i) => bytes[i] === b)) return 'legacy'
  if (/\.(xls|et)$/i.test(filename)) {
    // Systems that export "xls" often write an HTML table or tab-separated text under that name.
    const head = bytes.subarray(0, 512).toString('latin1').trimStart().toLowerCase()
    if (head.startsWith('<')) return 'legacy'
    if (!bytes.includes(0)) return 'csv'
    throw new AppError(422, 'FILE_UNREADABLE', '文件不是有效的 .xls/.et 表格，请在 Excel/WPS 中另存为 .xlsx 后重试')
  }
  if (bytes.includes(0)) throw new AppError(415, 'FILE_TYPE_UNSUPPORTED', '只能导入 .xlsx、.xls、.et 或 .csv 表格')
  return 'csv'
}

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]

/** Every worksheet with something in it, in the workbook's order. */
export async function readWorkbook(filename: string, bytes: Buffer): Promise<Sheet[]> {
  const kind = sheetKind(filename, bytes)
  const sheets =
    kind === 'xlsx'
      ? await readXlsx(bytes)
      : kind === 'legacy'
        ? await readLegacyWorkbook(bytes, { maxRows: MAX_SHEET_ROWS, maxColumns: MAX_COLUMNS })
        : [{ name: '', rows: readCsv(decodeText(bytes)) }]
  let total = 0
  const out: Sheet[] = []
  for (const sheet of sheets) {
    const rows = trim(sheet.rows)
    total += rows.length
    if (total > MAX_SHEET_ROWS + 50 * sheets.length) throw tooManyRows()
    if (rows.length > 0) out.push({ name: sheet.name, rows })
  }
  return out
}

/** The first worksheet with content, as rows (what a single-table reader wants). */
export async function readSheet(filename: string, bytes: Buffer): Promise<string[][]> {
  return (await readWorkbook(filename, bytes))[0]?.rows ?? []
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

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
    if ('error' in value) return ''
    return ''
  }
  return String(value)
}

async function readXlsx(bytes: Buffer): Promise<Sheet[]> {
  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new AppError(422, 'FILE_UNREADABLE', '无法读取这个 .xlsx 文件，请在 Excel/WPS 中另存后重试')
  }
  const sheets = book.worksheets.filter((s) => s.actualRowCount > 0 && s.state !== 'veryHidden')
  if (sheets.reduce((n, s) => n + s.rowCount, 0) > MAX_SHEET_ROWS + 50 * sheets.length) throw tooManyRows()
  return sheets.map((sheet) => ({ name: sheet.name, rows: xlsxRows(sheet) }))
}

function xlsxRows(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = []
  const width = Math.min(sheet.columnCount, MAX_COLUMNS)
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c)
      // A merged cell's covered cells answer the master's value.
      cells.push(cellText(cell.isMerged ? cell.master.value : cell.value))
    }
    rows.push(cells)
  }
  return rows
}

/** UTF-8 when the bytes are valid UTF-8 (BOM or not); otherwise GBK, what Excel saves CSV as on Chinese Windows. */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8')
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (!utf8.includes('\ufffd')) return utf8
  return iconv.decode(bytes, 'gb18030')
}

/** RFC 4180: quoted fields with commas, quotes ("") and line breaks; CRLF or LF; a tab-separated file too. */
export function readCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'))
  const sep = firstLine.split('\t').length > firstLine.split(',').length ? '\t' : ','
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else quoted = false
      } else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === sep) {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      if (rows.length > MAX_SHEET_ROWS + 50) throw tooManyRows()
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  return rows
}

function tooManyRows(): AppError {
  return new AppError(413, 'FILE_TOO_MANY_ROWS', `表格超过 ${MAX_SHEET_ROWS} 行，请分批导入`)
}

function trim(rows: string[][]): string[][] {
  const blank = (cells: string[]) => cells.every((c) => c.trim() === '')
  let end = rows.length
  while (end > 0 && blank(rows[end - 1] as string[])) end--
  return rows.slice(0, end).map((cells) => {
    let w = cells.length
    while (w > 0 && (cells[w - 1] as string).trim() === '') w--
    return cells.slice(0, w)
  })
}
