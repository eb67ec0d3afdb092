/**
 * Repeat offenders (屡查屡犯): an account that fails in two consecutive rounds of the office, or
 * fails again on an item whose issue an earlier round confirmed as rectified (整改后复发). Pure:
 * the server reads each account's results round by round and asks here.
 */

/** An account's result in one round of the office (rounds oldest first; verdict null: not inspected in it). */
export interface RoundResult {
  roundId: string
  roundName: string
  verdict: 'pass' | 'fail' | null
  /** Indicator codes with an issue in this round. */
  failedCodes: string[]
  /** Indicator codes whose issue in this round was confirmed as rectified (已确认). */
  verifiedCodes: string[]
}

export interface RepeatMark {
  /** Failed in this round and in the round before it. */
  consecutive: boolean
  /** The round before, when `consecutive`. */
  previousRound: string | null
  /** Items failed again after an earlier round confirmed them rectified. */
  relapsed: string[]
}

/** The mark of an account in a round, or null when it is no repeat offender there. */
export function repeatMark(history: RoundResult[], roundId: string): RepeatMark | null {
  const at = history.findIndex((r) => r.roundId === roundId)
  if (at < 0) return null
  const now = history[at] as RoundResult
  const before = at > 0 ? history[at - 1] : undefined
  const consecutive = now.verdict === 'fail' && before?.verdict === 'fail'
  const rectified = new Set(history.slice(0, at).flatMap((r) => r.verifiedCodes))
  const relapsed = [...new Set(now.failedCodes.filter((c) => rectified.has(c)))]
  if (!consecutive && relapsed.length === 0) return null
  return { consecutive, previousRound: consecutive ? (before?.roundName ?? null) : null, relapsed }
}

/** The tag shown on an account, an issue, a list: 「连续两次不合格」, 「整改后复发」 or both. */
export function repeatLabel(mark: RepeatMark): string {
  return [mark.consecutive ? '连续两次不合格' : '', mark.relapsed.length > 0 ? '整改后复发' : ''].filter(Boolean).join(' · ')
}

/** A repeat offender as the circular names it. */
export interface RepeatOffender {
  unit: string
  account: string
  platform: string
  consecutive: boolean
  relapsed: boolean
}

/**
 * The circular's sentence under 存在问题: 「其中，A「x」、B「y」连续两次检查不合格；C「z」整改后再次出现同类问题。」
 * Empty when there is none.
 */
export function repeatSentence(offenders: RepeatOffender[]): string {
  const name = (o: RepeatOffender) => `${o.unit}「${o.account}」（${o.platform}）`
  const consecutive = offenders.filter((o) => o.consecutive)
  const relapsed = offenders.filter((o) => !o.consecutive && o.relapsed)
  const parts = [consecutive.length ? `${consecutive.map(name).join('、')}连续两次检查不合格` : '', relapsed.length ? `${relapsed.map(name).join('、')}整改后再次出现同类问题` : ''].filter(Boolean)
  return parts.length ? `其中，${parts.join('；')}。` : ''
}
