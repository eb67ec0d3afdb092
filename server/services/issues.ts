import { deadlineState, findIndicator, platformName, type Catalog, type IndicatorKind, type IssueItem, type IssueStatus, type Platform, type RepeatMark } from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { canSeeDepartment, roundFor, visibleDepartments } from '../auth/scope'
import { findDepartment, subtreeIds } from '../db/repos/departments'
import { evidenceFor, latestEvents, listIssues, type IssueListRow } from '../db/repos/issues'
import { findCatalog } from '../db/repos/rounds'
import { forbidden, notFound } from '../errors'
import { repeatOffenders } from './repeat-offenders'

type IssueFilter = { roundId: string | null; status: string | null; offset: number; limit: number }

/** A department's issues, rolled up from its sub-units. A liaison sees only their own department's. */
export async function departmentIssues(
  deps: Deps,
  user: SessionUser,
  departmentId: string,
  f: IssueFilter
): Promise<{ department: { id: string; name: string }; items: IssueItem[]; total: number }> {
  const department = await findDepartment(deps.db, departmentId)
  if (!department) throw notFound('单位')
  if (!(await canSeeDepartment(deps, user, departmentId))) throw forbidden('您只能查看本单位的问题清单')
  const departmentIds = await subtreeIds(deps.db, departmentId)
  const { rows, total } = await listIssues(deps.db, { departmentIds, ...f })
  return { department: { id: department.id, name: department.name }, items: await issueViews(deps, rows), total }
}

/** All issues of a round the caller may see (the office's overview; a liaison gets their own). */
export async function roundIssues(deps: Deps, user: SessionUser, roundId: string, f: Omit<IssueFilter, 'roundId'>): Promise<{ items: IssueItem[]; total: number }> {
  await roundFor(deps, user, roundId)
  const visible = await visibleDepartments(deps, user)
  const { rows, total } = await listIssues(deps.db, { departmentIds: visible ? [...visible] : null, roundId, ...f })
  return { items: await issueViews(deps, rows), total }
}

/** The issues as the lists and the detail show them, each with its account's repeat mark. */
export async function issueViews(deps: Deps, rows: IssueListRow[]): Promise<IssueItem[]> {
  const evidence = await evidenceFor(
    deps.db,
    rows.map((r) => ({ inspectionId: r.inspection_id, code: r.indicator_code }))
  )
  const latest = await latestEvents(
    deps.db,
    rows.map((r) => r.id)
  )
  const now = deps.now()
  // Repeat offenders, per round of the listed issues.
  const marks = new Map<string, Map<string, RepeatMark>>()
  for (const roundId of new Set(rows.map((r) => r.round_id))) marks.set(roundId, await repeatOffenders(deps, roundId, [...new Set(rows.filter((r) => r.round_id === roundId).map((r) => r.account_id))]))
  const catalogs = new Map<string, Catalog | undefined>()
  for (const id of new Set(rows.map((r) => r.catalog_id))) catalogs.set(id, await findCatalog(deps.db, id))
  return rows.map((r): IssueItem => {
    const catalog = catalogs.get(r.catalog_id)
    const indicator = catalog ? findIndicator(catalog, r.indicator_code) : undefined
    const status = r.status as IssueStatus
    const events = latest.get(r.id)
    const answeredAt = events?.answer?.at ?? null
    return {
      id: r.id,
      round: { id: r.round_id, name: r.round_name, deadline: r.deadline },
      account: { id: r.account_id, name: r.account_name, platform: r.platform as Platform, platformName: platformName(r.platform, r.platform_detail) },
      department: { id: r.department_id, name: r.department_name },
      indicator: {
        code: r.indicator_code,
        kind: r.indicator_kind as IndicatorKind,
        title: indicator?.title ?? r.indicator_code,
        category: indicator?.category ?? ''
      },
      finding: r.finding,
      checkpointDate: r.checkpoint_date,
      evidence: evidence.get(`${r.inspection_id}/${r.indicator_code}`) ?? [],
      status,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      answeredAt,
      due: deadlineState(r.deadline, status, now, answeredAt),
      returnReason: status === 'returned' && events?.review?.action === 'return' ? events.review.note : null,
      repeat: marks.get(r.round_id)?.get(r.account_id) ?? null
    }
  })
}
