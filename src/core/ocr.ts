/**
 * What the server's OCR reads from a screenshot, and what the app and server make of it: the
 * latest post date an article list or feed shows, and known wrong forms of official terms.
 * Pure functions over the text lines, shared by the app (which knows when a screenshot was taken)
 * and the server (which holds the dictionary). OCR proposes; a person decides.
 */
import { parseDate } from './dates'
import { ROUND_UTC_OFFSET_HOURS } from './deadline'

/** One line of text: where it is on the image ([x, y, width, height] in pixels) and how sure the reader was (0–1). */
export interface OcrLine {
  text: string
  box: [number, number, number, number]
  confidence: number
  /** Each character's confidence (0–1), aligned with `text`, when the reader gave them. */
  chars?: number[]
}

/** A post date read off a screenshot, resolved to a calendar date. */
export interface PostDateProposal {
  /** "YYYY-MM-DD" in Beijing time. */
  date: string
  /** The words on the screenshot it came from (「昨天 18:30」, 「6月18日」). */
  raw: string
  /** Relative on the screenshot (今天, 昨天, 星期三, 09:12, 3小时前): resolved against when it was taken. */
  relative: boolean
  /** The line it was read from, to show where. */
  line: number
}

const WEEKDAYS = '日一二三四五六'
/** Lines that carry a post's date: WeChat's 阅读 line, Weibo's 来自 line, an article's 发布 line. */
const META = /阅读|来自|发布于|发表于|浏览|(?:赞|评论|转发)\s*\d/
const NUM = '(\\d{1,4})'

interface Found {
  date: string
  raw: string
  relative: boolean
}

/** The wall clock in Beijing as UTC fields. */
function beijing(instant: Date): Date {
  return new Date(instant.getTime() + ROUND_UTC_OFFSET_HOURS * 3600 * 1000)
}

function ymd(d: Date): string {
  return d.toISOString().slice(0, 10)
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return ymd(d)
}

function valid(y: number, m: number, d: number): string | null {
  const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  return parseDate(s) ? s : null
}

/** A month and day without a year: the latest such date not after the day the screenshot was taken. */
function withoutYear(m: number, d: number, today: string): string | null {
  const year = Number(today.slice(0, 4))
  const same = valid(year, m, d)
  if (same && same <= today) return same
  return valid(year - 1, m, d)
}

/** The dates a line shows, resolved against `taken` (the instant the screenshot was taken). */
export function datesInLine(text: string, taken: Date): Found[] {
  const t = text.replace(/\s+/g, ' ')
  const now = beijing(taken)
  const today = ymd(now)
  const found: Found[] = []
  const push = (date: string | null, raw: string, relative: boolean) => {
    if (date && date <= today) found.push({ date, raw: raw.trim(), relative })
  }
  let rest = t
  const take = (re: RegExp, f: (m: RegExpExecArray) => void) => {
    for (let m = re.exec(rest); m; m = re.exec(rest)) {
      f(m)
      rest = rest.slice(0, m.index) + ' '.repeat(m[0].length) + rest.slice(m.index + m[0].length)
      re.lastIndex = 0
    }
  }
  take(new RegExp(`${NUM}\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日`), (m) => push(valid(Number(m[1]), Number(m[2]), Number(m[3])), m[0], false))
  take(new RegExp(`(\\d{4})\\s*[-/.]\\s*(\\d{1,2})\\s*[-/.]\\s*(\\d{1,2})`), (m) => push(valid(Number(m[1]), Number(m[2]), Number(m[3])), m[0], false))
  take(/(\d{1,2})\s*月\s*(\d{1,2})\s*日/, (m) => push(withoutYear(Number(m[1]), Number(m[2]), today), m[0], false))
  // Weibo's 6-18 09:12, which OCR often reads without the space (6-1809:12).
  take(/(?<![\d:])(\d{1,2})-(\d{1,2})\s*(?:[01]?\d|2[0-3]):[0-5]\d(?!\d)/, (m) => push(withoutYear(Number(m[1]), Number(m[2]), today), m[0], false))
  // 06-18 or 6-18 alone, not part of a longer number or a phone number.
  take(/(?<![\d:])(\d{1,2})-(\d{1,2})(?![\d:-])/, (m) => push(withoutYear(Number(m[1]), Number(m[2]), today), m[0], false))
  take(/今天/, (m) => push(today, m[0], true))
  take(/昨天/, (m) => push(addDays(today, -1), m[0], true))
  take(/前天/, (m) => push(addDays(today, -2), m[0], true))
  take(/(?:星期|周)([日天一二三四五六])/, (m) => {
    const want = m[1] === '天' ? 0 : WEEKDAYS.indexOf(m[1] ?? '')
    // WeChat and Weibo say 今天 and 昨天 for those: a weekday is an earlier day of the past week.
    let back = (now.getUTCDay() - want + 7) % 7
    if (back === 0) back = 7
    push(addDays(today, -back), m[0], true)
  })
  take(/刚刚/, (m) => push(today, m[0], true))
  take(/(\d{1,2})\s*分钟前/, (m) => push(ymd(new Date(now.getTime() - Number(m[1]) * 60_000)), m[0], true))
  take(/(\d{1,2})\s*小时前/, (m) => push(ymd(new Date(now.getTime() - Number(m[1]) * 3_600_000)), m[0], true))
  // A time alone (09:12) is today's post; a time beside a date belongs to that date.
  if (found.length === 0) take(/(?<!\d)([01]?\d|2[0-3]):[0-5]\d(?!\d)/, (m) => push(today, m[0], true))
  return found
}

/**
 * A line made of nothing but a date, maybe with its time (a date heading of WeChat's message list).
 * A time alone is not one: the status bar shows the time the screenshot was taken.
 */
function onlyDate(text: string): boolean {
  const t = text.trim()
  return /^[\d\s年月日\-/.:：星期周一二三四五六日天今昨前刚分钟小时]+$/.test(t) && /[年月日\-/.]|今天|昨天|前天|星期|周|刚刚|前$/.test(t)
}

/**
 * The latest post date a screenshot of an article list or feed shows, read from the lines that
 * carry a post's date (阅读 / 来自 / 发布 lines, or a date heading), never from inside a title
 * (「6月30日前完成」). Relative dates are resolved against `taken`, when the screenshot was taken.
 * Null when no such line is there (not a list, or unreadable).
 */
export function proposePostDate(lines: OcrLine[], taken: Date): PostDateProposal | null {
  let best: PostDateProposal | null = null
  lines.forEach((line, i) => {
    if (!META.test(line.text) && !onlyDate(line.text)) return
    for (const f of datesInLine(line.text, taken)) {
      if (!best || f.date > best.date) best = { date: f.date, raw: f.raw, relative: f.relative, line: i }
    }
  })
  return best
}

/** One known wrong form of an official term, with where the right form comes from. */
export interface WordingTerm {
  wrong: string
  right: string
  source: string
}

export interface WordingHit {
  wrong: string
  right: string
  source: string
  /** The line's whole text, the quote for the finding. */
  quote: string
  line: number
  box: [number, number, number, number]
  /** What kind of error (同音字, 职务 …, or 本单位错敏词库), and why in a sentence: 「同音字：付→副，见『副市长』」. */
  category: string
  reason: string
  /** The reader's lowest confidence over the characters involved (0–1). */
  confidence: number
}

/** OCR sees full-width and half-width punctuation and stray spaces alike. */
function normalise(text: string): string {
  return text.replace(/\s+/g, '').replace(/[（]/g, '(').replace(/[）]/g, ')')
}

export function union(a: OcrLine['box'], b: OcrLine['box']): OcrLine['box'] {
  const x = Math.min(a[0], b[0])
  const y = Math.min(a[1], b[1])
  return [x, y, Math.max(a[0] + a[2], b[0] + b[2]) - x, Math.max(a[1] + a[3], b[1] + b[3]) - y]
}

/** The lines' text as search sees it: joined, without spaces. */
export function searchableText(lines: OcrLine[]): string {
  return lines.map((l) => normalise(l.text)).join('')
}

/** A search phrase as stored text is compared with it. */
export function searchablePhrase(q: string): string {
  return normalise(q)
}
