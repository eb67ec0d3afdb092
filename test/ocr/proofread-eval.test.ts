import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { chromium } from 'playwright-core'
import { PROOF_MIN_CONFIDENCE } from '../../src/core/proofread'
import { locateEngine } from '../../server/ocr/engine'
import { createOcrReader } from '../../server/ocr/reader'
import { isCommonWord } from '../../server/ocr/words'
import { buildPassages, passageHtml, type Passage } from './proofread-set'
import { scorePassages, scoreTable, type ReadPassage } from './proofread-eval'

/**
 * The proofreader measured on the evaluation set: 300 passages (150 with planted errors, 150
 * clean) whose screenshots the real OCR read (scripts/proofread-eval.ts wrote what it read to
 * test/fixtures/proofread/ocr.json). Goals: recall ≥ 90 % of planted errors, ≤ 1 false flag per
 * 20 clean screenshots, ≤ 20 ms of proofreading per screenshot. With OCR installed (CI), a sample
 * of the screenshots is rendered and read again to show the stored reading is what OCR reads.
 */
const DIR = join(__dirname, '../fixtures/proofread')
const passages = JSON.parse(readFileSync(join(DIR, 'passages.json'), 'utf8')) as Passage[]
const reads = JSON.parse(readFileSync(join(DIR, 'ocr.json'), 'utf8')) as ReadPassage[]
const byId = new Map(reads.map((r) => [r.id, r]))

describe('proofreading the evaluation set (screenshots read by PP-OCRv4)', () => {
  it('is the set the generator builds: 300 passages, 150 with one or two planted errors over every category, 150 clean', () => {
    expect(passages).toEqual(buildPassages())
    expect(passages).toHaveLength(300)
    expect(passages.filter((p) => p.planted.length > 0)).toHaveLength(150)
    expect(new Set(passages.flatMap((p) => p.planted.map((x) => x.category))).size).toBe(8)
    expect(new Set(passages.map((p) => p.style))).toEqual(new Set(['article', 'list']))
    expect(reads.map((r) => r.id)).toEqual(passages.map((p) => p.id))
  })

  it('finds ≥ 90 % of the planted errors, flags ≤ 1 per 20 clean screenshots, in ≤ 20 ms a screenshot', () => {
    scorePassages(passages, byId, PROOF_MIN_CONFIDENCE, isCommonWord)
    const s = scorePassages(passages, byId, PROOF_MIN_CONFIDENCE, isCommonWord)
    console.log(
      `${scoreTable(s)}\nfalse flags per 20 clean screenshots: ${s.falsePer20Clean.toFixed(2)} (${s.cleanFlagged} of ${s.cleanScreens} clean screenshots flagged); ` +
        `${s.msPerScreen.toFixed(2)} ms per screenshot\nmissed: ${s.missed.join('; ') || '—'}\nfalse flags: ${s.flagged.join('; ') || '—'}`
    )
    expect(s.recall).toBeGreaterThanOrEqual(0.9)
    expect(s.falsePer20Clean).toBeLessThanOrEqual(1)
    expect(s.msPerScreen).toBeLessThanOrEqual(20)
  })

  it('the confidence threshold earns its place: without it the false flags are no fewer', () => {
    const guarded = scorePassages(passages, byId, PROOF_MIN_CONFIDENCE, isCommonWord)
    const open = scorePassages(passages, byId, 0, isCommonWord)
    expect(open.falseFlags).toBeGreaterThanOrEqual(guarded.falseFlags)
    expect(guarded.recall).toBeGreaterThanOrEqual(open.recall - 0.05)
  })

  const installed = locateEngine().ok
  if (!installed && process.env.REQUIRE_OCR === '1') throw new Error('OCR is required (REQUIRE_OCR=1) but not installed: npm run ocr:setup')
  const live = installed ? it : it.skip
  live('reads a sample of the screenshots again exactly as stored', async () => {
    const sample = passages.filter((_, i) => i % 50 === 0 || i % 50 === 3)
    const dir = mkdtempSync(join(tmpdir(), 'gnm-proof-'))
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
    })
    const reader = createOcrReader()
    try {
      const tab = await (await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 })).newPage()
      for (const p of sample) {
        await tab.setContent(passageHtml(p))
        await tab.evaluate(() => document.fonts.ready)
        const jpg = await sharp(await tab.screenshot({ type: 'png' })).resize({ height: 1600, withoutEnlargement: true }).jpeg({ quality: 80 }).toBuffer()
        const read = await reader.read(jpg)
        expect(read.lines.map((l) => l.text)).toEqual(byId.get(p.id)?.lines.map((l) => l.text))
      }
    } finally {
      await reader.close()
      await browser.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 300_000)
})
