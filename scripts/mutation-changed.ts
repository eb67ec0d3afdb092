/**
 * Mutation testing of what a change touched (npm run -s test:mutation:changed; .ci/run runs it):
 * the source files under mutation (see stryker.config.mjs) that differ from MUTATION_BASE
 * (default: the parent commit), mutated by StrykerJS against the jest suites. Fails when the
 * mutation score of those files is under MUTATION_BREAK (default 75). Prints what it ran and how
 * long it took; with nothing to mutate it says so and passes. A change too large to mutate within
 * MUTATION_BUDGET_S (default 900 s) is stopped there and reported, not failed: run
 * `npm run test:mutation` on it before landing.
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { MUTATED_FOLDERS as FOLDERS, NOT_MUTATED as SKIP, readReport, score as mutationScore, tally } from './mutation-report'

const ROOT = resolve(__dirname, '..')

const base = process.env.MUTATION_BASE ?? 'HEAD~1'
const breakAt = Number(process.env.MUTATION_BREAK ?? 75)
const budgetS = Number(process.env.MUTATION_BUDGET_S ?? 900)

function changedFiles(): string[] {
  try {
    const out = execFileSync('git', ['diff', '--name-only', '--diff-filter=AM', base, '--'], { cwd: ROOT, encoding: 'utf8' })
    return out
      .split('\n')
      .filter((f) => f.endsWith('.ts') && FOLDERS.some((d) => f.startsWith(d)) && !SKIP.has(f) && existsSync(join(ROOT, f)))
  } catch {
    console.log(`mutation: no base ${base} to compare with (a shallow clone?); nothing mutated`)
    return []
  }
}

async function main(): Promise<void> {
  const files = changedFiles()
  if (files.length === 0) {
    console.log(`mutation: no source under mutation changed since ${base}; nothing to mutate`)
  } else {
    console.log(`mutation: ${files.length} file(s) changed since ${base}: ${files.join(', ')}`)
    const started = Date.now()
    // Its own process group, so that the budget stops Stryker's workers too.
    const child = spawn('npx', ['stryker', 'run', '--mutate', files.join(','), '--incrementalFile', 'reports/mutation/changed-incremental.json', '--reporters', 'clear-text,json,progress'], {
      cwd: ROOT,
      stdio: 'inherit',
      detached: true
    })
    let overBudget = false
    const timer = setTimeout(() => {
      overBudget = true
      process.kill(-(child.pid as number), 'SIGKILL')
    }, budgetS * 1000)
    const status = await new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
    clearTimeout(timer)
    if (overBudget) {
      console.log(`mutation: stopped after ${budgetS} s (MUTATION_BUDGET_S): too much changed to mutate within CI's budget; run npm run test:mutation before landing`)
      process.exit(0)
    }
    if (status !== 0) throw new Error(`stryker failed (exit ${status})`)
    const report = readReport(join(ROOT, 'reports/mutation/mutation.json'))
    const t = tally(Object.values(report.files).flatMap((f) => f.mutants))
    const score = mutationScore(t)
    console.log(`mutation: score ${score.toFixed(1)} % (${t.killed + t.timeout} of ${t.killed + t.timeout + t.survived + t.noCoverage} mutants detected) on the changed files, in ${Math.round((Date.now() - started) / 1000)} s`)
    if (score < breakAt) {
      console.error(`mutation: under ${breakAt} %: add tests that kill the survivors above, or list them as equivalent in test/README.md`)
      process.exitCode = 1
    }
  }
}

void main()
