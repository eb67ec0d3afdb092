/**
 * Builds the proofreading evaluation set and reads it through the real OCR (npm run ocr:setup):
 * 300 passages (test/ocr/proofread-set.ts) rendered by Chromium as 390×844 ×3 phone screenshots,
 * kept as the app uploads them (JPEG q80, long side 1600 px), read one by one by the server's OCR
 * child process. Writes test/fixtures/proofread/passages.json and ocr.json, then prints the
 * evaluation at several confidence thresholds. `npx tsx scripts/proofread-eval.ts [--score-only]`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import sharp from 'sharp'
import { chromium } from 'playwright-core'
import { createOcrReader } from '../server/ocr/reader'
import { isCommonWord } from '../server/ocr/words'
import { PROOF_MIN_CONFIDENCE } from '../src/core/proofread'
import { buildPassages, passageHtml, type Passage } from '../test/ocr/proofread-set'
import { scorePassages, scoreTable, type ReadPassage } from '../test/ocr/proofread-eval'

const DIR = resolve(__dirname, '../test/fixtures/proofread')

async function render(passages: Passage[], dir: string): Promise<Map<string, string>> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
  const files = new Map<string, string>()
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 })
    const tab = await context.newPage()
    for (const p of passages) {
      await tab.setContent(passageHtml(p))
      await tab.evaluate(() => document.fonts.ready)
      const png = await tab.screenshot({ type: 'png' })
      const file = join(dir, `${p.id}.jpg`)
      await sharp(png).resize({ height: 1600, withoutEnlargement: true }).jpeg({ quality: 80 }).toFile(file)
      files.set(p.id, file)
    }
  } finally {
    await browser.close()
  }
  return files
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true })
  const scoreOnly = process.argv.includes('--score-only')
  let passages: Passage[]
  let reads: ReadPassage[]
  if (scoreOnly) {
    passages = JSON.parse(readFileSync(join(DIR, 'passages.json'), 'utf8')) as Passage[]
    reads = JSON.parse(readFileSync(join(DIR, 'ocr.json'), 'utf8')) as ReadPassage[]
  } else {
    passages = buildPassages()
    writeFileSync(join(DIR, 'passages.json'), JSON.stringify(passages, null, 1) + '\n')
    const tmp = mkdtempSync(join(tmpdir(), 'gnm-proof-'))
    const t0 = Date.now()
    const files = await render(passages, tmp)
    console.log(`rendered ${files.size} screenshots in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    const reader = createOcrReader()
    reads = []
    const t1 = Date.now()
    for (const p of passages) {
      const r = await reader.read(readFileSync(files.get(p.id) as string))
      reads.push({ id: p.id, width: r.width, height: r.height, lines: r.lines, ms: r.ms })
      if (reads.length % 25 === 0) console.log(`read ${reads.length}/${passages.length} (${((Date.now() - t1) / reads.length / 1000).toFixed(2)} s each)`)
    }
    await reader.close()
    rmSync(tmp, { recursive: true, force: true })
    writeFileSync(join(DIR, 'ocr.json'), JSON.stringify(reads) + '\n')
  }
  const map = new Map(reads.map((r) => [r.id, r]))
  console.log(`\n${passages.length} passages: ${passages.filter((p) => p.planted.length > 0).length} with planted errors, ${passages.filter((p) => p.planted.length === 0).length} clean`)
  console.log('\nthreshold | recall | false flags | per 20 clean | clean screenshots flagged')
  for (const t of [0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95]) {
    const s = scorePassages(passages, map, t, isCommonWord)
    console.log(`${t.toFixed(2)} | ${(s.recall * 100).toFixed(1)} % (${s.found}/${s.planted}) | ${s.falseFlags} | ${s.falsePer20Clean.toFixed(2)} | ${s.cleanFlagged}/${s.cleanScreens}`)
  }
  const s = scorePassages(passages, map, PROOF_MIN_CONFIDENCE, isCommonWord)
  console.log(`\nat PROOF_MIN_CONFIDENCE = ${PROOF_MIN_CONFIDENCE}:\n${scoreTable(s)}\nproofreading: ${s.msPerScreen.toFixed(2)} ms per screenshot`)
  console.log(`\nmissed (${s.missed.length}):\n${s.missed.join('\n')}\n\nfalse flags (${s.flagged.length}):\n${s.flagged.join('\n')}`)
}

void main()
