// Lint rules, including the layering the architecture depends on: which folder may import what.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noElectron = { name: 'electron', message: 'Only electron/main/ (and the preload) may import electron.' };
const nodeBuiltins = { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto'], message: 'This folder runs without Node.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['electron/contract/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noElectron, { name: 'better-sqlite3', message: 'The contract holds declarations only.' }],
        patterns: [nodeBuiltins, { group: ['../core/*', '../main/*', '../web/*', '../cli/*', '../jobs/*', '../ml/*'], message: 'The contract imports nothing but zod and itself.' }],
      }],
    },
  },
  {
    files: ['electron/core/**', 'electron/jobs/**', 'electron/cli/**', 'electron/web/**', 'electron/deploy/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['../main/*', '../../main/*'], message: 'Plain Node code cannot depend on the Electron host.' }] }],
    },
  },
  {
    files: ['electron/ml/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noElectron, { name: 'better-sqlite3', message: 'ml/ is pure: no database.' }], patterns: [{ group: ['node:fs', 'fs', '../core/*'], message: 'ml/ is pure: no I/O.' }] }],
    },
  },
  {
    // The files copied into every deployment bundle run where Gyre was never installed.
    files: ['electron/deploy/templates/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!node:|\\./|onnxruntime-node$|hyparquet$)', message: 'Bundle templates import only Node, onnxruntime-node, hyparquet and each other.' }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [noElectron, { name: 'better-sqlite3', message: 'The renderer reaches data only through the contract.' }],
        patterns: [nodeBuiltins, { group: ['**/electron/core/**', '**/electron/main/**', '**/electron/web/**', '**/electron/cli/**'], message: 'The renderer imports only the contract (@contract).' }],
      }],
    },
  },
);
