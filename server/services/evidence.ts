import type { EvidenceReceipt } from '../../src/core'
import type { Deps } from '../deps'
import type { SessionUser } from '../auth/session'
import { evidenceDepartments, existingEvidence, findEvidence, insertEvidence } from '../db/repos/inspections'
import { visibleDepartments } from '../auth/scope'
import { checkImage } from '../storage/images'
import type { EvidenceVariant } from '../storage/evidence-store'
import { forbidden, notFound } from '../errors'


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
 * One screenshot, to someone who may see it: city-wide roles see all; a liaison (or a district's
 * leader) only what belongs to an inspection or an answer of their departments, or what they uploaded.
 */
export async function readEvidence(deps: Deps, user: SessionUser, sha256: string, variant: EvidenceVariant): Promise<{ mime: string; bytes: Buffer }> {
  const row = await findEvidence(deps.db, sha256)
  if (!row) throw notFound('截图')
  const visible = await visibleDepartments(deps, user)
  if (visible !== null && row.uploaded_by !== user.id) {
    const departments = await evidenceDepartments(deps.db, sha256)
    if (!departments.some((d) => visible.has(d))) throw forbidden('您只能查看本单位问题的截图')
  }
  const bytes = await deps.evidence.get(sha256, variant)
  if (!bytes) throw notFound('截图文件')
  return { mime: variant === 'thumb' ? 'image/jpeg' : row.mime, bytes }
}

export async function checkEvidence(deps: Deps, digests: string[]): Promise<{ held: string[]; missing: string[] }> {
  const unique = [...new Set(digests)]
  const held = await existingEvidence(deps.db, unique)
  return { held: unique.filter((d) => held.has(d)), missing: unique.filter((d) => !held.has(d)) }
}
