import type { EvidenceReceipt } from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { evidenceDepartments, existingEvidence, findEvidence, heldBy, insertEvidence } from '../db/repos/inspections'
import { visibleDepartments } from '../auth/scope'
import { checkImage } from '../storage/images'
import type { EvidenceVariant } from '../storage/evidence-store'
import { notFound } from '../errors'


/** Checks and stores one screenshot. Bytes first, then the row: a row never points at missing bytes. */
export async function uploadEvidence(deps: Deps, user: SessionUser, bytes: Buffer): Promise<EvidenceReceipt> {
  const image = await checkImage(bytes)
  await deps.evidence.put(image.sha256, bytes, image.thumbnail)
  const created = await insertEvidence(deps.db, {
    sha256: image.sha256,
    mime: image.mime,
    size: image.size,
    width: image.width,
    height: image.height,
    uploadedBy: user.id,
    now: deps.now().toISOString(),
    phash: image.phash
  })
  return { sha256: image.sha256, mime: image.mime, size: image.size, width: image.width, height: image.height, created }
}

/**
 * Of these digests, the screenshots the user may see and attach: city-wide roles every one held;
 * a liaison (or a district's leader or admin) those of an inspection, answer or practice of their
 * departments, or whose bytes they sent themselves. A digest outside this set is answered exactly
 * like one the server never had: nobody learns from a refusal that someone else's screenshot exists.
 */
export async function readableDigests(deps: Deps, user: SessionUser, digests: string[]): Promise<Set<string>> {
  const unique = [...new Set(digests)]
  const held = await existingEvidence(deps.db, unique)
  const visible = await visibleDepartments(deps, user)
  if (visible === null) return held
  const mine = await heldBy(deps.db, user.id, [...held])
  for (const sha of held) {
    if (mine.has(sha)) continue
    if (!(await evidenceDepartments(deps.db, sha)).some((d) => visible.has(d))) held.delete(sha)
  }
  return held
}

/** One screenshot, to someone who may see it (readableDigests); to anyone else it does not exist. */
export async function readEvidence(deps: Deps, user: SessionUser, sha256: string, variant: EvidenceVariant): Promise<{ mime: string; bytes: Buffer }> {
  const row = await findEvidence(deps.db, sha256)
  if (!row || !(await readableDigests(deps, user, [sha256])).has(sha256)) throw notFound('截图')
  const bytes = await deps.evidence.get(sha256, variant)
  if (!bytes) throw notFound('截图文件')
  return { mime: variant === 'thumb' ? 'image/jpeg' : row.mime, bytes }
}

/** Which screenshots the server holds for this caller; one they may not see is reported missing (they send its bytes). */
export async function checkEvidence(deps: Deps, user: SessionUser, digests: string[]): Promise<{ held: string[]; missing: string[] }> {
  const unique = [...new Set(digests)]
  const held = await readableDigests(deps, user, unique)
  return { held: unique.filter((d) => held.has(d)), missing: unique.filter((d) => !held.has(d)) }
}
