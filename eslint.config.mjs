import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

/** Zero warnings is the bar (`npm run lint` uses --max-warnings 0). */
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', '.swc/**', 'data/**', 'reports/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name='only']", message: '.only hides the rest of the suite' }
      ]
    }
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules }
  },
  {
    // The domain core is shared by the phone and the server: it imports no framework and nothing outside itself.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@tarojs/*', 'react', 'react-dom', 'react/*', 'kysely', 'fastify', '@fastify/*', 'zustand', 'zustand/*'], message: 'src/core imports no framework' },
            { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process'], message: 'src/core must run on the phone too: no Node modules' },
            { group: ['../*', '../../*', '@/*'], message: 'src/core imports nothing outside itself' }
          ]
        }
      ]
    }
  },
  {
    // Pages and components go through stores; only src/api and src/stores touch the network and storage.
    files: ['src/pages/**/*.{ts,tsx}', 'src/packages/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Taro', property: 'request', message: 'pages never call the network: use a store action' },
        { object: 'Taro', property: 'uploadFile', message: 'pages never call the network: use a store action' },
        { object: 'Taro', property: 'setStorageSync', message: 'pages never touch storage: use a store' },
        { object: 'Taro', property: 'getStorageSync', message: 'pages never touch storage: use a store' }
      ]
    }
  },
  {
    // Migrations are frozen: they never import application code.
    files: ['server/db/migrations/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['../*', '../../*'], message: 'migrations never import app code' }] }] }
  },
  {
    files: ['*.js', 'config/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  }
)
