import { daysBetween } from './dates'
import type { IssueStatus } from './types'

/** Rounds run on China Standard Time: UTC+8 all year (no daylight saving), so no Intl is needed on the phone. */
export const ROUND_UTC_OFFSET_HOURS = 8

/** The instant moved so that its UTC fields read as the wall clock in the round's time zone. */
function inRoundZone(instant: Date): Date {
  return new Date(instant.getTime() + ROUND_UTC_OFFSET_HOURS * 3600 * 1000)
}

/** Today's calendar date in the round's time zone (Asia/Shanghai). */
export function roundToday(now: Date): string {
  return inRoundZone(now).toISOString().slice(0, 10)
}

export type DeadlineState =
  | { kind: 'done' }
  | { kind: 'answered' }
  | { kind: 'late'; days: number }
  | { kind: 'remaining'; days: number }
  | { kind: 'today' }
  | { kind: 'overdue'; days: number }

/**
 * Where an issue stands against the round's rectification deadline. A verified issue is done.
 * An answered one (waiting for review) is never overdue: it was answered in time, or late
 * (「逾期反馈」, by how many days) when the answer came after the deadline day. An open or
 * returned one reads 「剩余 N 天」 until the deadline day (still in time), then 「已逾期 N 天」.
 */
export function deadlineState(deadline: string, status: IssueStatus, now: Date, answeredAt: string | null = null): DeadlineState {
  if (status === 'verified') return { kind: 'done' }
  if (status === 'submitted') {
    const late = answeredAt ? -daysBetween(roundToday(new Date(answeredAt)), deadline) : 0
    return late > 0 ? { kind: 'late', days: late } : { kind: 'answered' }
  }
  const days = daysBetween(roundToday(now), deadline)
  if (days > 0) return { kind: 'remaining', days }
  if (days === 0) return { kind: 'today' }
  return { kind: 'overdue', days: -days }
}

export function deadlineLabel(state: DeadlineState): string {
  switch (state.kind) {
    case 'done':
      return '已完成整改'
    case 'answered':
      return '已按期反馈'
    case 'late':
      return `逾期反馈（晚 ${state.days} 天）`
    case 'remaining':
      return `剩余 ${state.days} 天`
    case 'today':
      return '今天截止'
    case 'overdue':
      return `已逾期 ${state.days} 天`
  }
}

/** Only an issue still waiting for the department's answer (open or returned) can be overdue. */
export function isOverdue(deadline: string, status: IssueStatus, now: Date): boolean {
  return deadlineState(deadline, status, now).kind === 'overdue'
}

export type IssueAction = 'answer' | 'verify' | 'return'

/**
 * The rectification loop: 待整改 → 已反馈 (the liaison's answer) → 已确认, or 退回 (with a reason),
 * which is open again and can be answered anew.
 */
export function canApply(status: IssueStatus, action: IssueAction): boolean {
  if (action === 'answer') return status === 'open' || status === 'returned'
  return status === 'submitted'
}

export function nextStatus(action: IssueAction): IssueStatus {
  return action === 'answer' ? 'submitted' : action === 'verify' ? 'verified' : 'returned'
}

/** A moment (ISO instant) as the office reads it, in the round's time zone: 「7月18日 09:05」 (or 「2024年7月18日 09:05」). */
export function formatRoundTime(instant: string, options: { withYear?: boolean } = {}): string {
  const d = inRoundZone(new Date(instant))
  if (Number.isNaN(d.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${options.withYear ? `${d.getUTCFullYear()}年` : ''}${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}
