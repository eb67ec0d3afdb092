/**
 * Scores the proofreader on the evaluation set's OCR output: per category, the errors planted and
 * found and the false flags (a hit that matches no planted error), and per clean screenshot whether
 * anything was flagged at all.
 */
import { createProofreader, proofreadLines, PROOF_CATEGORIES } from '../../src/core/proofread'
import type { OcrLine, WordingHit } from '../../src/core'
import { SET_LEADERS, type Passage } from './proofread-set'

export interface ReadPassage {
  id: string
  width: number
  height: number
  lines: OcrLine[]
  ms: number
}

export interface CategoryScore {
  category: string
  planted: number
  found: number
  falseFlags: number
}

export interface Score {
  categories: CategoryScore[]
  planted: number
  found: number
  recall: number
  falseFlags: number
  cleanScreens: number
  cleanFlagged: number
  /** False flags per 20 clean screenshots. */
  falsePer20Clean: number
  msPerScreen: number
  missed: string[]
  flagged: string[]
}

const squash = (s: string) => s.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')')

function matches(hit: WordingHit, wrong: string): boolean {
  const h = squash(hit.wrong)
  const w = squash(wrong)
  return h.includes(w) || w.includes(h)
}

export function scorePassages(passages: Passage[], reads: Map<string, ReadPassage>, minConfidence: number, isWord?: (w: string) => boolean): Score {
  const proofreader = createProofreader({ leaders: SET_LEADERS, isWord })
  const by = new Map<string, CategoryScore>(PROOF_CATEGORIES.map((c) => [c, { category: c, planted: 0, found: 0, falseFlags: 0 }]))
  let cleanScreens = 0
  let cleanFlagged = 0
  let falseOnClean = 0
  let ms = 0
  const missed: string[] = []
  const flagged: string[] = []
  for (const p of passages) {
    const read = reads.get(p.id)
    if (!read) throw new Error(`no OCR for ${p.id}`)
    const t0 = performance.now()
    const hits = proofreadLines(read.lines, proofreader, minConfidence)
    ms += performance.now() - t0
    for (const planted of p.planted) {
      const s = by.get(planted.category)
      if (!s) continue
      s.planted += 1
      if (hits.some((h) => matches(h, planted.wrong))) s.found += 1
      else missed.push(`${p.id} ${planted.category}/${planted.origin} ${planted.wrong}`)
    }
    const extra = hits.filter((h) => !p.planted.some((pl) => matches(h, pl.wrong)))
    for (const h of extra) {
      const s = by.get(h.category) ?? by.get('同音字')
      if (s) s.falseFlags += 1
      flagged.push(`${p.id} ${h.category} ${h.wrong}→${h.right}「${h.quote}」 (${h.confidence})`)
    }
    if (p.planted.length === 0) {
      cleanScreens += 1
      if (extra.length > 0) cleanFlagged += 1
      falseOnClean += extra.length
    }
  }
  const categories = [...by.values()]
  const planted = categories.reduce((n, c) => n + c.planted, 0)
  const found = categories.reduce((n, c) => n + c.found, 0)
  return {
    categories,
    planted,
    found,
    recall: planted === 0 ? 0 : found / planted,
    falseFlags: categories.reduce((n, c) => n + c.falseFlags, 0),
    cleanScreens,
    cleanFlagged,
    falsePer20Clean: cleanScreens === 0 ? 0 : (falseOnClean / cleanScreens) * 20,
    msPerScreen: ms / passages.length,
    missed,
    flagged
  }
}

export function scoreTable(s: Score): string {
  const rows = s.categories.map((c) => `| ${c.category} | ${c.planted} | ${c.found} | ${c.planted ? ((c.found / c.planted) * 100).toFixed(0) : '—'} % | ${c.falseFlags} |`)
  return [
    '| category | planted | found | recall | false flags |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    `| **all** | ${s.planted} | ${s.found} | **${(s.recall * 100).toFixed(1)} %** | ${s.falseFlags} |`
  ].join('\n')
}
