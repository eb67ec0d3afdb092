import vm from 'node:vm'
import { defaultPhone, newDevice, oldEngine } from './fake-wx'
import { timeoutPromise } from './old-ios'

/**
 * The old-iOS Promise (test/weapp/old-ios.ts) against the example on WeChat's 「JavaScript 支持情况」
 * page and the Promise rules the bundle relies on. Runs without a bundle (no GNM_WEAPP needed).
 */
const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms))

function make() {
  const unhandled: unknown[] = []
  const P = timeoutPromise((fn) => void setTimeout(fn, 0), {
    unhandled: (reason) => unhandled.push(reason),
    rehandled: (reason) => unhandled.splice(unhandled.indexOf(reason), 1)
  })
  return { P, unhandled }
}

const DOCUMENTED_EXAMPLE = `
  var arr = []
  setTimeout(() => arr.push(6), 0)
  arr.push(1)
  const p = new Promise(resolve => { arr.push(2); resolve() })
  arr.push(3)
  p.then(() => arr.push(5))
  arr.push(4)
  setTimeout(() => arr.push(7), 0)
  arr`

describe('the Promise of WeChat on iOS 15 and older', () => {
  it('runs the documented example in the order WeChat documents for iOS 15: [1,2,3,4,6,5,7]', async () => {
    const { P } = make()
    const old = vm.createContext({ Promise: P, setTimeout })
    const arr = vm.runInContext(DOCUMENTED_EXAMPLE, old) as number[]
    const modern = vm.runInContext(DOCUMENTED_EXAMPLE, vm.createContext({ setTimeout })) as number[]
    await tick()
    expect(arr).toEqual([1, 2, 3, 4, 6, 5, 7])
    expect(modern).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('chains, adopts thenables and the engine\u2019s own promises, and passes values and errors through', async () => {
    const { P } = make()
    const seen: unknown[] = []
    await new Promise<void>((done) => {
      P.resolve(1)
        .then((v) => v + 1)
        .then((v) => ({ then: (ok: (x: number) => void) => ok(v * 10) }) as unknown as PromiseLike<number>)
        .then((v) => Promise.resolve(v + 1)) // a native promise (an async function's)
        .then((v) => {
          seen.push(v)
          throw new Error('boom')
        })
        .then(() => seen.push('skipped'))
        .catch((e: Error) => seen.push(e.message))
        .finally(() => seen.push('finally'))
        .then(() => done())
    })
    expect(seen).toEqual([21, 'boom', 'finally'])
  })

  it('answers all, allSettled, race and any as the standard does', async () => {
    const { P } = make()
    const later = (v: unknown, ms: number, fail = false) => new P((ok, no) => setTimeout(() => (fail ? no(v) : ok(v)), ms))
    expect(await P.all([later('a', 20), 'b', later('c', 5)])).toEqual(['a', 'b', 'c'])
    expect(await P.all([])).toEqual([])
    await expect(P.all([later('x', 5, true), later('y', 20)])).rejects.toBe('x')
    expect(await P.allSettled([later(1, 5), later(2, 5, true)])).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: 2 }
    ])
    expect(await P.race([later('slow', 30), later('fast', 5)])).toBe('fast')
    expect(await P.any([later('no', 5, true), later('yes', 15)])).toBe('yes')
    await expect(P.any([later('no', 5, true)])).rejects.toBeInstanceOf(AggregateError)
  })

  it('settles once, refuses a cycle and turns a throwing executor into a rejection', async () => {
    const { P } = make()
    const once = new P<number>((ok, no) => {
      ok(1)
      ok(2)
      no(new Error('late'))
    })
    expect(await once).toBe(1)
    await expect(new P(() => { throw new Error('executor') })).rejects.toThrow('executor')
    const cycle: Promise<unknown> = P.resolve().then(() => cycle)
    await expect(cycle).rejects.toThrow(TypeError)
    expect(() => new P(undefined as never)).toThrow(TypeError)
    expect(Object.prototype.toString.call(P.resolve())).toBe('[object Promise]')
  })

  it('reports a rejection nobody handles, not one handled in time, and takes back one handled late', async () => {
    const { P, unhandled } = make()
    P.reject(new Error('lost'))
    const caught = P.reject(new Error('caught'))
    caught.catch(() => undefined)
    const late = P.reject(new Error('late'))
    await tick()
    expect(unhandled.map((e) => (e as Error).message)).toEqual(['lost', 'late'])
    late.catch(() => undefined)
    expect(unhandled.map((e) => (e as Error).message)).toEqual(['lost'])
  })

  it('is the engine of iOS 15 and older only, and GNM_WEAPP_PHONE picks the phone', () => {
    expect(oldEngine({ os: 'ios', osVersion: 15 })).toBe(true)
    expect(oldEngine({ os: 'ios', osVersion: 14 })).toBe(true)
    expect(oldEngine({ os: 'ios', osVersion: 16 })).toBe(false)
    expect(oldEngine({ os: 'android', osVersion: 10 })).toBe(false)
    expect(defaultPhone('ios15')).toEqual({ os: 'ios', osVersion: 15 })
    expect(defaultPhone('android')).toEqual({ os: 'android', osVersion: 13 })
    expect(() => defaultPhone('nokia')).toThrow('GNM_WEAPP_PHONE')
    expect(newDevice().packages.size).toBe(0)
  })
})
