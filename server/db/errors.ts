/** A unique constraint refused the write (PostgreSQL 23505, or SQLite's constraint codes). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string } | null
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/**
 * A write that lost a race and may simply be run again: a unique violation, or PostgreSQL
 * breaking a deadlock (40P01) or a serialization failure (40001) between concurrent writers.
 */
export function isWriteConflict(error: unknown): boolean {
  const e = error as { code?: string } | null
  return isUniqueViolation(error) || e?.code === '40P01' || e?.code === '40001'
}
