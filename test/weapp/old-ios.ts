/**
 * The logic layer of WeChat on iOS 15 and older (「框架 / 运行时 / JavaScript 支持情况」, 与标准的差异 →
 * Promise 时序差异): JavaScriptCore there gets a `Promise` that is a polyfill built on `setTimeout`, so
 * every reaction is an ordinary task queued behind the timers already due, not a microtask. The
 * documented example gives [1,2,3,4,6,5,7] instead of [1,2,3,4,5,6,7] (test/weapp/old-ios.test.ts).
 *
 * `timeoutPromise(schedule)` builds such a Promise: each reaction (and each adoption of a thenable)
 * goes through `schedule`, the harness's own setTimeout, so it also stops while the app is suspended
 * in the background. A rejection nobody handles by the time its turn comes is reported to
 * `unhandled` (core-js reports them too), so a bug hidden by the timing does not pass in silence;
 * one handled later after all is taken back through `rehandled` (core-js: 'rejectionhandled').
 * The engine's own `async` functions keep the engine's promise; awaiting one of these waits for a task.
 */
type Settled = { state: 'fulfilled'; value: unknown } | { state: 'rejected'; reason: unknown }
type Reaction = (outcome: Settled) => void

export interface RejectionTracker {
  unhandled(reason: unknown): void
  rehandled(reason: unknown): void
}

export function timeoutPromise(schedule: (fn: () => void) => void, tracker: RejectionTracker): PromiseConstructor {
  const isObject = (v: unknown): v is object => v !== null && (typeof v === 'object' || typeof v === 'function')

  class TimeoutPromise<T> {
    private outcome: Settled | null = null
    private reactions: Reaction[] | null = []
    private handled = false
    private reported = false

    constructor(executor: (resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void) => void) {
      if (typeof executor !== 'function') throw new TypeError('Promise resolver is not a function')
      const { resolve, reject } = this.resolvers()
      try {
        executor(resolve, reject)
      } catch (error) {
        reject(error)
      }
    }

    private resolvers() {
      let done = false
      return {
        resolve: (value: unknown) => {
          if (done) return
          done = true
          this.adopt(value)
        },
        reject: (reason: unknown) => {
          if (done) return
          done = true
          this.settle({ state: 'rejected', reason })
        }
      }
    }

    private adopt(value: unknown): void {
      if (value === this) return this.settle({ state: 'rejected', reason: new TypeError('Chaining cycle detected for promise') })
      if (isObject(value)) {
        let then: unknown
        try {
          then = (value as { then?: unknown }).then
        } catch (reason) {
          return this.settle({ state: 'rejected', reason })
        }
        if (typeof then === 'function') {
          // Following a thenable is a job of its own (PromiseResolveThenableJob): another task here.
          schedule(() => {
            const { resolve, reject } = this.resolvers()
            try {
              ;(then as (f: (v: unknown) => void, r: (e: unknown) => void) => void).call(value, resolve, reject)
            } catch (reason) {
              reject(reason)
            }
          })
          return
        }
      }
      this.settle({ state: 'fulfilled', value })
    }

    private settle(outcome: Settled): void {
      if (this.outcome) return
      this.outcome = outcome
      const reactions = this.reactions ?? []
      this.reactions = null
      for (const reaction of reactions) schedule(() => reaction(outcome))
      if (outcome.state === 'rejected' && reactions.length === 0) {
        schedule(() => {
          if (this.handled) return
          this.reported = true
          tracker.unhandled(outcome.reason)
        })
      }
    }

    then<A = T, B = never>(onFulfilled?: ((value: T) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): TimeoutPromise<A | B> {
      this.handled = true
      if (this.reported && this.outcome?.state === 'rejected') {
        this.reported = false
        tracker.rehandled(this.outcome.reason)
      }
      return new TimeoutPromise<A | B>((resolve, reject) => {
        const react: Reaction = (outcome) => {
          const handler = outcome.state === 'fulfilled' ? onFulfilled : onRejected
          if (typeof handler !== 'function') {
            if (outcome.state === 'fulfilled') resolve(outcome.value as A)
            else reject(outcome.reason)
            return
          }
          try {
            resolve((handler as (v: unknown) => A | B)(outcome.state === 'fulfilled' ? outcome.value : outcome.reason))
          } catch (error) {
            reject(error)
          }
        }
        if (this.reactions) this.reactions.push(react)
        else {
          const outcome = this.outcome as Settled
          schedule(() => react(outcome))
        }
      })
    }

    catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): TimeoutPromise<T | B> {
      return this.then(undefined, onRejected)
    }

    finally(onFinally?: (() => void) | null): TimeoutPromise<T> {
      if (typeof onFinally !== 'function') return this.then() as TimeoutPromise<T>
      return this.then(
        (value) => TimeoutPromise.resolve(onFinally()).then(() => value),
        (reason) =>
          TimeoutPromise.resolve(onFinally()).then(() => {
            throw reason
          })
      ) as TimeoutPromise<T>
    }

    get [Symbol.toStringTag]() {
      return 'Promise'
    }

    static resolve<U>(value?: U | PromiseLike<U>): TimeoutPromise<U> {
      if (value instanceof TimeoutPromise) return value as TimeoutPromise<U>
      return new TimeoutPromise<U>((resolve) => resolve(value as U))
    }

    static reject<U = never>(reason?: unknown): TimeoutPromise<U> {
      return new TimeoutPromise<U>((_, reject) => reject(reason))
    }

    static all(values: Iterable<unknown>): TimeoutPromise<unknown[]> {
      const items = [...values]
      return new TimeoutPromise<unknown[]>((resolve, reject) => {
        const results: unknown[] = new Array(items.length)
        let left = items.length
        if (left === 0) return resolve(results)
        items.forEach((item, i) =>
          TimeoutPromise.resolve(item).then((value) => {
            results[i] = value
            left -= 1
            if (left === 0) resolve(results)
          }, reject)
        )
      })
    }

    static allSettled(values: Iterable<unknown>): TimeoutPromise<PromiseSettledResult<unknown>[]> {
      return TimeoutPromise.all(
        [...values].map((item) =>
          TimeoutPromise.resolve(item).then(
            (value) => ({ status: 'fulfilled' as const, value }),
            (reason: unknown) => ({ status: 'rejected' as const, reason })
          )
        )
      ) as TimeoutPromise<PromiseSettledResult<unknown>[]>
    }

    static race(values: Iterable<unknown>): TimeoutPromise<unknown> {
      return new TimeoutPromise<unknown>((resolve, reject) => {
        for (const item of values) TimeoutPromise.resolve(item).then(resolve, reject)
      })
    }

    static any(values: Iterable<unknown>): TimeoutPromise<unknown> {
      const items = [...values]
      return new TimeoutPromise<unknown>((resolve, reject) => {
        const errors: unknown[] = new Array(items.length)
        let left = items.length
        if (left === 0) return reject(new AggregateError([], 'All promises were rejected'))
        items.forEach((item, i) =>
          TimeoutPromise.resolve(item).then(resolve, (reason: unknown) => {
            errors[i] = reason
            left -= 1
            if (left === 0) reject(new AggregateError(errors, 'All promises were rejected'))
          })
        )
      })
    }
  }

  return TimeoutPromise as unknown as PromiseConstructor
}
