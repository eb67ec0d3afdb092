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

/** The date `days` later (negative: earlier), "YYYY-MM-DD". */
export function addDays(value: string, days: number): string {
  const d = parseDate(value)
  if (!d) throw new Error(`not a date: ${value}`)
  return d.add(days, 'day').format(DATE_FORMAT)
}

/** A quick choice beside a date picker: 「前一天」 and the date it sets. */
export interface DateChoice {
  label: string
  date: string
}

/**
 * The latest post's date, in one tap from the checkpoint: the day itself, the day before, a week
 * before, and the first day that fails the update rule (`days` before), so most inspections
 * never open the wheel.
 */
export function postDateChoices(checkpoint: string, lagDays: number): DateChoice[] {
  return [
    { label: '监测当日有更新', date: checkpoint },
    { label: '前一天', date: addDays(checkpoint, -1) },
    { label: '一周前', date: addDays(checkpoint, -7) },
    { label: `${lagDays}天前（超期）`, date: addDays(checkpoint, -lagDays) }
  ]
}

/**
 * A round's dates in one tap: the first checkpoint from today, each later date from the one
 * before it (checkpoints a week or two apart, the deadline ten days to a month after the last).
 */
export function roundDateChoices(from: string, kind: 'first' | 'next' | 'deadline'): DateChoice[] {
  if (kind === 'first') return [
    { label: '今天', date: from },
    { label: '明天', date: addDays(from, 1) },
    { label: '一周后', date: addDays(from, 7) }
  ]
  if (kind === 'next') return [
    { label: '一周后', date: addDays(from, 7) },
    { label: '两周后', date: addDays(from, 14) },
    { label: '一个月后', date: addDays(from, 30) }
  ]
  return [
    { label: '10天后', date: addDays(from, 10) },
    { label: '15天后', date: addDays(from, 15) },
    { label: '一个月后', date: addDays(from, 30) }
  ]
}
