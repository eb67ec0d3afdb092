import { NATIONAL_2019, PROVINCIAL_EXAMPLE, computeVerdict, deriveIssues, validateAnswers, type Answer } from '../../src/core'

const CHECKPOINT = '2024-05-10'
const SHOT = 'd'.repeat(64)

function answers(patch: Record<string, Partial<Answer>> = {}): Answer[] {
  return NATIONAL_2019.indicators.map((i) => ({
    code: i.code,
    result: i.rule ? null : 'pass',
    note: '',
    value: i.rule ? '2024-05-08' : null,
    evidence: [],
    ...patch[i.code]
  }))
}

describe('what stops an inspection from being submitted', () => {
  it('accepts a complete all-pass inspection', () => {
    expect(validateAnswers(NATIONAL_2019, answers(), CHECKPOINT)).toEqual([])
  })

  it('requires a note and a screenshot for every failed item', () => {
    const problems = validateAnswers(NATIONAL_2019, answers({ 'SEC-1': { result: 'fail' } }), CHECKPOINT)
    expect(problems.map((p) => p.code)).toEqual(['NOTE_REQUIRED', 'EVIDENCE_REQUIRED'])
    expect(problems[0]?.message).toContain('严重表述错误')
  })

  it('accepts a failed item with a note and a screenshot', () => {
    const a = answers({ 'SEC-1': { result: 'fail', note: '将“市长”误写为“副市长”', evidence: [SHOT] } })
    expect(validateAnswers(NATIONAL_2019, a, CHECKPOINT)).toEqual([])
  })

  it('requires a screenshot when the update-lag rule fails', () => {
    const a = answers({ 'UPD-1': { value: '2024-04-01', note: '最近一条发布于4月1日' } })
    expect(validateAnswers(NATIONAL_2019, a, CHECKPOINT).map((p) => p.code)).toEqual(['EVIDENCE_REQUIRED'])
  })

  it('names unanswered items', () => {
    const problems = validateAnswers(NATIONAL_2019, answers({ 'INT-1': { result: null }, 'UPD-1': { value: null } }), CHECKPOINT)
    expect(problems.map((p) => [p.indicator, p.code])).toEqual([
      ['UPD-1', 'UNANSWERED'],
      ['INT-1', 'UNANSWERED']
    ])
  })

  it('lets one failed veto item stand for the inspection while the rest stay unanswered', () => {
    const shot = 'f'.repeat(64)
    const oneFail = answers({ 'SEC-1': { result: 'fail', note: '领导姓名错误', evidence: [shot] }, 'INT-1': { result: null }, 'UPD-1': { value: null } })
    expect(validateAnswers(NATIONAL_2019, oneFail, CHECKPOINT)).toEqual([])
    expect(computeVerdict(NATIONAL_2019, oneFail, CHECKPOINT)).toMatchObject({ verdict: 'fail', failedVeto: ['SEC-1'], unanswered: ['UPD-1', 'INT-1'] })
    // The failure itself still needs its note; a failed rule counts as a failed veto too.
    expect(validateAnswers(NATIONAL_2019, answers({ 'SEC-1': { result: 'fail', evidence: [shot] }, 'INT-1': { result: null } }), CHECKPOINT).map((p) => p.code)).toEqual(['NOTE_REQUIRED'])
    const lagFail = answers({ 'UPD-1': { value: '2024-04-01', note: '4月1日后未更新', evidence: [shot] }, 'SEC-1': { result: null } })
    expect(validateAnswers(NATIONAL_2019, lagFail, CHECKPOINT)).toEqual([])
  })

  it('refuses a latest post after the checkpoint', () => {
    const problems = validateAnswers(NATIONAL_2019, answers({ 'UPD-1': { value: '2024-05-11' } }), CHECKPOINT)
    expect(problems.map((p) => p.code)).toEqual(['DATE_AFTER_CHECKPOINT'])
  })

  it('refuses unknown and duplicate indicators and over-long notes', () => {
    const a = [...answers({ 'SEC-3': { note: '长'.repeat(501) } }), { code: 'SEC-2', result: 'pass' as const, note: '', value: null, evidence: [] }, { code: 'MGT-1', result: 'pass' as const, note: '', value: null, evidence: [] }]
    const codes = validateAnswers(NATIONAL_2019, a, CHECKPOINT).map((p) => p.code)
    expect(codes).toEqual(expect.arrayContaining(['DUPLICATE_INDICATOR', 'UNKNOWN_INDICATOR', 'NOTE_TOO_LONG']))
  })

  it('does not require evidence for a bonus item', () => {
    const a = PROVINCIAL_EXAMPLE.indicators.map((i) => ({ code: i.code, result: i.rule ? null : 'pass' as const, note: '', value: i.rule ? '2024-05-08' : null, evidence: [] }))
    expect(validateAnswers(PROVINCIAL_EXAMPLE, a, CHECKPOINT)).toEqual([])
  })
})

describe('issue derivation', () => {
  it('makes one issue per failed indicator, veto or deduction, with the finding and evidence', () => {
    const a = PROVINCIAL_EXAMPLE.indicators.map((i) => ({
      code: i.code,
      result: (i.code === 'FUN-1' || i.code === 'SEC-1' ? 'fail' : i.rule ? null : 'pass') as Answer['result'],
      note: i.code === 'FUN-1' ? ' 子菜单“预约挂号”无法打开 ' : i.code === 'SEC-1' ? '领导职务表述错误' : '',
      value: i.rule ? '2024-05-08' : null,
      evidence: i.code === 'FUN-1' || i.code === 'SEC-1' ? [SHOT] : []
    }))
    const v = computeVerdict(PROVINCIAL_EXAMPLE, a, CHECKPOINT)
    const issues = deriveIssues(PROVINCIAL_EXAMPLE, v, a)
    expect(issues.map((i) => [i.indicatorCode, i.indicatorKind, i.finding])).toEqual([
      ['SEC-1', 'veto', '领导职务表述错误'],
      ['FUN-1', 'deduction', '子菜单“预约挂号”无法打开']
    ])
    expect(issues[1]?.evidence).toEqual([SHOT])
  })

  it('makes no issue for a passing inspection', () => {
    const a = answers()
    expect(deriveIssues(NATIONAL_2019, computeVerdict(NATIONAL_2019, a, CHECKPOINT), a)).toEqual([])
  })
})
