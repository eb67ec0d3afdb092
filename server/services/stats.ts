import { sql, type Kysely } from 'kysely'
import { competentUnitId, passRate, platformFilterKey, PLATFORM_KINDS, platformKind, PLATFORMS, type IndicatorKind, type PassRateRow, type Platform, type RoundState, type RoundStats } from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { roundFor, visibleDepartments } from '../auth/scope'
import type { Database } from '../db/schema'
import { findCatalog } from '../db/repos/rounds'
import { forbidden } from '../errors'
import { repeatOffenders } from './repeat-offenders'
import { roundOverview } from './rectification'
import { BoundedMap } from './bounded-map'

/** How many rounds the trend shows, this one included. */
export const TREND_ROUNDS = 6

/** Current inspections of a round, one row per account: failed is 1 when any checkpoint failed. */

interface Tally {
  registered: number
  inspected: number
  failed: number
}

const row = (key: string, label: string, t: Tally): PassRateRow => ({ key, label, registered: t.registered, inspected: t.inspected, failed: t.failed, passRate: passRate(t.inspected - t.failed, t.inspected) })

/**
 * GET /rounds/:id/stats: registered accounts by host level and platform, the pass rate overall and
 * by platform, host level and competent unit, failures by veto category and by indicator, the
 * rectification counts with the units to chase, and the trend over the last rounds. Everything is
 * counted in SQL per (department, platform), then folded in the caller's scope: the figures of a
 * district leader are the district's.
 */
export async function roundStats(deps: Deps, user: SessionUser, roundId: string): Promise<RoundStats> {
  if (user.role !== 'leader' && user.role !== 'admin') throw forbidden('只有领导和管理员可以查看统计')
  const round = await roundFor(deps, user, roundId)
  const visible = await visibleDepartments(deps, user)
  const seen = (departmentId: string) => visible === null || visible.has(departmentId)
  const db = deps.db

  const [groups, failures, departments, catalog, overview, trendRounds] = await Promise.all([
    // Each account's verdict in the round is kept on round_accounts (refreshRoundVerdicts): one pass, no grouping of inspections.
    db
      .selectFrom('round_accounts')
      .innerJoin('accounts', 'accounts.id', 'round_accounts.account_id')
      .where('round_accounts.round_id', '=', roundId)
      .select((eb) => [
        'accounts.host_department_id as department_id',
        'accounts.platform',
        'accounts.platform_detail',
        eb.fn.countAll().as('registered'),
        eb.fn.count('round_accounts.verdict').as('inspected'),
        eb.fn.sum(eb.case().when('round_accounts.verdict', '=', 'fail').then(1).else(0).end()).as('failed')
      ])
      .groupBy(['accounts.host_department_id', 'accounts.platform', 'accounts.platform_detail'])
      .execute(),
    db
      .selectFrom('inspection_results')
      .innerJoin('inspections', 'inspections.id', 'inspection_results.inspection_id')
      .innerJoin('accounts', 'accounts.id', 'inspections.account_id')
      .where('inspections.round_id', '=', roundId)
      .where('inspections.is_current', '=', 1)
      .where('inspection_results.result', '=', 'fail')
      .select(['inspection_results.indicator_code as code', 'inspections.account_id', 'accounts.host_department_id as department_id'])
      .distinct()
      .execute(),
    db.selectFrom('departments').select(['id', 'parent_id', 'name', 'host_level', 'level']).execute(),
    findCatalog(db, round.catalog_id),
    roundOverview(deps, user, roundId),
    db
      .selectFrom('rounds')
      .select(['id', 'name', 'state'])
      .where('state', '!=', 'draft')
      .where('created_at', '<=', round.created_at)
      .orderBy('created_at', 'desc')
      .limit(TREND_ROUNDS)
      .execute()
  ])

  // The competent unit of a department (a district, a city department): competentUnitId.
  const byId = new Map(departments.map((d) => [d.id, d]))
  const unitOf = (id: string): { id: string; name: string } => {
    const d = byId.get(competentUnitId(id, byId))
    return { id: d?.id ?? id, name: d?.name ?? id }
  }

  const total: Tally = { registered: 0, inspected: 0, failed: 0 }
  const platforms = new Map<string, Tally>()
  const levels = new Map<string, Tally>()
  const units = new Map<string, Tally & { name: string }>()
  const add = (t: Tally, g: Tally) => {
    t.registered += g.registered
    t.inspected += g.inspected
    t.failed += g.failed
  }
  for (const g of groups) {
    if (!seen(g.department_id)) continue
    const t = { registered: Number(g.registered), inspected: Number(g.inspected), failed: Number(g.failed ?? 0) }
    add(total, t)
    const level = byId.get(g.department_id)?.host_level === 'city' ? 'city' : 'local'
    for (const [map, key] of [
      [platforms, platformKind(g.platform, g.platform_detail)],
      [levels, level]
    ] as const) {
      const cur = map.get(key) ?? { registered: 0, inspected: 0, failed: 0 }
      add(cur, t)
      map.set(key, cur)
    }
    const unit = unitOf(g.department_id)
    const cur = units.get(unit.id) ?? { name: unit.name, registered: 0, inspected: 0, failed: 0 }
    add(cur, t)
    units.set(unit.id, cur)
  }
  const zero: Tally = { registered: 0, inspected: 0, failed: 0 }

  const indicators = new Map((catalog?.indicators ?? []).map((i) => [i.code, i]))
  const byCode = new Map<string, Set<string>>()
  const byCategory = new Map<string, Set<string>>()
  for (const f of failures) {
    if (!seen(f.department_id)) continue
    byCode.set(f.code, (byCode.get(f.code) ?? new Set()).add(f.account_id))
    const ind = indicators.get(f.code)
    if (ind?.kind === 'veto') byCategory.set(ind.category, (byCategory.get(ind.category) ?? new Set()).add(f.account_id))
  }
  const vetoCategories = [...new Set((catalog?.indicators ?? []).filter((i) => i.kind === 'veto').map((i) => i.category))]

  // This round's point is the tally above; earlier rounds come from the trend query (or its cache).
  const earlier = await trendOf(
    db,
    trendRounds.reverse().filter((r) => r.id !== roundId),
    visible
  )
  const trend = [...earlier, { roundId: round.id, name: round.name, inspected: total.inspected, failed: total.failed, passRate: passRate(total.inspected - total.failed, total.inspected) }]

  // Repeat offenders among the round's accounts in the caller's scope (few: read after the tally).
  const marks = await repeatOffenders(deps, roundId)
  const hosts = marks.size ? await db.selectFrom('accounts').select(['id', 'host_department_id']).where('id', 'in', [...marks.keys()]).execute() : []
  const repeat = hosts.filter((a) => seen(a.host_department_id))

  return {
    round: { id: round.id, name: round.name, state: round.state as RoundState, deadline: round.deadline },
    at: deps.now().toISOString(),
    registered: total.registered,
    byHostLevel: { city: levels.get('city')?.registered ?? 0, local: levels.get('local')?.registered ?? 0 },
    byPlatform: Object.fromEntries(PLATFORMS.map((p) => [p, PLATFORM_KINDS.filter((k) => k.group === p).reduce((n, k) => n + (platforms.get(k.kind)?.registered ?? 0), 0)])) as Record<Platform, number>,
    byKind: PLATFORM_KINDS.filter((k) => (platforms.get(k.kind)?.registered ?? 0) > 0).map((k) => ({ kind: k.kind, label: k.label, group: k.group, count: platforms.get(k.kind)?.registered ?? 0 })),
    inspected: total.inspected,
    passed: total.inspected - total.failed,
    failed: total.failed,
    repeatOffenders: repeat.length,
    passRate: passRate(total.inspected - total.failed, total.inspected),
    passByPlatform: PLATFORM_KINDS.filter((k) => platforms.has(k.kind)).map((k) => row(platformFilterKey(k.kind), k.label, platforms.get(k.kind) ?? zero)),
    passByHostLevel: [row('city', '市级', levels.get('city') ?? zero), row('local', '县区及以下', levels.get('local') ?? zero)],
    passByUnit: [...units.entries()]
      .map(([id, t]) => row(id, t.name, t))
      .sort((a, b) => b.failed - a.failed || a.label.localeCompare(b.label, 'zh-CN')),
    vetoByCategory: vetoCategories.map((category) => ({ category, accounts: byCategory.get(category)?.size ?? 0 })),
    failuresByIndicator: [...byCode.entries()]
      .map(([code, accounts]) => {
        const ind = indicators.get(code)
        return { code, title: ind?.title ?? code, category: ind?.category ?? '', kind: (ind?.kind ?? 'veto') as IndicatorKind, accounts: accounts.size }
      })
      .sort((a, b) => b.accounts - a.accounts || a.code.localeCompare(b.code)),
    rectification: overview.totals,
    unitsByOpen: overview.items.filter((i) => i.open > 0 || i.overdue > 0),
    trend
  }
}

type TrendPoint = RoundStats['trend'][number]

/**
 * A closed round's tally never changes (its inspections are read-only), so it is kept per database
 * and scope: a leader's page reads the last rounds without scanning their inspections again.
 */
const closedTrends = new WeakMap<Kysely<Database>, BoundedMap<string, TrendPoint>>()
const TREND_CACHE_SIZE = 500

function closedTrendOf(db: Kysely<Database>): BoundedMap<string, TrendPoint> {
  let cache = closedTrends.get(db)
  if (!cache) {
    cache = new BoundedMap(TREND_CACHE_SIZE)
    closedTrends.set(db, cache)
  }
  return cache
}

function scopeKey(visible: Set<string> | null): string {
  return visible ? [...visible].sort().join(',') : '*'
}

/** Inspected and failed accounts of each round, in scope: one grouped query for those not cached. */
async function trendOf(db: Kysely<Database>, rounds: { id: string; name: string; state: string }[], visible: Set<string> | null): Promise<TrendPoint[]> {
  const scope = scopeKey(visible)
  const closedTrend = closedTrendOf(db)
  const missing = rounds.filter((r) => !(r.state === 'closed' && closedTrend.has(`${r.id}|${scope}`)))
  const counts = new Map<string, { inspected: number; failed: number }>()
  if (missing.length > 0) {
    let query = db
      .selectFrom('round_accounts')
      .where('round_accounts.round_id', 'in', missing.map((r) => r.id))
      .select((eb) => [
        'round_accounts.round_id',
        eb.fn.count('round_accounts.verdict').as('inspected'),
        eb.fn.sum(eb.case().when('round_accounts.verdict', '=', 'fail').then(1).else(0).end()).as('failed')
      ])
      .groupBy('round_accounts.round_id')
    if (visible) {
      const ids = visible.size ? [...visible] : ['']
      query = query.where((eb) => eb.exists(eb.selectFrom('accounts').select(sql`1`.as('one')).whereRef('accounts.id', '=', 'round_accounts.account_id').where('accounts.host_department_id', 'in', ids)))
    }
    for (const c of await query.execute()) counts.set(c.round_id, { inspected: Number(c.inspected), failed: Number(c.failed ?? 0) })
  }
  return rounds.map((r) => {
    const key = `${r.id}|${scope}`
    const cached = r.state === 'closed' ? closedTrend.get(key) : undefined
    if (cached) return cached
    const c = counts.get(r.id) ?? { inspected: 0, failed: 0 }
    const point = { roundId: r.id, name: r.name, ...c, passRate: passRate(c.inspected - c.failed, c.inspected) }
    if (r.state === 'closed') closedTrend.set(key, point)
    return point
  })
}
