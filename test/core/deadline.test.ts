import { canApply, deadlineLabel, deadlineState, formatRoundTime, isOverdue, nextStatus, roundToday } from '../../src/core'

describe('the rectification deadline in Asia/Shanghai', () => {
  it('takes today from UTC+8, not from the server clock', () => {
    expect(roundToday(new Date('2024-07-18T15:59:59Z'))).toBe('2024-07-18')
    expect(roundToday(new Date('2024-07-18T16:00:00Z'))).toBe('2024-07-19')
  })

  it('counts the days left, the deadline day itself, and the days overdue', () => {
    expect(deadlineState('2024-07-19', 'open', new Date('2024-07-10T02:00:00Z'))).toEqual({ kind: 'remaining', days: 9 })
    expect(deadlineState('2024-07-19', 'returned', new Date('2024-07-19T15:00:00Z'))).toEqual({ kind: 'today' })
    expect(deadlineState('2024-07-19', 'returned', new Date('2024-07-19T16:30:00Z'))).toEqual({ kind: 'overdue', days: 1 })
    expect(deadlineLabel(deadlineState('2024-07-19', 'open', new Date('2024-07-25T01:00:00Z')))).toBe('已逾期 6 天')
    expect(deadlineLabel(deadlineState('2024-07-19', 'open', new Date('2024-07-16T01:00:00Z')))).toBe('剩余 3 天')
  })

  it('never calls an answered issue overdue: answered in time, or late by the days after the deadline day', () => {
    const later = new Date('2024-08-30T02:00:00Z')
    expect(isOverdue('2024-07-19', 'submitted', later)).toBe(false)
    expect(isOverdue('2024-07-19', 'open', later)).toBe(true)
    expect(isOverdue('2024-07-19', 'returned', later)).toBe(true)
    // 23:59 Beijing time on the deadline day is still in time; 00:00 the next day is one day late.
    expect(deadlineState('2024-07-19', 'submitted', later, '2024-07-19T15:59:00Z')).toEqual({ kind: 'answered' })
    expect(deadlineState('2024-07-19', 'submitted', later, '2024-07-19T16:00:00Z')).toEqual({ kind: 'late', days: 1 })
    expect(deadlineLabel(deadlineState('2024-07-19', 'submitted', later, '2024-07-22T03:00:00Z'))).toBe('逾期反馈（晚 3 天）')
    expect(deadlineLabel(deadlineState('2024-07-19', 'submitted', later, '2024-07-01T03:00:00Z'))).toBe('已按期反馈')
    expect(deadlineLabel(deadlineState('2024-07-19', 'submitted', later))).toBe('已按期反馈')
  })

  it('never calls a verified issue overdue', () => {
    expect(isOverdue('2024-07-19', 'verified', new Date('2025-01-01T00:00:00Z'))).toBe(false)
    expect(deadlineLabel(deadlineState('2024-07-19', 'verified', new Date('2025-01-01T00:00:00Z')))).toBe('已完成整改')
  })
})

describe('the rectification loop', () => {
  it('lets a liaison answer an open or returned issue, and the office review an answered one', () => {
    expect(canApply('open', 'answer')).toBe(true)
    expect(canApply('returned', 'answer')).toBe(true)
    expect(canApply('submitted', 'answer')).toBe(false)
    expect(canApply('verified', 'answer')).toBe(false)
    expect(canApply('submitted', 'verify')).toBe(true)
    expect(canApply('submitted', 'return')).toBe(true)
    expect(canApply('open', 'verify')).toBe(false)
    expect(canApply('verified', 'return')).toBe(false)
    expect([nextStatus('answer'), nextStatus('verify'), nextStatus('return')]).toEqual(['submitted', 'verified', 'returned'])
  })
})

describe('formatRoundTime', () => {
  it('shows instants in Beijing time whatever the phone’s zone', () => {
    expect(formatRoundTime('2024-07-18T01:05:00.000Z')).toBe('7月18日 09:05')
    // Late evening UTC is the next morning in Wuxi.
    expect(formatRoundTime('2024-07-18T16:30:00Z')).toBe('7月19日 00:30')
    expect(formatRoundTime('2024-12-31T16:00:00Z', { withYear: true })).toBe('2025年1月1日 00:00')
    expect(formatRoundTime('not a time')).toBe('')
  })
})

describe('the desktop sign-in QR code', () => {
  it('holds the ticket id and is recognised only with its prefix', async () => {
    const { parseWebLoginQr, webLoginQr } = await import('../../src/core')
    expect(parseWebLoginQr(webLoginQr('w-abcdefghij12345'))).toBe('w-abcdefghij12345')
    expect(parseWebLoginQr('https://example.com/w-abcdefghij12345')).toBeNull()
    expect(parseWebLoginQr('gnm-web-login:../../etc')).toBeNull()
  })
})
