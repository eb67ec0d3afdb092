import type { EvidenceFlag } from '../../src/core'
import type { Deps } from '../deps'
import { fingerprintDistance, imageFingerprint, SIMILAR_BELOW } from '../storage/fingerprint'

interface Candidate {
  sha256: string
  source: EvidenceFlag['match']['source']
  account: string
  at: string
}

const SOURCE_RANK: Record<Candidate['source'], number> = { finding: 0, 'earlier-answer': 1, 'other-account': 2 }

/**
 * The fingerprints of these screenshots; one stored before fingerprints existed gets its own now,
 * from its bytes, and keeps it. A screenshot whose bytes are gone has none (it is compared by digest only).
 */
async function fingerprints(deps: Deps, digests: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  if (digests.length === 0) return out
  const rows = await deps.db.selectFrom('evidence').select(['sha256', 'phash']).where('sha256', 'in', digests).execute()
  for (const row of rows) {
    if (row.phash) {
      out.set(row.sha256, row.phash)
      continue
    }
    const bytes = await deps.evidence.get(row.sha256, 'original')
    if (!bytes) continue
    try {
      const phash = await imageFingerprint(bytes)
      await deps.db.updateTable('evidence').set({ phash }).where('sha256', '=', row.sha256).execute()
      out.set(row.sha256, phash)
    } catch {
      // Unreadable bytes: compared by digest only.
    }
  }
  return out
}

/** Screenshots used for other accounts in the round: their inspections' and their issues' answers. */
async function otherAccounts(deps: Deps, roundId: string, accountId: string): Promise<Candidate[]> {
  const inspections = await deps.db
    .selectFrom('inspection_evidence as ie')
    .innerJoin('inspections as i', 'i.id', 'ie.inspection_id')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .select(['ie.sha256', 'a.name', 'i.submitted_at as at'])
    .where('i.round_id', '=', roundId)
    .where('i.account_id', '!=', accountId)
    .execute()
  const answers = await deps.db
    .selectFrom('issue_event_evidence as ee')
    .innerJoin('issue_events as e', 'e.id', 'ee.event_id')
    .innerJoin('issues as s', 's.id', 'e.issue_id')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['ee.sha256', 'a.name', 'e.at'])
    .where('s.round_id', '=', roundId)
    .where('s.account_id', '!=', accountId)
    .execute()
  return [...inspections, ...answers].map((r) => ({ sha256: r.sha256, source: 'other-account' as const, account: r.name, at: r.at }))
}

/**
 * For each answer of an issue (oldest first), its screenshots that prove nothing: the same image
 * (same SHA-256) or a near copy (fingerprint within SIMILAR_BELOW) as the finding's screenshot, an
 * earlier answer's, or one used for another account in the round. One flag per screenshot: its
 * closest match, the finding first on a tie.
 */
export async function answerFlags(
  deps: Deps,
  issue: { roundId: string; accountId: string; accountName: string; createdAt: string },
  finding: string[],
  answers: { at: string; evidence: string[] }[]
): Promise<EvidenceFlag[][]> {
  if (answers.every((a) => a.evidence.length === 0)) return answers.map(() => [])
  const others = await otherAccounts(deps, issue.roundId, issue.accountId)
  const own: Candidate[] = finding.map((sha256) => ({ sha256, source: 'finding', account: issue.accountName, at: issue.createdAt }))
  const all = new Set([...finding, ...answers.flatMap((a) => a.evidence), ...others.map((o) => o.sha256)])
  const prints = await fingerprints(deps, [...all])
  return answers.map((answer, k) => {
    const earlier: Candidate[] = answers.slice(0, k).flatMap((a) => a.evidence.map((sha256) => ({ sha256, source: 'earlier-answer' as const, account: issue.accountName, at: a.at })))
    const candidates = [...own, ...earlier, ...others]
    const flags: EvidenceFlag[] = []
    for (const sha256 of answer.evidence) {
      const mine = prints.get(sha256)
      let best: { c: Candidate; distance: number } | null = null
      for (const c of candidates) {
        const theirs = prints.get(c.sha256)
        const distance = c.sha256 === sha256 ? 0 : mine && theirs ? fingerprintDistance(mine, theirs) : Infinity
        if (distance >= SIMILAR_BELOW && distance !== 0) continue
        if (!best || distance < best.distance || (distance === best.distance && SOURCE_RANK[c.source] < SOURCE_RANK[best.c.source])) best = { c, distance }
      }
      if (best) {
        flags.push({
          sha256,
          kind: best.c.sha256 === sha256 ? 'identical' : 'similar',
          distance: Math.round(best.distance * 100) / 100,
          match: { sha256: best.c.sha256, source: best.c.source, account: best.c.account, at: best.c.at }
        })
      }
    }
    return flags
  })
}
