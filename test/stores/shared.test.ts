import { createStore } from 'zustand/vanilla'
import { ApiError } from '../../src/api/transport'
import { oneWriteAtATime, pageLoader } from '../../src/stores/shared'

/** A promise settled from the test, to hold an answer back. */
function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('one write at a time', () => {
  const make = () => createStore<{ busy: boolean; error: string | null }>()(() => ({ busy: false, error: null }))

  it('refuses a second write while the first runs, and takes the next one after', async () => {
    const store = make()
    const write = oneWriteAtATime(store.getState, store.setState)
    const held = deferred<void>()
    const first = write(() => held.promise)
    expect(store.getState().busy).toBe(true)
    const second = jest.fn(async () => undefined)
    expect(await write(second)).toBe(false)
    expect(second).not.toHaveBeenCalled()
    held.resolve()
    expect(await first).toBe(true)
    expect(store.getState()).toEqual({ busy: false, error: null })
    expect(await write(second)).toBe(true)
    expect(second).toHaveBeenCalledTimes(1)
  })

  it('keeps a refusal’s Chinese message and clears it on the next write', async () => {
    const store = make()
    const write = oneWriteAtATime(store.getState, store.setState)
    expect(await write(() => Promise.reject(new ApiError(409, 'ROUND_CLOSED', '检查批次已结束')))).toBe(false)
    expect(store.getState()).toEqual({ busy: false, error: '检查批次已结束' })
    expect(await write(() => Promise.reject(new Error('socket')))).toBe(false)
    expect(store.getState().error).toBe('操作失败，请稍后重试')
    const held = deferred<void>()
    const next = write(() => held.promise)
    expect(store.getState()).toEqual({ busy: true, error: null })
    held.resolve()
    expect(await next).toBe(true)
  })
})

describe('a list read page by page', () => {
  interface S {
    items: string[]
    total: number
    page: number
    loading: boolean
    error: string | null
    q: string
  }
  const make = () => createStore<S>()(() => ({ items: [], total: 0, page: 0, loading: false, error: null, q: '' }))

  it('replaces on page 1, appends later pages, and asks nothing while there is nothing to ask', async () => {
    const store = make()
    const ask = jest.fn(async (q: string, page: number) => ({ items: [`${q}${page}a`, `${q}${page}b`], total: 5 }))
    const load = pageLoader<string, S>(store.setState, (page) => (store.getState().q ? ask(store.getState().q, page) : null))
    await load(1)
    expect(ask).not.toHaveBeenCalled()
    expect(store.getState()).toMatchObject({ items: [], loading: false })
    store.setState({ q: 'x' })
    await load(1)
    await load(2)
    expect(store.getState()).toMatchObject({ items: ['x1a', 'x1b', 'x2a', 'x2b'], total: 5, page: 2, loading: false, error: null })
    await load(1)
    expect(store.getState().items).toEqual(['x1a', 'x1b'])
  })

  it('drops an answer or a failure that a newer request superseded', async () => {
    const store = make()
    type Answer = { items: string[]; total: number }
    const answers = [deferred<Answer>(), deferred<Answer>(), deferred<Answer>(), deferred<Answer>()]
    let n = 0
    const load = pageLoader<string, S>(store.setState, () => (answers[n++] as ReturnType<typeof deferred<Answer>>).promise)
    const old = load(1)
    expect(store.getState().loading).toBe(true)
    const fresh = load(1)
    answers[1]?.resolve({ items: ['新'], total: 1 })
    await fresh
    answers[0]?.resolve({ items: ['旧'], total: 9 })
    await old
    expect(store.getState()).toMatchObject({ items: ['新'], total: 1, loading: false })

    const failing = load(1)
    const newest = load(1)
    answers[3]?.resolve({ items: ['最新'], total: 1 })
    await newest
    answers[2]?.reject(new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试'))
    await failing
    expect(store.getState()).toMatchObject({ items: ['最新'], loading: false, error: null })

    answers.push(deferred<Answer>())
    const last = load(1)
    answers[4]?.reject(new ApiError(0, 'NETWORK', '网络连接失败，请检查网络后重试'))
    await last
    expect(store.getState()).toMatchObject({ items: ['最新'], loading: false, error: '网络连接失败，请检查网络后重试' })
  })
})
