import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import JSZip from 'jszip'
import { login, startServer, type TestServer } from './harness'

/**
 * The circular measured against GB/T 9704-2012 (党政机关公文格式), rule by rule, from the .docx
 * itself: page, margins and text block in millimetres, 22 lines a page, page numbers, indents of
 * the signature block, and the keep rules that stop a heading or the signature ending a page alone.
 */
const TWIPS_PER_MM = 1440 / 25.4
const mm = (twips: number) => twips / TWIPS_PER_MM
const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/w:(\w+)="([^"]*)"/g)].map((m) => [m[1] as string, m[2] as string]))

describe('the circular’s format (GB/T 9704)', () => {
  let server: TestServer
  let parts: Record<string, string>
  let bytes: Buffer
  beforeAll(async () => {
    server = await startServer('sqlite')
    const res = await server.app.inject({ url: '/api/v1/rounds/r-2024q2/circular.docx', headers: await login(server.app, 'admin') })
    bytes = res.rawPayload
    const zip = await JSZip.loadAsync(bytes)
    parts = {}
    for (const name of Object.keys(zip.files)) if (name.endsWith('.xml')) parts[name] = await (zip.file(name) as JSZip.JSZipObject).async('string')
  })
  afterAll(() => server.close())

  it('is A4 with 天头 37 mm, 订口 28 mm and a 156 × 225 mm text block of 22 lines', () => {
    const doc = parts['word/document.xml'] as string
    const size = attrs(/<w:pgSz [^>]*\/>/.exec(doc)?.[0] ?? '')
    const margin = attrs(/<w:pgMar [^>]*\/>/.exec(doc)?.[0] ?? '')
    const [w, h, top, bottom, left, right] = [size.w, size.h, margin.top, margin.bottom, margin.left, margin.right].map(Number) as number[]
    const measured = { page: [mm(w), mm(h)], top: mm(top), left: mm(left), block: [mm(w - left - right), mm(h - top - bottom)] }
    console.log(`page ${measured.page.map((x) => x.toFixed(1)).join(' × ')} mm; 天头 ${measured.top.toFixed(2)} mm; 订口 ${measured.left.toFixed(2)} mm; 版心 ${measured.block.map((x) => x.toFixed(1)).join(' × ')} mm`)
    expect(Math.abs(mm(w) - 210)).toBeLessThan(0.5)
    expect(Math.abs(mm(h) - 297)).toBeLessThan(0.5)
    expect(Math.abs(measured.top - 37)).toBeLessThanOrEqual(1)
    expect(Math.abs(measured.left - 28)).toBeLessThanOrEqual(1)
    expect(Math.abs((measured.block[0] as number) - 156)).toBeLessThanOrEqual(1)
    expect(Math.abs((measured.block[1] as number) - 225)).toBeLessThanOrEqual(1)
    // Every body line is set at one pitch, and 22 of them fill the text block.
    const lines = [...doc.matchAll(/<w:spacing [^>]*w:lineRule="exact"[^>]*\/>/g)].map((m) => Number(attrs(m[0]).line))
    const pitch = Math.max(...lines.filter((l) => l < 700))
    console.log(`body line pitch ${pitch} twips (${(pitch / 20).toFixed(2)} pt): ${Math.floor((h - top - bottom) / pitch)} lines a page`)
    expect(Math.floor((h - top - bottom) / pitch)).toBe(22)
    expect(attrs(/<w:docGrid [^>]*\/>/.exec(doc)?.[0] ?? '')).toMatchObject({ type: 'lines', linePitch: String(pitch) })
  })

  it('numbers its pages 「— N —」 in 四号 宋体, odd pages on the right and even on the left, one character in', () => {
    expect(parts['word/settings.xml']).toMatch(/<w:evenAndOddHeaders\/>|<w:evenAndOddHeaders w:val="(true|1)"\/>/)
    const doc = parts['word/document.xml'] as string
    const refs = Object.fromEntries([...doc.matchAll(/<w:footerReference [^>]*\/>/g)].map((m) => [attrs(m[0]).type, attrs(m[0]).id]))
    const rels = parts['word/_rels/document.xml.rels'] ?? (Object.entries(parts).find(([n]) => n.endsWith('document.xml.rels'))?.[1] as string)
    const target = (id: string) => `word/${/Target="([^"]+)"/.exec((rels ?? '').split('<Relationship ').find((r) => r.includes(`Id="${id}"`)) ?? '')?.[1]}`
    for (const [type, side, indent] of [['default', 'right', 'right'], ['even', 'left', 'left']] as const) {
      const footer = parts[target(refs[type] as string)] ?? ''
      expect([type, footer.includes('PAGE')]).toEqual([type, true])
      expect(footer).toContain(`<w:jc w:val="${side}"/>`)
      expect(attrs(/<w:ind [^>]*\/>/.exec(footer)?.[0] ?? '')).toEqual({ [indent]: '280' })
      expect(footer).toContain('w:ascii="宋体"')
      expect(footer).toContain('<w:sz w:val="28"/>')
      expect(footer.replace(/<[^>]+>/g, '')).toMatch(/^— .*PAGE.* —$/)
    }
  })

  it('keeps headings with what follows and the signature block together; 成文日期 four characters in from the right', () => {
    const paragraphs = (parts['word/document.xml'] as string).split('</w:p>')
    const textOf = (p: string) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')
    for (const heading of ['一、总体情况', '二、主要做法和成效', '三、存在问题', '四、下一步工作要求']) {
      const p = paragraphs.find((x) => textOf(x) === heading)
      expect([heading, p?.includes('<w:keepNext/>')]).toEqual([heading, true])
    }
    const pageBreak = paragraphs.findIndex((p) => p.includes('<w:br w:type="page"/>'))
    const date = paragraphs.findIndex((p, i) => i < pageBreak && /^\d{4}年\d{1,2}月\d{1,2}日$/.test(textOf(p)))
    expect(paragraphs[date - 1]).toContain('<w:keepNext/>')
    expect(paragraphs[date - 1]).toContain('<w:keepLines/>')
    expect(attrs(/<w:ind [^>]*\/>/.exec(paragraphs[date] ?? '')?.[0] ?? '')).toEqual({ right: '1280' })
    const attachment = paragraphs.find((p) => textOf(p).startsWith('附件：')) ?? ''
    expect(attrs(/<w:ind [^>]*\/>/.exec(attachment)?.[0] ?? '')).toEqual({ firstLine: '640' })
  })

  const soffice = spawnSync('sh', ['-c', 'command -v soffice'], { encoding: 'utf8' }).stdout.trim()
  ;(soffice ? it : it.skip)('renders in LibreOffice to pages (counted from the PDF)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gnm-circular-'))
    try {
      writeFileSync(join(dir, 'circular.docx'), bytes)
      execFileSync(soffice, ['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'pdf', '--outdir', dir, join(dir, 'circular.docx')], { timeout: 120000, stdio: 'ignore' })
      const pdf = readFileSync(join(dir, 'circular.pdf')).toString('latin1')
      const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length
      console.log(`LibreOffice renders the demo circular to ${pages} pages`)
      expect(pages).toBeGreaterThanOrEqual(3)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 180000)
})
