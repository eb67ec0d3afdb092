import type { StateStorage } from 'zustand/middleware'
import { ApiError } from '../api/transport'

/**
 * What the app last loaded, kept on the phone so it starts without a network (field work happens
 * where the network is poor): the round, the account list with each account's results, the
 * liaison's issues. Each entry is tagged with the person it was loaded for (a shared phone never
 * shows one person's data to the next) and when it was loaded (「离线 · 数据截至 …」).
 *
 * WeChat keeps at most 1 MB under one key and 10 MB in all: entries above MAX_ENTRY_CHARS are
 * not kept (the app then says 「加载失败」 offline, as before).
 */
export const CACHE_PREFIX = 'gnm.cache.'
export const MAX_ENTRY_CHARS = 900_000

export interface Cached<T> {
  savedAt: number
  data: T
}

export interface OfflineCache {
  read<T>(key: string): Cached<T> | null
  write<T>(key: string, data: T): void
  /** Forgets everything (signing out). */
  clear(): void
}

export function createOfflineCache(deps: { storage: StateStorage; now: () => number; userId: () => string | null }): OfflineCache {
  const keys = new Set<string>()
  return {
    read<T>(key: string): Cached<T> | null {
      const user = deps.userId()
      if (!user) return null
      try {
        const raw = deps.storage.getItem(CACHE_PREFIX + key)
        if (typeof raw !== 'string') return null
        const parsed = JSON.parse(raw) as { v: 1; user: string; savedAt: number; data: T }
        if (parsed.v !== 1 || parsed.user !== user || typeof parsed.savedAt !== 'number') return null
        return { savedAt: parsed.savedAt, data: parsed.data }
      } catch {
        return null
      }
    },
    write<T>(key: string, data: T): void {
      const user = deps.userId()
      if (!user) return
      const text = JSON.stringify({ v: 1, user, savedAt: deps.now(), data })
      try {
        if (text.length > MAX_ENTRY_CHARS) void deps.storage.removeItem(CACHE_PREFIX + key)
        else void deps.storage.setItem(CACHE_PREFIX + key, text)
        keys.add(key)
      } catch {
        // Storage full: the app still works online; offline it says what it cannot show.
      }
    },
    clear(): void {
      for (const key of [...keys, ...KNOWN_KEYS]) void deps.storage.removeItem(CACHE_PREFIX + key)
      keys.clear()
    }
  }
}

/** The keys the stores use (cleared on sign-out even when this launch never wrote them). */
export const CACHE_KEYS = { round: 'round', accounts: 'accounts', issues: 'issues' } as const
const KNOWN_KEYS = Object.values(CACHE_KEYS)

/** No answer from the server at all (no network, server unreachable): the cache may stand in. */
export function isOffline(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'NETWORK'
}
