import { findIndicator, platformName, type AccountDetail, type AccountItem, type Platform, type Verdict } from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { roundFor, visibleDepartments } from '../auth/scope'
import { currentInspections, inspectionHistory, inspectionsMissingEvidence, listRoundAccounts, submissionCounts } from '../db/repos/accounts'
import { subtreeIds } from '../db/repos/departments'
import { checkpointsOf, findCatalog } from '../db/repos/rounds'
import { badRequest, notFound } from '../errors'
import { accountHistories, repeatOffenders } from './repeat-offenders'

export interface AccountQuery {
  q: string | null
  platform: string | null
  departmentId: string | null
  checkpointId: string | null
  /** 'repeat': the round's repeat offenders (failed in two consecutive rounds, or again after a confirmed rectification). */
  status: 'pending' | 'inspected' | 'failed' | 'repeat' | null
  /** An inspector's id, or 'none' for accounts not assigned yet (admin, leader; an inspector always sees their own). */
  assignee?: string | null
  offset: number
  limit: number
  accountId?: string
}

export async function accountList(deps: Deps, user: SessionUser, roundId: string, query: AccountQuery): Promise<{ items: AccountItem[]; total: number }> {
  await roundFor(deps, user, roundId)
  const checkpoints = (await checkpointsOf(deps.db, [roundId])).get(roundId) ?? []
  if (query.checkpointId && !checkpoints.some((c) => c.id === query.checkpointId)) {
    throw badRequest('CHECKPOINT_UNKNOWN', '监测时间点不属于该检查批次')
  }
  // An inspection status without a checkpoint refers to the latest checkpoint.
  const checkpointId = query.checkpointId ?? checkpoints[checkpoints.length - 1]?.id ?? null
  const visible = await visibleDepartments(deps, user)
  let departmentIds: string[] | null = visible ? [...visible] : null
  if (query.departmentId) {
    const wanted = await subtreeIds(deps.db, query.departmentId)
    departmentIds = departmentIds ? wanted.filter((id) => visible?.has(id)) : wanted
  }
  const repeatOnly = query.status === 'repeat' ? [...(await repeatOffenders(deps, roundId)).keys()] : undefined
  const { rows, total } = await listRoundAccounts(deps.db, {
    roundId,
    q: query.q,
    platform: query.platform,
    departmentIds,
    inspectorId: user.role === 'inspector' ? user.id : query.assignee && query.assignee !== 'none' ? query.assignee : null,
    unassigned: user.role !== 'inspector' && query.assignee === 'none',
    checkpointId,
    status: query.status === 'repeat' ? null : query.status,
    offset: query.offset,
    limit: query.limit,
    ...(query.accountId ? { accountId: query.accountId } : {}),
    ...(repeatOnly ? { accountIds: repeatOnly } : {})
  })
  const ids = rows.map((r) => r.id)
  const [inspections, counts, marks] = await Promise.all([currentInspections(deps.db, roundId, ids), submissionCounts(deps.db, roundId, ids), repeatOffenders(deps, roundId, ids)])
  const incomplete = await inspectionsMissingEvidence(
    deps.db,
    inspections.map((i) => i.inspection_id)
  )
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      platform: r.platform as Platform,
      platformName: platformName(r.platform, r.platform_detail),
      platformRef: r.platform_ref,
      department: { id: r.department_id, name: r.department_name },
      inspector: r.inspector_id ? { id: r.inspector_id, name: r.inspector_name ?? '' } : null,
      repeat: marks.get(r.id) ?? null,
      inspections: Object.fromEntries(
        inspections
          .filter((i) => i.account_id === r.id)
          .map((i) => [
            i.checkpoint_id,
            {
              verdict: i.verdict as Verdict,
              submittedAt: i.submitted_at,
              complete: !incomplete.has(i.inspection_id),
              submissions: counts.find((c) => c.account_id === r.id && c.checkpoint_id === i.checkpoint_id)?.n ?? 1
            }
          ])
      )
    }))
  }
}

/**
 * One account of a round as the inspector opens it: its current results and every submission
 * (who, when, what failed). Scoped like the list: an inspector sees only accounts assigned to them.
 */
export async function accountDetail(deps: Deps, user: SessionUser, roundId: string, accountId: string): Promise<AccountDetail> {
  const round = await roundFor(deps, user, roundId)
  const { items } = await accountList(deps, user, roundId, { q: null, platform: null, departmentId: null, checkpointId: null, status: null, offset: 0, limit: 1, accountId })
  const account = items[0]
  if (!account) throw notFound('账号')
  const catalog = await findCatalog(deps.db, round.catalog_id)
  const history = await inspectionHistory(deps.db, roundId, accountId)
  const { histories } = await accountHistories(deps, [accountId])
  return {
    account,
    // Its results round by round, the rounds it was not in left out.
    rounds: (histories.get(accountId) ?? []).filter((r) => r.verdict !== null || r.failedCodes.length > 0),
    history: history.map((h) => ({
      clientId: h.client_id,
      checkpointId: h.checkpoint_id,
      inspector: h.inspector_name,
      verdict: h.verdict as Verdict,
      score: h.score,
      submittedAt: h.submitted_at,
      current: h.is_current === 1,
      version: h.version,
      failed: h.failed.map((f) => ({ code: f.indicator_code, title: (catalog && findIndicator(catalog, f.indicator_code)?.title) ?? f.indicator_code, note: f.note }))
    }))
  }
}
