/**
 * The legacy-workbook child (forked by legacy.ts with an IPC channel and a small heap): reads one
 * .xls (BIFF5/8), WPS .et or HTML-as-xls workbook with SheetJS and answers every worksheet as
 * rows of cell text, then exits. A broken or hostile file can only crash or stall this process,
 * which its parent kills at its time limit; the server's own memory never holds the parse.
 */
import * as XLSX from 'xlsx'

interface Request {
  bytes: Uint8Array
  maxRows: number
  maxColumns: number
}

const pad = (n: number) => String(n).padStart(2, '0')

function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return ''
  if (cell.v instanceof Date) return `${cell.v.getFullYear()}-${pad(cell.v.getMonth() + 1)}-${pad(cell.v.getDate())}`
  if (cell.t === 'e') return ''
  if (typeof cell.v === 'number' && cell.t === 'n' && cell.w && /[年/-]/.test(cell.w) && /^\d/.test(cell.w)) return cell.w
  return String(cell.v)
}

function readSheets(req: Request): { name: string; rows: string[][] }[] {
  const book = XLSX.read(req.bytes, { type: 'array', cellDates: true, cellFormula: false, cellHTML: false, cellStyles: false, sheetRows: req.maxRows + 51, dense: false })
  return book.SheetNames.map((name) => {
    const ws = book.Sheets[name]
    if (!ws || !ws['!ref']) return { name, rows: [] }
    const range = XLSX.utils.decode_range(ws['!ref'])
    const last = Math.min(range.e.c, req.maxColumns - 1)
    const rows: string[][] = []
    for (let r = 0; r <= range.e.r; r++) {
      const cells: string[] = []
      for (let c = 0; c <= last; c++) cells.push(cellText(ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined))
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

process.once('message', (req: Request) => {
  try {
    const sheets = readSheets(req)
    process.send?.({ ok: true, sheets }, () => process.exit(0))
  } catch (e) {
    process.send?.({ ok: false, error: e instanceof Error ? e.message.slice(0, 200) : String(e) }, () => process.exit(0))
  }
})
