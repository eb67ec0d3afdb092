import sharp from 'sharp'

/**
 * A perceptual fingerprint of a screenshot, for near-duplicates: the image in grey squeezed to
 * 16 × 32 (taller than wide, like a phone screen), one byte per cell, stored as hex. Two images
 * are compared by the mean absolute difference of their cells (0–255).
 *
 * Why not a difference hash (dHash): on phone screenshots most cells are flat (white cards, grey
 * background), where a dHash bit is decided by JPEG noise; re-encoded copies then differed by as
 * many bits as two different screenshots of the same page layout. The mean difference keeps the
 * two apart (bench/evidence-flags.ts, 3 layouts × 20 screenshots: copies re-encoded down to JPEG
 * q40 or resized stay at or under 1.73; different screenshots of one layout at or over 1.94), and
 * the threshold sits between them.
 */
export const FINGERPRINT_COLS = 16
export const FINGERPRINT_ROWS = 32

/** Mean grey difference under which two screenshots count as the same image (see bench/evidence-flags.ts). */
export const SIMILAR_BELOW = 1.85

export async function imageFingerprint(image: Buffer): Promise<string> {
  const { data } = await sharp(image, { failOn: 'none', limitInputPixels: false })
    .rotate()
    .grayscale()
    .resize(FINGERPRINT_COLS, FINGERPRINT_ROWS, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true })
  return Buffer.from(data.subarray(0, FINGERPRINT_COLS * FINGERPRINT_ROWS)).toString('hex')
}

/** Mean absolute grey difference per cell (0 = the same picture); Infinity when they cannot be compared. */
export function fingerprintDistance(a: string, b: string): number {
  if (a.length !== b.length || a.length === 0) return Infinity
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  let sum = 0
  for (let i = 0; i < x.length; i++) sum += Math.abs((x[i] as number) - (y[i] as number))
  return sum / x.length
}
