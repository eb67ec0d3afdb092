import type { StateStorage } from 'zustand/middleware'

/** The storage contract in memory (tests, and anywhere Taro storage is not there). */
export function memoryStorage(initial: Record<string, string> = {}): StateStorage & { dump(): Record<string, string> } {
  const data = { ...initial }
  return {
    getItem: (name) => data[name] ?? null,
    setItem: (name, value) => {
      data[name] = value
    },
    removeItem: (name) => {
      delete data[name]
    },
    dump: () => ({ ...data })
  }
}
