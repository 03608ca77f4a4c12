// ESLint flat config. Type-aware: typescript-eslint reads the TypeScript program (the
// tsconfig.json project) to check what types make visible, such as an untyped JSON.parse
// result passed on as a typed value, or a condition that is always true. src/ gets the
// strict and stylistic type-checked presets; test/ and tools/ the recommended type-checked
// one. `npm run typecheck` (tsc) checks the types themselves.
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

const typeScript = ['**/*.ts']

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
  },
  {
    files: typeScript,
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    }
  },
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    rules: {
      // An empty input or variable means "not set" in Actions: `||` on strings is meant.
      '@typescript-eslint/prefer-nullish-coalescing': [
        'error',
        { ignorePrimitives: { string: true } }
      ],
      // The stylistic preset asks for `x!` where the strict one forbids it: keep `as T`.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off'
    }
  },
  {
    files: ['test/**/*.ts', 'tools/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked]
  },
  {
    // Test doubles implement async interfaces without having anything to await.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' }
  },
  {
    files: typeScript,
    rules: {
      // Numbers read well in messages (`${count} errors`); objects and undefined do not.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // node:test runs describe() and it() blocks itself; nothing is lost by not awaiting them.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }
          ]
        }
      ]
    }
  }
)
