/**
 * The office's proofreader: the shipped lexicon and canonical phrases (src/core/proofread), the
 * office's own 错敏词库 first, its leaders' table, and a general word list as the guard. Used on
 * what OCR read from screenshots and on what people type into documents (the circular's sections,
 * good-practice wording): hints, never a block.
 */
import type { LeaderItem, WordingTermItem } from '../../src/core'
import { confusionLexicon, createProofreader, type ProofHit, type Proofreader } from '../../src/core/proofread'
import type { Deps } from '../deps'
import { appendAudit, type Actor } from '../audit/log'
import { ownTerms } from '../db/repos/evidence-text'
import { deleteLeader, findLeader, findLeaderByName, insertLeader, listLeaders, updateLeader } from '../db/repos/leaders'
import { badRequest, conflict, notFound } from '../errors'
import { isCommonWord } from '../ocr/words'

/** The shipped entries (every category) and the office's own, the office's last. */
export async function wordingTerms(deps: Deps): Promise<WordingTermItem[]> {
  const own = await ownTerms(deps.db)
  return [
    ...confusionLexicon().map((t) => ({ id: null, wrong: t.wrong, right: t.right, source: t.source, category: t.category, shipped: true })),
    ...own.map((t) => ({ ...t, category: '本单位错敏词库', shipped: false }))
  ]
}

/** A proofreader with the office's entries and leaders as they are now. */
export async function officeProofreader(deps: Deps): Promise<Proofreader> {
  const [office, leaders] = await Promise.all([ownTerms(deps.db), listLeaders(deps.db)])
  return createProofreader({ office, leaders, isWord: isCommonWord })
}

/** The most text one call proofreads: a circular's section or a practice's wording is far shorter. */
export const MAX_PROOFREAD_CHARS = 20000

export async function proofreadText(deps: Deps, text: unknown): Promise<{ hits: ProofHit[] }> {
  if (typeof text !== 'string') throw badRequest('PROOFREAD_TEXT_INVALID', '请提供要检查的文字')
  if (text.length > MAX_PROOFREAD_CHARS) throw badRequest('PROOFREAD_TEXT_INVALID', `一次最多检查 ${MAX_PROOFREAD_CHARS} 个字，请分段检查`)
  return { hits: (await officeProofreader(deps)).check(text) }
}

// ---- the leaders' table ----

export interface LeaderBody {
  name: string
  title: string
  since: string
}

const toItem = (r: { id: string; name: string; title: string; since: string; updatedAt: string }): LeaderItem => ({ id: r.id, name: r.name, title: r.title, since: r.since, updatedAt: r.updatedAt })

export async function leaders(deps: Deps): Promise<LeaderItem[]> {
  return (await listLeaders(deps.db)).map(toItem)
}

function validLeader(deps: Deps, body: LeaderBody): LeaderBody {
  const name = (body.name ?? '').replace(/\s+/g, '')
  const title = (body.title ?? '').trim().replace(/\s+/g, '')
  const since = (body.since ?? '').trim()
  if (!/^[\u3400-\u9fff·]{2,8}$/.test(name)) throw badRequest('LEADER_INVALID', '姓名须为 2 到 8 个汉字')
  if (title.length < 2 || title.length > 60) throw badRequest('LEADER_INVALID', '请填写现任职务，2 到 60 个字；多个职务用顿号隔开')
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(since)
  const day = m ? new Date(`${since}T00:00:00Z`) : null
  if (!m || !day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== since) throw badRequest('LEADER_INVALID', '请选择任职日期')
  if (since > deps.now().toISOString().slice(0, 10)) throw badRequest('LEADER_INVALID', '任职日期不能晚于今天')
  return { name, title, since }
}

export async function addLeader(deps: Deps, actor: Actor, body: LeaderBody): Promise<LeaderItem> {
  const l = validLeader(deps, body)
  if (await findLeaderByName(deps.db, l.name)) throw conflict('LEADER_EXISTS', `领导职务表中已有「${l.name}」，请修改原条目`)
  const id = deps.newId()
  const at = deps.now().toISOString()
  await deps.db.transaction().execute(async (trx) => {
    await insertLeader(trx, { id, ...l, createdBy: actor.id ?? '', at })
    await appendAudit(trx, actor, deps.now(), { action: 'leader.add', entity: 'leader', entityId: id, after: l }, deps.newId)
  })
  return { id, ...l, updatedAt: at }
}

export async function changeLeader(deps: Deps, actor: Actor, id: string, body: LeaderBody): Promise<LeaderItem> {
  const before = await findLeader(deps.db, id)
  if (!before) throw notFound('领导职务条目')
  const l = validLeader(deps, body)
  const other = await findLeaderByName(deps.db, l.name)
  if (other && other.id !== id) throw conflict('LEADER_EXISTS', `领导职务表中已有「${l.name}」，请修改原条目`)
  const at = deps.now().toISOString()
  await deps.db.transaction().execute(async (trx) => {
    await updateLeader(trx, id, { ...l, at })
    await appendAudit(trx, actor, deps.now(), { action: 'leader.change', entity: 'leader', entityId: id, before: { name: before.name, title: before.title, since: before.since }, after: l }, deps.newId)
  })
  return { id, ...l, updatedAt: at }
}

export async function removeLeader(deps: Deps, actor: Actor, id: string): Promise<void> {
  const before = await findLeader(deps.db, id)
  if (!before) throw notFound('领导职务条目')
  await deps.db.transaction().execute(async (trx) => {
    await deleteLeader(trx, id)
    await appendAudit(trx, actor, deps.now(), { action: 'leader.remove', entity: 'leader', entityId: id, before: { name: before.name, title: before.title, since: before.since } }, deps.newId)
  })
}
