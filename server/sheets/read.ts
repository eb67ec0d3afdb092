import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { AppError } from '../errors'

/**
 * A spreadsheet as rows of cell text: the first worksheet of an .xlsx, or a .csv in UTF-8 (with
 * or without BOM) or GBK. Dates become "YYYY-MM-DD", numbers their plain text, formulas their
 * value, rich text its characters; a merged range repeats its text in every cell it covers (the
 * way a header spanning two rows reads on either row). Trailing blank rows and cells are dropped.
 */
export type SheetKind = 'xlsx' | 'csv'

export const MAX_SHEET_ROWS = 20000
const MAX_COLUMNS = 60

export function sheetKind(filename: string, bytes: Buffer): SheetKind {
  // An .xlsx is a zip: "PK\3\4", whatever its name says.
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx'
  if (/\.xlsx$/i.test(filename)) throw new AppError(422, 'FILE_UNREADABLE', '文件不是有效的 .xlsx 表格，请在 Excel/WPS 中另存为 .xlsx 后重试')
  if (/\.xls$/i.test(filename) || (bytes[0] === 0xd0 && bytes[1] === 0xcf)) {
    throw new AppError(415, 'FILE_TYPE_UNSUPPORTED', '暂不支持旧版 .xls 文件，请在 Excel/WPS 中另存为 .xlsx 后重试')
  }
  if (bytes.includes(0)) throw new AppError(415, 'FILE_TYPE_UNSUPPORTED', '只能导入 .xlsx 或 .csv 表格')
  return 'csv'
}

export async function readSheet(filename: string, bytes: Buffer): Promise<string[][]> {
  const rows = sheetKind(filename, bytes) === 'xlsx' ? await readXlsx(bytes) : readCsv(decodeText(bytes))
  return trim(rows)
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

async function readXlsx(bytes: Buffer): Promise<string[][]> {
  const book = new ExcelJS.Workbook()
  try {
    await book.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new AppError(422, 'FILE_UNREADABLE', '无法读取这个 .xlsx 文件，请在 Excel/WPS 中另存后重试')
  }
  const sheet = book.worksheets.find((s) => s.actualRowCount > 0) ?? book.worksheets[0]
  if (!sheet) return []
  if (sheet.rowCount > MAX_SHEET_ROWS + 50) throw tooManyRows()
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
