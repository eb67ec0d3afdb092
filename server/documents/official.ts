import {
  AlignmentType,
  BorderStyle,
  DocumentGridType,
  Footer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type ISectionOptions
} from 'docx'

/**
 * The national format for official documents, GB/T 9704-2012 (党政机关公文格式), as the building
 * blocks every document the office files is made of: the circular (通报) and each department's
 * rectification report (整改情况报告). One place for the page, the grid, the fonts by level, the
 * page numbers, the signature and the 版记, so the two documents cannot drift apart.
 *
 * Units: twips (1/1440 inch) for lengths, half-points for font sizes.
 */

const twips = (mm: number) => Math.round((mm * 1440) / 25.4)

/** A4, 天头 37 mm, 订口 28 mm: a 版心 of 156 × 225 mm (bottom 35 mm, right 26 mm). */
export const PAGE = { width: 11906, height: 16838 }
export const MARGIN = { top: twips(37), bottom: twips(35), left: twips(28), right: twips(26), header: twips(15), footer: twips(22) }
export const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right
export const TEXT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom

/** 22 lines a page: the 版心's height over 22, rounded down (579 twips = 28.95 pt). */
export const LINE_PITCH = Math.floor(TEXT_HEIGHT / 22)
/** 28 characters a line of 三号 text: each character's pitch is the 版心's width over 28. */
export const CHAR_PITCH = TEXT_WIDTH / 28

export const FONT = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  pageNumber: '宋体'
}
export const SIZE = { 2: 44, 3: 32, 4: 28, small4: 24 } as const
/** One character of 三号 text (16 pt) — the unit of every indent in the standard. */
export const CHAR = 320
export const RED = 'C00000'

const fontOf = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name })
const LINE = { line: LINE_PITCH, lineRule: 'exact' as const }

export type Align = (typeof AlignmentType)[keyof typeof AlignmentType]

export interface LineOptions {
  font?: string
  size?: number
  align?: Align
  /** First-line indent in characters (2 for body text, 0 for none). */
  firstLine?: number
  left?: number
  right?: number
  keepNext?: boolean
  keepLines?: boolean
  color?: string
  before?: number
  after?: number
}

/** One paragraph on the grid: 三号 仿宋, justified, two characters in, unless told otherwise. */
export function line(text: string, o: LineOptions = {}): Paragraph {
  const indent = { firstLine: (o.firstLine ?? 2) * CHAR, left: (o.left ?? 0) * CHAR, right: (o.right ?? 0) * CHAR }
  return new Paragraph({
    alignment: o.align ?? AlignmentType.JUSTIFIED,
    spacing: { ...LINE, ...(o.before ? { before: o.before } : {}), ...(o.after ? { after: o.after } : {}) },
    indent: Object.fromEntries(Object.entries(indent).filter(([, v]) => v !== 0)),
    keepNext: o.keepNext,
    keepLines: o.keepLines,
    children: [new TextRun({ text, font: fontOf(o.font ?? FONT.body), size: o.size ?? SIZE[3], color: o.color })]
  })
}

/** A level-1 heading (一、) in 黑体, a level-2 (（一）) in 楷体, kept with what follows. */
export const heading1 = (text: string) => line(text, { font: FONT.heading1, keepNext: true, keepLines: true })
export const heading2 = (text: string) => line(text, { font: FONT.heading2, keepNext: true, keepLines: true })
/** A paragraph that opens with a level-2 heading in 楷体 and goes on in 仿宋. */
export function leadLine(lead: string, rest: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: LINE,
    indent: { firstLine: 2 * CHAR },
    children: [new TextRun({ text: lead, font: fontOf(FONT.heading2), size: SIZE[3] }), new TextRun({ text: rest, font: fontOf(FONT.body), size: SIZE[3] })]
  })
}
export const blank = (keepNext = false) => line('', { firstLine: 0, keepNext })

/** How wide a text is in characters: Latin letters and digits take half a character. */
const widthOf = (text: string) => [...text].reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? 0.5 : 1), 0)

/**
 * The title's lines as the standard asks (回行时词意完整，排列对称): as few lines as a 2号 line
 * holds (20 characters of the 156 mm 版心), of even length, broken between words.
 */
export function titleLines(text: string, perLine = 20): string[] {
  const total = widthOf(text)
  const count = Math.ceil(total / perLine)
  if (count <= 1) return [text]
  const words = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)].map((s) => s.segment)
  const lines: string[] = []
  let current = ''
  let done = 0
  for (const word of words) {
    const target = ((lines.length + 1) * total) / count
    // Break before a word when that lands nearer the even share than breaking after it would.
    if (current && lines.length < count - 1 && (done + widthOf(word) > lines.length * perLine + perLine || Math.abs(done - target) <= Math.abs(done + widthOf(word) - target))) {
      lines.push(current)
      current = ''
    }
    current += word
    done += widthOf(word)
  }
  if (current) lines.push(current)
  return lines
}

/** The title: 2号 小标宋, centred, two lines below the red rule (or the top of the page), its lines even. */
export function title(text: string): Paragraph {
  const lines = titleLines(text)
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 2 * LINE_PITCH, after: LINE_PITCH, line: 700, lineRule: 'exact' },
    keepNext: true,
    keepLines: true,
    children: lines.map((t, i) => new TextRun({ text: t, break: i > 0 ? 1 : undefined, font: fontOf(FONT.title), size: SIZE[2] }))
  })
}

/** The issuing-office mark (发文机关标志): red 小标宋, centred. */
export function officeMark(office: string): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [new TextRun({ text: office, font: fontOf(FONT.title), size: SIZE[2], color: RED })] })
}

/** The red rule (版头中的分隔线) under the 发文字号. */
export const redRule = () => new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 1 } }, children: [] })

/**
 * The signature: the 发文机关署名 centred over the 成文日期, the date in Arabic numerals and
 * right-indented four characters; both kept on one page with the paragraph before them.
 */
export function signature(signer: string, date: string): Paragraph[] {
  const dateRight = 4
  const signerRight = Math.max(0, dateRight + (date.length - signer.length) / 2)
  return [
    blank(true),
    line(signer, { firstLine: 0, align: AlignmentType.RIGHT, right: signerRight, keepNext: true, keepLines: true }),
    line(date, { firstLine: 0, align: AlignmentType.RIGHT, right: dateRight, keepLines: true })
  ]
}

/** 「2024年7月10日」, the 成文日期 in Arabic numerals, from "2024-07-10". */
export function arabicDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number)
  return `${y}年${m}月${d}日`
}

/** 「— 1 —」: odd pages on the right, even pages on the left, one 4号 character in from the edge. */
function pageNumber(align: 'odd' | 'even'): Footer {
  const odd = align === 'odd'
  return new Footer({
    children: [
      new Paragraph({
        alignment: odd ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: odd ? { right: SIZE[4] * 10 } : { left: SIZE[4] * 10 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: fontOf(FONT.pageNumber), size: SIZE[4] })]
      })
    ]
  })
}

/** A section on the standard's page, with the page numbers; `landscape` for a wide annex table. */
export function section(children: (Paragraph | Table)[], opts: { landscape?: boolean } = {}): ISectionOptions {
  const landscape = opts.landscape === true
  return {
    properties: {
      page: {
        size: { width: PAGE.width, height: PAGE.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
        // Turned a quarter: the 天头 becomes the left margin and the 订口 the top.
        margin: landscape ? { top: MARGIN.left, bottom: MARGIN.right, left: MARGIN.top, right: MARGIN.bottom, header: MARGIN.header, footer: MARGIN.footer } : MARGIN
      },
      grid: landscape ? undefined : { type: DocumentGridType.LINES, linePitch: LINE_PITCH }
    },
    footers: { default: pageNumber('odd'), even: pageNumber('even') },
    children
  }
}

/** The text width of a landscape section, for the annex table's columns. */
export const LANDSCAPE_TEXT_WIDTH = PAGE.height - MARGIN.top - MARGIN.bottom

function tableCell(text: string, width: number, header: boolean): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    children: [
      new Paragraph({
        alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
        keepLines: true,
        children: [new TextRun({ text, font: fontOf(header ? FONT.heading1 : FONT.body), size: SIZE.small4 })]
      })
    ]
  })
}

/**
 * A table as an annex sets it: fixed column widths (in parts of the text width), the header row
 * repeated on every page, and no row split across two pages.
 */
export function annexTable(columns: { title: string; share: number }[], rows: string[][], width: number): Table {
  const total = columns.reduce((n, c) => n + c.share, 0)
  const widths = columns.map((c) => Math.floor((width * c.share) / total))
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, k) => tableCell(c.title, widths[k] ?? 0, true)) }),
      ...rows.map((cells) => new TableRow({ cantSplit: true, children: cells.map((t, k) => tableCell(t, widths[k] ?? 0, false)) }))
    ]
  })
}

/**
 * The 版记 on the last page: 抄送 (when there is any), then 印发机关 on the left and 印发日期 on the
 * right, between a thick rule above and below and a thin one between, 4号 仿宋, one character in.
 */
export function colophon(opts: { copyTo: string; printedBy: string; printedOn: string; width: number }): Table {
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000' }
  const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000' }
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' }
  const run = (text: string) => new TextRun({ text, font: fontOf(FONT.body), size: SIZE[4] })
  const row = (children: Paragraph[], top: typeof thick, bottom: typeof thick) =>
    new TableRow({
      cantSplit: true,
      children: [new TableCell({ width: { size: opts.width, type: WidthType.DXA }, borders: { top, bottom, left: none, right: none }, children })]
    })
  const rows: TableRow[] = []
  const copyTo = opts.copyTo.trim()
  if (copyTo) {
    const text = /[。.]$/.test(copyTo) ? copyTo : `${copyTo}。`
    rows.push(row([new Paragraph({ keepNext: true, indent: { left: SIZE[4] * 10, right: SIZE[4] * 10, hanging: 0 }, children: [run(`抄送：${text}`)] })], thick, thin))
  }
  rows.push(
    row(
      [
        new Paragraph({
          indent: { left: SIZE[4] * 10, right: SIZE[4] * 10 },
          tabStops: [{ type: TabStopType.RIGHT, position: opts.width - SIZE[4] * 20 }],
          children: [run(opts.printedBy), new TextRun({ children: [new Tab(), `${opts.printedOn}印发`], font: fontOf(FONT.body), size: SIZE[4] })]
        })
      ],
      copyTo ? thin : thick,
      thick
    )
  )
  return new Table({ layout: TableLayoutType.FIXED, width: { size: opts.width, type: WidthType.DXA }, columnWidths: [opts.width], rows })
}
