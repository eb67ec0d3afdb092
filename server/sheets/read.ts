import { AppError } from '../errors'
import { SHEET_LIMITS, type SheetKind, tooManyRows } from './parse'
import { parseInChild } from './sandbox'
import { inspectZip } from './zip-check'

export { decodeText, readCsv, SHEET_LIMITS, type SheetKind } from './parse'

/**
 * A workbook as worksheets of rows of cell text: every worksheet of an .xlsx, of a legacy .xls or
 * WPS .et, or a .csv in UTF-8 (with or without BOM) or GBK as one sheet named ''. Dates become
 * "YYYY-MM-DD", numbers their plain text, formulas their value, rich text its characters; a
 * merged range repeats its text in every cell it covers (the way a header spanning two rows reads
 * on either row). Trailing blank rows and cells are dropped; sheets left empty are left out.
 *
 * Budgets: an .xlsx's zip directory is checked here before anything unzips (zip-check.ts); the
 * parse runs in a child process with a heap cap and a time limit (sandbox.ts), held to
 * SHEET_LIMITS (rows, columns, characters a cell), each refused with its own code.
 */
export interface Sheet {
  /** The worksheet's name as the file shows it; '' for a CSV. */
  name: string
  rows: string[][]
}

export const MAX_SHEET_ROWS = SHEET_LIMITS.rows

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
  // The directory first, in microseconds: a zip bomb is refused before a child is even started.
  if (kind === 'xlsx') inspectZip(bytes)
  const sheets = await parseInChild(kind, bytes, SHEET_LIMITS)
  let total = 0
  const out: Sheet[] = []
  for (const sheet of sheets) {
    const rows = trim(sheet.rows)
    total += rows.length
    if (total > MAX_SHEET_ROWS + 50 * sheets.length) throw tooManyRows(SHEET_LIMITS)
    if (rows.length > 0) out.push({ name: sheet.name, rows })
  }
  return out
}

/** The first worksheet with content, as rows (what a single-table reader wants). */
export async function readSheet(filename: string, bytes: Buffer): Promise<string[][]> {
  return (await readWorkbook(filename, bytes))[0]?.rows ?? []
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
