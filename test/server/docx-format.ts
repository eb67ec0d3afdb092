import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'

/**
 * GB/T 9704-2012 measured on a .docx: every rule that can be read from the file, each with the
 * value found. Used by the format tests of the circular and the rectification report, and by
 * `scripts/document-format.ts`, which prints the table.
 */

/** The document's text, one paragraph a line (the runs' text joined). */
export async function documentText(bytes: Buffer): Promise<string> {
  const xml = (await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string')) ?? ''
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .filter((l) => l !== '')
    .join('\n')
}

export interface Rule {
  rule: string
  value: string
  ok: boolean
}

const MM = 25.4 / 1440
const mm = (twips: number) => Math.round(twips * MM * 10) / 10
const attr = (xml: string, tag: string, name: string): string | undefined => new RegExp(`<${tag}\\b[^>]*\\b${name}="([^"]*)"`).exec(xml)?.[1]
const num = (v: string | undefined) => (v === undefined ? NaN : Number(v))

export interface Paragraph {
  xml: string
  text: string
  runs: { text: string; font: string; size: number; color: string }[]
}

/** The body's paragraphs (outside tables) and the table rows, in order. */
function paragraphsOf(xml: string): Paragraph[] {
  const body = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '')
  return body
    .split('</w:p>')
    .slice(0, -1)
    .map((p) => {
      const runs = [...p.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => ({
        text: [...(m[1] ?? '').matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
        font: attr(m[1] ?? '', 'w:rFonts', 'w:eastAsia') ?? '',
        size: num(attr(m[1] ?? '', 'w:sz', 'w:val')),
        color: attr(m[1] ?? '', 'w:color', 'w:val') ?? ''
      }))
      return { xml: p, text: runs.map((r) => r.text).join(''), runs }
    })
}

const textRuns = (p: Paragraph) => p.runs.filter((r) => r.text !== '')
const allRuns = (ps: Paragraph[], test: (r: Paragraph['runs'][number]) => boolean) => ps.length > 0 && ps.every((p) => textRuns(p).every(test))

export interface Expect {
  /** The document has the red issuing-office head and rule (a circular; a department's report goes on its own letterhead). */
  head: boolean
  /** The document has a 发文字号 (a circular given one). */
  docNo: boolean
  /** The document has an annex in a landscape section with the 版记 after it (the circular). */
  annex: boolean
  /** The 版记 is there (抄送 may be empty). */
  colophon: boolean
}

/** Reads every checkable rule from the .docx. */
export async function measureDocx(bytes: Buffer, expect: Expect): Promise<Rule[]> {
  const zip = await JSZip.loadAsync(bytes)
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? ''
  const settings = (await zip.file('word/settings.xml')?.async('string')) ?? ''
  const rels = (await zip.file('word/_rels/document.xml.rels')?.async('string')) ?? ''
  const rules: Rule[] = []
  const add = (rule: string, value: string, ok: boolean) => rules.push({ rule, value, ok })

  const sections = [...xml.matchAll(/<w:sectPr>([\s\S]*?)<\/w:sectPr>/g)].map((m) => m[1] ?? '')
  const first = sections[0] ?? ''
  const [w, h] = [num(attr(first, 'w:pgSz', 'w:w')), num(attr(first, 'w:pgSz', 'w:h'))]
  add('A4 (210 × 297 mm)', `${mm(w)} × ${mm(h)} mm`, Math.abs(mm(w) - 210) <= 0.5 && Math.abs(mm(h) - 297) <= 0.5)
  const [top, bottom, left, right] = ['w:top', 'w:bottom', 'w:left', 'w:right'].map((k) => num(attr(first, 'w:pgMar', k))) as [number, number, number, number]
  add('天头 37 ± 1 mm', `${mm(top)} mm`, Math.abs(mm(top) - 37) <= 1)
  add('订口 28 ± 1 mm', `${mm(left)} mm`, Math.abs(mm(left) - 28) <= 1)
  const [textW, textH] = [mm(w - left - right), mm(h - top - bottom)]
  add('版心 156 × 225 mm', `${textW} × ${textH} mm`, Math.abs(textW - 156) <= 1 && Math.abs(textH - 225) <= 1)
  const pitch = num(attr(first, 'w:docGrid', 'w:linePitch'))
  const gridType = attr(first, 'w:docGrid', 'w:type') ?? ''
  const lines = Math.floor((h - top - bottom) / pitch)
  add('22 lines a page (document grid)', `${gridType} grid, pitch ${pitch} twips: ${lines} lines`, /lines/.test(gridType) && lines === 22)

  const paragraphs = paragraphsOf(xml)
  const level1 = paragraphs.filter((p) => /^[一二三四五六七八九十]+、/.test(p.text))
  const level2 = paragraphs.filter((p) => /^（[一二三四五六七八九十]+）/.test(p.text))
  const dateAt = paragraphs.findIndex((p) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(p.text))
  const titleAt = paragraphs.findIndex((p) => textRuns(p).some((r) => r.size === 44 && r.color === ''))
  const body = paragraphs.filter((p, i) => i > titleAt && i < dateAt && p.text !== '' && !level1.includes(p) && !level2.includes(p) && !/^附件[:：]/.test(p.text))
  const spacing = (p: Paragraph) => `${attr(p.xml, 'w:spacing', 'w:line')}/${attr(p.xml, 'w:spacing', 'w:lineRule')}`
  add(
    'body 3号 仿宋, on the grid',
    `${body.length} paragraphs: sizes ${[...new Set(body.flatMap((p) => textRuns(p).map((r) => r.size / 2)))].join('/')} pt, fonts ${[...new Set(body.flatMap((p) => textRuns(p).map((r) => r.font)))].join('/')}, spacing ${[...new Set(body.map(spacing))].join(' ')}`,
    allRuns(body, (r) => r.size === 32 && (/仿宋/.test(r.font) || /楷体/.test(r.font))) && body.every((p) => spacing(p) === `${pitch}/exact`) && body.some((p) => textRuns(p).every((r) => /仿宋/.test(r.font)))
  )
  const title = paragraphs[titleAt]
  add('title 2号 小标宋, centred', title ? `${title.text} — ${(textRuns(title)[0]?.size ?? 0) / 2} pt, ${textRuns(title)[0]?.font}` : 'none', !!title && allRuns([title], (r) => r.size === 44 && /小标宋/.test(r.font)) && title.xml.includes('<w:jc w:val="center"/>'))
  add('level-1 headings 黑体', `${level1.length}: ${level1.map((p) => p.text).join(' ')}`, allRuns(level1, (r) => r.font === '黑体' && r.size === 32))
  add('level-2 headings 楷体', `${level2.length}, first run ${[...new Set(level2.map((p) => textRuns(p)[0]?.font))].join('/')}`, level2.length > 0 && level2.every((p) => /楷体/.test(textRuns(p)[0]?.font ?? '')))
  add('headings kept with the next paragraph', `${[...level1, ...level2].filter((p) => p.xml.includes('<w:keepNext/>')).length} of ${level1.length + level2.filter((p) => p.text.length <= 20).length} short headings`, [...level1, ...level2.filter((p) => p.text.length <= 20)].every((p) => p.xml.includes('<w:keepNext/>')))

  const mark = paragraphs[0]
  if (expect.head) add('issuing-office mark red, centred', mark ? `${mark.text}: ${textRuns(mark)[0]?.color}` : 'none', !!mark && /^(C00000|FF0000)$/i.test(textRuns(mark)[0]?.color ?? '') && mark.xml.includes('<w:jc w:val="center"/>'))
  const ruleAt = paragraphs.findIndex((p) => /<w:bottom [^>]*w:color="(C00000|FF0000)"/i.test(p.xml))
  if (expect.head) add('red rule under the head', ruleAt >= 0 ? `paragraph ${ruleAt + 1}` : 'none', ruleAt > 0 && ruleAt < titleAt)
  if (expect.docNo) {
    const no = paragraphs.slice(0, Math.max(ruleAt, 0)).find((p) => /号$/.test(p.text))
    add('发文字号 with 〔〕', no?.text ?? 'none', !!no && /〔\d{4}〕\d+号$/.test(no.text))
  }

  // Page numbers: 「— N —」, 4号 宋体, odd right and even left, one character in.
  const footers = new Map<string, string>()
  for (const m of first.matchAll(/<w:footerReference w:type="(\w+)" r:id="(\w+)"\/>/g)) {
    const target = new RegExp(`Id="${m[2]}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${m[2]}"`).exec(rels)
    const file = target?.[1] ?? target?.[2] ?? ''
    footers.set(m[1] ?? '', (await zip.file(`word/${file}`)?.async('string')) ?? '')
  }
  const footerOk = (f: string | undefined, side: 'right' | 'left') =>
    !!f &&
    f.includes(`<w:jc w:val="${side}"/>`) &&
    num(attr(f, 'w:ind', `w:${side}`)) === 280 &&
    /PAGE/.test(f) &&
    /— <\/w:t>/.test(f) &&
    / —<\/w:t>/.test(f) &&
    attr(f, 'w:sz', 'w:val') === '28' &&
    attr(f, 'w:rFonts', 'w:eastAsia') === '宋体'
  add('page numbers 「— N —」 4号 宋体, odd right / even left, 1 char in', `odd ${footers.has('default') ? 'footer' : 'none'}, even ${footers.has('even') ? 'footer' : 'none'}, evenAndOddHeaders ${settings.includes('<w:evenAndOddHeaders')}`, settings.includes('<w:evenAndOddHeaders') && footerOk(footers.get('default'), 'right') && footerOk(footers.get('even'), 'left'))

  const date = paragraphs[dateAt]
  add('成文日期 in Arabic numerals, right-indented 4 characters', date ? `${date.text}, right indent ${attr(date.xml, 'w:ind', 'w:right')}` : 'none', !!date && date.xml.includes('<w:jc w:val="right"/>') && num(attr(date.xml, 'w:ind', 'w:right')) === 4 * 320)
  const signer = paragraphs[dateAt - 1]
  add('signature kept together (keepNext + keepLines)', signer ? signer.text : 'none', !!signer && !!date && signer.xml.includes('<w:keepNext/>') && signer.xml.includes('<w:keepLines/>') && date.xml.includes('<w:keepLines/>'))
  if (expect.annex) {
    const note = paragraphs.findIndex((p) => /^附件[:：]/.test(p.text))
    const n = paragraphs[note]
    add('「附件：」 two characters in, a blank line above', n ? `${n.text}, first-line ${attr(n.xml, 'w:ind', 'w:firstLine')}` : 'none', !!n && num(attr(n.xml, 'w:ind', 'w:firstLine')) === 640 && paragraphs[note - 1]?.text === '')

    const annex = sections[1] ?? ''
    add('annex in a landscape section', attr(annex, 'w:pgSz', 'w:orient') ?? 'none', attr(annex, 'w:pgSz', 'w:orient') === 'landscape')
    const table = /<w:tbl>([\s\S]*?)<\/w:tbl>/.exec(xml.slice(xml.lastIndexOf('附件')))?.[1] ?? ''
    const rows = [...table.matchAll(/<w:tr\b[\s\S]*?<\/w:tr>/g)].map((m) => m[0])
    const widths = [...table.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]))
    const cells = (row: string) => [...row.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => [...(c[1] ?? '').matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
    const header = cells(rows[0] ?? '')
    const describe = header.indexOf('问题描述')
    add('annex: 问题描述 the widest column', widths.map((x, i) => `${header[i]} ${mm(x)}`).join(', '), describe >= 0 && widths[describe] === Math.max(...widths))
    add('annex: header row repeated on every page', rows[0]?.includes('<w:tblHeader/>') ? 'tblHeader' : 'none', !!rows[0]?.includes('<w:tblHeader/>'))
    add('annex: no row split across pages', `${rows.filter((r) => r.includes('<w:cantSplit/>')).length} of ${rows.length} rows cantSplit`, rows.length > 0 && rows.every((r) => r.includes('<w:cantSplit/>')))
    const last = rows[rows.length - 1] ?? ''
    add('annex: a count row at the end', cells(last).join(''), /^合计/.test(cells(last).join('')) && last.includes(`<w:gridSpan w:val="${header.length}"/>`))
  }
  if (expect.colophon) {
    const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0])
    const last = tables[tables.length - 1] ?? ''
    const text = [...last.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')
    const afterLast = xml.slice(xml.lastIndexOf('</w:tbl>'))
    add('版记 last: 抄送, 印发机关 and 印发日期', text, /\d{4}年\d{1,2}月\d{1,2}日印发$/.test(text) && !/<w:t(?: [^>]*)?>[^<]+<\/w:t>/.test(afterLast))
  }
  return rules
}

export interface Rendered {
  pages: number
  /** Body lines on each portrait page (the page number not counted), and the pitch between them in points. */
  linesPerPage: number[]
  pitches: number[]
  pageNumbers: string[]
  lastPage: string
  landscapePages: number
}

export const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim()
export const pdftotext = spawnSync('sh', ['-c', 'command -v pdftotext'], { encoding: 'utf8' }).stdout.trim()

/** Renders the .docx with LibreOffice and reads each page's lines back from the PDF (poppler's pdftotext). */
export function renderDocx(bytes: Buffer): Rendered {
  const dir = mkdtempSync(join(tmpdir(), 'gnm-render-'))
  try {
    writeFileSync(join(dir, 'doc.docx'), bytes)
    execFileSync(soffice, ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'doc.docx')], { timeout: 180000, stdio: 'ignore' })
    execFileSync(pdftotext, ['-bbox-layout', join(dir, 'doc.pdf'), join(dir, 'doc.html')], { timeout: 60000 })
    const html = readFileSync(join(dir, 'doc.html'), 'utf8')
    const pages = [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)]
    const linesPerPage: number[] = []
    const pitches = new Set<number>()
    const pageNumbers: string[] = []
    let landscapePages = 0
    for (const p of pages) {
      const [width, height] = [Number(p[1]), Number(p[2])]
      const lines = [...(p[3] ?? '').matchAll(/<line xMin="[\d.]+" yMin="([\d.]+)"[^>]*>([\s\S]*?)<\/line>/g)].map((l) => ({ y: Number(l[1]), text: [...(l[2] ?? '').matchAll(/>([^<]+)<\/word>/g)].map((m) => m[1]).join('') }))
      const footer = lines.filter((l) => l.y > height - 100 && /^—\s*\d+\s*—$/.test(l.text))
      pageNumbers.push(footer.map((l) => l.text.replace(/\s/g, '')).join(''))
      if (width > height) {
        landscapePages += 1
        continue
      }
      const bodyLines = lines.filter((l) => !footer.includes(l)).map((l) => l.y)
      const ys = [...new Set(bodyLines.map((y) => Math.round(y * 10) / 10))].sort((a, b) => a - b)
      linesPerPage.push(ys.length)
      for (let i = 1; i < ys.length; i++) pitches.add(Math.round(((ys[i] ?? 0) - (ys[i - 1] ?? 0)) * 100) / 100)
    }
    const last = pages[pages.length - 1]?.[3] ?? ''
    return { pages: pages.length, linesPerPage, pitches: [...pitches].sort((a, b) => a - b), pageNumbers, lastPage: [...last.matchAll(/>([^<]+)<\/word>/g)].map((m) => m[1]).join(''), landscapePages }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
