import { canApply, competentUnitId, deadlineState, isOverdue, nextStatus, type IssueAction, type IssueStatus, type Role } from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { requireInScope, roundFor, visibleDepartments } from '../auth/scope'
import { answeredIssues, casIssueStatus, eventsOf, findEventByClientId, findIssue, insertEvent, issueCountsByDepartment, listIssues } from '../db/repos/issues'
import { readableDigests } from './evidence'
import { answerFlags } from './evidence-flags'

import { AppError, badRequest, notFound } from '../errors'
import { isUniqueViolation } from '../db/errors'
import { appendAudit, auditNames } from '../audit/log'
import { issueViews } from './issues'
import { remindReturned } from './reminders'
import type { IssueDetail, OverviewCounts, OverviewRow, RoundOverview, TimelineEntry } from '../../src/core'
import { MAX_NOTE_LENGTH } from '../../src/core'

async function loadVisible(deps: Deps, user: SessionUser, issueId: string) {
  const issue = await findIssue(deps.db, issueId)
  if (!issue) throw notFound('问题')
  await requireInScope(deps, user, issue.department_id, '问题')
  return issue
}

/** One issue with its evidence and the timeline of the rectification loop. */
export async function issueDetail(deps: Deps, user: SessionUser, issueId: string): Promise<IssueDetail> {
  const issue = await loadVisible(deps, user, issueId)
  const { rows } = await listIssues(deps.db, { departmentIds: [issue.department_id], roundId: issue.round_id, status: null, offset: 0, limit: 1, issueId })
  const [view] = await issueViews(deps, rows)
  if (!view) throw notFound('问题')
  const events = await eventsOf(deps.db, issueId)
  const found: TimelineEntry = { action: 'found', status: 'open', actor: { name: issue.inspector_name, role: 'inspector' }, at: issue.created_at, note: view.finding, evidence: view.evidence }
  // The office's reviewers (not the liaison who answered) see which answer screenshots repeat another's.
  const reviewer = user.role === 'inspector' || user.role === 'admin' || user.role === 'leader'
  const answers = events.filter((e) => e.action === 'answer')
  const flags = reviewer
    ? await answerFlags(deps, { roundId: issue.round_id, accountId: view.account.id, accountName: view.account.name, createdAt: issue.created_at }, view.evidence, answers)
    : []
  return {
    ...view,
    overdue: isOverdue(issue.deadline, view.status, deps.now()),
    timeline: [
      found,
      ...events.map((e) => {
        const entry: TimelineEntry = {
          action: e.action as IssueAction,
          status: e.to_status as IssueStatus,
          actor: { name: e.actor_name, role: e.actor_role as Role },
          at: e.at,
          note: e.note,
          evidence: e.evidence
        }
        const own = reviewer && e.action === 'answer' ? flags[answers.indexOf(e)] : undefined
        return own && own.length > 0 ? { ...entry, flags: own } : entry
      })
    ]
  }
}

/** The stored outcome of a request already made under this client id, if any. */
async function replayOf(deps: Deps, user: SessionUser, issueId: string, clientId: string): Promise<IssueDetail | null> {
  const replay = await findEventByClientId(deps.db, clientId)
  if (!replay) return null
  if (replay.issue_id !== issueId || replay.actor_id !== user.id) throw new AppError(409, 'CLIENT_ID_REUSED', '该提交编号已用于其他操作')
  return issueDetail(deps, user, issueId)
}

async function transition(
  deps: Deps,
  user: SessionUser,
  issueId: string,
  clientId: string,
  action: IssueAction,
  note: string,
  evidence: string[],
  ip: string
): Promise<IssueDetail> {
  const replayed = await replayOf(deps, user, issueId, clientId)
  if (replayed) return replayed
  const issue = await loadVisible(deps, user, issueId)
  if (issue.round_state === 'closed') throw new AppError(409, 'ROUND_CLOSED', '该检查批次已结束，只能查看，不能再修改问题状态')
  const from = issue.status as IssueStatus
  if (!canApply(from, action)) {
    const replay = await replayOf(deps, user, issueId, clientId)
    if (replay) return replay
    const messages: Record<IssueAction, string> = {
      answer: '该问题已反馈或已确认，不能重复反馈',
      verify: '只有已反馈的问题才能确认',
      return: '只有已反馈的问题才能退回'
    }
    throw new AppError(409, 'ISSUE_STATE', messages[action])
  }
  if (evidence.length > 0) {
    // Only screenshots the caller holds or may see: another department's digest reads as missing.
    const held = await readableDigests(deps, user, evidence)
    const missing = evidence.filter((d) => !held.has(d))
    if (missing.length > 0) throw new AppError(409, 'EVIDENCE_MISSING', `还有 ${missing.length} 张截图未上传到服务器`, { missing })
  }
  const to = nextStatus(action)
  const at = deps.now().toISOString()
  const eventId = deps.newId()
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await casIssueStatus(trx, issueId, from, to, at))) throw new AppError(409, 'ISSUE_STATE', '该问题的状态刚被其他人修改，请刷新后再试')
      await insertEvent(trx, { id: eventId, issueId, clientId, action, from, to, actorId: user.id, note, at, evidence })
      await appendAudit(
        trx,
        { id: user.id, name: user.name, ip },
        deps.now(),
        { action: `issue.${action}`, entity: 'issue', entityId: issueId, departmentId: issue.department_id, before: { status: from }, after: { ...(await auditNames(trx, { accountId: issue.account_id, roundId: issue.round_id })), finding: issue.finding, status: to, note, evidence: evidence.length } },
        deps.newId
      )
    })
  } catch (error) {
    // A resend racing its own first delivery lost to it: that is the same request, stored once.
    if (!(error instanceof AppError && error.code === 'ISSUE_STATE') && !isUniqueViolation(error)) throw error
    const replay = await replayOf(deps, user, issueId, clientId)
    if (replay) return replay
    throw error
  }
  if (action === 'return' && deps.reminders) {
    // After the commit; a failed reminder never undoes the return (it is logged for a retry).
    await remindReturned(deps, deps.reminders, issueId, eventId, note).catch(() => undefined)
  }
  return issueDetail(deps, user, issueId)
}

/** The liaison's answer: what was rectified, with at least one screenshot. */
export async function answerIssue(deps: Deps, user: SessionUser, issueId: string, clientId: string, body: { note: string; evidence: string[] }, ip = '-'): Promise<IssueDetail> {
  const note = body.note.trim()
  if (note === '') throw badRequest('NOTE_REQUIRED', '请填写整改情况说明')
  if (note.length > MAX_NOTE_LENGTH) throw badRequest('NOTE_TOO_LONG', `整改说明不能超过 ${MAX_NOTE_LENGTH} 字`)
  if (body.evidence.length === 0) throw badRequest('EVIDENCE_REQUIRED', '请至少附一张整改后的截图')
  return transition(deps, user, issueId, clientId, 'answer', note, [...new Set(body.evidence)], ip)
}

/** The office's review: confirm the rectification, or return it with a reason. */
export async function reviewIssue(deps: Deps, user: SessionUser, issueId: string, clientId: string, body: { decision: 'verify' | 'return'; reason: string }, ip = '-'): Promise<IssueDetail> {
  const reason = body.reason.trim()
  if (body.decision === 'return' && reason === '') throw badRequest('REASON_REQUIRED', '退回时请写明原因')
  if (reason.length > MAX_NOTE_LENGTH) throw badRequest('NOTE_TOO_LONG', `说明不能超过 ${MAX_NOTE_LENGTH} 字`)
  return transition(deps, user, issueId, clientId, body.decision, reason, [], ip)
}

/**
 * Per competent unit (the city-level departments and the districts, each with everything below
 * it): open, answered, confirmed and overdue issues of a round, within the caller's scope.
 */
export async function roundOverview(deps: Deps, user: SessionUser, roundId: string): Promise<RoundOverview> {
  const round = await roundFor(deps, user, roundId)
  const visible = await visibleDepartments(deps, user)
  const departments = await deps.db.selectFrom('departments').select(['id', 'parent_id', 'name', 'level']).execute()
  const byId = new Map(departments.map((d) => [d.id, d]))
  const competent = (id: string): { id: string; name: string } | undefined => {
    const d = byId.get(competentUnitId(id, byId))
    return d ? { id: d.id, name: d.name } : undefined
  }
  const now = deps.now()
  const rows = new Map<string, OverviewRow>()
  const rowOf = (departmentId: string): OverviewRow | undefined => {
    if (visible && !visible.has(departmentId)) return undefined
    const unit = competent(departmentId)
    if (!unit) return undefined
    const row = rows.get(unit.id) ?? { department: unit, open: 0, returned: 0, submitted: 0, verified: 0, overdue: 0, late: 0, total: 0, report: null }
    rows.set(unit.id, row)
    return row
  }
  for (const c of await issueCountsByDepartment(deps.db, roundId)) {
    const row = rowOf(c.department_id)
    if (!row) continue
    const status = c.status as IssueStatus
    if (status === 'open' || status === 'returned') row.open += c.n
    if (status === 'returned') row.returned += c.n
    if (status === 'submitted') row.submitted += c.n
    if (status === 'verified') row.verified += c.n
    if (isOverdue(round.deadline, status, now)) row.overdue += c.n
    row.total += c.n
  }
  for (const a of await answeredIssues(deps.db, roundId)) {
    const row = rowOf(a.department_id)
    if (row && deadlineState(round.deadline, 'submitted', now, a.answered_at).kind === 'late') row.late += 1
  }
  // Each department's 整改情况报告: when it was last generated.
  const reports = await deps.db
    .selectFrom('rectification_reports')
    .innerJoin('users', 'users.id', 'rectification_reports.generated_by')
    .select(['rectification_reports.department_id', 'rectification_reports.generated_at', 'users.name'])
    .where('rectification_reports.round_id', '=', roundId)
    .execute()
  for (const r of reports) {
    const row = rows.get(r.department_id)
    if (row) row.report = { at: r.generated_at, by: r.name }
  }
  const items = [...rows.values()].sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.department.name.localeCompare(b.department.name, 'zh-CN'))
  const zero: OverviewCounts = { open: 0, returned: 0, submitted: 0, verified: 0, overdue: 0, late: 0, total: 0 }
  const totals = items.reduce<OverviewCounts>(
    (t, r) => ({
      open: t.open + r.open,
      returned: t.returned + r.returned,
      submitted: t.submitted + r.submitted,
      verified: t.verified + r.verified,
      overdue: t.overdue + r.overdue,
      late: t.late + r.late,
      total: t.total + r.total
    }),
    zero
  )
  return { deadline: round.deadline, totals, items }
}
