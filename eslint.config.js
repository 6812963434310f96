// ESLint flat config. Import boundaries follow ../shared/docs/house-style.md:
// kernels (src/sim, src/geo) and results (src/results) import nothing of the views, the DOM, React or three;
// src/ngsi imports nothing of ours; server never imports views; src/twin imports neither the app layer
// nor the views; src/app (except the shell app.tsx) and src/gpu import no views.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const VIEW_MODULES = ['**/scene/**', '**/map/**', '**/ui/**', '**/xr/**', '**/state/**'];
/** The views proper (the stores in src/state are not among them: the app layer writes them). */
const VIEWS = ['**/scene/**', '**/map/**', '**/ui/**', '**/xr/**'];

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
    files: ['src/twin/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: [...VIEWS, '**/app/**'], message: 'src/twin is the city model: it imports neither the app layer (src/app) nor the views.' }] }],
    },
  },
  {
    files: ['src/app/**/*.ts', 'src/app/**/*.tsx'],
    ignores: ['src/app/app.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: VIEWS, message: 'src/app sits between stores and workers: views call it, it never imports them (only the shell app.tsx lays them out).' }] }],
    },
  },
  {
    files: ['src/gpu/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-dom', '@react-three/*', 'cesium', 'zustand', 'zustand/*'], message: 'GPU kernels use three only for WebGL: no React, Cesium or stores.' },
          { group: [...VIEW_MODULES, '**/app/**', '**/twin/**'], message: 'src/gpu imports only src/sim, src/geo and three.' },
        ],
      }],
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
