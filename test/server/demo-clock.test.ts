import { demoClock, DEMO_TODAY } from '../../server/demo/clock'
import { deadlineLabel, deadlineState, roundToday } from '../../src/core'

describe('the demo clock', () => {
  it('keeps the demo day in Beijing time with the real time of day', () => {
    const clock = demoClock('2024-07-10', () => new Date('2026-12-01T02:48:17.250Z'))
    expect(clock().toISOString()).toBe('2024-07-10T02:48:17.250Z')
    // 23:30 Beijing on the real day is 23:30 Beijing on the demo day, not the next day.
    expect(roundToday(demoClock('2024-07-10', () => new Date('2026-12-01T15:30:00Z'))())).toBe('2024-07-10')
    expect(roundToday(demoClock('2024-07-10', () => new Date('2026-11-30T16:10:00Z'))())).toBe('2024-07-10')
  })

  it('reads 「剩余 9 天」 against the demo round by default', () => {
    expect(DEMO_TODAY).toBe('2024-07-10')
    expect(deadlineLabel(deadlineState('2024-07-19', 'open', demoClock()()))).toBe('剩余 9 天')
  })

  it('refuses a day that is not a date', () => {
    expect(() => demoClock('July 10')).toThrow('DEMO_TODAY')
    expect(() => demoClock('2024-13-40')).toThrow('DEMO_TODAY')
  })
})
