// ESLint flat config: the recommended JavaScript and typescript-eslint rules, without
// type-aware linting (tsc already type-checks; this keeps `npm run lint` fast).
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

// The Node globals our plain .js files use (no `globals` package needed for so few).
const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
  URL: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  clearInterval: 'readonly',
  AbortController: 'readonly',
  AbortSignal: 'readonly',
  fetch: 'readonly',
  performance: 'readonly',
  structuredClone: 'readonly',
  TextEncoder: 'readonly',
  TextDecoder: 'readonly'
}

export default defineConfig(
  {
    ignores: ['dist/', 'lib/', 'node_modules/', 'coverage/', '.bench/']
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: nodeGlobals
    },
    linterOptions: {
      reportUnusedDisableDirectives: 'error'
    },
    rules: {
      // `_`-prefixed names mark parameters and bindings kept on purpose.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }
      ],
      // Node runs the .ts files directly: type-only imports must say so to be erased.
      '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-var': 'error',
      'prefer-const': 'error',
      // Making API text safe for logs, summaries and comments matches control characters
      // on purpose (src/text.ts, src/report/escape.ts).
      'no-control-regex': 'off'
    }
  }
)
