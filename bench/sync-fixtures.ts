import { NATIONAL_2019, type Answer } from '../src/core'
export { nodeTaroHttp } from '../test/sync/node-taro-http'

/** A failing national-2019 inspection: one wording error with its screenshots, the rest passing. */
export function failingAnswers(evidence: string[], i: number): Answer[] {
  return NATIONAL_2019.indicators.map((ind) => ({
    code: ind.code,
    result: ind.rule ? null : ind.code === 'SEC-1' ? 'fail' : 'pass',
    note: ind.code === 'SEC-1' ? `第${i + 1}条推文职务表述错误` : '',
    value: ind.rule ? '2024-06-22' : null,
    evidence: ind.code === 'SEC-1' ? evidence : []
  }))
}
