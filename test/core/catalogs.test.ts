import { createHash } from 'node:crypto'
import { BUILTIN_CATALOGS, findIndicator, findingPhrases, groupByCategory, NATIONAL_2019, withPhrase } from '../../src/core'

/**
 * A round is bound to a catalog id forever (the server stores the catalog by id), so a catalog's
 * content must never change under its id: a new wording or rule is a new version. The digests
 * below pin each shipped catalog; changing one means adding a version, not editing this table.
 */
const PINNED: Record<string, string> = {
  'national-2019@1': 'aed462cc31724a8bca1496f5e2c77875ef7c44acc36bb9123b18a7d470982c38',
  'provincial-example@1': '2d32f387ca04f40d6421d93772c3b267629b8276a5cfde45247acfb19718fd45'
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex')

describe('the shipped indicator catalogs', () => {
  it('never change under their id', () => {
    expect(Object.fromEntries(BUILTIN_CATALOGS.map((c) => [c.id, digest(c)]))).toEqual(PINNED)
  })

  it('carry the national single-veto list: five security items, the two-week update rule, an interaction channel', () => {
    expect(NATIONAL_2019.indicators.map((i) => [i.code, i.category, i.kind])).toEqual([
      ['SEC-1', '安全', 'veto'],
      ['SEC-2', '安全', 'veto'],
      ['SEC-3', '安全', 'veto'],
      ['SEC-4', '安全', 'veto'],
      ['SEC-5', '安全', 'veto'],
      ['UPD-1', '内容更新', 'veto'],
      ['INT-1', '互动回应', 'veto']
    ])
    expect(NATIONAL_2019.indicators.find((i) => i.code === 'UPD-1')?.rule).toEqual({ type: 'update-lag', days: 14 })
    expect(NATIONAL_2019.indicators.every((i) => i.evidenceRequired && i.title !== '' && i.description !== '')).toBe(true)
  })
})

describe('reading a catalog', () => {
  it('groups indicators by category in catalog order, each indicator once', () => {
    const groups = groupByCategory(NATIONAL_2019)
    const categories = [...new Set(NATIONAL_2019.indicators.map((i) => i.category))]
    expect(groups.map((g) => g.category)).toEqual(categories)
    expect(groups.flatMap((g) => g.indicators)).toHaveLength(NATIONAL_2019.indicators.length)
    for (const g of groups) {
      expect(g.indicators.every((i) => i.category === g.category)).toBe(true)
      expect(g.indicators).toEqual(NATIONAL_2019.indicators.filter((i) => i.category === g.category))
    }
  })

  it('finds an indicator by its code, and nothing for an unknown code', () => {
    const last = NATIONAL_2019.indicators[NATIONAL_2019.indicators.length - 1]
    expect(findIndicator(NATIONAL_2019, last?.code ?? '')).toBe(last)
    expect(findIndicator(NATIONAL_2019, 'NOPE')).toBeUndefined()
  })
})

describe('finding phrases (chips under a failed item’s note)', () => {
  const sec1 = NATIONAL_2019.indicators.find((i) => i.code === 'SEC-1')
  if (!sec1) throw new Error('SEC-1')

  it('offers the shipped phrases of a shipped item, the catalog’s own when set, none when emptied, and by topic for an office’s own item', () => {
    expect(findingPhrases(sec1)).toContain('领导职务写错')
    expect(findingPhrases({ ...sec1, phrases: ['标题错字'] })).toEqual(['标题错字'])
    expect(findingPhrases({ ...sec1, phrases: [] })).toEqual([])
    // Renamed: no longer the shipped item, so phrases come from what the title is about.
    expect(findingPhrases({ ...sec1, code: 'X-1', title: '留言板无人回复' })).toEqual(['留言功能无法使用', '咨询入口链接失效'])
    expect(findingPhrases({ ...sec1, code: 'X-2', title: '其他' })).toEqual([])
    for (const c of BUILTIN_CATALOGS) for (const i of c.indicators.filter((x) => x.kind !== 'bonus')) expect(findingPhrases(i).length).toBeGreaterThan(0)
  })

  it('joins a tapped phrase to the note once, after 「；」', () => {
    expect(withPhrase('', '留言功能无法使用')).toBe('留言功能无法使用')
    expect(withPhrase('  ', '两周内无更新')).toBe('两周内无更新')
    expect(withPhrase('首页栏目', '栏目链接失效')).toBe('首页栏目；栏目链接失效')
    expect(withPhrase('首页栏目；', '栏目链接失效')).toBe('首页栏目；栏目链接失效')
    expect(withPhrase('首页栏目；栏目链接失效', '栏目链接失效')).toBe('首页栏目；栏目链接失效')
  })
})
