// ESLint flat config. Import boundaries follow ../shared/docs/house-style.md:
// kernels (src/sim, src/geo) and results (src/results) import nothing of the views, the DOM, React or three;
// src/ngsi imports nothing of ours; server never imports views.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const VIEW_MODULES = ['**/scene/**', '**/map/**', '**/ui/**', '**/xr/**', '**/state/**'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'public/**', 'coverage/**', 'test-results/**', '.tsbuild/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/sim/**/*.ts', 'src/geo/**/*.ts', 'src/results/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', 'three', 'three/*', '@react-three/*', 'cesium', 'zustand', 'zustand/*'], message: 'Kernels are pure: no rendering or state libraries.' },
          { group: [...VIEW_MODULES, '**/twin/**', '**/ngsi/**', '**/server/**', '**/cli/**'], message: 'src/sim imports only src/sim, src/geo and src/results.' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage'],
    },
  },
  {
    files: ['src/ngsi/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*'], message: 'src/ngsi is a standalone library: it imports nothing of ours.' }] }],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: VIEW_MODULES, message: 'The server never imports views.' }] }],
    },
  },
);
