import type { Answer, Catalog } from './types'
import { evaluateUpdateLag, effectiveResult } from './verdict'

export type AnswerProblemCode =
  | 'UNKNOWN_INDICATOR'
  | 'DUPLICATE_INDICATOR'
  | 'UNANSWERED'
  | 'NOTE_REQUIRED'
  | 'EVIDENCE_REQUIRED'
  | 'DATE_INVALID'
  | 'DATE_AFTER_CHECKPOINT'
  | 'NOTE_TOO_LONG'

export interface AnswerProblem {
  indicator: string
  code: AnswerProblemCode
  message: string
}

export const MAX_NOTE_LENGTH = 500

/**
 * What stops an inspection from being submitted. Every item must be answered, unless a veto
 * item failed (the verdict is then 不合格 whatever the rest says). The phone shows these live; the server
 * refuses a submission that has any of them. An empty list means the inspection is complete.
 */
export function validateAnswers(catalog: Catalog, answers: readonly Answer[], checkpoint: string): AnswerProblem[] {
  const problems: AnswerProblem[] = []
  const seen = new Set<string>()
  for (const answer of answers) {
    if (!catalog.indicators.some((i) => i.code === answer.code)) {
      problems.push({ indicator: answer.code, code: 'UNKNOWN_INDICATOR', message: `指标 ${answer.code} 不属于本批次的检查指标` })
    }
    if (seen.has(answer.code)) {
      problems.push({ indicator: answer.code, code: 'DUPLICATE_INDICATOR', message: `指标 ${answer.code} 重复填写` })
    }
    seen.add(answer.code)
  }
  const byCode = new Map(answers.map((a) => [a.code, a]))
  // One failed veto item decides the verdict: the items left unanswered are recorded as 未检查.
  const vetoFailed = catalog.indicators.some((i) => i.kind === 'veto' && effectiveResult(i, byCode.get(i.code), checkpoint) === 'fail')
  for (const indicator of catalog.indicators) {
    const answer = byCode.get(indicator.code)
    const label = `「${indicator.title}」`
    if (answer && answer.note.length > MAX_NOTE_LENGTH) {
      problems.push({ indicator: indicator.code, code: 'NOTE_TOO_LONG', message: `${label}的说明不能超过 ${MAX_NOTE_LENGTH} 字` })
    }
    if (indicator.rule?.type === 'update-lag' && answer?.result !== 'na') {
      const lag = evaluateUpdateLag(answer?.value ?? null, checkpoint, indicator.rule.days)
      if (lag.error === 'DATE_INVALID') {
        problems.push({ indicator: indicator.code, code: 'DATE_INVALID', message: `${label}的日期格式不正确` })
        continue
      }
      if (lag.error === 'DATE_AFTER_CHECKPOINT') {
        problems.push({ indicator: indicator.code, code: 'DATE_AFTER_CHECKPOINT', message: `${label}的最新发布日期晚于监测时间点，请填写监测时间点当天或之前的最新一条` })
        continue
      }
    }
    const result = effectiveResult(indicator, answer, checkpoint)
    if (result === null) {
      if (vetoFailed) continue
      const what = indicator.rule?.type === 'update-lag' ? '请选择最新一条发布的日期' : '请选择合格或不合格'
      problems.push({ indicator: indicator.code, code: 'UNANSWERED', message: `${label}尚未填写：${what}` })
      continue
    }
    if (result !== 'fail') continue
    if (!answer || answer.note.trim() === '') {
      problems.push({ indicator: indicator.code, code: 'NOTE_REQUIRED', message: `${label}不合格，请填写问题说明` })
    }
    if (indicator.evidenceRequired && (!answer || answer.evidence.length === 0)) {
      problems.push({ indicator: indicator.code, code: 'EVIDENCE_REQUIRED', message: `${label}不合格，请至少附一张截图` })
    }
  }
  return problems
}
