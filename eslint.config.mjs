// Layering by runtime (after VS Code): shared ← main, shared ← renderer; only main/electron touches Electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electronBan = {
  paths: [{ name: 'electron', message: 'Only files under main/electron/ may import electron.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'tests/artifacts/**', 'assets/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', electronBan],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        ...electronBan,
        patterns: [
          { group: ['**/main/**', '../main/*', '../../main/*'], message: 'shared/ must not import main/.' },
          { group: ['**/renderer/**', '../renderer/*', '../../renderer/*'], message: 'shared/ must not import renderer/.' },
          { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto'], message: 'shared/ is pure TypeScript: no Node APIs.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        ...electronBan,
        patterns: [{ group: ['**/main/**'], message: 'renderer/ talks to the core only through the API client.' }],
      }],
    },
  },
  {
    files: ['main/**'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', {
        ...electronBan,
        patterns: [{ group: ['**/renderer/**'], message: 'main/ must not import renderer/.' }],
      }],
    },
  },
  { files: ['main/electron/**'], rules: { 'no-restricted-imports': 'off' } },
  // Test harnesses read loosely typed JSON answers; the shipped code stays free of `any`.
  { files: ['tests/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['**/*.mjs', '**/*.cjs', 'scripts/**'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
);
