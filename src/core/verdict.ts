import type { Answer, Catalog, Indicator, ResultValue, Verdict, VerdictResult } from './types'
import { daysBetween, parseDate } from './dates'

export type UpdateLagError = 'DATE_MISSING' | 'DATE_INVALID' | 'DATE_AFTER_CHECKPOINT'

export interface UpdateLagOutcome {
  result: 'pass' | 'fail' | null
  /** Days from the latest post to the checkpoint, when the date is usable. */
  lagDays: number | null
  error: UpdateLagError | null
}

/**
 * The content-update rule: judged against the round's checkpoint, never against today.
 * A latest post `days` or more days before the checkpoint fails; a missing date is
 * "not answered" (not a pass); a date after the checkpoint cannot be judged.
 */
export function evaluateUpdateLag(latestPost: string | null, checkpoint: string, days: number): UpdateLagOutcome {
  if (latestPost === null || latestPost === '') return { result: null, lagDays: null, error: 'DATE_MISSING' }
  if (!parseDate(latestPost)) return { result: null, lagDays: null, error: 'DATE_INVALID' }
  const lag = daysBetween(latestPost, checkpoint)
  if (lag < 0) return { result: null, lagDays: lag, error: 'DATE_AFTER_CHECKPOINT' }
  return { result: lag >= days ? 'fail' : 'pass', lagDays: lag, error: null }
}

/** The effective result of one indicator: rules decide by themselves, bonus items default to "not awarded". */
export function effectiveResult(indicator: Indicator, answer: Answer | undefined, checkpoint: string): ResultValue | null {
  if (indicator.rule?.type === 'update-lag') {
    if (answer?.result === 'na') return 'na'
    return evaluateUpdateLag(answer?.value ?? null, checkpoint, indicator.rule.days).result
  }
  const result = answer?.result ?? null
  if (indicator.kind === 'bonus') return result === 'pass' ? 'pass' : 'na'
  return result
}

/** The verdict of one inspection under its catalog, at its checkpoint. */
export function computeVerdict(catalog: Catalog, answers: readonly Answer[], checkpoint: string): VerdictResult {
  const byCode = new Map(answers.map((a) => [a.code, a]))
  const results: Record<string, ResultValue | null> = {}
  const failedVeto: string[] = []
  const failed: string[] = []
  const unanswered: string[] = []
  let score = catalog.scoring ? catalog.scoring.base : 0

  for (const indicator of catalog.indicators) {
    const result = effectiveResult(indicator, byCode.get(indicator.code), checkpoint)
    results[indicator.code] = result
    if (result === null) {
      unanswered.push(indicator.code)
      continue
    }
    if (indicator.kind === 'bonus') {
      if (result === 'pass') score += indicator.points
      continue
    }
    if (result !== 'fail') continue
    failed.push(indicator.code)
    if (indicator.kind === 'veto') failedVeto.push(indicator.code)
    else score -= indicator.points
  }

  let verdict: Verdict | null
  if (failedVeto.length > 0) verdict = 'fail'
  else if (unanswered.length > 0) verdict = null
  else if (catalog.scoring && score < catalog.scoring.passMark) verdict = 'fail'
  else verdict = 'pass'

  return { verdict, score: catalog.scoring ? score : null, failedVeto, failed, unanswered, results }
}

/** An account's verdict for a round: it fails if it failed at any checkpoint. */
export function roundVerdict(checkpointVerdicts: readonly (Verdict | null)[]): Verdict | null {
  const known = checkpointVerdicts.filter((v): v is Verdict => v !== null)
  if (known.length === 0) return null
  return known.includes('fail') ? 'fail' : 'pass'
}

/** Pass rate in percent with one decimal (422 of 425 → 99.3); null when nothing was inspected. */
export function passRate(passed: number, inspected: number): number | null {
  if (inspected <= 0) return null
  if (passed < 0 || passed > inspected) throw new RangeError(`passed ${passed} out of range for ${inspected}`)
  return Math.round((passed * 1000) / inspected) / 10
}
