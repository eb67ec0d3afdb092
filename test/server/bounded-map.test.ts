import { BoundedMap } from '../../server/services/bounded-map'

describe('a bounded map (the closed rounds’ trend cache)', () => {
  it('keeps at most its capacity, dropping the oldest entry first', () => {
    const m = new BoundedMap<string, number>(2)
    m.set('a', 1)
    m.set('b', 2)
    expect(m.size).toBe(2)
    expect([m.get('a'), m.get('b')]).toEqual([1, 2])
    m.set('c', 3)
    expect(m.size).toBe(2)
    expect(m.has('a')).toBe(false)
    expect(m.get('a')).toBeUndefined()
    expect([m.get('b'), m.get('c')]).toEqual([2, 3])
  })

  it('replaces a key it holds without dropping another', () => {
    const m = new BoundedMap<string, number>(2)
    m.set('a', 1)
    m.set('b', 2)
    m.set('b', 20)
    expect([m.get('a'), m.get('b'), m.size]).toEqual([1, 20, 2])
  })

  it('holds one entry at capacity one, and refuses a capacity that is not a positive integer', () => {
    const m = new BoundedMap<string, number>(1)
    m.set('a', 1)
    m.set('b', 2)
    expect([m.has('a'), m.get('b'), m.size]).toEqual([false, 2, 1])
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new BoundedMap(bad)).toThrow(RangeError)
  })
})
