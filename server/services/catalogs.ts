import type { Kysely } from 'kysely'
import { BUILTIN_CATALOGS, MAX_PHRASE_LENGTH, MAX_PHRASES, type Catalog, type CatalogDetail, type CatalogEdit, type CatalogVersion } from '../../src/core'

export type { CatalogEdit }
import type { Deps } from '../deps'
import { requireCityAdmin } from '../auth/scope'
import type { SessionUser } from '../auth/session'
import { appendAudit, type Actor } from '../audit/log'
import type { Database } from '../db/schema'
import { AppError, badRequest, notFound } from '../errors'

/**
 * Indicator catalogs are versioned data: a round stays bound to the version it was created with.
 * The admin clones a version into a new draft, edits its wording, kinds, points, evidence rules and
 * the update-lag days, and publishes it; a published version never changes again.
 */

/** The shipped catalogs, published, in any database that lacks them (idempotent; called at start and by the demo seed). */
export async function ensureBuiltinCatalogs(db: Kysely<Database>): Promise<number> {
  let added = 0
  for (const c of BUILTIN_CATALOGS) {
    const exists = await db.selectFrom('catalogs').select('id').where('id', '=', c.id).executeTakeFirst()
    if (exists) continue
    await db.insertInto('catalogs').values({ id: c.id, code: c.code, version: c.version, name: c.name, definition: JSON.stringify(c), published_at: '2019-01-01T00:00:00.000Z' }).execute()
    added += 1
  }
  return added
}

/** The checklist is the city's: only a city-wide admin changes it (district admins use it). */
async function requireAdmin(deps: Deps, user: SessionUser): Promise<void> {
  await requireCityAdmin(deps, user, '检查指标由市级管理员维护')
}

export async function listCatalogs(deps: Deps): Promise<{ items: CatalogVersion[]; total: number }> {
  const rows = await deps.db.selectFrom('catalogs').select(['id', 'code', 'version', 'name', 'definition', 'published_at']).orderBy('code').orderBy('version', 'desc').execute()
  const uses = await deps.db.selectFrom('rounds').select(['catalog_id', (eb) => eb.fn.countAll().as('n')]).groupBy('catalog_id').execute()
  const used = new Map(uses.map((u) => [u.catalog_id, Number(u.n)]))
  const items = rows.map((r) => ({
    id: r.id,
    code: r.code,
    version: r.version,
    name: r.name,
    published: r.published_at !== null,
    publishedAt: r.published_at,
    indicators: (JSON.parse(r.definition) as Catalog).indicators.length,
    rounds: used.get(r.id) ?? 0
  }))
  return { items, total: items.length }
}

async function load(deps: Deps, id: string) {
  const row = await deps.db.selectFrom('catalogs').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) throw notFound('检查指标版本')
  return { row, catalog: JSON.parse(row.definition) as Catalog }
}

export async function catalogDetail(deps: Deps, id: string): Promise<CatalogDetail> {
  const { row, catalog } = await load(deps, id)
  return { ...catalog, published: row.published_at !== null }
}

/** POST /catalogs/:id/clone: the next version of the same catalog, as an editable draft. */
export async function cloneCatalog(deps: Deps, user: SessionUser, actor: Actor, id: string): Promise<CatalogDetail> {
  await requireAdmin(deps, user)
  const { catalog } = await load(deps, id)
  const latest = await deps.db.selectFrom('catalogs').select((eb) => eb.fn.max('version').as('v')).where('code', '=', catalog.code).executeTakeFirstOrThrow()
  const version = Number(latest.v) + 1
  const next: Catalog = { ...catalog, id: `${catalog.code}@${version}`, version, name: catalog.name }
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('catalogs').values({ id: next.id, code: next.code, version, name: next.name, definition: JSON.stringify(next), published_at: null }).execute()
    await appendAudit(trx, actor, now, { action: 'catalog.clone', entity: 'catalog', entityId: next.id, departmentId: user.departmentId, after: { from: id } }, deps.newId)
  })
  return { ...next, published: false }
}

function checkIndicators(edit: CatalogEdit): void {
  const name = edit.name.trim()
  if (name === '' || name.length > 60) throw badRequest('NAME_INVALID', '指标版本名称不能为空，且不超过60个字')
  if (edit.indicators.length === 0) throw badRequest('INDICATORS_INVALID', '至少要有一项检查指标')
  const codes = new Set<string>()
  for (const [i, ind] of edit.indicators.entries()) {
    const where = `第 ${i + 1} 项指标`
    if (!/^[A-Z0-9-]{1,20}$/.test(ind.code)) throw badRequest('INDICATORS_INVALID', `${where}的编号只能是大写字母、数字和“-”，不超过20位`)
    if (codes.has(ind.code)) throw badRequest('INDICATORS_INVALID', `${where}的编号「${ind.code}」重复`)
    codes.add(ind.code)
    if (ind.title.trim() === '' || ind.title.length > 100) throw badRequest('INDICATORS_INVALID', `${where}的名称不能为空，且不超过100个字`)
    if (ind.category.trim() === '' || ind.category.length > 20) throw badRequest('INDICATORS_INVALID', `${where}的类别不能为空，且不超过20个字`)
    if (ind.description.length > 500) throw badRequest('INDICATORS_INVALID', `${where}的说明不能超过500个字`)
    if (ind.kind === 'veto' && ind.points !== 0) throw badRequest('INDICATORS_INVALID', `${where}是单项否决，不计分值`)
    if (ind.kind !== 'veto' && (!Number.isInteger(ind.points) || ind.points < 1 || ind.points > 100)) throw badRequest('INDICATORS_INVALID', `${where}的分值应为1到100的整数`)
    if (ind.phrases) {
      const phrases = ind.phrases.map((t) => t.trim())
      if (phrases.length > MAX_PHRASES) throw badRequest('INDICATORS_INVALID', `${where}的常用问题描述最多 ${MAX_PHRASES} 条`)
      if (phrases.some((t) => t === '' || [...t].length > MAX_PHRASE_LENGTH)) throw badRequest('INDICATORS_INVALID', `${where}的常用问题描述每条不能为空，且不超过 ${MAX_PHRASE_LENGTH} 个字`)
    }
    if (ind.rule && (ind.rule.type !== 'update-lag' || !Number.isInteger(ind.rule.days) || ind.rule.days < 1 || ind.rule.days > 365)) {
      throw badRequest('INDICATORS_INVALID', `${where}的更新时限应为1到365天`)
    }
  }
  if (edit.scoring && !(edit.scoring.passMark > 0 && edit.scoring.passMark <= edit.scoring.base && edit.scoring.base <= 1000)) {
    throw badRequest('INDICATORS_INVALID', '及格分应大于0且不高于总分')
  }
  if (!edit.scoring && edit.indicators.some((i) => i.kind !== 'veto')) throw badRequest('INDICATORS_INVALID', '有扣分或加分项时，需设置总分和及格分')
}

/** PUT /catalogs/:id: a draft's wording, kinds, points, evidence and update-lag days. */
export async function updateCatalog(deps: Deps, user: SessionUser, actor: Actor, id: string, edit: CatalogEdit): Promise<CatalogDetail> {
  await requireAdmin(deps, user)
  const { row, catalog } = await load(deps, id)
  if (row.published_at !== null) throw new AppError(409, 'CATALOG_PUBLISHED', '已发布的指标版本不能再修改，请复制为新版本后修改')
  checkIndicators(edit)
  const next: Catalog = { ...catalog, name: edit.name.trim(), scoring: edit.scoring, indicators: edit.indicators.map((i) => ({ ...i, title: i.title.trim(), category: i.category.trim(), ...(i.phrases ? { phrases: [...new Set(i.phrases.map((t) => t.trim()))] } : {}) })) }
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('catalogs').set({ name: next.name, definition: JSON.stringify(next) }).where('id', '=', id).where('published_at', 'is', null).execute()
    await appendAudit(trx, actor, now, { action: 'catalog.update', entity: 'catalog', entityId: id, departmentId: user.departmentId, before: { indicators: catalog.indicators.length }, after: { name: next.name, indicators: next.indicators.length } }, deps.newId)
  })
  return { ...next, published: false }
}

/** POST /catalogs/:id/publish: from now on rounds may use it, and it never changes. */
export async function publishCatalog(deps: Deps, user: SessionUser, actor: Actor, id: string): Promise<CatalogDetail> {
  await requireAdmin(deps, user)
  const { row, catalog } = await load(deps, id)
  if (row.published_at !== null) throw new AppError(409, 'CATALOG_PUBLISHED', '该指标版本已经发布')
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('catalogs').set({ published_at: now.toISOString() }).where('id', '=', id).execute()
    await appendAudit(trx, actor, now, { action: 'catalog.publish', entity: 'catalog', entityId: id, departmentId: user.departmentId, after: { version: catalog.version } }, deps.newId)
  })
  return { ...catalog, published: true }
}
