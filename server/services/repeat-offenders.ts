import { repeatMark, type RepeatMark, type RoundResult } from '../../src/core'
import type { Deps } from '../deps'

/**
 * Each account's results round by round (the office's rounds that are not drafts, in the order of
 * their first checkpoint), and the repeat offenders of a round computed from them
 * (src/core/repeat.ts). Read from round_accounts' verdicts and the issues' statuses.
 */

interface OrderedRound {
  id: string
  name: string
}

/** The rounds that have run or are running, oldest first (by first checkpoint, then creation). */
export async function roundsInOrder(deps: Deps): Promise<OrderedRound[]> {
  const rows = await deps.db
    .selectFrom('rounds')
    .leftJoin('checkpoints', 'checkpoints.round_id', 'rounds.id')
    .select((eb) => ['rounds.id', 'rounds.name', 'rounds.created_at', eb.fn.min('checkpoints.date').as('first')])
    .where('rounds.state', '!=', 'draft')
    .groupBy(['rounds.id', 'rounds.name', 'rounds.created_at'])
    .execute()
  return rows
    .sort((a, b) => String(a.first ?? a.created_at).localeCompare(String(b.first ?? b.created_at)) || a.created_at.localeCompare(b.created_at))
    .map((r) => ({ id: r.id, name: r.name }))
}

/** The accounts' results in every round (oldest first), for the accounts asked about (all when null). */
export async function accountHistories(deps: Deps, accountIds: string[] | null, upTo?: string): Promise<{ rounds: OrderedRound[]; histories: Map<string, RoundResult[]> }> {
  let rounds = await roundsInOrder(deps)
  if (upTo) {
    const at = rounds.findIndex((r) => r.id === upTo)
    if (at >= 0) rounds = rounds.slice(0, at + 1)
  }
  const histories = new Map<string, RoundResult[]>()
  if (rounds.length === 0 || (accountIds !== null && accountIds.length === 0)) return { rounds, histories }
  const roundIds = rounds.map((r) => r.id)
  const chunks = accountIds === null ? [null] : Array.from({ length: Math.ceil(accountIds.length / 500) }, (_, i) => accountIds.slice(i * 500, i * 500 + 500))
  const verdicts: { round_id: string; account_id: string; verdict: string | null }[] = []
  const issues: { round_id: string; account_id: string; indicator_code: string; status: string }[] = []
  for (const chunk of chunks) {
    let v = deps.db.selectFrom('round_accounts').select(['round_id', 'account_id', 'verdict']).where('round_id', 'in', roundIds)
    let i = deps.db.selectFrom('issues').select(['round_id', 'account_id', 'indicator_code', 'status']).where('round_id', 'in', roundIds)
    if (chunk) {
      v = v.where('account_id', 'in', chunk)
      i = i.where('account_id', 'in', chunk)
    }
    verdicts.push(...(await v.execute()))
    issues.push(...(await i.execute()))
  }
  const key = (roundId: string, accountId: string) => `${roundId}\u0000${accountId}`
  const verdictOf = new Map(verdicts.map((r) => [key(r.round_id, r.account_id), r.verdict]))
  const issuesOf = new Map<string, typeof issues>()
  for (const i of issues) {
    const list = issuesOf.get(key(i.round_id, i.account_id)) ?? []
    list.push(i)
    issuesOf.set(key(i.round_id, i.account_id), list)
  }
  const accounts = accountIds ?? [...new Set(verdicts.map((r) => r.account_id))]
  for (const accountId of accounts) {
    histories.set(
      accountId,
      rounds.map((r) => {
        const own = issuesOf.get(key(r.id, accountId)) ?? []
        const verdict = verdictOf.get(key(r.id, accountId))
        return {
          roundId: r.id,
          roundName: r.name,
          verdict: verdict === 'fail' || verdict === 'pass' ? verdict : null,
          failedCodes: own.map((i) => i.indicator_code),
          verifiedCodes: own.filter((i) => i.status === 'verified').map((i) => i.indicator_code)
        }
      })
    )
  }
  return { rounds, histories }
}

/** The repeat offenders of a round among these accounts (all of the round's when null): account id → mark. */
export async function repeatOffenders(deps: Deps, roundId: string, accountIds: string[] | null = null): Promise<Map<string, RepeatMark>> {
  // Only an account failing this round, or with an issue in it, can be one: the history is read for those alone.
  const [failed, withIssues] = await Promise.all([
    deps.db.selectFrom('round_accounts').select('account_id').where('round_id', '=', roundId).where('verdict', '=', 'fail').execute(),
    deps.db.selectFrom('issues').select('account_id').where('round_id', '=', roundId).distinct().execute()
  ])
  const candidates = new Set([...failed, ...withIssues].map((r) => r.account_id))
  const ids = accountIds === null ? [...candidates] : accountIds.filter((id) => candidates.has(id))
  if (ids.length === 0) return new Map()
  const { histories } = await accountHistories(deps, ids, roundId)
  const marks = new Map<string, RepeatMark>()
  for (const [accountId, history] of histories) {
    const mark = repeatMark(history, roundId)
    if (mark) marks.set(accountId, mark)
  }
  return marks
}
