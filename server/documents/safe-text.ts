import type ExcelJS from 'exceljs'

/**
 * Text that reaches a document (.docx, .xlsx) is made safe here, and only here, as the document
 * is written — whatever door the text came in by (a note typed on a phone, an account name from
 * an import, a circular's field, a row written before a check existed).
 *
 * XML 1.0 allows tab, line feed, carriage return and the characters from U+0020 on, except
 * lone surrogates and U+FFFE/U+FFFF. Everything else makes a part invalid: Word and LibreOffice
 * refuse the file. A vertical tab or form feed (what Word pastes for a manual line break or page
 * break) becomes a line break; the other forbidden characters are dropped.
 */
// eslint-disable-next-line no-control-regex
const BREAKS = /[\u000b\u000c]/g
// eslint-disable-next-line no-control-regex
const ILLEGAL = /[\u0000-\u0008\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/** Also applied to a whole .docx part: markup never holds a forbidden character, so only text changes. */
export function xmlSafe(text: string): string {
  return text.replace(BREAKS, '\n').replace(ILLEGAL, '')
}

function safeValue(value: ExcelJS.CellValue): ExcelJS.CellValue {
  if (typeof value === 'string') return xmlSafe(value)
  if (value && typeof value === 'object' && 'richText' in value) return { ...value, richText: value.richText.map((r) => ({ ...r, text: xmlSafe(r.text) })) }
  return value
}

/** Every .xlsx the server writes goes out through here: each cell's text, each sheet's name made safe, then written. */
export async function writeWorkbook(book: ExcelJS.Workbook): Promise<Buffer> {
  for (const sheet of book.worksheets) {
    sheet.name = xmlSafe(sheet.name).slice(0, 31) || 'Sheet'
    sheet.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type === 6 /* Merge */) return
        const safe = safeValue(cell.value)
        if (safe !== cell.value) cell.value = safe
      })
    })
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}
