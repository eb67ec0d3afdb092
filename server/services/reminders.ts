import { deadlineState, formatChineseDate, roundToday, type IssueStatus } from '../../src/core'
import type { Deps } from '../deps'
import type { SubscribeMessageClient } from '../notify/wechat'
import { appendAudit, SYSTEM } from '../audit/log'

export type ReminderKind = 'deadline' | 'returned'

export interface ReminderConfig {
  client: SubscribeMessageClient
  /** Remind this many days before the deadline (and on every run after, until sent once). */
  daysBefore: number
  templates: Record<ReminderKind, string>
}

export interface ReminderOutcome {
  sent: number
  refused: number
  failed: number
  skipped: number
}

/** Liaisons responsible for a department: of the department itself or of a unit above it, with an openid. */
async function liaisonsFor(deps: Deps, departmentId: string): Promise<{ id: string; openid: string; name: string }[]> {
  const departments = await deps.db.selectFrom('departments').select(['id', 'parent_id']).execute()
  const parent = new Map(departments.map((d) => [d.id, d.parent_id]))
  const chain: string[] = []
  for (let d: string | null | undefined = departmentId; d; d = parent.get(d)) chain.push(d)
  const rows = await deps.db.selectFrom('users').select(['id', 'openid', 'name']).where('role', '=', 'liaison').where('department_id', 'in', chain).execute()
  return rows.filter((r): r is { id: string; openid: string; name: string } => typeof r.openid === 'string' && r.openid !== '')
}

/**
 * Sends one reminder for one rule, at most once: the log row is claimed first (a second run, or a
 * second server process, finds it and skips); a failed send may be retried by a later run; a user
 * without an unused subscription of that kind is recorded as refused and not messaged.
 */
async function remindOnce(
  deps: Deps,
  config: ReminderConfig,
  args: { issueId: string; rule: string; kind: ReminderKind; user: { id: string; openid: string }; page: string; data: Record<string, { value: string }> },
  outcome: ReminderOutcome
): Promise<void> {
  const at = deps.now().toISOString()
  const claimed = await deps.db
    .insertInto('reminder_log')
    .values({ issue_id: args.issueId, rule: args.rule, user_id: args.user.id, status: 'sending', detail: '', at })
    .onConflict((oc) => oc.columns(['issue_id', 'rule', 'user_id']).doNothing())
    .executeTakeFirst()
  if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
    const retry = await deps.db
      .updateTable('reminder_log')
      .set({ status: 'sending', at })
      .where('issue_id', '=', args.issueId)
      .where('rule', '=', args.rule)
      .where('user_id', '=', args.user.id)
      .where('status', '=', 'failed')
      .executeTakeFirst()
    if (Number(retry.numUpdatedRows) === 0) {
      outcome.skipped += 1
      return
    }
  }
  const finish = (status: string, detail: string) =>
    deps.db.updateTable('reminder_log').set({ status, detail, at: deps.now().toISOString() }).where('issue_id', '=', args.issueId).where('rule', '=', args.rule).where('user_id', '=', args.user.id).execute()
  const subscription = await deps.db
    .selectFrom('subscriptions')
    .select('id')
    .where('user_id', '=', args.user.id)
    .where('kind', '=', args.kind)
    .where('used_at', 'is', null)
    .orderBy('accepted_at')
    .executeTakeFirst()
  if (!subscription) {
    await finish('refused', '未订阅提醒')
    outcome.refused += 1
    return
  }
  try {
    const result = await config.client.send({ openid: args.user.openid, templateId: config.templates[args.kind], page: args.page, data: args.data })
    if (result.ok) {
      await deps.db.transaction().execute(async (trx) => {
        await trx.updateTable('subscriptions').set({ used_at: deps.now().toISOString() }).where('id', '=', subscription.id).execute()
        await trx.updateTable('reminder_log').set({ status: 'sent', detail: '', at: deps.now().toISOString() }).where('issue_id', '=', args.issueId).where('rule', '=', args.rule).where('user_id', '=', args.user.id).execute()
        await appendAudit(trx, SYSTEM, deps.now(), { action: 'reminder.sent', entity: 'issue', entityId: args.issueId, after: { rule: args.rule, to: args.user.id } }, deps.newId)
      })
      outcome.sent += 1
    } else if (result.refused) {
      await deps.db.updateTable('subscriptions').set({ used_at: deps.now().toISOString() }).where('id', '=', subscription.id).execute()
      await finish('refused', `${result.code} ${result.message}`)
      outcome.refused += 1
    } else {
      await finish('failed', `${result.code} ${result.message}`)
      outcome.failed += 1
    }
  } catch (error) {
    await finish('failed', String(error))
    outcome.failed += 1
  }
}

/** Reminds liaisons of issues still open within `daysBefore` days of (or past) the round's deadline. */
export async function runDeadlineReminders(deps: Deps, config: ReminderConfig): Promise<ReminderOutcome> {
  const outcome: ReminderOutcome = { sent: 0, refused: 0, failed: 0, skipped: 0 }
  const now = deps.now()
  const issues = await deps.db
    .selectFrom('issues')
    .innerJoin('rounds', 'rounds.id', 'issues.round_id')
    .innerJoin('accounts', 'accounts.id', 'issues.account_id')
    .select(['issues.id', 'issues.status', 'issues.department_id', 'rounds.deadline', 'rounds.name as round_name', 'accounts.name as account_name'])
    .where('rounds.state', '=', 'open')
    .where('issues.status', 'in', ['open', 'returned'])
    .execute()
  for (const issue of issues) {
    const due = deadlineState(issue.deadline, issue.status as IssueStatus, now)
    const days = due.kind === 'remaining' ? due.days : due.kind === 'today' ? 0 : due.kind === 'overdue' ? -due.days : null
    if (days === null || days > config.daysBefore) continue
    for (const user of await liaisonsFor(deps, issue.department_id)) {
      await remindOnce(
        deps,
        config,
        {
          issueId: issue.id,
          rule: `deadline-${config.daysBefore}d`,
          kind: 'deadline',
          user,
          page: `packages/issues/pages/detail/index?id=${issue.id}`,
          data: {
            thing1: { value: issue.account_name.slice(0, 20) },
            thing2: { value: `${issue.round_name}检查问题待整改`.slice(0, 20) },
            time3: { value: formatChineseDate(issue.deadline) },
            thing4: { value: days >= 0 ? `还剩 ${days} 天，请及时反馈` : `已逾期 ${-days} 天，请尽快反馈` }
          }
        },
        outcome
      )
    }
  }
  return outcome
}

/** Tells the department's liaisons that an answer was returned, with the reason. */
export async function remindReturned(deps: Deps, config: ReminderConfig, issueId: string, eventKey: string, reason: string): Promise<ReminderOutcome> {
  const outcome: ReminderOutcome = { sent: 0, refused: 0, failed: 0, skipped: 0 }
  const issue = await deps.db
    .selectFrom('issues')
    .innerJoin('accounts', 'accounts.id', 'issues.account_id')
    .select(['issues.id', 'issues.department_id', 'accounts.name as account_name'])
    .where('issues.id', '=', issueId)
    .executeTakeFirst()
  if (!issue) return outcome
  for (const user of await liaisonsFor(deps, issue.department_id)) {
    await remindOnce(
      deps,
      config,
      {
        issueId,
        rule: `returned-${eventKey}`,
        kind: 'returned',
        user,
        page: `packages/issues/pages/detail/index?id=${issueId}`,
        data: {
          thing1: { value: issue.account_name.slice(0, 20) },
          thing2: { value: '整改反馈被退回' },
          thing3: { value: reason.slice(0, 20) },
          time4: { value: roundToday(deps.now()) }
        }
      },
      outcome
    )
  }
  return outcome
}

/** Unused acceptances kept per person and kind: far more than a round's reminders; more are not recorded. */
export const MAX_UNUSED_SUBSCRIPTIONS = 50

export async function recordSubscriptions(deps: Deps, userId: string, kinds: ReminderKind[]): Promise<Record<ReminderKind, number>> {
  const at = deps.now().toISOString()
  const before = await unusedSubscriptions(deps, userId)
  for (const kind of kinds) {
    if (before[kind] < MAX_UNUSED_SUBSCRIPTIONS) await deps.db.insertInto('subscriptions').values({ id: deps.newId(), user_id: userId, kind, accepted_at: at, used_at: null }).execute()
  }
  return unusedSubscriptions(deps, userId)
}

async function unusedSubscriptions(deps: Deps, userId: string): Promise<Record<ReminderKind, number>> {
  const rows = await deps.db
    .selectFrom('subscriptions')
    .select(['kind', (eb) => eb.fn.countAll().as('n')])
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .groupBy('kind')
    .execute()
  const left = { deadline: 0, returned: 0 }
  for (const r of rows) if (r.kind === 'deadline' || r.kind === 'returned') left[r.kind] = Number(r.n)
  return left
}
