import { sql, type Kysely } from 'kysely'
import type { Database } from '../db/schema'
import { AppError } from '../errors'

/**
 * Limits that hold across every process sharing the database (two servers behind one
 * PostgreSQL, a restart): a fixed-window counter per key in rate_limits, taken in one atomic
 * upsert. Fastify's in-memory limits stay in front as the cheap first line; this is the one that
 * cannot be doubled by adding a process.
 */
export async function takeShared(db: Kysely<Database>, key: string, max: number, windowMs: number, now: Date): Promise<boolean> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString()
  const row = await db
    .insertInto('rate_limits')
    .values({ key: key.slice(0, 200), window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limits.window_start = ${windowStart} then rate_limits.hits + 1 else 1 end`,
        window_start: windowStart
      })
    )
    .returning('hits')
    .executeTakeFirstOrThrow()
  return Number(row.hits) <= max
}

/** Refuses with 429 RATE_LIMITED once the key has used its allowance for the window. */
export async function requireShared(db: Kysely<Database>, key: string, max: number, windowMs: number, now: Date): Promise<void> {
  if (!(await takeShared(db, key, max, windowMs, now))) throw new AppError(429, 'RATE_LIMITED', '尝试次数过多，请稍后再试')
}

/** Counters of windows that have ended (the hourly purge). */
export async function purgeRateLimits(db: Kysely<Database>, now: Date): Promise<number> {
  const res = await db.deleteFrom('rate_limits').where('window_start', '<', new Date(now.getTime() - 3600 * 1000).toISOString()).executeTakeFirst()
  return Number(res.numDeletedRows ?? 0)
}
