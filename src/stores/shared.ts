import { messageOf } from './errors'

/** How the factories' `set` is called here: a part of the state, or a function of it. */
type SetState<S> = (partial: Partial<S> | ((state: S) => Partial<S>)) => void

interface Writing {
  busy: boolean
  error: string | null
}

/**
 * One write at a time: a call while another runs is refused (false) and starts nothing; a failure
 * leaves its Chinese message in `error` and answers false.
 */
export function oneWriteAtATime<S extends Writing>(get: () => S, set: SetState<S>): (work: () => Promise<void>) => Promise<boolean> {
  return async (work) => {
    if (get().busy) return false
    set({ busy: true, error: null } as Partial<S>)
    try {
      await work()
      set({ busy: false } as Partial<S>)
      return true
    } catch (e) {
      set({ busy: false, error: messageOf(e) } as Partial<S>)
      return false
    }
  }
}

interface Listed<T> {
  items: T[]
  loading: boolean
  error: string | null
}

/** Reads a whole (short) list into `items`; a failure leaves its Chinese message in `error` and the items as they were. */
export function loadList<T, S extends Listed<T>>(set: SetState<S>, request: () => Promise<{ items: T[] }>): () => Promise<void> {
  return async () => {
    set({ loading: true, error: null } as Partial<S>)
    try {
      const { items } = await request()
      set({ items, loading: false } as Partial<S>)
    } catch (e) {
      set({ loading: false, error: messageOf(e) } as Partial<S>)
    }
  }
}

interface Paged<T> {
  items: T[]
  total: number
  page: number
  loading: boolean
  error: string | null
}

/**
 * A list read page by page: page 1 replaces the items, a later page appends. An answer that a newer
 * request has superseded (the user typed on, or changed a filter) is dropped. `request` answers
 * null when there is nothing to ask for yet.
 */
export function pageLoader<T, S extends Paged<T>>(
  set: SetState<S>,
  request: (page: number) => Promise<{ items: T[]; total: number }> | null
): (page: number) => Promise<void> {
  let generation = 0
  return async (page) => {
    const pending = request(page)
    if (!pending) return
    const mine = ++generation
    set({ loading: true, error: null } as Partial<S>)
    try {
      const res = await pending
      if (mine !== generation) return
      set((s) => ({ items: page === 1 ? res.items : [...s.items, ...res.items], total: res.total, page, loading: false }) as Partial<S>)
    } catch (e) {
      if (mine !== generation) return
      set({ loading: false, error: messageOf(e) } as Partial<S>)
    }
  }
}
