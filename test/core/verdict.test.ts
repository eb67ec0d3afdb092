import {
  NATIONAL_2019,
  PROVINCIAL_EXAMPLE,
  computeVerdict,
  evaluateUpdateLag,
  passRate,
  roundVerdict,
  type Answer
} from '../../src/core'

const CHECKPOINT = '2024-06-25'

function allPass(catalog = NATIONAL_2019, latestPost = '2024-06-20'): Answer[] {
  return catalog.indicators.map((i) => ({
    code: i.code,
    result: i.rule ? null : i.kind === 'bonus' ? 'na' : 'pass',
    note: '',
    value: i.rule ? latestPost : null,
    evidence: []
  }))
}

function withAnswer(answers: Answer[], code: string, patch: Partial<Answer>): Answer[] {
  return answers.map((a) => (a.code === code ? { ...a, ...patch } : a))
}

describe('the update-lag rule, judged against the checkpoint date', () => {
  it('passes a latest post 13 days before the checkpoint', () => {
    expect(evaluateUpdateLag('2024-06-12', CHECKPOINT, 14)).toEqual({ result: 'pass', lagDays: 13, error: null })
  })
  it('fails a latest post exactly 14 days before the checkpoint', () => {
    expect(evaluateUpdateLag('2024-06-11', CHECKPOINT, 14)).toEqual({ result: 'fail', lagDays: 14, error: null })
  })
  it('fails a latest post 15 days before the checkpoint', () => {
    expect(evaluateUpdateLag('2024-06-10', CHECKPOINT, 14).result).toBe('fail')
  })
  it('passes a post on the checkpoint day itself', () => {
    expect(evaluateUpdateLag(CHECKPOINT, CHECKPOINT, 14)).toEqual({ result: 'pass', lagDays: 0, error: null })
  })
  it('cannot judge a date after the checkpoint', () => {
    expect(evaluateUpdateLag('2024-06-26', CHECKPOINT, 14)).toEqual({ result: null, lagDays: -1, error: 'DATE_AFTER_CHECKPOINT' })
  })
  it('treats a missing date as not answered, never as a pass', () => {
    expect(evaluateUpdateLag(null, CHECKPOINT, 14)).toEqual({ result: null, lagDays: null, error: 'DATE_MISSING' })
    expect(evaluateUpdateLag('', CHECKPOINT, 14).result).toBeNull()
  })
  it('rejects a malformed date', () => {
    expect(evaluateUpdateLag('2024-02-30', CHECKPOINT, 14).error).toBe('DATE_INVALID')
    expect(evaluateUpdateLag('6/20', CHECKPOINT, 14).error).toBe('DATE_INVALID')
  })
  it('counts across month ends by calendar days', () => {
    expect(evaluateUpdateLag('2024-04-26', '2024-05-10', 14).result).toBe('fail')
    expect(evaluateUpdateLag('2024-04-27', '2024-05-10', 14).result).toBe('pass')
  })
})

describe('the verdict of one inspection', () => {
  it('passes 健康无锡 when every veto item passes', () => {
    const v = computeVerdict(NATIONAL_2019, allPass(), CHECKPOINT)
    expect(v.verdict).toBe('pass')
    expect(v.failed).toEqual([])
    expect(v.score).toBeNull()
  })

  it('fails on any one veto item and names it', () => {
    const answers = withAnswer(allPass(), 'INT-1', { result: 'fail', note: '子菜单“在线咨询”无法打开', evidence: ['a'.repeat(64)] })
    const v = computeVerdict(NATIONAL_2019, answers, CHECKPOINT)
    expect(v.verdict).toBe('fail')
    expect(v.failedVeto).toEqual(['INT-1'])
  })

  it('fails by the update-lag rule without any pass/fail tick', () => {
    const v = computeVerdict(NATIONAL_2019, allPass(NATIONAL_2019, '2024-05-01'), CHECKPOINT)
    expect(v.verdict).toBe('fail')
    expect(v.failedVeto).toEqual(['UPD-1'])
    expect(v.results['UPD-1']).toBe('fail')
  })

  it('has no verdict while an item is unanswered', () => {
    const answers = withAnswer(allPass(), 'SEC-2', { result: null })
    const v = computeVerdict(NATIONAL_2019, answers, CHECKPOINT)
    expect(v.verdict).toBeNull()
    expect(v.unanswered).toEqual(['SEC-2'])
  })

  it('has no verdict while the latest post date is missing', () => {
    const v = computeVerdict(NATIONAL_2019, withAnswer(allPass(), 'UPD-1', { value: null }), CHECKPOINT)
    expect(v.verdict).toBeNull()
    expect(v.unanswered).toEqual(['UPD-1'])
  })

  it('already fails on a veto item even with other items unanswered', () => {
    let answers = withAnswer(allPass(), 'SEC-1', { result: 'fail' })
    answers = withAnswer(answers, 'SEC-2', { result: null })
    expect(computeVerdict(NATIONAL_2019, answers, CHECKPOINT).verdict).toBe('fail')
  })

  it('treats an unknown answer code as irrelevant to the verdict', () => {
    const answers = [...allPass(), { code: 'XYZ', result: 'fail' as const, note: '', value: null, evidence: [] }]
    expect(computeVerdict(NATIONAL_2019, answers, CHECKPOINT).verdict).toBe('pass')
  })
})

describe('scoring under the provincial example catalog', () => {
  it('deducts points and stays a pass at 60 or more', () => {
    let answers = withAnswer(allPass(PROVINCIAL_EXAMPLE), 'FUN-1', { result: 'fail', note: '“办事指南”子菜单链接失效', evidence: ['b'.repeat(64)] })
    answers = withAnswer(answers, 'MGT-1', { result: 'fail', note: '管理员半年未登录报送系统', evidence: ['c'.repeat(64)] })
    const v = computeVerdict(PROVINCIAL_EXAMPLE, answers, CHECKPOINT)
    expect(v.score).toBe(75)
    expect(v.verdict).toBe('pass')
    expect(v.failed).toEqual(['FUN-1', 'MGT-1'])
    expect(v.failedVeto).toEqual([])
  })

  it('passes at exactly 60 points (the pass mark itself)', () => {
    let answers = allPass(PROVINCIAL_EXAMPLE)
    for (const code of ['PUB-1', 'PUB-2', 'PUB-3', 'MGT-1']) answers = withAnswer(answers, code, { result: 'fail', note: '扣分', evidence: ['d'.repeat(64)] })
    const v = computeVerdict(PROVINCIAL_EXAMPLE, answers, CHECKPOINT)
    expect(v.score).toBe(60)
    expect(v.verdict).toBe('pass')
    const below = computeVerdict(PROVINCIAL_EXAMPLE, withAnswer(answers, 'MGT-2', { result: 'fail', note: '扣分', evidence: ['d'.repeat(64)] }), CHECKPOINT)
    expect([below.score, below.verdict]).toEqual([55, 'fail'])
  })

  it('fails below 60 points', () => {
    let answers = allPass(PROVINCIAL_EXAMPLE)
    for (const code of ['PUB-1', 'PUB-2', 'PUB-3', 'FUN-1']) answers = withAnswer(answers, code, { result: 'fail' })
    const v = computeVerdict(PROVINCIAL_EXAMPLE, answers, CHECKPOINT)
    expect(v.score).toBe(55)
    expect(v.verdict).toBe('fail')
  })

  it('adds bonus points and never counts a bonus item as unanswered', () => {
    let answers = withAnswer(allPass(PROVINCIAL_EXAMPLE), 'BON-1', { result: 'pass' })
    answers = withAnswer(answers, 'PUB-3', { result: 'fail' })
    expect(computeVerdict(PROVINCIAL_EXAMPLE, answers, CHECKPOINT).score).toBe(95)
    const noBonus = withAnswer(allPass(PROVINCIAL_EXAMPLE), 'BON-1', { result: null })
    const v = computeVerdict(PROVINCIAL_EXAMPLE, noBonus, CHECKPOINT)
    expect(v.unanswered).toEqual([])
    expect(v.score).toBe(100)
  })
})

describe('the round verdict of an account', () => {
  it('fails when any checkpoint failed', () => {
    expect(roundVerdict(['pass', 'fail'])).toBe('fail')
    expect(roundVerdict(['pass', 'pass'])).toBe('pass')
    expect(roundVerdict(['pass', null])).toBe('pass')
    expect(roundVerdict([null, null])).toBeNull()
    expect(roundVerdict([])).toBeNull()
  })
})

describe('pass-rate maths', () => {
  it('gives 99.3 for 422 of 425 (the Wuxi Q2 2024 circular)', () => {
    expect(passRate(422, 425)).toBe(99.3)
  })
  it('rounds to one decimal', () => {
    expect(passRate(1, 3)).toBe(33.3)
    expect(passRate(2, 3)).toBe(66.7)
    expect(passRate(425, 425)).toBe(100)
    expect(passRate(0, 425)).toBe(0)
  })
  it('has no rate when nothing was inspected', () => {
    expect(passRate(0, 0)).toBeNull()
  })
  it('refuses impossible counts', () => {
    expect(() => passRate(426, 425)).toThrow(RangeError)
  })
})
