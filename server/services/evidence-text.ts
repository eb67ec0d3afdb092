/**
 * What the optional OCR read from screenshots, as people use it: a screenshot's lines and the
 * suspected wording errors in it (for the inspector who attached it), the dictionary of wrong forms
 * (shipped, plus the office's own), and search of a round's screenshot text (which accounts
 * showed a phrase), each scoped like the screenshots themselves.
 */
import {
  platformName,
  searchablePhrase,
  type EvidenceSearchResult,
  type EvidenceText,
  type OcrLine,
  type Platform,
  type WordingTermItem
} from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { roundFor, visibleDepartments } from '../auth/scope'
import { appendAudit, type Actor } from '../audit/log'
import { deleteTerm, findTerm, findText, insertTerm, searchRoundText, unreadRoundShots } from '../db/repos/evidence-text'
import { findEvidence } from '../db/repos/inspections'

import { badRequest, conflict, notFound } from '../errors'
import { proofreadLines } from '../../src/core/proofread'
import { officeProofreader, wordingTerms } from './proofread'
import { readableDigests } from './evidence'

/** One screenshot's text, to someone who may see the screenshot; to anyone else it does not exist. */
export async function evidenceText(deps: Deps, user: SessionUser, sha256: string): Promise<EvidenceText> {
  const evidence = await findEvidence(deps.db, sha256)
  if (!evidence || !(await readableDigests(deps, user, [sha256])).has(sha256)) throw notFound('截图')
  const stored = await findText(deps.db, sha256)
  const times = { uploadedAt: evidence.created_at, now: deps.now().toISOString() }
  const empty = { sha256, width: null, height: null, lines: [] as OcrLine[], hits: [], error: null, ...times }
  if (!stored) return { ...empty, status: deps.ocr ? 'pending' : 'off' }
  if (stored.status === 'failed') {
    // A read that failed once is tried again: still pending while the queue holds it.
    return { ...empty, status: deps.ocr?.isPending(sha256) ? 'pending' : 'failed', error: stored.error }
  }
  const hits = proofreadLines(stored.lines, await officeProofreader(deps))
  return { sha256, status: 'done', width: stored.width, height: stored.height, lines: stored.lines, hits, error: null, ...times }
}

export interface WordingTermBody {
  wrong: string
  right: string
  source: string
}

const clean = (s: string) => s.replace(/\s+/g, '')

/** Adds the office's own wrong form; the same wrong form twice (shipped or added) is refused. */
export async function addWordingTerm(deps: Deps, actor: Actor, body: WordingTermBody): Promise<WordingTermItem> {
  const wrong = clean(body.wrong)
  const right = clean(body.right)
  const source = body.source.trim()
  if (wrong.length < 2 || wrong.length > 30) throw badRequest('TERM_INVALID', '错误写法须为 2 到 30 个字')
  if (right.length < 1 || right.length > 30) throw badRequest('TERM_INVALID', '正确写法须为 1 到 30 个字')
  if (wrong === right) throw badRequest('TERM_INVALID', '错误写法和正确写法不能相同')
  if (right.includes(wrong)) throw badRequest('TERM_INVALID', '错误写法不能是正确写法的一部分，否则正确的文字也会被标出')
  if (source.length < 2 || source.length > 100) throw badRequest('TERM_INVALID', '请填写依据（文件或出处），2 到 100 个字')
  if ((await wordingTerms(deps)).some((t) => clean(t.wrong) === wrong)) throw conflict('TERM_EXISTS', `错敏词库中已有「${wrong}」`)
  const id = deps.newId()
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    await insertTerm(trx, { id, wrong, right, source, createdBy: actor.id ?? '', createdAt: now.toISOString() })
    await appendAudit(trx, actor, now, { action: 'wording-term.add', entity: 'wording-term', entityId: id, after: { wrong, right, source } }, deps.newId)
  })
  return { id, wrong, right, source, category: '本单位错敏词库', shipped: false }
}

export async function removeWordingTerm(deps: Deps, actor: Actor, id: string): Promise<void> {
  const row = await findTerm(deps.db, id)
  if (!row) throw notFound('该词条')
  const now = deps.now()
  await deps.db.transaction().execute(async (trx) => {
    await deleteTerm(trx, id)
    await appendAudit(trx, actor, now, { action: 'wording-term.remove', entity: 'wording-term', entityId: id, before: { wrong: row.wrong, right: row.right, source: row.source } }, deps.newId)
  })
}

/** Screenshots a search returns at most. */
export const SEARCH_LIMIT = 100

/** The lines around the phrase, for the result list. */
function quoteOf(lines: OcrLine[], phrase: string): string {
  for (let i = 0; i < lines.length; i++) {
    const here = lines[i]?.text ?? ''
    const next = lines[i + 1]?.text ?? ''
    if (clean(here).includes(phrase)) return here
    if (clean(here + next).includes(phrase)) return here + next
  }
  return lines.map((l) => l.text).join('')
}

/**
 * The round's screenshots (of current inspections) whose text holds the phrase, for the
 * accounts the caller may see: which accounts showed 「中华人名共和国」 this quarter.
 */
export async function searchEvidenceText(deps: Deps, user: SessionUser, roundId: string, q: string): Promise<EvidenceSearchResult> {
  const phrase = searchablePhrase(q)
  if (phrase.length < 2 || phrase.length > 30) throw badRequest('QUERY_INVALID', '搜索的文字须为 2 到 30 个字')
  const round = await roundFor(deps, user, roundId)
  const visible = await visibleDepartments(deps, user)
  if (!round || (visible !== null && visible.size === 0)) throw notFound('检查批次')
  const matched = await searchRoundText(deps.db, roundId, visible, phrase, SEARCH_LIMIT + 1)
  const unread = await unreadRoundShots(deps.db, roundId, visible)
  return {
    q: phrase,
    truncated: matched.length > SEARCH_LIMIT,
    unread,
    items: matched.slice(0, SEARCH_LIMIT).map((r) => ({
      accountId: r.accountId,
      accountName: r.accountName,
      platform: r.platform as Platform,
      platformName: platformName(r.platform, r.platformDetail),
      unitName: r.unitName,
      checkpointId: r.checkpointId,
      checkpointDate: r.checkpointDate,
      sha256: r.sha256,
      quote: quoteOf(JSON.parse(r.lines) as OcrLine[], phrase)
    }))
  }
}
