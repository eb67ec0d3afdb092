import { addDays, evaluateUpdateLag, postDateChoices, roundDateChoices } from '../../src/core'

describe('quick date choices', () => {
  it('adds days across months and years', () => {
    expect(addDays('2024-06-30', 1)).toBe('2024-07-01')
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(() => addDays('2024-13-01', 1)).toThrow()
  })

  it('offers the latest post from the checkpoint: the day, the day before, a week before, and the first failing day', () => {
    const choices = postDateChoices('2024-06-25', 14)
    expect(choices.map((c) => [c.label, c.date])).toEqual([
      ['监测当日有更新', '2024-06-25'],
      ['前一天', '2024-06-24'],
      ['一周前', '2024-06-18'],
      ['14天前（超期）', '2024-06-11']
    ])
    // The last choice is exactly the first date the update rule fails; the one before passes.
    expect(evaluateUpdateLag(choices[3]?.date ?? '', '2024-06-25', 14).result).toBe('fail')
    expect(evaluateUpdateLag(addDays(choices[3]?.date ?? '', 1), '2024-06-25', 14).result).toBe('pass')
  })

  it('offers a round’s dates from the date before each one', () => {
    expect(roundDateChoices('2024-07-10', 'first').map((c) => c.date)).toEqual(['2024-07-10', '2024-07-11', '2024-07-17'])
    expect(roundDateChoices('2024-07-17', 'next').map((c) => c.date)).toEqual(['2024-07-24', '2024-07-31', '2024-08-16'])
    expect(roundDateChoices('2024-07-31', 'deadline').map((c) => c.label)).toEqual(['10天后', '15天后', '一个月后'])
  })
})
