import { badRequest } from '../errors'

export interface Paging {
  page: number
  pageSize: number
  offset: number
  limit: number
}

export const MAX_PAGE_SIZE = 100
/** Past any list we hold (100,000 pages of 100); beyond it an offset overflows the database's integer. */
export const MAX_PAGE = 100_000

/** Every list is paged: `page` from 1, `pageSize` up to 100 (default 20). */
export function paging(query: unknown, defaultSize = 20): Paging {
  const q = (query ?? {}) as Record<string, unknown>
  const page = q.page === undefined ? 1 : Number(q.page)
  const pageSize = q.pageSize === undefined ? defaultSize : Number(q.pageSize)
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) throw badRequest('PAGE_INVALID', `页码必须是 1 到 ${MAX_PAGE} 之间的整数`)
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw badRequest('PAGE_SIZE_INVALID', `每页条数必须在 1 到 ${MAX_PAGE_SIZE} 之间`)
  }
  return { page, pageSize, offset: (page - 1) * pageSize, limit: pageSize }
}

export function paged<T>(p: Paging, result: { items: T[]; total: number }) {
  return { items: result.items, page: p.page, pageSize: p.pageSize, total: result.total }
}

/** A trimmed, non-empty query-string value, or null. */
export function text(query: unknown, key: string, maxLength = 50): string | null {
  const value = (query as Record<string, unknown> | undefined)?.[key]
  if (value === undefined || value === null || value === '') return null
  if (typeof value !== 'string') throw badRequest('QUERY_INVALID', `参数 ${key} 格式不正确`)
  const trimmed = value.trim()
  if (trimmed.length > maxLength) throw badRequest('QUERY_INVALID', `参数 ${key} 过长`)
  return trimmed === '' ? null : trimmed
}

export function oneOf<T extends string>(query: unknown, key: string, allowed: readonly T[]): T | null {
  const value = text(query, key)
  if (value === null) return null
  if (!(allowed as readonly string[]).includes(value)) throw badRequest('QUERY_INVALID', `参数 ${key} 的取值不正确`)
  return value as T
}
