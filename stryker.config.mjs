// @ts-check
/**
 * Mutation testing (npm run test:mutation): StrykerJS mutates the domain core, the server's rules
 * (services, auth, routes), the sync worker and the stores, and runs the jest suites against each
 * mutant. Incremental: a re-run reuses reports/mutation/incremental.json and mutates only what
 * changed. The HTML report goes to reports/mutation/ (git-ignored). test/README.md lists the
 * survivors judged equivalent, with the reason.
 *
 * The jest run under Stryker is SQLite only (SKIP_PG=1: PostgreSQL runs the same rules and would
 * double the time) with 25 property-test schedules; the multiprocess test is left out, since
 * its servers are child processes where no mutant is active.
 */
process.env.SKIP_PG = '1'
process.env.PROPERTY_RUNS = process.env.PROPERTY_RUNS ?? '25'
process.env.GNM_MUTATION = '1'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.config.js', enableFindRelatedTests: false },
  coverageAnalysis: 'perTest',
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  mutate: [
    'src/core/**/*.ts',
    'server/services/**/*.ts',
    'server/auth/**/*.ts',
    'server/routes/**/*.ts',
    'src/sync/**/*.ts',
    'src/stores/**/*.ts',
    '!src/core/api-types.ts',
    '!src/core/types.ts',
    '!src/core/index.ts',
    '!src/stores/index.ts'
  ],
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['html', 'clear-text', 'progress', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 85, low: 75, break: null },
  // Stryker gives half of these to TypeScript checkers (mostly idle once the mutants are checked)
  // and half to jest runners: two runners on a two-core machine.
  concurrency: 4,
  // A mutant's run may take its tests' time × 1.5 + this: at 5 s, a busy two-core machine labelled
  // ordinary kills as timeouts (51 of 148 in server/auth against 3 at 30 s).
  timeoutMS: 30000,
  disableTypeChecks: '{src,server}/**/*.{ts,tsx}',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always'
}
