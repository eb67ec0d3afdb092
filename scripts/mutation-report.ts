/**
 * Reading StrykerJS's JSON report (reports/mutation/*.json): the folders under mutation, and the
 * score the way Stryker counts it — killed and timed-out mutants over every mutant that compiled
 * (survivors and uncovered ones included). Shared by mutation-changed.ts and mutation-summary.ts.
 */
import { readFileSync } from 'node:fs'

/** The folders under mutation, as in stryker.config.mjs. */
export const MUTATED_FOLDERS = ['src/core/', 'server/services/', 'server/auth/', 'server/routes/', 'src/sync/', 'src/stores/']
/** Types and barrels: nothing to mutate (the same list as stryker.config.mjs). */
export const NOT_MUTATED = new Set(['src/core/api-types.ts', 'src/core/types.ts', 'src/core/index.ts', 'src/stores/index.ts'])

export interface ReportMutant {
  id: string
  mutatorName: string
  replacement?: string
  status: string
  location: { start: { line: number; column: number } }
}
export interface Report {
  files: Record<string, { source: string; mutants: ReportMutant[] }>
}

export function readReport(path: string): Report {
  return JSON.parse(readFileSync(path, 'utf8')) as Report
}

export interface Tally {
  killed: number
  timeout: number
  survived: number
  noCoverage: number
  /** Did not compile (TypeScript checker) or ran into a runtime error: not counted in the score. */
  invalid: number
}

export function tally(mutants: ReportMutant[]): Tally {
  const t: Tally = { killed: 0, timeout: 0, survived: 0, noCoverage: 0, invalid: 0 }
  for (const m of mutants) {
    if (m.status === 'Killed') t.killed += 1
    else if (m.status === 'Timeout') t.timeout += 1
    else if (m.status === 'Survived') t.survived += 1
    else if (m.status === 'NoCoverage') t.noCoverage += 1
    else t.invalid += 1
  }
  return t
}

/** Stryker's mutation score in percent; 100 when nothing could be mutated. */
export function score(t: Tally): number {
  const valid = t.killed + t.timeout + t.survived + t.noCoverage
  return valid ? (100 * (t.killed + t.timeout)) / valid : 100
}
