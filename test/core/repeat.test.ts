import { repeatLabel, repeatMark, repeatSentence, type RoundResult } from '../../src/core'

const r = (roundId: string, verdict: RoundResult['verdict'], failedCodes: string[] = [], verifiedCodes: string[] = []): RoundResult => ({ roundId, roundName: `${roundId}季度`, verdict, failedCodes, verifiedCodes })

describe('repeat offenders', () => {
  it('marks two failing rounds in a row, and only in a row', () => {
    expect(repeatMark([r('1', 'fail', ['A']), r('2', 'fail', ['B'])], '2')).toEqual({ consecutive: true, previousRound: '1季度', relapsed: [] })
    expect(repeatMark([r('1', 'fail', ['A']), r('2', 'pass'), r('3', 'fail', ['B'])], '3')).toBeNull()
    // Not inspected in the round before (a sample left it out): not two in a row.
    expect(repeatMark([r('1', 'fail', ['A']), r('2', null), r('3', 'fail', ['A'])], '3')).toBeNull()
    expect(repeatMark([r('1', 'fail', ['A']), r('2', 'fail', ['A'])], '1')).toBeNull()
    expect(repeatMark([r('1', 'fail', ['A'])], 'x')).toBeNull()
  })

  it('marks an item failed again after an earlier round confirmed it rectified (整改后复发)', () => {
    const history = [r('1', 'fail', ['A', 'B'], ['A']), r('2', 'pass'), r('3', 'fail', ['A', 'C'])]
    expect(repeatMark(history, '3')).toEqual({ consecutive: false, previousRound: null, relapsed: ['A'] })
    // Failed again but never confirmed rectified: no relapse.
    expect(repeatMark([r('1', 'fail', ['B']), r('2', 'pass'), r('3', 'fail', ['B'])], '3')).toBeNull()
    // A deduction item (an issue, the round passed) counts as well.
    expect(repeatMark([r('1', 'pass', ['D'], ['D']), r('2', 'pass', ['D'])], '2')).toEqual({ consecutive: false, previousRound: null, relapsed: ['D'] })
  })

  it('labels and names them as the circular does', () => {
    expect(repeatLabel({ consecutive: true, previousRound: '1', relapsed: ['A'] })).toBe('连续两次不合格 · 整改后复发')
    expect(repeatLabel({ consecutive: false, previousRound: null, relapsed: ['A'] })).toBe('整改后复发')
    expect(
      repeatSentence([
        { unit: '锡山区发展和改革局', account: '锡山发改', platform: '微信公众号', consecutive: true, relapsed: false },
        { unit: '江阴市教育局', account: '江阴教育', platform: '抖音', consecutive: true, relapsed: true },
        { unit: '无锡市卫生健康委员会', account: '健康无锡', platform: '微信公众号', consecutive: false, relapsed: true }
      ])
    ).toBe('其中，锡山区发展和改革局「锡山发改」（微信公众号）、江阴市教育局「江阴教育」（抖音）连续两次检查不合格；无锡市卫生健康委员会「健康无锡」（微信公众号）整改后再次出现同类问题。')
    expect(repeatSentence([])).toBe('')
  })
})
