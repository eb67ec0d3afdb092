import type { Answer, Catalog, IndicatorKind, VerdictResult } from './types'

export interface DerivedIssue {
  indicatorCode: string
  indicatorKind: IndicatorKind
  indicatorTitle: string
  category: string
  /** The inspector's note: what was found. */
  finding: string
  evidence: string[]
}

/**
 * Every failed indicator of an inspection (veto or deduction) is one issue of the
 * account's host department. Bonus items never make issues.
 */
export function deriveIssues(catalog: Catalog, verdict: VerdictResult, answers: readonly Answer[]): DerivedIssue[] {
  const byCode = new Map(answers.map((a) => [a.code, a]))
  const issues: DerivedIssue[] = []
  for (const code of verdict.failed) {
    const indicator = catalog.indicators.find((i) => i.code === code)
    if (!indicator || indicator.kind === 'bonus') continue
    const answer = byCode.get(code)
    issues.push({
      indicatorCode: code,
      indicatorKind: indicator.kind,
      indicatorTitle: indicator.title,
      category: indicator.category,
      finding: answer?.note.trim() ?? '',
      evidence: answer ? [...answer.evidence] : []
    })
  }
  return issues
}
