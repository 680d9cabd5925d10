// One linter for the whole tree. Besides style, it enforces the process boundaries of DESIGN.md:
// shared ← main, shared ← renderer, shared ← server; never renderer → main, main → renderer,
// shared → any of them, or anything → server (the newsroom server imports shared/ and main's
// plain-Node services only).
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'url',
];

function forbid(patterns, message) {
  return {
    'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'bench/results.json',
      'release/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'func-style': ['error', 'declaration', { allowArrowFunctions: true }],
      'no-console': ['error', { allow: ['warn', 'error', 'info'] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: forbid(
      [
        '**/main/**',
        '**/renderer/**',
        '**/server/**',
        'electron',
        'react',
        'react-dom',
        'dexie',
        ...nodeBuiltins,
      ],
      'shared/ is pure TypeScript: it imports nothing of main, renderer, server, electron, node, react or dexie.',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...forbid(
        ['**/main/**', '**/server/**', 'electron', ...nodeBuiltins],
        'The renderer reaches main only through renderer/api (the typed client), and the newsroom server only over its API.',
      ),
    },
  },
  {
    // Story data has one way in: components, hooks and workflow code never touch the database.
    files: ['renderer/**/*.{ts,tsx}'],
    // The newsroom sync sits behind the repository (its hook) and keeps its own tables there.
    ignores: ['renderer/db/**', 'renderer/stories/repository/**', 'renderer/newsroom/sync/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', 'electron', ...nodeBuiltins],
              message: 'The renderer reaches main only through renderer/api (the typed client).',
            },
            {
              group: ['**/db/db', '**/db/bodyUpdates'],
              allowTypeImports: true,
              message:
                'Story data is read and written through renderer/stories/repository, never the database directly.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: [
      'main/index.ts',
      'main/window.ts',
      'main/preload.ts',
      'main/menu.ts',
      'main/protocol.ts',
      'main/ipc/**',
    ],
    rules: forbid(
      ['**/renderer/**', '**/server/**', 'electron'],
      'Only the Electron-only files (index, window, preload, menu, protocol, ipc/) import electron; services run under plain Node; main reaches the newsroom server only over its API.',
    ),
  },
  {
    files: [
      'main/index.ts',
      'main/window.ts',
      'main/preload.ts',
      'main/menu.ts',
      'main/protocol.ts',
      'main/ipc/**/*.ts',
    ],
    rules: forbid(
      ['**/renderer/**', '**/server/**'],
      'main never imports the renderer or the server.',
    ),
  },
  {
    files: ['server/**/*.ts'],
    rules: forbid(
      ['**/renderer/**', 'electron', '**/main/**', '!**/main/services/**'],
      'server/ imports shared/ and the plain-Node services of main/services only: never the renderer, Electron or the workstation.',
    ),
  },
  {
    files: ['tests/**/*.ts', 'tools/**/*.mjs', '**/*.test.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-console': 'off' },
  },
);
