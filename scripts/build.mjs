// Builds the core and shells (esbuild, CommonJS for Node/Electron) and the UI (Vite) into dist/.
// `--quiet` prints nothing on success (used by `npm run serve` and `npm start`).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const log = (s) => { if (!quiet) console.log(s); };

const t0 = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: {
    'main/node/serve': 'main/node/serve.ts',
    'main/node/cli': 'main/node/cli.ts',
    'main/node/core-host': 'main/node/core-host.ts',
    'main/electron/main': 'main/electron/main.ts',
    'main/electron/preload': 'main/electron/preload.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Dependencies stay in node_modules (native better-sqlite3, TypeORM's dynamic requires, electron).
  packages: 'external',
  logLevel: quiet ? 'error' : 'warning',
});
log(`core built in ${Date.now() - t0} ms`);

// Always React's production build: a NODE_ENV inherited from a test runner (vitest sets 'test') would make
// Vite bundle the development build, with StrictMode's doubled effects, into what the tests drive.
const vite = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--mode', 'production', '--logLevel', quiet ? 'error' : 'warn'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
if (vite.status !== 0) process.exit(vite.status ?? 1);
log(`ui built in ${Date.now() - t0} ms`);
