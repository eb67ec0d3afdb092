import { evenShares, seededRandom, stratifiedSample } from '../../src/core'

describe('a stratified sample', () => {
  const units = Array.from({ length: 200 }, (_, i) => ({ id: `a-${String(i).padStart(3, '0')}`, stratum: i < 40 ? 'city|wechat' : i < 50 ? 'city|weibo' : i < 51 ? 'city|app' : 'local|wechat' }))

  it('takes the percent of each stratum, at least one, and the same seed draws the same accounts', () => {
    const a = stratifiedSample(units, 50, 42)
    expect(a.strata).toEqual([
      { stratum: 'city|app', of: 1, drawn: 1 },
      { stratum: 'city|wechat', of: 40, drawn: 20 },
      { stratum: 'city|weibo', of: 10, drawn: 5 },
      { stratum: 'local|wechat', of: 149, drawn: 75 }
    ])
    expect(a.ids).toHaveLength(101)
    expect(new Set(a.ids).size).toBe(101)
    expect(stratifiedSample([...units].reverse(), 50, 42).ids).toEqual(a.ids)
    expect(stratifiedSample(units, 50, 43).ids).not.toEqual(a.ids)
    expect(a.ids.filter((id) => Number(id.slice(2)) < 40)).toHaveLength(20)
  })

  it('takes everything at 100 %, and one of each stratum at 1 %', () => {
    expect(stratifiedSample(units, 100, 1).ids).toHaveLength(200)
    expect(stratifiedSample(units, 1, 1).strata.map((s) => s.drawn)).toEqual([1, 1, 1, 1])
    expect(stratifiedSample([], 50, 1)).toEqual({ ids: [], strata: [] })
  })

  it('draws from a generator that is the same for the same seed and spread over [0, 1)', () => {
    const r1 = seededRandom(7)
    const r2 = seededRandom(7)
    const xs = Array.from({ length: 1000 }, () => r1())
    expect(Array.from({ length: 1000 }, () => r2())).toEqual(xs)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    expect(xs.filter((x) => x < 0.5).length).toBeGreaterThan(430)
    expect(xs.filter((x) => x < 0.5).length).toBeLessThan(570)
  })
})

describe('even shares', () => {
  it('keep each department with one inspector and balance the counts', () => {
    const accounts = [
      ...Array.from({ length: 5 }, (_, i) => ({ id: `x${i}`, departmentId: 'd-big' })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `y${i}`, departmentId: 'd-mid' })),
      ...Array.from({ length: 2 }, (_, i) => ({ id: `z${i}`, departmentId: 'd-small' })),
      { id: 'w0', departmentId: 'd-one' }
    ]
    const shares = evenShares(accounts, ['u-1', 'u-2'])
    expect(shares.size).toBe(11)
    for (const d of ['d-big', 'd-mid', 'd-small', 'd-one']) expect(new Set(accounts.filter((a) => a.departmentId === d).map((a) => shares.get(a.id))).size).toBe(1)
    const count = (u: string) => [...shares.values()].filter((x) => x === u).length
    expect([count('u-1'), count('u-2')]).toEqual([6, 5])
    expect(shares.get('x0')).toBe('u-1')
    expect(shares.get('y0')).toBe('u-2')
  })
})
