/**
 * The hand-made mutation audit (npm run -s test:mutation:audit): fourteen small, plausible bugs,
 * each put into the source on its own, the tests that should notice run against it (jest, SQLite
 * only), the source restored. Prints for each whether it was killed and by which tests. Seven of
 * these survived the suite once; StrykerJS (npm run test:mutation) does the same at scale.
 *
 *   npx tsx scripts/mutation-audit.ts            # all fourteen
 *   npx tsx scripts/mutation-audit.ts 3 7        # only these
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(__dirname, '..')

interface Mutation {
  what: string
  file: string
  find: string
  replace: string
  tests: string[]
}

const MUTATIONS: Mutation[] = [
  {
    what: 'the deadline day counted as overdue',
    file: 'src/core/deadline.ts',
    find: "  if (days === 0) return { kind: 'today' }\n",
    replace: '',
    tests: ['test/core/deadline.test.ts', 'test/server/rectification.test.ts']
  },
  {
    what: 'a score of exactly the pass mark fails (<= instead of <)',
    file: 'src/core/verdict.ts',
    find: 'score < catalog.scoring.passMark',
    replace: 'score <= catalog.scoring.passMark',
    tests: ['test/core/verdict.test.ts']
  },
  {
    what: 'a leader with a district sees the whole city',
    file: 'server/auth/scope.ts',
    find: "if (user.role === 'leader' && user.departmentId === null) return null",
    replace: "if (user.role === 'leader') return null",
    tests: ['test/server/authorization.test.ts']
  },
  {
    what: '/departments not filtered by scope',
    file: 'server/routes/departments.ts',
    find: 'only: visible ? [...visible] : null',
    replace: 'only: null',
    tests: ['test/server/authorization.test.ts']
  },
  {
    what: 'the closed-round check removed from rectification',
    file: 'server/services/rectification.ts',
    find: "  if (issue.round_state === 'closed') throw new AppError(409, 'ROUND_NOT_OPEN', '该检查批次已结束，不能再修改问题状态')\n",
    replace: '',
    tests: ['test/server/rectification.test.ts']
  },
  {
    what: 'sessions never expire',
    file: 'server/db/repos/users.ts',
    find: "    .where('sessions.expires_at', '>', now.toISOString())\n",
    replace: '',
    tests: ['test/server/expiry.test.ts']
  },
  {
    what: 'the CLIENT_ID_TAKEN check removed',
    file: 'server/services/inspections.ts',
    find: "    if (previous.inspector_id !== user.id) throw new AppError(409, 'CLIENT_ID_TAKEN', '该检查记录编号已被其他检查员使用')\n",
    replace: '',
    tests: ['test/server/error-codes.test.ts', 'test/server/inspections.test.ts']
  },
  {
    what: 'the submission hash ignores the note (a changed resubmission taken for a replay)',
    file: 'server/services/inspections.ts',
    find: '.map((a) => [a.code, a.result, a.note, a.value, a.evidence])',
    replace: '.map((a) => [a.code, a.result, a.value, a.evidence])',
    tests: ['test/sync/property.test.ts']
  },
  {
    what: 'a replay with the same body stored again (idempotency lost)',
    file: 'server/services/inspections.ts',
    find: '    if (previous.body_hash === bodyHash) return receiptOf(deps, previous, true)\n',
    replace: '',
    tests: ['test/server/inspections.test.ts', 'test/sync/property.test.ts']
  },
  {
    what: 'a liaison reads any screenshot (evidence scope gone)',
    file: 'server/services/evidence.ts',
    find: "    if (!departments.some((d) => visible.has(d))) throw forbidden('您只能查看本单位问题的截图')\n",
    replace: '',
    tests: ['test/server/evidence.test.ts', 'test/server/authorization.test.ts']
  },
  {
    what: 'a failed single-veto item does not fail the account',
    file: 'src/core/verdict.ts',
    find: "  if (failedVeto.length > 0) verdict = 'fail'\n  else if",
    replace: '  if',
    tests: ['test/core/verdict.test.ts']
  },
  {
    what: 'the update lag one day too lenient (> instead of >=)',
    file: 'src/core/verdict.ts',
    find: "result: lag >= days ? 'fail' : 'pass'",
    replace: "result: lag > days ? 'fail' : 'pass'",
    tests: ['test/core/verdict.test.ts']
  },
  {
    what: 'the worker sends the inspection before its screenshots',
    file: 'src/sync/worker.ts',
    find: '      await sendPhotos(deps.outbox.getState().entries.find((e) => e.clientId === entry.clientId) ?? entry)\n      const receipt = await deps.api.putInspection(entry.clientId, entry.body)\n',
    replace: '      const receipt = await deps.api.putInspection(entry.clientId, entry.body)\n      await sendPhotos(deps.outbox.getState().entries.find((e) => e.clientId === entry.clientId) ?? entry)\n',
    tests: ['test/sync/worker.test.ts', 'test/sync/property.test.ts']
  },
  {
    what: 'a changed screenshot file uploaded without noticing (EVIDENCE_CHANGED check gone)',
    file: 'src/sync/worker.ts',
    // The check on the upload path every screenshot takes (the batched uploads ahead of the records).
    find: "if (receipt.sha256 !== w.photo.sha256) throw new ApiError(422, 'EVIDENCE_CHANGED', '截图文件与提交时不一致，请重新拍摄')",
    replace: '',
    tests: ['test/sync/worker.test.ts']
  }
]

interface JestReport {
  numFailedTests: number
  numTotalTests: number
  testResults: { name: string; assertionResults: { fullName: string; status: string }[] }[]
}

const pick = process.argv.slice(2).map(Number)
const out = mkdtempSync(join(tmpdir(), 'gnm-audit-'))
let killed = 0
try {
  for (const [i, m] of MUTATIONS.entries()) {
    if (pick.length && !pick.includes(i + 1)) continue
    const path = join(ROOT, m.file)
    const original = readFileSync(path, 'utf8')
    const at = original.indexOf(m.find)
    if (at < 0 || original.indexOf(m.find, at + 1) >= 0) throw new Error(`mutation ${i + 1} (${m.what}): the text to change is not in ${m.file} exactly once; update this script`)
    writeFileSync(path, original.slice(0, at) + m.replace + original.slice(at + m.find.length))
    const report = join(out, `${i + 1}.json`)
    try {
      spawnSync('npx', ['jest', '--silent', '--json', `--outputFile=${report}`, ...m.tests], {
        cwd: ROOT,
        env: { ...process.env, SKIP_PG: '1', PROPERTY_RUNS: process.env.PROPERTY_RUNS ?? '100' },
        stdio: 'ignore'
      })
    } finally {
      writeFileSync(path, original)
    }
    const r = JSON.parse(readFileSync(report, 'utf8')) as JestReport
    const by = r.testResults.flatMap((t) => t.assertionResults.filter((a) => a.status === 'failed').map((a) => `${t.name.replace(`${ROOT}/`, '')}: ${a.fullName}`))
    if (by.length) killed += 1
    console.log(`${String(i + 1).padStart(2)}. ${by.length ? 'killed  ' : 'SURVIVED'} ${m.what} (${m.file})`)
    for (const b of by.slice(0, 3)) console.log(`      by ${b}`)
    if (by.length > 3) console.log(`      and ${by.length - 3} more`)
  }
} finally {
  rmSync(out, { recursive: true, force: true })
}
const n = pick.length || MUTATIONS.length
console.log(`\n${killed} of ${n} mutations killed`)
process.exitCode = killed === n ? 0 : 1
