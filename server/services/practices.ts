import {
  isPracticeTheme,
  MAX_NOTE_LENGTH,
  platformName,
  PRACTICE_THEMES,
  practiceNoteProblem,
  type Platform,
  type PracticeItem,
  type PracticeList,
  type PracticeTheme
} from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { roundFor, visibleDepartments, within } from '../auth/scope'
import { appendAudit, type Actor } from '../audit/log'
import { readableDigests } from './evidence'
import { findRoundAccount } from '../db/repos/rounds'
import { AppError, badRequest, forbidden, notFound } from '../errors'

/** What the phone sends for a good practice (PUT /practices/:clientId). */
export interface PracticeBody {
  roundId: string
  accountId: string
  theme: string
  note: string
  evidence: string[]
}

/** The admin's changes (PATCH /practices/:id): the circular's wording, the theme, picked or not. */
export interface PracticePatch {
  wording?: string | null
  theme?: string
  picked?: boolean
}

function themeOf(value: string): PracticeTheme {
  if (!isPracticeTheme(value)) throw badRequest('PRACTICE_THEME_INVALID', '典型做法的类别只能是服务功能、内容策划、互动回应或其他')
  return value
}

async function practiceRows(deps: Deps, where: { id?: string; clientId?: string; roundId?: string }, visible: Set<string> | null) {
  let q = deps.db
    .selectFrom('practices as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .innerJoin('departments as d', 'd.id', 'a.host_department_id')
    .innerJoin('users as u', 'u.id', 'p.inspector_id')
    .select([
      'p.id',
      'p.client_id',
      'p.round_id',
      'p.theme',
      'p.note',
      'p.wording',
      'p.picked',
      'p.created_at',
      'p.updated_at',
      'a.id as account_id',
      'a.name as account_name',
      'a.platform',
      'a.platform_detail',
      'd.id as department_id',
      'd.name as department_name',
      'u.id as inspector_id',
      'u.name as inspector_name'
    ])
  if (where.id !== undefined) q = q.where('p.id', '=', where.id)
  if (where.clientId !== undefined) q = q.where('p.client_id', '=', where.clientId)
  if (where.roundId !== undefined) q = q.where('p.round_id', '=', where.roundId)
  if (visible) q = q.where('a.host_department_id', 'in', visible.size ? [...visible] : [''])
  const rows = await q.orderBy('p.created_at').orderBy('p.id').execute()
  const ids = rows.map((r) => r.id)
  const evidence = ids.length
    ? await deps.db.selectFrom('practice_evidence').select(['practice_id', 'sha256']).where('practice_id', 'in', ids).orderBy('practice_id').orderBy('seq').execute()
    : []
  return rows.map(
    (r): PracticeItem => ({
      id: r.id,
      clientId: r.client_id,
      roundId: r.round_id,
      account: { id: r.account_id, name: r.account_name, platform: r.platform as Platform, platformName: platformName(r.platform, r.platform_detail) },
      department: { id: r.department_id, name: r.department_name },
      inspector: { id: r.inspector_id, name: r.inspector_name },
      theme: isPracticeTheme(r.theme) ? r.theme : 'other',
      note: r.note,
      wording: r.wording,
      picked: Number(r.picked) === 1,
      evidence: evidence.filter((e) => e.practice_id === r.id).map((e) => e.sha256),
      createdAt: r.created_at,
      updatedAt: r.updated_at
    })
  )
}

async function practiceById(deps: Deps, id: string): Promise<PracticeItem> {
  const [item] = await practiceRows(deps, { id }, null)
  if (!item) throw notFound('典型做法')
  return item
}

/**
 * An inspector's good practice, delivered from the outbox under its client id: a replay of the
 * same body changes nothing; a newer body from the same inspector replaces note, theme and
 * screenshots (the admin's wording and pick stay); another person's client id is refused.
 */
export async function submitPractice(deps: Deps, user: SessionUser, clientId: string, body: PracticeBody, actor: Actor): Promise<PracticeItem> {
  const theme = themeOf(body.theme)
  const problem = practiceNoteProblem(body.note)
  if (problem) throw badRequest(problem.code, problem.message)
  const note = body.note.trim()
  const evidence = [...new Set(body.evidence)]
  const previous = await deps.db.selectFrom('practices').selectAll().where('client_id', '=', clientId).executeTakeFirst()
  if (previous) {
    if (previous.inspector_id !== user.id) throw new AppError(409, 'CLIENT_ID_TAKEN', '该记录编号已被其他人使用')
    if (previous.round_id !== body.roundId || previous.account_id !== body.accountId) throw new AppError(409, 'CLIENT_ID_REUSED', '同一记录编号不能用于不同的账号或批次')
  }
  const round = await roundFor(deps, user, body.roundId)
  if (round.state === 'closed') throw new AppError(409, 'ROUND_CLOSED', '该检查批次已结束，只能查看，不能再提交')
  if (round.state !== 'open') throw new AppError(409, 'ROUND_NOT_OPEN', '该检查批次还未开始，不能提交')
  const scope = await findRoundAccount(deps.db, round.id, body.accountId)
  if (!scope) throw new AppError(400, 'ACCOUNT_NOT_IN_ROUND', '该账号不在本批次的检查范围内')
  if (user.role === 'inspector' && scope.inspector_id !== user.id) throw forbidden('该账号未分配给您检查')
  const visible = await visibleDepartments(deps, user)
  if (visible && !visible.has(scope.host_department_id)) throw forbidden('该账号不在您的管理范围内')
  if (evidence.length > 0) {
    const held = await readableDigests(deps, user, evidence)
    const missing = evidence.filter((d) => !held.has(d))
    if (missing.length > 0) throw new AppError(409, 'EVIDENCE_MISSING', `还有 ${missing.length} 张截图未上传到服务器`, { missing })
  }
  if (previous) {
    const before = await practiceById(deps, previous.id)
    if (before.theme === theme && before.note === note && before.evidence.join() === evidence.join()) return before
  }
  const at = deps.now().toISOString()
  const id = previous?.id ?? deps.newId()
  await deps.db.transaction().execute(async (trx) => {
    if (previous) {
      await trx.updateTable('practices').set({ theme, note, updated_at: at, updated_by: user.id }).where('id', '=', id).execute()
      await trx.deleteFrom('practice_evidence').where('practice_id', '=', id).execute()
    } else {
      await trx
        .insertInto('practices')
        .values({ id, client_id: clientId, round_id: round.id, account_id: body.accountId, inspector_id: user.id, theme, note, wording: null, picked: 0, created_at: at, updated_at: at, updated_by: user.id })
        .execute()
    }
    if (evidence.length > 0) await trx.insertInto('practice_evidence').values(evidence.map((sha256, seq) => ({ practice_id: id, sha256, seq }))).execute()
    await appendAudit(trx, actor, deps.now(), { action: previous ? 'practice.update' : 'practice.submit', entity: 'practice', entityId: id, departmentId: scope.host_department_id, after: { theme, note, evidence: evidence.length } }, deps.newId)
  })
  return practiceById(deps, id)
}

/** A round's good practices grouped by theme, within the caller's scope (a district leader sees the district's). */
export async function roundPractices(deps: Deps, user: SessionUser, roundId: string): Promise<PracticeList> {
  await roundFor(deps, user, roundId)
  const items = await practiceRows(deps, { roundId }, await visibleDepartments(deps, user))
  return {
    roundId,
    groups: PRACTICE_THEMES.map((theme) => ({ theme, items: items.filter((i) => i.theme === theme) })).filter((g) => g.items.length > 0),
    picked: items.filter((i) => i.picked).length,
    total: items.length
  }
}

/** The picked practices of a round, for the circular, in theme order. */
export async function pickedPractices(deps: Deps, roundId: string, visible: Set<string> | null): Promise<PracticeItem[]> {
  const items = (await practiceRows(deps, { roundId }, visible)).filter((i) => i.picked)
  return PRACTICE_THEMES.flatMap((theme) => items.filter((i) => i.theme === theme))
}

/** The admin rewords a practice, moves it to another theme, or picks it for the circular. */
export async function updatePractice(deps: Deps, user: SessionUser, actor: Actor, id: string, patch: PracticePatch): Promise<PracticeItem> {
  const before = await practiceById(deps, id)
  const visible = await visibleDepartments(deps, user)
  if (!within(visible, before.department.id)) throw notFound('典型做法')
  const theme = patch.theme === undefined ? before.theme : themeOf(patch.theme)
  let wording = patch.wording === undefined ? before.wording : patch.wording === null || patch.wording.trim() === '' ? null : patch.wording.trim()
  if (wording !== null && wording.length > MAX_NOTE_LENGTH) throw badRequest('NOTE_TOO_LONG', `典型做法的说明不能超过 ${MAX_NOTE_LENGTH} 字`)
  if (wording === before.note) wording = null
  const picked = patch.picked ?? before.picked
  const at = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('practices').set({ theme, wording, picked: picked ? 1 : 0, updated_at: at.toISOString(), updated_by: user.id }).where('id', '=', id).execute()
    await appendAudit(
      trx,
      actor,
      at,
      { action: 'practice.edit', entity: 'practice', entityId: id, departmentId: before.department.id, before: { theme: before.theme, wording: before.wording, picked: before.picked }, after: { theme, wording, picked, account: before.account.name } },
      deps.newId
    )
  })
  return practiceById(deps, id)
}
