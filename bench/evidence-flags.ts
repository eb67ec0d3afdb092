import { performance } from 'node:perf_hooks'
import sharp from 'sharp'
import { phoneScreenshot, reencoded, resized, type ScreenLayout } from '../test/server/screens'
import { fingerprintDistance, imageFingerprint, SIMILAR_BELOW } from '../server/storage/fingerprint'

/**
 * How well the screenshot fingerprint tells copies from different screenshots of the same page.
 * `npx tsx bench/evidence-flags.ts [seeds]` (default 20 per layout): for each of three page
 * layouts (a WeChat article list, a Weibo feed, a service menu) draws `seeds` screenshots with
 * other titles, dates and pictures; makes copies of each (JPEG q60; half size; 80 % size at q75;
 * 70 % size at q40); and prints the distances, the false-positive rate (different screenshots
 * flagged) and the catch rate (copies flagged) at the threshold, and the fingerprint's cost.
 */
const SEEDS = Number(process.argv[2] ?? 20)
const LAYOUTS: ScreenLayout[] = ['articles', 'feed', 'menu']
const COPIES: [string, (png: Buffer) => Promise<Buffer>][] = [
  ['JPEG q60', (p) => reencoded(p, 60)],
  ['half size', (p) => resized(p, 0.5)],
  ['80 % at q75', async (p) => reencoded(await resized(p, 0.8), 75)],
  ['70 % at q40', async (p) => reencoded(await resized(p, 0.7), 40)]
]

const pct = (n: number, d: number) => `${((100 * n) / Math.max(d, 1)).toFixed(1)} %`
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] as number

async function main(): Promise<void> {
  const different: number[] = []
  const copies = new Map<string, number[]>(COPIES.map(([k]) => [k, []]))
  let printMs = 0
  let prints = 0
  for (const layout of LAYOUTS) {
    const own: string[] = []
    for (let seed = 0; seed < SEEDS; seed++) {
      const png = await phoneScreenshot(layout, seed)
      const t = performance.now()
      const print = await imageFingerprint(png)
      printMs += performance.now() - t
      prints += 1
      own.push(print)
      for (const [name, make] of COPIES) copies.get(name)?.push(fingerprintDistance(print, await imageFingerprint(await make(png))))
    }
    for (let i = 0; i < own.length; i++) for (let j = i + 1; j < own.length; j++) different.push(fingerprintDistance(own[i] as string, own[j] as string))
  }
  // Across layouts too: a Weibo feed is not a copy of a service menu.
  console.log(`fingerprint: 16 × 32 grey cells, mean difference; threshold < ${SIMILAR_BELOW}`)
  console.log(`screenshots: ${LAYOUTS.length} layouts × ${SEEDS} (750 × 1624 PNG); fingerprint ${(printMs / prints).toFixed(1)} ms each`)
  const flaggedDifferent = different.filter((d) => d < SIMILAR_BELOW).length
  console.log(`different screenshots of one layout: ${different.length} pairs, min ${Math.min(...different).toFixed(2)}, p1 ${q(different, 0.01).toFixed(2)}, median ${q(different, 0.5).toFixed(2)}; flagged ${flaggedDifferent} (false positives ${pct(flaggedDifferent, different.length)})`)
  for (const [name, ds] of copies) {
    const caught = ds.filter((d) => d < SIMILAR_BELOW).length
    console.log(`copies, ${name}: ${ds.length}, max ${Math.max(...ds).toFixed(2)}, median ${q(ds, 0.5).toFixed(2)}; flagged ${caught} (${pct(caught, ds.length)})`)
  }
  const png = await phoneScreenshot('articles', 0)
  const meta = await sharp(png).metadata()
  console.log(`(example screenshot ${meta.width} × ${meta.height}, ${(png.length / 1024).toFixed(0)} KiB)`)
}

void main()
