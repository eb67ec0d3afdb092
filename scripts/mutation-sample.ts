/**
 * A sampled mutation score for folders too large to mutate whole on a two-core machine
 * (npm run -s test:mutation:sample -- plan|estimate …).
 *
 *   plan [--name sample] [--fraction 0.12] [--window 15] [--seed 1] folder-or-file…
 *     Splits every mutated file of the folders into windows of `window` lines and draws, per file,
 *     round(fraction × windows) of them (at least one) with a seeded generator: a stratified cluster
 *     sample. Writes the plan to reports/mutation/<name>-plan.json and prints the `--mutate` value
 *     for `npx stryker run` (Stryker's `file:from-to` line ranges).
 *   run [--name sample] [--per-part 5] [--timeout-ms 10000] [--minutes M] [--parts 4-9] [--again]
 *     Runs the plan with Stryker in parts of about `per-part` windows (dealt round-robin, so that
 *     finished parts are a sample of their own), one after the other, keeping each part's report as
 *     reports/mutation/<name>-part-K.json. Stryker writes its report only when a
 *     run ends, so small parts mean a stopped run loses one part, not all; a re-run skips the parts
 *     whose report exists (resumable across sessions, as long as the plan is unchanged). With
 *     `--minutes`, no part starts after that many minutes: the time a session can give. `--parts`
 *     runs only the parts named (say, those a session has not run yet); `--again` re-runs a part
 *     whose report exists (to measure it after the tests its survivors asked for).
 *   estimate [--name sample] [--plan plan.json] [report.json…]
 *     Reads the runs' JSON reports (default: every part's), assigns each mutant to its window, and
 *     prints the score per folder and overall (killed and timed out over every mutant that
 *     compiled, as Stryker counts) with a 95 % interval from 2,000 bootstrap resamples of the
 *     windows, and how many windows have no report yet.
 *
 * A mutant is drawn only when it lies wholly inside a window, so mutants spanning many lines (a
 * whole function body emptied) are under-represented: the estimate is of the small mutants.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { seededRandom as random } from '../src/core/sampling'
import { NOT_MUTATED, readReport, type ReportMutant } from './mutation-report'

const ROOT = resolve(__dirname, '..')
/** A sample's files: its plan and its parts' reports, under reports/mutation/ by the sample's name. */
const planOf = (name: string) => `reports/mutation/${name}-plan.json`
const partReport = (name: string, k: number) => `reports/mutation/${name}-part-${k}.json`
/** `--name N` (default "sample"): several samples (say, the server's and the stores') side by side. */
const nameOf = (args: string[]) => {
  const name = textOption(args, 'name', 'sample')
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error('--name takes lower-case letters, digits and dashes')
  return name
}

interface Window {
  file: string
  from: number
  to: number
}
interface Plan {
  fraction: number
  window: number
  seed: number
  windowsInAll: number
  windows: Window[]
}

const ranges = (ws: Window[]) => ws.map((w) => `${w.file}:${w.from}-${w.to}`).join(',')

function textOption(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`)
  if (i < 0) return fallback
  const value = args[i + 1]
  if (!value) throw new Error(`--${name} needs a value`)
  args.splice(i, 2)
  return value
}

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`)
  if (i < 0) return fallback
  const value = Number(args[i + 1])
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} needs a positive number`)
  args.splice(i, 2)
  return value
}

function filesUnder(folder: string): string[] {
  const dir = join(ROOT, folder)
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = join(folder, e.name)
    if (e.isDirectory()) return filesUnder(rel)
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') && !NOT_MUTATED.has(rel) ? [rel] : []
  })
}

function plan(args: string[]): void {
  const name = nameOf(args)
  const fraction = option(args, 'fraction', 0.12)
  const size = option(args, 'window', 15)
  const seed = option(args, 'seed', 1)
  if (fraction > 1) throw new Error('--fraction is at most 1')
  if (args.length === 0) throw new Error('name the folders to sample, e.g. server/services server/routes')
  const next = random(seed)
  const windows: Window[] = []
  let windowsInAll = 0
  for (const file of args.flatMap((f) => (f.endsWith('.ts') ? [f] : filesUnder(f.replace(/\/$/, '')))).sort()) {
    const lines = readFileSync(join(ROOT, file), 'utf8').trimEnd().split('\n').length
    const all: Window[] = []
    for (let from = 1; from <= lines; from += size) all.push({ file, from, to: Math.min(lines, from + size - 1) })
    windowsInAll += all.length
    // A partial Fisher–Yates shuffle draws the windows without replacement.
    const take = Math.max(1, Math.round(fraction * all.length))
    for (let i = 0; i < take; i++) {
      const j = i + Math.floor(next() * (all.length - i))
      const drawn = all[j] as Window
      all[j] = all[i] as Window
      all[i] = drawn
      windows.push(drawn)
    }
  }
  windows.sort((a, b) => a.file.localeCompare(b.file) || a.from - b.from)
  const p: Plan = { fraction, window: size, seed, windowsInAll, windows }
  mkdirSync(dirname(join(ROOT, planOf(name))), { recursive: true })
  writeFileSync(join(ROOT, planOf(name)), JSON.stringify(p, null, 2))
  console.error(`sample: ${windows.length} of ${windowsInAll} windows of ${size} lines (seed ${seed}); plan in ${planOf(name)}`)
  console.log(ranges(windows))
}

interface Cluster {
  file: string
  folder: string
  detected: number
  valid: number
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))] ?? 0
}

/**
 * Ratio estimate and a bootstrap interval: the windows resampled with replacement (most files
 * have one window drawn, so resampling within a file would show no spread at all).
 */
function estimateOf(clusters: Cluster[], next: () => number): { score: number; low: number; high: number; valid: number } {
  const ratio = (cs: Cluster[]) => {
    const valid = cs.reduce((s, c) => s + c.valid, 0)
    return valid ? (100 * cs.reduce((s, c) => s + c.detected, 0)) / valid : 100
  }
  const scores: number[] = []
  for (let b = 0; b < 2000; b++) scores.push(ratio(clusters.map(() => clusters[Math.floor(next() * clusters.length)] as Cluster)))
  scores.sort((a, b) => a - b)
  return { score: ratio(clusters), low: percentile(scores, 0.025), high: percentile(scores, 0.975), valid: clusters.reduce((s, c) => s + c.valid, 0) }
}

function readPlan(path: string): Plan {
  if (!existsSync(join(ROOT, path))) throw new Error(`no plan at ${path}: run plan first`)
  return JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as Plan
}

/**
 * Parts of about `perPart` windows, dealt round-robin from the plan's sorted list: each part spans
 * the folders and files like the whole sample, so the parts that finished are an unbiased sample
 * themselves when a run has to stop early.
 */
function partsOf(p: Plan, perPart: number): Window[][] {
  const count = Math.ceil(p.windows.length / perPart)
  const parts: Window[][] = Array.from({ length: count }, () => [])
  p.windows.forEach((w, i) => parts[i % count]?.push(w))
  return parts
}

/** `--parts 2,3` or `--parts 4-9`: run only these parts (numbered from 1, as the run prints them). */
function partsChosen(spec: string): Set<number> | null {
  if (!spec) return null
  const chosen = new Set<number>()
  for (const piece of spec.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(piece.trim())
    if (!m) throw new Error(`--parts takes numbers and ranges such as 2,3 or 4-9, not "${piece}"`)
    const from = Number(m[1])
    const to = Number(m[2] ?? m[1])
    for (let k = from; k <= to; k++) chosen.add(k)
  }
  return chosen
}

function run(args: string[]): void {
  const perPart = option(args, 'per-part', 5)
  const timeoutMS = option(args, 'timeout-ms', 10000)
  const minutes = option(args, 'minutes', Infinity)
  const chosen = partsChosen(textOption(args, 'parts', ''))
  const again = args.includes('--again')
  const started = Date.now()
  const name = nameOf(args)
  const p = readPlan(planOf(name))
  const parts = partsOf(p, perPart)
  for (const [k, part] of parts.entries()) {
    if (chosen && !chosen.has(k + 1)) continue
    if (!again && existsSync(join(ROOT, partReport(name, k)))) {
      console.error(`part ${k + 1}/${parts.length}: done before (${partReport(name, k)})`)
      continue
    }
    if (Date.now() - started > minutes * 60000) {
      console.error(`part ${k + 1}/${parts.length}: not started, past ${minutes} min; run again to go on`)
      return
    }
    const partStarted = Date.now()
    console.error(`part ${k + 1}/${parts.length}: ${ranges(part)}`)
    const r = spawnSync(
      'npx',
      ['stryker', 'run', '--mutate', ranges(part), '--timeoutMS', String(timeoutMS), '--incrementalFile', `reports/mutation/${name}-part-${k}-incremental.json`],
      { cwd: ROOT, stdio: 'inherit' }
    )
    if (r.status !== 0) throw new Error(`part ${k + 1}: stryker exited with ${r.status ?? r.signal}`)
    copyFileSync(join(ROOT, 'reports/mutation/mutation.json'), join(ROOT, partReport(name, k)))
    console.error(`part ${k + 1}/${parts.length}: ${Math.round((Date.now() - partStarted) / 60000)} min`)
  }
}

function estimate(args: string[]): void {
  const name = nameOf(args)
  const p = readPlan(textOption(args, 'plan', planOf(name)))
  const parts = new RegExp(`^${name}-part-\\d+\\.json$`)
  const reports = args.length ? args : readdirSync(join(ROOT, 'reports/mutation')).filter((f) => parts.test(f)).map((f) => `reports/mutation/${f}`)
  if (reports.length === 0) throw new Error('no report: run the plan first (run, or npx stryker run)')
  const clusters: Cluster[] = p.windows.map((w) => ({ file: w.file, folder: dirname(w.file), detected: 0, valid: 0 }))
  const reported = new Set<number>()
  let outside = 0
  for (const reportPath of reports) {
    const report = readReport(reportPath)
    for (const [file, f] of Object.entries(report.files)) {
      for (const m of f.mutants as ReportMutant[]) {
        const i = p.windows.findIndex((w) => w.file === file && m.location.start.line >= w.from && m.location.start.line <= w.to)
        if (i < 0) {
          outside += 1
          continue
        }
        reported.add(i)
        const cluster = clusters[i] as Cluster
        if (m.status === 'Killed' || m.status === 'Timeout') cluster.detected += 1
        if (['Killed', 'Timeout', 'Survived', 'NoCoverage'].includes(m.status)) cluster.valid += 1
      }
    }
  }
  const next = random(p.seed + 1)
  const pct = (n: number) => `${n.toFixed(1)} %`
  console.log(`sample of ${p.windows.length} of ${p.windowsInAll} windows (${p.window} lines, seed ${p.seed})`)
  console.log('| folder | mutants that compiled, sampled | estimated score | 95 % interval |')
  console.log('| --- | --- | --- | --- |')
  for (const folder of [...new Set(clusters.map((c) => c.folder))].sort()) {
    const e = estimateOf(
      clusters.filter((c) => c.folder === folder),
      next
    )
    console.log(`| \`${folder}\` | ${e.valid} | ${pct(e.score)} | ${pct(e.low)} – ${pct(e.high)} |`)
  }
  const e = estimateOf(clusters, next)
  console.log(`| all sampled | ${e.valid} | ${pct(e.score)} | ${pct(e.low)} – ${pct(e.high)} |`)
  if (outside) console.log(`(${outside} mutants of the reports lie outside the plan’s windows and were not counted)`)
  const missing = p.windows.length - reported.size
  if (missing) console.log(`(${missing} of ${p.windows.length} windows have no mutant in the reports: not run yet, or nothing to mutate there; they count as empty)`)
}

const [command, ...rest] = process.argv.slice(2)
if (command === 'plan') plan(rest)
else if (command === 'run') run(rest)
else if (command === 'estimate') estimate(rest)
else {
  console.error('usage: mutation-sample plan|run|estimate [--name N] …: plan [--fraction F] [--window W] [--seed S] folder… | run [--per-part K] [--timeout-ms T] [--minutes M] [--parts 4-9] [--again] | estimate [--plan P] [report.json…]')
  process.exit(2)
}
