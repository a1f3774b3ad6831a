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
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-dynamic-delete': 'off',
      '@typescript-eslint/no-invalid-void-type': 'off'
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
    languageOptions: { globals: { ...globals.node } }
  }
)
