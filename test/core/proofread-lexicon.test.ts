import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { confusionLexicon, createProofreader, PROOF_CATEGORIES } from '../../src/core/proofread'
import { ALLOWED_WORDS } from '../../src/core/lexicon/allow'
import { CANONICAL_PHRASES } from '../../src/core/lexicon/canonical'

/**
 * The confusion lexicon as data: large enough to matter, every category filled, and no wrong form
 * that is a correct word somewhere else (the allow-list, another entry's right form, a canonical
 * phrase, or a common word of jieba's dictionary unless it is a variant or retired name on purpose).
 */
const lexicon = confusionLexicon()

/** Common in jieba's dictionary, and still wrong in official writing: variants the 异形词 table settled, names retired by reform. */
const WRONG_ON_PURPOSE = new Set(
  `好象 想像 国家旅游局 自已 环境保护部 做为 给与 签定 帐户 撤消 物价局 刻划 授与 指手划脚 帐目 笔划 原故 急待 监察部 人事局 纪检委 人材
   精采 粮食局 帐号 图象 名符其实 农业部 文化部`.split(/\s+/).filter(Boolean)
)

function jiebaFrequencies(): Map<string, number> {
  const text = readFileSync(join(require.resolve('@node-rs/jieba/package.json'), '..', 'dict.txt'), 'utf8')
  const map = new Map<string, number>()
  for (const line of text.split('\n')) {
    const [word, freq] = line.split(' ')
    if (word && freq) map.set(word, Number(freq))
  }
  return map
}

describe('the confusion lexicon', () => {
  it('holds at least 1,500 entries, each category with its share, each with a right form and a source', () => {
    const counts = new Map<string, number>()
    for (const e of lexicon) counts.set(e.category, (counts.get(e.category) ?? 0) + 1)
    console.log(`lexicon: ${lexicon.length} entries — ${PROOF_CATEGORIES.map((c) => `${c} ${counts.get(c) ?? 0}`).join('，')}`)
    expect(lexicon.length).toBeGreaterThanOrEqual(1500)
    for (const c of PROOF_CATEGORIES) expect(counts.get(c) ?? 0).toBeGreaterThanOrEqual(50)
    for (const e of lexicon) {
      expect(PROOF_CATEGORIES).toContain(e.category)
      expect(e.wrong).not.toBe(e.right)
      expect(e.right.length).toBeGreaterThan(0)
      expect(e.source.length).toBeGreaterThan(3)
    }
  })

  it('lists each wrong form once', () => {
    const seen = new Set<string>()
    const twice = lexicon.filter((e) => (seen.has(e.wrong) ? true : (seen.add(e.wrong), false))).map((e) => e.wrong)
    expect(twice).toEqual([])
  })

  it('has no wrong form that is a correct word elsewhere: the allow-list, a right form, a canonical phrase', () => {
    const rights = new Set(lexicon.map((e) => e.right))
    const canonical = new Set(CANONICAL_PHRASES.flatMap((c) => c.phrases.split(/\s+/)).filter(Boolean))
    const allowed = new Set(ALLOWED_WORDS)
    const clash = lexicon.filter((e) => allowed.has(e.wrong) || rights.has(e.wrong) || canonical.has(e.wrong)).map((e) => e.wrong)
    expect(clash).toEqual([])
  })

  it('has no wrong form that is a common word of a general dictionary, but for the variants and retired names it means', () => {
    const freq = jiebaFrequencies()
    const common = lexicon.filter((e) => (freq.get(e.wrong) ?? 0) >= 40 && !WRONG_ON_PURPOSE.has(e.wrong)).map((e) => `${e.wrong}(${freq.get(e.wrong)})`)
    expect(common).toEqual([])
  })

  it('finds no error in the allow-list\'s words written in a sentence', () => {
    const p = createProofreader()
    const text = ALLOWED_WORDS.join('，')
    const hits = p.check(text).filter((h) => h.kind !== 'date')
    expect(hits.map((h) => `${h.wrong}→${h.right}`)).toEqual([])
  })

  it('finds every wrong form in a sentence, and none of the right forms', () => {
    const p = createProofreader()
    const missed: string[] = []
    const flaggedRight: string[] = []
    for (const e of lexicon) {
      const hits = p.check(`文中写作“${e.wrong}”，请核对。`)
      if (!hits.some((h) => h.wrong.includes(e.wrong) || e.wrong.includes(h.wrong))) missed.push(e.wrong)
      const clean = p.check(`文中写作“${e.right}”，请核对。`)
      if (clean.length > 0) flaggedRight.push(`${e.right}: ${clean.map((h) => h.wrong).join('、')}`)
    }
    expect(missed).toEqual([])
    expect(flaggedRight).toEqual([])
  })
})
