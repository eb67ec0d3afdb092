import dayjs from 'dayjs'
import customParseFormat from 'dayjs/plugin/customParseFormat'

dayjs.extend(customParseFormat)

/** Calendar dates travel as "YYYY-MM-DD" strings; they have no time zone. */
export const DATE_FORMAT = 'YYYY-MM-DD'

export function parseDate(value: string): dayjs.Dayjs | null {
  const d = dayjs(value, DATE_FORMAT, true)
  return d.isValid() ? d : null
}

export function isDate(value: unknown): value is string {
  return typeof value === 'string' && parseDate(value) !== null
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  const a = parseDate(from)
  const b = parseDate(to)
  if (!a || !b) throw new Error(`not a date: ${a ? to : from}`)
  return b.diff(a, 'day')
}

/** "2024年7月19日" */
export function formatChineseDate(value: string): string {
  const d = parseDate(value)
  return d ? `${d.year()}年${d.month() + 1}月${d.date()}日` : value
}

/** "6月25日" */
export function formatShortChineseDate(value: string): string {
  const d = parseDate(value)
  return d ? `${d.month() + 1}月${d.date()}日` : value
}
