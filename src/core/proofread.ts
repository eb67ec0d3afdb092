/**
 * Proofreading as a proofreader does it, on any text (OCR'd screenshots, what people type into
 * the circular): known wrong forms (the confusion lexicon, the office's own 错敏词库 first),
 * near-misses of phrases that must be written exactly (one character off, sounding or looking the
 * same), a leader's name next to a title they do not hold, and dates that cannot be. Every hit
 * carries its reason (「同音字：付→副，见『副市长』」) and is a suspicion for a person to confirm:
 * nothing fails an item by itself.
 *
 * Pure: the reading of a character comes from `pinyin-pro`; the server may pass a word list
 * (`isWord`) so that a hit inside or across a longer correct word is no hit.
 */
import { pinyin } from 'pinyin-pro'
import { union, type OcrLine, type WordingHit } from './ocr'
import { ALLOWED_WORDS } from './lexicon/allow'
import { CANONICAL_PHRASES } from './lexicon/canonical'
import { WORD_CONFUSIONS } from './lexicon/confusions-words'
import { PHRASE_CONFUSIONS } from './lexicon/confusions-phrases'
import { OFFICIAL_CONFUSIONS } from './lexicon/confusions-official'
import { SHAPE_GROUPS } from './lexicon/shapes'

export const PROOF_CATEGORIES = ['同音字', '形近字', '成语', '惯用语', '机构名称', '职务', '政治术语', '数字与日期表述'] as const
export type ProofCategory = (typeof PROOF_CATEGORIES)[number]

/** One wrong form and its right form, with where the right form is established. */
export interface LexiconEntry {
  wrong: string
  right: string
  category: ProofCategory
  source: string
}

/** The office's own entry (错敏词库): always checked first, and it wins where hits overlap. */
export interface OfficeTerm {
  wrong: string
  right: string
  source: string
}

/** A leader as the office's table holds them: their title(s) since a day. */
export interface LeaderEntry {
  name: string
  /** One or more titles, 「、」 between them: 「市委常委、常务副市长」. */
  title: string
  /** YYYY-MM-DD. */
  since: string
}

export type ProofKind = 'office' | 'lexicon' | 'near-miss' | 'leader' | 'date'

export interface ProofHit {
  /** Offsets in the text checked, end exclusive. */
  start: number
  end: number
  wrong: string
  /** The right form; for a date that cannot be, what to check. */
  right: string
  category: ProofCategory | '本单位错敏词库'
  kind: ProofKind
  /** Why, in a sentence: 「同音字：付→副，见『国务院副总理』」. */
  reason: string
  source: string
  /** The offsets of the characters that are wrong (付 of 付市长; the title before a leader's name), whose OCR confidence decides whether a screenshot's hit is shown; the whole span when absent. */
  marks?: number[]
}

export interface ProofreaderOptions {
  office?: readonly OfficeTerm[]
  leaders?: readonly LeaderEntry[]
  /** A larger word list (the server's); the shipped allow-list and the lexicon's right forms are always known. */
  isWord?: (word: string) => boolean
}

interface Group {
  category: string
  source: string
  pairs: string
}

function parseGroups(groups: readonly Group[]): LexiconEntry[] {
  const out: LexiconEntry[] = []
  for (const g of groups) {
    for (const token of g.pairs.split(/\s+/)) {
      if (token === '') continue
      const [wrong, right] = token.split('>')
      if (!wrong || !right) throw new Error(`lexicon: 「${token}」 is not 错>对`)
      out.push({ wrong, right, category: g.category as ProofCategory, source: g.source })
    }
  }
  return out
}

let lexiconCache: LexiconEntry[] | null = null
/** The shipped confusion lexicon, every category. */
export function confusionLexicon(): LexiconEntry[] {
  lexiconCache ??= parseGroups([...WORD_CONFUSIONS, ...PHRASE_CONFUSIONS, ...OFFICIAL_CONFUSIONS])
  return lexiconCache
}

// ---- readings and shapes ----

const readingCache = new Map<string, string[]>()
function readings(ch: string): string[] {
  let r = readingCache.get(ch)
  if (!r) {
    r = isHan(ch) ? (pinyin(ch, { toneType: 'none', type: 'array', multiple: true }) as string[]) : []
    readingCache.set(ch, r)
  }
  return r
}

const HAN = /[\u3400-\u9fff]/
function isHan(ch: string): boolean {
  return HAN.test(ch)
}

/** Two characters read alike (tones aside), e.g. 付/副, 在/再, 既/即. */
export function soundsAlike(a: string, b: string): boolean {
  if (a === b) return false
  const ra = readings(a)
  if (ra.length === 0) return false
  const rb = readings(b)
  return ra.some((x) => rb.includes(x))
}

/**
 * A reading as southern speakers (and their typing) blur it: zh/z, ch/c, sh/s, n/l, and the finals
 * -ng/-n. 名/民 (ming/min), 惯/管 stay apart; 示/四 (shi/si) come together.
 */
function blurred(reading: string): string {
  return reading
    .replace(/^zh/, 'z')
    .replace(/^ch/, 'c')
    .replace(/^sh/, 's')
    .replace(/^n(?=[aeiouv])/, 'l')
    .replace(/ng$/, 'n')
}

/** Two characters read close (tones aside, and the blurs above), e.g. 名/民, 城/诚. */
export function soundsClose(a: string, b: string): boolean {
  if (a === b) return false
  const ra = readings(a).map(blurred)
  if (ra.length === 0) return false
  const rb = readings(b).map(blurred)
  return ra.some((x) => rb.includes(x))
}

let shapeIndex: Map<string, Set<string>> | null = null
/** Two characters that look alike (己/已, 候/侯, 竞/竟). */
export function looksAlike(a: string, b: string): boolean {
  if (!shapeIndex) {
    shapeIndex = new Map()
    for (const group of SHAPE_GROUPS) {
      const chars = [...group]
      for (const c of chars) {
        const set = shapeIndex.get(c) ?? new Set<string>()
        for (const d of chars) if (d !== c) set.add(d)
        shapeIndex.set(c, set)
      }
    }
  }
  return shapeIndex.get(a)?.has(b) ?? false
}

// ---- the proofreader ----

interface Canonical {
  phrase: string
  source: string
}

interface Prepared {
  byFirst: Map<string, LexiconEntry[]>
  known: Set<string>
  canonical: Map<string, Canonical[]>
  canonicalSet: Set<string>
}

let preparedCache: Prepared | null = null
function prepare(): Prepared {
  if (preparedCache) return preparedCache
  const entries = confusionLexicon()
  const byFirst = new Map<string, LexiconEntry[]>()
  for (const e of entries) {
    const first = e.wrong.charAt(0)
    const list = byFirst.get(first) ?? []
    list.push(e)
    byFirst.set(first, list)
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.wrong.length - a.wrong.length)
  const known = new Set<string>(ALLOWED_WORDS)
  for (const e of entries) known.add(e.right)
  // Phrases that must be written exactly: the shipped list, and the lexicon's right forms of four
  // characters or more in the categories that name fixed phrases.
  const phrases = new Map<string, string>()
  for (const c of CANONICAL_PHRASES) for (const p of c.phrases.split(/\s+/)) if (p) phrases.set(p, c.source)
  for (const e of entries) {
    if (e.right.length >= 4 && ['成语', '机构名称', '政治术语', '职务'].includes(e.category) && !phrases.has(e.right)) phrases.set(e.right, e.source)
  }
  const canonical = new Map<string, Canonical[]>()
  const add = (key: string, c: Canonical) => {
    const list = canonical.get(key) ?? []
    list.push(c)
    canonical.set(key, list)
  }
  for (const [phrase, source] of phrases) {
    known.add(phrase)
    if (phrase.length < 3) continue
    // One character off leaves the first two or the two after them intact (three-character
    // titles: the last two).
    add(`A${phrase.slice(0, 2)}`, { phrase, source })
    add(phrase.length === 3 ? `C${phrase.slice(1, 3)}` : `B${phrase.slice(2, 4)}`, { phrase, source })
  }
  preparedCache = { byFirst, known, canonical, canonicalSet: new Set(phrases.keys()) }
  return preparedCache
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end
}

/**
 * A span inside a longer correct word, or cut across by one so that the rest of the span belongs to
 * a word too (应付|局长 holds 付局长; 当做|为民 holds 做为; 农业部门 holds 农业部): the characters belong
 * to real words, so the span is no error. A word across the span whose rest is left alone
 * (已按|装设|备: 按 belongs to nothing) does not count.
 */
function insideOrAcrossWord(text: string, start: number, end: number, isWord: (w: string) => boolean): boolean {
  const len = end - start
  // Inside: a longer word that holds the whole span.
  for (let a = Math.max(0, start - 3); a <= start; a++) {
    for (let b = end; b <= Math.min(text.length, end + 3); b++) {
      if (b - a > len && b - a <= len + 4 && isWord(text.slice(a, b))) return true
    }
  }
  // The part [from, to) of the span is a word, or begins (ends) one that runs on past the span.
  const restAfter = (from: number) => {
    for (let c = end; c <= Math.min(text.length, end + 3); c++) if (c - from >= 2 && isWord(text.slice(from, c))) return true
    return false
  }
  const restBefore = (to: number) => {
    for (let c = start; c >= Math.max(0, start - 3); c--) if (to - c >= 2 && isWord(text.slice(c, to))) return true
    return false
  }
  // Across the start: a word from before the span to inside it, and the rest of the span a word.
  for (let a = Math.max(0, start - 3); a < start; a++) {
    for (let b = start + 1; b < end && b - a <= 4; b++) if (b - a >= 2 && isWord(text.slice(a, b)) && restAfter(b)) return true
  }
  // Across the end: a word from inside the span to after it, and the span's beginning a word.
  for (let a = start + 1; a < end; a++) {
    for (let b = end + 1; b <= Math.min(text.length, end + 3) && b - a <= 4; b++) if (isWord(text.slice(a, b)) && restBefore(a)) return true
  }
  return false
}

function charReason(category: string, wrongCh: string, rightCh: string, phrase: string): string {
  return `${category}：${wrongCh}→${rightCh}，见『${phrase}』`
}

/** The first differing character of a wrong form and its right form of the same length, for the reason. */
function differing(wrong: string, right: string): [string, string] | null {
  if (wrong.length !== right.length) return null
  for (let i = 0; i < wrong.length; i++) if (wrong.charAt(i) !== right.charAt(i)) return [wrong.charAt(i), right.charAt(i)]
  return null
}

/** Where a wrong form differs from its right form of the same length; the whole span otherwise. */
function differingMarks(wrong: string, right: string, start: number): number[] | undefined {
  if (wrong.length !== right.length) return undefined
  const marks: number[] = []
  for (let i = 0; i < wrong.length; i++) if (wrong.charAt(i) !== right.charAt(i)) marks.push(start + i)
  return marks.length > 0 ? marks : undefined
}

function lexiconReason(e: LexiconEntry): string {
  const d = differing(e.wrong, e.right)
  if (d && (e.category === '同音字' || e.category === '形近字' || soundsAlike(d[0], d[1]) || looksAlike(d[0], d[1]))) {
    const kind = e.category === '同音字' || e.category === '形近字' ? e.category : soundsAlike(d[0], d[1]) ? `${e.category}（同音）` : `${e.category}（形近）`
    return charReason(kind, d[0], d[1], e.right)
  }
  if (e.source.includes('改革')) return `${e.category}：「${e.wrong}」已不用，现为「${e.right}」（${e.source}）`
  return `${e.category}：「${e.wrong}」应为「${e.right}」`
}

const TITLE_WORDS = [
  '总理', '副总理', '省长', '市长', '区长', '县长', '州长', '镇长', '乡长', '主任', '主席', '书记', '部长', '厅长', '局长', '处长',
  '科长', '院长', '校长', '所长', '秘书长', '检察长', '庭长', '委员', '常委', '巡视员', '调研员', '总经理', '董事长', '会长', '理事长', '组长'
]
const TITLE_RE = new RegExp(`(?:常务)?副?(?:${[...TITLE_WORDS].sort((a, b) => b.length - a.length).join('|')})`, 'g')

function titlesOf(entry: LeaderEntry): string[] {
  return entry.title
    .split(/[、，,；;\s兼]+/)
    .map((t) => t.trim())
    .filter(Boolean)
}

/** A title found beside a name agrees with one the leader holds: the same, or the end of it without dropping a 副. */
export function titleAgrees(found: string, held: readonly string[]): boolean {
  return held.some((h) => {
    if (h === found) return true
    if (!h.endsWith(found)) return false
    const head = h.slice(0, h.length - found.length)
    return !head.includes('副')
  })
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const WEEKDAY_NAMES = '日一二三四五六'

function dateHits(text: string): ProofHit[] {
  const hits: ProofHit[] = []
  const re = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:\s*[（(]\s*(?:星期|周)([一二三四五六日天])\s*[)）])?/g
  for (const m of text.matchAll(re)) {
    const start = m.index
    const year = m[1] ? Number(m[1]) : null
    const month = Number(m[2])
    const day = Number(m[3])
    // A digit before the match belongs to another number (12月 read from 112月): not a date.
    if (start > 0 && /\d/.test(text.charAt(start - 1))) continue
    const leap = year === null || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))
    const max = month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]
    if (month < 1 || month > 12 || day < 1 || max === undefined || day > max) {
      hits.push({ start, end: start + m[0].length, wrong: m[0], right: '请核对日期', category: '数字与日期表述', kind: 'date', reason: `数字与日期表述：${month}月没有${day}日`, source: '公历' })
      continue
    }
    if (year !== null && m[4]) {
      const actual = new Date(Date.UTC(year, month - 1, day)).getUTCDay()
      const said = m[4] === '天' ? 0 : WEEKDAY_NAMES.indexOf(m[4])
      if (said !== actual) {
        const right = m[0].replace(/(星期|周)[一二三四五六日天]/, `$1${WEEKDAY_NAMES[actual]}`)
        hits.push({ start, end: start + m[0].length, wrong: m[0], right, category: '数字与日期表述', kind: 'date', reason: `数字与日期表述：${year}年${month}月${day}日是星期${WEEKDAY_NAMES[actual]}`, source: '公历' })
      }
    }
  }
  for (const m of text.matchAll(/约[^，。；、！？\n约]{1,12}左右|超过[^，。；、！？\n]{1,12}以上/g)) {
    const redundant = m[0].startsWith('约') ? '「约」和「左右」' : '「超过」和「以上」'
    hits.push({ start: m.index, end: m.index + m[0].length, wrong: m[0], right: m[0].startsWith('约') ? m[0].slice(1) : m[0].replace(/以上$/, ''), category: '数字与日期表述', kind: 'date', reason: `数字与日期表述：${redundant}重复，留一个`, source: '《党政机关公文处理工作条例》' })
  }
  return hits
}

export interface Proofreader {
  check(text: string): ProofHit[]
}

/** A proofreader for one office: its own 错敏词库 and leaders' table, the shipped lexicon. */
export function createProofreader(options: ProofreaderOptions = {}): Proofreader {
  const p = prepare()
  const office = (options.office ?? []).filter((t) => t.wrong.length >= 1 && t.wrong !== t.right)
  const isWord = (w: string) => p.known.has(w) || (options.isWord?.(w) ?? false)
  const leaders = (options.leaders ?? []).filter((l) => l.name.length >= 2)

  function officeHits(text: string): ProofHit[] {
    const hits: ProofHit[] = []
    for (const t of office) {
      let i = text.indexOf(t.wrong)
      while (i >= 0) {
        const end = i + t.wrong.length
        // The right form around it (a wrong form inside the right one) is no hit.
        const inRight = t.right.includes(t.wrong) && [...text.matchAll(new RegExp(escapeRe(t.right), 'g'))].some((m) => m.index <= i && m.index + t.right.length >= end)
        if (!inRight) hits.push({ start: i, end, wrong: t.wrong, right: t.right, category: '本单位错敏词库', kind: 'office', reason: `本单位错敏词库：「${t.wrong}」应为「${t.right}」`, source: t.source, marks: differingMarks(t.wrong, t.right, i) })
        i = text.indexOf(t.wrong, i + 1)
      }
    }
    return hits
  }

  function lexiconHits(text: string): ProofHit[] {
    const hits: ProofHit[] = []
    for (let i = 0; i < text.length; i++) {
      const list = p.byFirst.get(text.charAt(i))
      if (!list) continue
      for (const e of list) {
        if (!text.startsWith(e.wrong, i)) continue
        const end = i + e.wrong.length
        if (insideOrAcrossWord(text, i, end, isWord)) continue
        hits.push({ start: i, end, wrong: e.wrong, right: e.right, category: e.category, kind: 'lexicon', reason: lexiconReason(e), source: e.source, marks: differingMarks(e.wrong, e.right, i) })
        break
      }
    }
    return hits
  }

  function nearMissHits(text: string): ProofHit[] {
    const hits: ProofHit[] = []
    const seen = new Set<string>()
    for (let i = 0; i + 3 <= text.length; i++) {
      const candidates = [
        ...(p.canonical.get(`A${text.slice(i, i + 2)}`) ?? []),
        ...(p.canonical.get(`B${text.slice(i + 2, i + 4)}`) ?? []),
        ...(p.canonical.get(`C${text.slice(i + 1, i + 3)}`) ?? [])
      ]
      for (const c of candidates) {
        const L = c.phrase.length
        if (i + L > text.length) continue
        const span = text.slice(i, i + L)
        if (span === c.phrase) continue
        const key = `${i}:${c.phrase}`
        if (seen.has(key)) continue
        seen.add(key)
        let diff = -1
        let count = 0
        for (let k = 0; k < L && count < 2; k++) {
          if (span[k] !== c.phrase[k]) {
            diff = k
            count += 1
          }
        }
        if (count !== 1) continue
        const got = span.charAt(diff)
        const want = c.phrase.charAt(diff)
        if (!isHan(got)) continue
        const sound = soundsAlike(got, want) || (L >= 5 && soundsClose(got, want))
        const shape = !sound && looksAlike(got, want)
        if (!sound && !shape) continue
        if (p.canonicalSet.has(span) || isWord(span)) continue
        // The odd character belongs to a word with its neighbours outside the phrase: no error.
        if (insideOrAcrossWord(text, i + diff, i + diff + 1, isWord) && (diff === 0 || diff === L - 1)) continue
        hits.push({
          start: i,
          end: i + L,
          wrong: span,
          right: c.phrase,
          category: sound ? '同音字' : '形近字',
          kind: 'near-miss',
          reason: charReason(sound ? '同音字' : '形近字', got, want, c.phrase),
          source: c.source,
          marks: [i + diff]
        })
      }
    }
    return hits
  }

  function leaderHits(text: string): ProofHit[] {
    const hits: ProofHit[] = []
    for (const l of leaders) {
      const held = titlesOf(l)
      let i = text.indexOf(l.name)
      while (i >= 0) {
        const end = i + l.name.length
        const before = text.slice(Math.max(0, i - 8), i)
        const after = text.slice(end, end + 8)
        const beforeTitle = [...before.matchAll(TITLE_RE)].filter((m) => m.index + m[0].length === before.length).map((m) => m[0])[0]
        const afterTitle = [...after.matchAll(TITLE_RE)].filter((m) => m.index === 0).map((m) => m[0])[0]
        const found = beforeTitle ?? afterTitle
        if (found && !titleAgrees(found, held)) {
          const start = beforeTitle ? i - beforeTitle.length : i
          const stop = beforeTitle ? end : end + found.length
          const best = held.find((h) => h.endsWith(found.replace(/^常务/, '').replace(/^副/, ''))) ?? held[held.length - 1]
          hits.push({
            start,
            end: stop,
            wrong: text.slice(start, stop),
            right: beforeTitle ? `${best}${l.name}` : `${l.name}${best}`,
            category: '职务',
            kind: 'leader',
            reason: `职务：${l.name}现任${l.title}（${formatSince(l.since)}起）`,
            source: '本单位领导姓名职务表',
            marks: Array.from({ length: found.length }, (_, k) => (beforeTitle ? start : end) + k)
          })
        }
        i = text.indexOf(l.name, i + 1)
      }
    }
    return hits
  }

  return {
    check(text: string): ProofHit[] {
      // The office's entries first, then the leaders' table, the lexicon, dates and last the
      // near-misses: where two overlap, the earlier kind speaks.
      const out: ProofHit[] = []
      for (const found of [officeHits(text), leaderHits(text), lexiconHits(text), dateHits(text), nearMissHits(text)]) {
        for (const h of found) if (!out.some((o) => overlaps(o, h))) out.push(h)
      }
      return out.sort((a, b) => a.start - b.start)
    }
  }
}

function formatSince(since: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(since)
  return m ? `${m[1]}年${Number(m[2])}月` : since
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * The lowest OCR confidence the wrong characters of a hit may have to be shown on a screenshot.
 * PP-OCRv4 reads a clean character at 0.95–1.00; the characters it invents (目 → 自 on a
 * downscaled JPEG) come with less — and so, often, do real errors, which it reads as unusual
 * sequences (截止 before 当前 at 0.76). Measured on the evaluation set (300 screenshots,
 * scripts/proofread-eval.ts): 0.6 flags 2 clean screenshots, 0.7 none with 93 % recall, 0.8 none with 91 %.
 */
export const PROOF_MIN_CONFIDENCE = 0.7

interface Normalised {
  text: string
  /** For each character of `text`, its index among the line's characters. */
  at: number[]
}

/** A line as the proofreader reads it: no spaces, full-width brackets as half-width. */
function normaliseLine(text: string): Normalised {
  const chars = Array.from(text)
  let out = ''
  const at: number[] = []
  chars.forEach((c, i) => {
    if (/\s/.test(c)) return
    out += c === '（' ? '(' : c === '）' ? ')' : c
    at.push(i)
  })
  return { text: out, at }
}

/** The reader's least confidence over the characters at `marks` (offsets in the normalised line) that fall in [start, end). */
function spanConfidence(line: OcrLine, n: Normalised, start: number, end: number, marks?: number[]): number {
  const chars = line.chars
  if (!chars || chars.length !== Array.from(line.text).length || n.text.length !== n.at.length) return line.confidence
  let min = 1
  const at = marks ?? Array.from({ length: end - start }, (_, k) => start + k)
  for (const k of at) if (k >= start && k < end) min = Math.min(min, chars[n.at[k] ?? -1] ?? line.confidence)
  return min
}

/**
 * Proofreads the lines a screenshot shows: each line, and each pair of lines for an error a line
 * break cuts in two (营商环 | 竟, reported on the line where it starts). A hit whose characters the
 * reader was not sure of (below `minConfidence`) is not shown: OCR invents typos of its own.
 */
export function proofreadLines(lines: OcrLine[], proofreader: Proofreader, minConfidence = PROOF_MIN_CONFIDENCE): WordingHit[] {
  const norm = lines.map((l) => normaliseLine(l.text))
  const hits: WordingHit[] = []
  const seen = new Set<string>()
  const push = (i: number, h: ProofHit, confidence: number, across: boolean) => {
    const key = `${i}:${h.wrong}`
    if (seen.has(key) || confidence < minConfidence) return
    seen.add(key)
    const line = lines[i]
    const next = lines[i + 1]
    if (!line) return
    hits.push({
      wrong: h.wrong,
      right: h.right,
      source: h.source,
      quote: across && next ? `${line.text}${next.text}` : line.text,
      line: i,
      box: across && next ? union(line.box, next.box) : line.box,
      category: h.category,
      reason: h.reason,
      confidence: Math.round(confidence * 1000) / 1000
    })
  }
  lines.forEach((line, i) => {
    const n = norm[i]
    if (!n) return
    for (const h of proofreader.check(n.text)) push(i, h, spanConfidence(line, n, h.start, h.end, h.marks), false)
    const after = lines[i + 1]
    if (!after) return
    const m = norm[i + 1]
    if (!m) return
    const len = n.text.length
    for (const h of proofreader.check(n.text + m.text)) {
      if (h.start >= len || h.end <= len) continue
      const confidence = Math.min(
        spanConfidence(line, n, h.start, len, h.marks),
        spanConfidence(after, m, 0, h.end - len, h.marks?.map((k) => k - len))
      )
      push(i, h, confidence, true)
    }
  })
  return hits
}
