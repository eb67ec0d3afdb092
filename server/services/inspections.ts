import { createHash } from 'node:crypto'
import { computeVerdict, deriveIssues, validateAnswers, type Answer, type InspectionReceipt, type Verdict } from '../../src/core'
import type { Deps } from '../deps'
import { requireInScope, visibleDepartments, within } from '../auth/scope'
import type { SessionUser } from '../auth/session'
import { checkpointsOf, findCatalog, findRound, findRoundAccount } from '../db/repos/rounds'
import {
  evidenceStatus,
  findInspectionByClientId,
  issueIdsOfInspection,
  upsertIssues,
  writeInspection,
  type StoredInspection
} from '../db/repos/inspections'
import { AppError, forbidden, notFound } from '../errors'
import { isWriteConflict } from '../db/errors'
import { appendAudit, auditNames } from '../audit/log'

export interface InspectionSubmission {
  roundId: string
  checkpointId: string
  accountId: string
  answers: Answer[]
}

/** What an unanswered item of a failing inspection is stored as (未检查). */
const UNCHECKED = 'unchecked'

/** Canonical digest of a submission: the same answers in any order give the same hash. */
export function submissionHash(s: InspectionSubmission): string {
  const answers = [...s.answers]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((a) => [a.code, a.result, a.note, a.value, a.evidence])
  return createHash('sha256').update(JSON.stringify([s.roundId, s.checkpointId, s.accountId, answers])).digest('hex')
}

async function receiptOf(deps: Deps, stored: StoredInspection, replayed: boolean): Promise<InspectionReceipt> {
  const evidence = await evidenceStatus(deps.db, stored.id)
  return {
    version: stored.version,
    evidence: { expected: evidence.expected.length, held: evidence.held, missing: evidence.missing },
    complete: evidence.missing.length === 0,
    id: stored.id,
    clientId: stored.client_id,
    roundId: stored.round_id,
    checkpointId: stored.checkpoint_id,
    accountId: stored.account_id,
    verdict: stored.verdict as Verdict,
    score: stored.score,
    submittedAt: stored.submitted_at,
    issueIds: await issueIdsOfInspection(deps.db, stored.id),
    replayed
  }
}

/**
 * Stores an inspection under its client-generated id. Sending the same submission twice
 * stores it once and answers the same receipt; a changed submission under the same id
 * replaces the earlier one. All writes happen in one transaction.
 */
export async function submitInspection(deps: Deps, user: SessionUser, clientId: string, s: InspectionSubmission, ip = '-'): Promise<InspectionReceipt> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await storeInspection(deps, user, clientId, s, ip)
    } catch (error) {
      // Two deliveries of the same submission raced (the loser sees the winner's row on a second
      // look), or two submissions for the same account and checkpoint did (the database keeps one
      // current: the loser runs again and becomes the current one, the winner's stays as history;
      // PostgreSQL may also break a deadlock between them).
      if (!isWriteConflict(error) || attempt >= MAX_WRITE_ATTEMPTS) throw error
    }
  }
}

/** Each retry follows a committed winner, so n concurrent writers need at most n attempts. */
const MAX_WRITE_ATTEMPTS = 12

async function storeInspection(deps: Deps, user: SessionUser, clientId: string, s: InspectionSubmission, ip: string): Promise<InspectionReceipt> {
  const bodyHash = submissionHash(s)
  const previous = await findInspectionByClientId(deps.db, clientId)
  if (previous) {
    if (previous.inspector_id !== user.id) throw new AppError(409, 'CLIENT_ID_TAKEN', '该检查记录编号已被其他检查员使用')
    if (previous.round_id !== s.roundId || previous.account_id !== s.accountId || previous.checkpoint_id !== s.checkpointId) {
      throw new AppError(409, 'CLIENT_ID_REUSED', '同一检查记录编号不能用于不同的账号或监测时间点')
    }
    if (previous.body_hash === bodyHash) return receiptOf(deps, previous, true)
  }

  const round = await findRound(deps.db, s.roundId)
  if (!round) throw notFound('检查批次')
  if (round.state === 'closed') throw new AppError(409, 'ROUND_CLOSED', '该检查批次已结束，只能查看，不能再提交检查记录')
  if (round.state !== 'open') throw new AppError(409, 'ROUND_NOT_OPEN', '该检查批次还未开始，不能提交检查记录')
  const checkpoint = (await checkpointsOf(deps.db, [round.id])).get(round.id)?.find((c) => c.id === s.checkpointId)
  if (!checkpoint) throw new AppError(400, 'CHECKPOINT_UNKNOWN', '监测时间点不属于该检查批次')
  const scope = await findRoundAccount(deps.db, round.id, s.accountId)
  // An account outside an admin's scope is, to them, not in the round.
  if (!scope || !within(await visibleDepartments(deps, user), scope.host_department_id)) throw new AppError(400, 'ACCOUNT_NOT_IN_ROUND', '该账号不在本批次的检查范围内')
  if (user.role === 'inspector' && scope.inspector_id !== user.id) throw forbidden('该账号未分配给您检查')
  const catalog = await findCatalog(deps.db, round.catalog_id)
  if (!catalog) throw new Error(`catalog ${round.catalog_id} missing`)

  const problems = validateAnswers(catalog, s.answers, checkpoint.date)
  if (problems.length > 0) throw new AppError(422, 'INSPECTION_INCOMPLETE', problems[0]?.message ?? '检查记录不完整', { problems })

  // Screenshots the server does not hold yet do not stop the inspection: it is stored and its
  // receipt names what is missing, so the office sees it as incomplete until they arrive.
  const verdict = computeVerdict(catalog, s.answers, checkpoint.date)
  if (verdict.verdict === null) throw new AppError(422, 'INSPECTION_INCOMPLETE', '检查记录不完整')
  const now = deps.now().toISOString()
  const id = previous?.id ?? deps.newId()
  const byCode = new Map(s.answers.map((a) => [a.code, a]))
  const results = catalog.indicators.map((indicator) => {
    const answer = byCode.get(indicator.code)
    return {
      code: indicator.code,
      result: verdict.results[indicator.code] ?? UNCHECKED,
      note: answer?.note.trim() ?? '',
      value: answer?.value ?? null,
      evidence: answer?.evidence ?? []
    }
  })

  await deps.db.transaction().execute(async (trx) => {
    await writeInspection(
      trx,
      {
        id,
        clientId,
        roundId: round.id,
        checkpointId: checkpoint.id,
        accountId: s.accountId,
        inspectorId: user.id,
        verdict: verdict.verdict ?? 'fail',
        score: verdict.score,
        bodyHash,
        body: JSON.stringify(s),
        version: (previous?.version ?? 0) + 1,
        submittedAt: now,
        results
      },
      previous !== undefined
    )
    await upsertIssues(
      trx,
      { roundId: round.id, accountId: s.accountId, departmentId: scope.host_department_id, inspectionId: id, now, newId: deps.newId },
      deriveIssues(catalog, verdict, s.answers)
    )
    await appendAudit(
      trx,
      { id: user.id, name: user.name, ip },
      deps.now(),
      {
        action: previous ? 'inspection.resubmit' : 'inspection.submit',
        // Recorded against the account: its history is what the office asks for.
        entity: 'account',
        entityId: s.accountId,
        departmentId: scope.host_department_id,
        before: previous ? { verdict: previous.verdict, version: previous.version } : undefined,
        after: {
          ...(await auditNames(trx, { accountId: s.accountId, roundId: round.id })),
          checkpointDate: checkpoint.date,
          inspectionId: id,
          clientId,
          checkpointId: checkpoint.id,
          verdict: verdict.verdict,
          failed: verdict.failed,
          version: (previous?.version ?? 0) + 1
        }
      },
      deps.newId
    )
  })
  const stored = await findInspectionByClientId(deps.db, clientId)
  if (!stored) throw new Error('inspection vanished after commit')
  return receiptOf(deps, stored, false)
}

/** The receipt of an inspection: what the server stored and which screenshots it still lacks. */
export async function inspectionReceipt(deps: Deps, user: SessionUser, clientId: string): Promise<InspectionReceipt> {
  const stored = await findInspectionByClientId(deps.db, clientId)
  if (!stored) throw notFound('检查记录')
  // An inspector reads their own; an admin those of accounts within their scope. To anyone else it does not exist.
  if (user.role !== 'admin' && stored.inspector_id !== user.id) throw notFound('检查记录')
  const account = await deps.db.selectFrom('accounts').select('host_department_id').where('id', '=', stored.account_id).executeTakeFirst()
  if (user.role === 'admin') await requireInScope(deps, user, account?.host_department_id ?? null, '检查记录')
  return receiptOf(deps, stored, true)
}
