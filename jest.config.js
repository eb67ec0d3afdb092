/**
 * Jest: core, stores and server tests run in Node; e2e runs apart (npm run test:e2e), and so do
 * the weapp tests, which need dist/weapp built first (npm run test:weapp sets GNM_WEAPP=1).
 */
const weapp = process.env.GNM_WEAPP === '1'
// Under Stryker (stryker.config.mjs) the multiprocess and shutdown tests are left out: their servers
// are child processes, where no mutant is active; so is the OCR engine's accuracy test (a minute of
// inference; test/core/ocr.test.ts covers the rules it applies).
const mutation = process.env.GNM_MUTATION === '1'
const babel = [
  'babel-jest',
  {
    configFile: false,
    babelrc: false,
    presets: [['@babel/preset-env', { targets: { node: 'current' } }], '@babel/preset-typescript']
  }
]

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '/test/e2e/',
    ...(weapp ? [] : ['/test/weapp/']),
    ...(mutation ? ['/test/sync/multiprocess.test.ts', '/test/server/shutdown.test.ts', '/test/ocr/'] : [])
  ],
  transform: { '\\.[jt]sx?$': babel },
  // A few dependencies ship ESM only; let babel compile them too.
  // (content-disposition: nested under @fastify/swagger-ui's own @fastify/static.)
  transformIgnorePatterns: ['^(?!.*/node_modules/(cookie|set-cookie-parser|content-disposition)/).*/node_modules/'],
  // Stryker's sandbox copies of the project (see stryker.config.mjs) are not this project's modules.
  modulePathIgnorePatterns: ['<rootDir>/.stryker-tmp/', '<rootDir>/reports/'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 30000
}
