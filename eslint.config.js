// Lint: typed rules for promises everywhere; process/console only at the CLI edge; the layering of
// ARCHITECTURE.md and README "Development" describe: engine/ sees the connection contract and the registry
// (connections/connection.ts, connections/registry.ts), never ssh2, a connection kind's folder or lab/;
// connections/ never imports lab/; parsers/ are pure; report/ never drives the CLI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PROCESS_IMPORTS = [
  { name: 'node:process', message: 'Only src/cli/ touches process.' },
  { name: 'process', message: 'Only src/cli/ touches process.' },
];

/** `no-restricted-imports` for one folder of src/ (outside cli/): process, plus that folder's layering patterns.
 * (A later config's options replace an earlier one's, so every folder rule repeats the process ban.) */
function layer(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { paths: PROCESS_IMPORTS, patterns }] } };
}

const NO_LAB = { regex: '^(\\.\\./)+lab(/|$)', message: 'lab/ (the simulated fleet) is never imported by engine/ or connections/.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'Only src/cli/ touches process; pass what you need in.' }],
      'no-restricted-imports': ['error', { paths: PROCESS_IMPORTS }],
      'no-console': 'error',
    },
  },
  layer(['src/engine/**/*.ts'], [
    { regex: '^ssh2(/|$)', message: 'engine/ sees the Connection contract, not ssh2.' },
    {
      regex: '^(\\.\\./)+connections/(?!(connection|registry)\\.js$)',
      message: 'engine/ sees connections/connection.ts (the contract) and connections/registry.ts, never a connection kind (connections/ssh/, connections/httpapi/ …).',
    },
    NO_LAB,
  ]),
  layer(['src/connections/**/*.ts'], [NO_LAB]),
  layer(['src/parsers/**/*.ts'], [
    {
      regex: '^(?!\\./|\\.\\./errors\\.js$)',
      message: 'parsers/ are pure (device text → facts): they import only parsers/ and the error classes.',
    },
  ]),
  layer(['src/report/**/*.ts'], [{ regex: '^(\\.\\./)+cli(/|$)', message: 'report/ never imports cli/: pass what it needs in.' }]),
);
