import { competentUnitId, nameMatches, type TreeUnit } from '../../src/core/units'

const tree = (units: TreeUnit[]) => new Map(units.map((u) => [u.id, u]))

describe('the competent unit', () => {
  it('is the unit right under the city at the top, and a unit there is its own', () => {
    const t = tree([
      { id: 'city', parent_id: null, level: 'city' },
      { id: 'police', parent_id: 'city', level: 'city-dept' },
      { id: 'traffic', parent_id: 'police', level: 'other' },
      { id: 'xs', parent_id: 'city', level: 'district' },
      { id: 'xs-town', parent_id: 'xs', level: 'town' }
    ])
    expect(['city', 'police', 'traffic', 'xs', 'xs-town'].map((id) => competentUnitId(id, t))).toEqual(['city', 'police', 'police', 'xs', 'xs'])
  })

  it('is the top unit in a tree without a city at its top (bureaus and districts imported as they come)', () => {
    const t = tree([
      { id: 'police', parent_id: null, level: 'city-dept' },
      { id: 'traffic', parent_id: 'police', level: 'other' },
      { id: 'yl', parent_id: null, level: 'district' },
      { id: 'yl-edu', parent_id: 'yl', level: 'district-dept' },
      { id: 'yl-town', parent_id: 'yl', level: 'town' }
    ])
    expect(['police', 'traffic', 'yl', 'yl-edu', 'yl-town'].map((id) => competentUnitId(id, t))).toEqual(['police', 'police', 'yl', 'yl', 'yl'])
  })

  it('answers the unit itself when it is unknown, and stops on a cycle', () => {
    expect(competentUnitId('nowhere', tree([]))).toBe('nowhere')
    const t = tree([
      { id: 'a', parent_id: 'b', level: 'other' },
      { id: 'b', parent_id: 'a', level: 'other' }
    ])
    expect(['a', 'b']).toContain(competentUnitId('a', t))
  })
})

describe('nameMatches (the name search, as the phone runs it offline)', () => {
  it.each([
    ['无锡市卫生健康委员会', '卫健', true],
    ['无锡市卫生健康委员会', '卫生健康', true],
    ['无锡市市场监督管理局', '市监局', true],
    ['无锡市发展和改革委员会', '发改委', true],
    ['无锡市发展和改革委员会', '改发', false],
    ['无锡市公安局', '卫', false],
    ['ＡＢＣ政务', 'abc', true],
    ['无锡发布', ' ', true]
  ])('%s ← 「%s」: %s', (name, q, expected) => {
    expect(nameMatches(name, q)).toBe(expected)
  })
})
