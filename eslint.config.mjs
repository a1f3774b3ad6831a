// Lint, including the layer boundaries of STYLE.md: enforced here rather than remembered.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const ELECTRON_SHELL = ['main/index.ts', 'main/window.ts', 'main/ipc-electron.ts', 'preload/index.ts']
const noTestImports = { group: ['**/test/**', '../test/*', '../../test/*'], message: 'Nothing outside test/ imports test/.' }

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.tools/**', 'test-results/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      // Type-aware rules: each file is checked with the project (node, web or test) that includes it.
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
      '@typescript-eslint/no-invalid-void-type': 'off',
      // Numbers and booleans read fine in messages; objects and nullish values do not, so those stay errors.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      // `() => doSomething()` and `return send(res)` in a void function are idiomatic; a void value used as data is not.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }]
    }
  },
  {
    // zustand actions and the api's functions are closures that never read `this`, so taking them off their object is safe.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/unbound-method': 'off' }
  },
  {
    // The simulator reads hostile request bodies through casts, so its defensive checks look "unnecessary" to the types.
    files: ['main/simulator/**/*.ts'],
    // Its handlers end with `return send(res, …)`, the idiom of node:http servers.
    rules: {
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off'
    }
  },
  {
    // Tests poke at parsed JSON and pass mocks' methods to expect(); the type-unsafe rules add noise there, not safety.
    files: ['test/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Teardown guards (`await browser?.close()`) must hold when setup failed half-way, whatever the types say.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // Its autofix drops casts inside vi.hoisted() that tsc needs (seen in electron-shell.test.ts).
      '@typescript-eslint/no-unnecessary-type-assertion': 'off'
    }
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/*', '**/main/**'], message: 'The renderer talks to main only through the preload api.' },
            { group: ['node:*', 'electron', 'keytar'], message: 'The renderer runs in a sandboxed page.' },
            noTestImports
          ]
        }
      ]
    }
  },
  {
    // Screens reach main only through store actions: features/ and components/ never import lib/api.
    files: ['renderer/src/features/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/*', '**/main/**'], message: 'The renderer talks to main only through the preload api.' },
            { group: ['node:*', 'electron', 'keytar'], message: 'The renderer runs in a sandboxed page.' },
            { group: ['**/lib/api'], message: 'A screen calls a store action (renderer/src/store/<screen>-slice.ts); only the store calls main.' },
            noTestImports
          ]
        }
      ]
    }
  },
  {
    // Shared components take props and emit events: the store and main are their screens' business.
    files: ['renderer/src/components/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/*', '**/main/**'], message: 'The renderer talks to main only through the preload api.' },
            { group: ['node:*', 'electron', 'keytar'], message: 'The renderer runs in a sandboxed page.' },
            { group: ['**/store', '**/store/**', '**/lib/api'], message: 'Shared components take props and do not read the store or call main; a screen in features/ does.' },
            noTestImports
          ]
        }
      ]
    }
  },
  {
    files: ['preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'electron', 'keytar', '**/main/**', '**/renderer/**'], message: 'The contract is shared by every layer and imports none of them.' },
            noTestImports
          ]
        }
      ]
    }
  },
  {
    files: ['main/**/*.ts', 'preload/**/*.ts'],
    ignores: ELECTRON_SHELL,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Only the four shell files import electron; inject what you need through config.' }],
          patterns: [noTestImports]
        }
      ]
    }
  },
  {
    files: ['**/*.mjs', 'scripts/**', 'test/**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: { ...globals.node } }
  }
)
