import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { proposePostDate } from '../../src/core'
import { createProofreader, proofreadLines } from '../../src/core/proofread'
import { locateEngine } from '../../server/ocr/engine'
import { createOcrReader, type OcrReader } from '../../server/ocr/reader'
import { isCommonWord } from '../../server/ocr/words'
import { renderScreens, TAKEN_AT, type RenderedScreen } from './screens'

/**
 * The real engine (npm run ocr:setup) through the server's child process, on screenshots rendered
 * here: post dates of article lists and feeds, planted wording errors in articles, and false
 * flags, for the phone's PNG, the app's JPEG upload and a harsher copy. Skipped when OCR is not
 * installed, unless REQUIRE_OCR=1 (.ci/run installs it and sets that).
 */
const installed = locateEngine().ok
if (!installed && process.env.REQUIRE_OCR === '1') throw new Error('OCR is required (REQUIRE_OCR=1) but not installed: npm run ocr:setup')
const maybe = installed ? describe : describe.skip

maybe('OCR of rendered phone screenshots (PP-OCRv4 in the child process)', () => {
  let dir: string
  let screens: RenderedScreen[]
  let reader: OcrReader
  const results = new Map<RenderedScreen, Awaited<ReturnType<OcrReader['read']>>>()
  jest.setTimeout(600_000)

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gnm-ocr-'))
    screens = await renderScreens(dir)
    reader = createOcrReader()
    for (const s of screens) results.set(s, await reader.read(readFileSync(s.file)))
  })
  afterAll(async () => {
    await reader?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('proposes the latest post date of ≥ 95 % of lists and feeds exactly, and none for an article', () => {
    const rows: string[] = []
    let exact = 0
    let lists = 0
    for (const [s, read] of results) {
      const p = proposePostDate(read.lines, TAKEN_AT)
      rows.push(`${s.name} ${s.variant}: ${p ? `${p.date} (${p.raw})` : '—'} want ${s.latest ?? '—'}`)
      if (s.latest === null) expect(p).toBeNull()
      else {
        lists += 1
        if (p?.date === s.latest) exact += 1
      }
    }
    console.log(`dates exact: ${exact}/${lists}\n${rows.join('\n')}`)
    expect(lists).toBe(18)
    expect(exact / lists).toBeGreaterThanOrEqual(0.95)
  })

  it('finds every planted wording error and reports the false flags per image', () => {
    const proofreader = createProofreader({ isWord: isCommonWord })
    const rows: string[] = []
    let planted = 0
    let found = 0
    let falseFlags = 0
    for (const [s, read] of results) {
      const hits = proofreadLines(read.lines, proofreader)
      // A hit names a planted error when one holds the other (习近平新时代中国特色社会主意思想 for 社会主意).
      const same = (hit: string, planted: string) => hit.includes(planted) || planted.includes(hit)
      const missed = s.planted.filter((p) => !hits.some((h) => same(h.wrong, p)))
      const extra = [...new Set(hits.map((h) => h.wrong))].filter((w) => !s.planted.some((p) => same(w, p)))
      planted += s.planted.length
      found += s.planted.length - missed.length
      falseFlags += extra.length
      rows.push(`${s.name} ${s.variant}: planted ${s.planted.length}, found ${s.planted.length - missed.length}, false flags ${extra.length}${extra.length ? ` (${extra.join('、')})` : ''}`)
      // Each hit points at the line it quotes.
      for (const h of hits) expect(read.lines[h.line]?.box).toBeDefined()
    }
    console.log(`planted errors found: ${found}/${planted}; false flags: ${falseFlags} on ${results.size} images\n${rows.join('\n')}`)
    expect(found).toBe(planted)
    expect(falseFlags).toBe(0)
  })

  it('reads each screenshot within seconds, and its lines carry boxes inside the image', () => {
    const ms = [...results.values()].map((r) => r.ms).sort((a, b) => a - b)
    console.log(`ms per image: median ${ms[Math.floor(ms.length / 2)]}, max ${ms[ms.length - 1]}; child peak RSS ${Math.round(reader.stats().peakRss / 1048576)} MB`)
    for (const [s, read] of results) {
      expect(read.lines.length).toBeGreaterThan(3)
      for (const l of read.lines) {
        expect(l.box[0] + l.box[2]).toBeLessThanOrEqual(read.width + 2)
        expect(l.box[1] + l.box[3]).toBeLessThanOrEqual(read.height + 2)
        expect(l.confidence).toBeGreaterThan(0)
      }
      expect(read.width).toBe(s.variant === 'png' ? 1170 : s.variant === 'upload' ? 739 : 591)
    }
  })
})
