/**
 * The mutation score per folder from StrykerJS JSON reports (npm run -s test:mutation:summary
 * [report.json …]; default reports/mutation/mutation.json): killed, timed out, survived, not
 * covered, and the score, per mutated folder and overall; then every survivor and uncovered
 * mutant with its place and replacement, to judge (a test to add, or equivalent: test/README.md).
 * Several reports (one per folder run) are merged; a file in more than one counts once, from the last.
 */
import { MUTATED_FOLDERS, readReport, score, tally, type ReportMutant } from './mutation-report'

const paths = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const files = new Map<string, ReportMutant[]>()
for (const path of paths.length ? paths : ['reports/mutation/mutation.json']) {
  for (const [file, f] of Object.entries(readReport(path).files)) files.set(file, f.mutants)
}

const pct = (n: number) => `${n.toFixed(1)} %`
const rows: string[] = ['| folder | killed | timed out | survived | not covered | did not compile | score |', '| --- | --- | --- | --- | --- | --- | --- |']
const all: ReportMutant[] = []
for (const folder of MUTATED_FOLDERS) {
  const mutants = [...files].filter(([file]) => file.startsWith(folder)).flatMap(([, m]) => m)
  if (mutants.length === 0) continue
  all.push(...mutants)
  const t = tally(mutants)
  rows.push(`| \`${folder.replace(/\/$/, '')}\` | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${t.invalid} | ${pct(score(t))} |`)
}
const t = tally(all)
rows.push(`| all of the above | ${t.killed} | ${t.timeout} | ${t.survived} | ${t.noCoverage} | ${t.invalid} | ${pct(score(t))} |`)
console.log(rows.join('\n'))

if (!process.argv.includes('--quiet')) {
  console.log('\nSurvived or not covered:')
  for (const [file, mutants] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    for (const m of mutants.filter((x) => x.status === 'Survived' || x.status === 'NoCoverage')) {
      const replacement = (m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 100)
      console.log(`${file}:${m.location.start.line}:${m.location.start.column} ${m.status} ${m.mutatorName} → ${replacement}`)
    }
  }
}
