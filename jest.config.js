/**
 * Jest: core, stores and server tests run in Node; e2e runs apart (npm run test:e2e), and so do
 * the weapp tests, which need dist/weapp built first (npm run test:weapp sets GNM_WEAPP=1).
 */
const weapp = process.env.GNM_WEAPP === '1'
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
  testPathIgnorePatterns: weapp ? ['/node_modules/', '/test/e2e/'] : ['/node_modules/', '/test/e2e/', '/test/weapp/'],
  transform: { '\\.[jt]sx?$': babel },
  // A few dependencies ship ESM only; let babel compile them too.
  transformIgnorePatterns: ['/node_modules/(?!(cookie|set-cookie-parser)/)'],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
  globalSetup: '<rootDir>/test/global-setup.ts',
  testTimeout: 30000
}
