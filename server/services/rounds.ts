import { deadlineState, passRate, PLATFORM_KINDS, PLATFORMS, type Round, type RoundDetail, type RoundScopeInfo, type RoundState, type RoundSummary } from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { draftOwners, roundFor, visibleDepartments } from '../auth/scope'
import { checkpointsOf, findCatalog, findRound, listRounds, roundCounts, checkpointProgress, type CheckpointRow } from '../db/repos/rounds'
import type { RoundRow } from '../db/schema'
import { notFound } from '../errors'

function view(row: RoundRow, checkpoints: CheckpointRow[], now: Date): Round {
  return {
    id: row.id,
    name: row.name,
    checkpoints,
    deadline: row.deadline,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    catalogId: row.catalog_id,
    state: row.state as RoundState,
    due: deadlineState(row.deadline, 'open', now),
    scope: row.scope ? (JSON.parse(row.scope) as RoundScopeInfo) : null
  }
}

/** The rounds; a draft is the admins' until it is opened. */
export async function roundList(deps: Deps, user: SessionUser, offset: number, limit: number): Promise<{ items: Round[]; total: number }> {
  const { rows, total } = await listRounds(deps.db, offset, limit, await draftOwners(deps, user))
  const checkpoints = await checkpointsOf(
    deps.db,
    rows.map((r) => r.id)
  )
  return { items: rows.map((r) => view(r, checkpoints.get(r.id) ?? [], deps.now())), total }
}

/** One round, for a caller who may read it (roundFor); without a caller, as stored (after a write that checked). */
export async function roundDetail(deps: Deps, id: string, user?: SessionUser): Promise<RoundDetail> {
  const row = user ? await roundFor(deps, user, id) : await findRound(deps.db, id)
  if (!row) throw notFound('检查批次')
  const [checkpoints, catalog] = await Promise.all([checkpointsOf(deps.db, [id]), findCatalog(deps.db, row.catalog_id)])
  if (!catalog) throw new Error(`catalog ${row.catalog_id} missing`)
  return { ...view(row, checkpoints.get(id) ?? [], deps.now()), catalog }
}

/** A round's headline figures within the caller's scope: a district's leader sees the district's. */
export async function roundSummary(deps: Deps, user: SessionUser, id: string): Promise<RoundSummary> {
  await roundFor(deps, user, id)
  const visible = await visibleDepartments(deps, user)
  const [counts, checkpoints] = await Promise.all([roundCounts(deps.db, id, visible ? [...visible] : null), checkpointProgress(deps.db, id, visible ? [...visible] : null)])
  const byPlatform = { wechat: 0, weibo: 0, app: 0, other: 0 }
  for (const p of PLATFORMS) byPlatform[p] = counts.byPlatform[p] ?? 0
  const passed = counts.inspected - counts.failed
  return {
    registered: counts.registered,
    byHostLevel: { city: counts.byHostLevel.city ?? 0, local: counts.byHostLevel.local ?? 0 },
    byPlatform,
    byKind: PLATFORM_KINDS.filter((k) => (counts.byKind[k.kind] ?? 0) > 0).map((k) => ({ kind: k.kind, label: k.label, group: k.group, count: counts.byKind[k.kind] ?? 0 })),
    inspected: counts.inspected,
    checkpoints,
    passed,
    failed: counts.failed,
    passRate: passRate(passed, counts.inspected)
  }
}
