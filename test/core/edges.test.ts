import {
  NATIONAL_2019,
  computeVerdict,
  daysBetween,
  deadlineLabel,
  deriveIssues,
  evaluateUpdateLag,
  formatChineseDate,
  formatShortChineseDate,
  isDate,
  parseWebLoginQr,
  passRate,
  validateAnswers,
  webLoginQr,
  type Answer
} from '../../src/core'

/** The edges of the core that the main suites pass by: found by mutation testing (npm run test:mutation). */
const CHECKPOINT = '2024-06-25'
const SHOT = 'e'.repeat(64)
const all = (patch: Record<string, Partial<Answer>> = {}): Answer[] =>
  NATIONAL_2019.indicators.map((i) => ({ code: i.code, result: i.rule ? null : 'pass', note: '', value: i.rule ? '2024-06-20' : null, evidence: [], ...patch[i.code] }))
const problems = (patch: Record<string, Partial<Answer>>) => validateAnswers(NATIONAL_2019, all(patch), CHECKPOINT).map((p) => [p.indicator, p.code, p.message])

describe('calendar dates', () => {
  it('are strict YYYY-MM-DD strings, shown the Chinese way', () => {
    expect([isDate('2024-07-19'), isDate('2024-7-19'), isDate('2024-02-30'), isDate(20240719), isDate(null)]).toEqual([true, false, false, false, false])
    expect(formatChineseDate('2024-07-19')).toBe('2024年7月19日')
    expect(formatShortChineseDate('2024-01-05')).toBe('1月5日')
    expect(formatShortChineseDate('soon')).toBe('soon')
    expect(formatChineseDate('soon')).toBe('soon')
    expect(() => daysBetween('2024-07-19', 'x')).toThrow('not a date: x')
    expect(() => daysBetween('y', '2024-07-19')).toThrow('not a date: y')
  })
})

describe('the update-lag rule and the checklist problems', () => {
  it('asks for a date when none is given, and takes 不适用 as not applicable', () => {
    expect(evaluateUpdateLag('', CHECKPOINT, 14)).toEqual({ result: null, lagDays: null, error: 'DATE_MISSING' })
    expect(evaluateUpdateLag(null, CHECKPOINT, 14)).toEqual({ result: null, lagDays: null, error: 'DATE_MISSING' })
    const na = computeVerdict(NATIONAL_2019, all({ 'UPD-1': { result: 'na', value: null } }), CHECKPOINT)
    expect([na.verdict, na.results['UPD-1']]).toEqual(['pass', 'na'])
  })

  it('names a malformed date, a missing date and a missing tick each in its own words', () => {
    expect(problems({ 'UPD-1': { value: '2024-06-31' } })).toEqual([['UPD-1', 'DATE_INVALID', '「监测时间点前两周内无更新」的日期格式不正确']])
    expect(problems({ 'UPD-1': { value: null } })).toEqual([['UPD-1', 'UNANSWERED', '「监测时间点前两周内无更新」尚未填写：请选择最新一条发布的日期']])
    expect(problems({ 'SEC-2': { result: null } })).toEqual([['SEC-2', 'UNANSWERED', '「泄露国家秘密或敏感信息」尚未填写：请选择合格或不合格']])
  })

  it('takes a note of spaces for no note on a failed item', () => {
    expect(problems({ 'SEC-1': { result: 'fail', note: '   ', evidence: [SHOT] } })).toEqual([['SEC-1', 'NOTE_REQUIRED', '「严重表述错误」不合格，请填写问题说明']])
  })
})

describe('issues from an inspection', () => {
  it('makes one issue per failed item with the trimmed finding and its screenshots, and skips codes the catalog does not know', () => {
    const answers = all({ 'SEC-1': { result: 'fail', note: '  职务表述错误  ', evidence: [SHOT] } })
    const verdict = computeVerdict(NATIONAL_2019, answers, CHECKPOINT)
    const issues = deriveIssues(NATIONAL_2019, { ...verdict, failed: [...verdict.failed, 'GONE-1'] }, answers)
    expect(issues).toEqual([{ indicatorCode: 'SEC-1', indicatorKind: 'veto', indicatorTitle: '严重表述错误', category: '安全', finding: '职务表述错误', evidence: [SHOT] }])
    // The issue keeps its own copy of the screenshot list.
    ;(answers.find((a) => a.code === 'SEC-1') as Answer).evidence.push('f'.repeat(64))
    expect(issues[0]?.evidence).toEqual([SHOT])
    // An item failed by the rule alone has no answer note: the finding is empty, not missing.
    const lagging = computeVerdict(NATIONAL_2019, all({ 'UPD-1': { value: '2024-05-01' } }), CHECKPOINT)
    expect(deriveIssues(NATIONAL_2019, lagging, [])).toEqual([expect.objectContaining({ indicatorCode: 'UPD-1', finding: '', evidence: [] })])
  })
})

describe('the pass rate', () => {
  it('refuses counts that cannot be', () => {
    expect(() => passRate(-1, 10)).toThrow('passed -1 out of range for 10')
    expect(() => passRate(11, 10)).toThrow(RangeError)
    expect(passRate(10, 10)).toBe(100)
    expect(passRate(0, 10)).toBe(0)
    expect(passRate(0, 0)).toBeNull()
  })
})

describe('the deadline label', () => {
  it('says 今天截止 on the deadline day', () => {
    expect(deadlineLabel({ kind: 'today' })).toBe('今天截止')
  })
})

describe('the desktop sign-in QR code', () => {
  it('is recognised only whole: its prefix at the start, the ticket id alone after it', () => {
    const id = 'w-abcdefghij12345'
    expect(parseWebLoginQr(webLoginQr(id))).toBe(id)
    expect(parseWebLoginQr(`xxxxxxxxxxxxxx${id}`)).toBeNull()
    expect(parseWebLoginQr(`gnm-web-login:x${id}`)).toBeNull()
    expect(parseWebLoginQr(`gnm-web-login:${id}!`)).toBeNull()
    expect(parseWebLoginQr('gnm-web-login:w-short')).toBeNull()
  })
})
