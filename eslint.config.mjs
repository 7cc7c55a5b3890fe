// Layering by runtime (after VS Code): shared ← main, shared ← renderer; only main/electron touches Electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const electronBan = {
  paths: [{ name: 'electron', message: 'Only files under main/electron/ may import electron.' }],
};

/**
 * Floors inside main/ (after VS Code's code-layering table): a folder may import only the folders listed for
 * it, each of which stands on a lower floor. The ground is `base`; `sync/outbox` is the one owner of the
 * outbox table, below the services that enqueue into it and the drainer that empties it. A file belongs to
 * the longest folder of the table that holds it; main/electron is the shell and may import anything.
 */
const MAIN_FLOORS = {
  base: [],
  persistence: ['base'],
  storage: ['base'],
  'sync/outbox': ['base', 'persistence'],
  devices: ['base'],
  digitization: ['base', 'devices'],
  documents: ['base'],
  // The applicants' notices: e-mail and SMS gateways and their own drainer over the outbox owner.
  notify: ['base', 'persistence', 'sync/outbox'],
  services: ['base', 'persistence', 'storage', 'sync/outbox', 'devices', 'digitization', 'documents', 'notify'],
  sync: ['base', 'persistence', 'storage', 'sync/outbox', 'services'],
  core: ['base', 'persistence', 'storage', 'sync/outbox', 'devices', 'digitization', 'documents', 'notify', 'services', 'sync'],
  node: ['base', 'persistence', 'storage', 'sync/outbox', 'devices', 'digitization', 'documents', 'notify', 'services', 'sync', 'core'],
};

const mainRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main');
function floorOf(file) {
  const rel = path.relative(mainRoot, file).split(path.sep).join('/');
  if (rel.startsWith('..')) return null;
  return Object.keys(MAIN_FLOORS).filter((f) => rel === f || rel.startsWith(`${f}/`)).sort((a, b) => b.length - a.length)[0] ?? null;
}

const mainFloorsRule = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const from = floorOf(context.filename);
    if (!from) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const to = floorOf(path.resolve(path.dirname(context.filename), spec));
      if (!to || to === from || MAIN_FLOORS[from].includes(to)) return;
      const allowed = MAIN_FLOORS[from].map((x) => `main/${x}`).join(', ') || 'shared/ and Node';
      context.report({ node, message: `main/${from} may not import main/${to} (floors inside main/): it may import only ${allowed}.` });
    };
    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
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
    plugins: { local: { rules: { 'main-floors': mainFloorsRule } } },
    rules: {
      'local/main-floors': 'error',
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
