// `npm run dist:win`: the Windows x64 installer, reproducibly (issue 8, #18).
//   1. sharp's win32-x64 package must be in node_modules. `npm ci` on Windows x64 installs it; on another
//      machine (a cross build) it is fetched with `npm pack` at the version of the lock file, checked
//      against the lock file's integrity, and unpacked into node_modules/@img/sharp-win32-x64.
//   2. Build (scripts/build.mjs).
//   3. electron-builder --win nsis --x64: downloads Electron, rebuilds better-sqlite3 for Electron's ABI
//      (npmRebuild), packs, runs scripts/check-package.mjs (afterPack) which stops a build lacking a native
//      binary for win32-x64, burns the fuses, writes release/MotCuaDesk-Setup-<version>-x64.exe.
// Extra arguments go to electron-builder (e.g. `npm run dist:win -- --dir` for release/win-unpacked only).
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARP_PKG = '@img/sharp-win32-x64';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' && !cmd.endsWith('.exe') && cmd !== process.execPath, ...opts });
  if (r.status !== 0) {
    console.error(`dist:win: ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
  return r;
}

/** The version and integrity npm locked for a package. */
export function lockedPackage(lock, name) {
  const entry = lock.packages?.[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity) throw new Error(`${name} is not in package-lock.json`);
  return { version: entry.version, integrity: entry.integrity };
}

/** True when a Subresource-Integrity string (sha512-…, as in package-lock.json) matches the bytes. */
export function integrityMatches(integrity, bytes) {
  return integrity.split(/\s+/).some((sri) => {
    const dash = sri.indexOf('-');
    const algo = sri.slice(0, dash);
    return ['sha512', 'sha384', 'sha256', 'sha1'].includes(algo) && crypto.createHash(algo).update(bytes).digest('base64') === sri.slice(dash + 1);
  });
}

function sharpWin32Present(dir) {
  const lib = path.join(dir, 'node_modules', SHARP_PKG, 'lib');
  return fs.existsSync(lib) && fs.readdirSync(lib).some((f) => f.endsWith('.node'));
}

/** Makes sure node_modules under dir holds sharp's win32-x64 binary (see 1. above). */
export function ensureSharpWin32(dir = root) {
  if (sharpWin32Present(dir)) return 'present';
  if (process.platform === 'win32' && process.arch === 'x64') {
    console.error(`dist:win: ${SHARP_PKG} is missing although this is Windows x64 — run \`npm ci\` (with optional dependencies) first.`);
    process.exit(1);
  }
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
  const { version, integrity } = lockedPackage(lock, SHARP_PKG);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-sharp-'));
  console.log(`dist:win: cross build — fetching ${SHARP_PKG}@${version} (npm pack)`);
  run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', `${SHARP_PKG}@${version}`, '--pack-destination', tmp, '--silent']);
  const tarball = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (!tarball || !integrityMatches(integrity, fs.readFileSync(path.join(tmp, tarball)))) {
    console.error(`dist:win: ${SHARP_PKG}@${version} does not match the integrity in package-lock.json; not using it.`);
    process.exit(1);
  }
  const dest = path.join(dir, 'node_modules', SHARP_PKG);
  fs.mkdirSync(dest, { recursive: true });
  run('tar', ['-xzf', path.join(tmp, tarball), '-C', dest, '--strip-components=1']);
  fs.rmSync(tmp, { recursive: true, force: true });
  if (!sharpWin32Present(dir)) {
    console.error(`dist:win: ${SHARP_PKG} was unpacked but holds no .node file.`);
    process.exit(1);
  }
  return 'fetched';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureSharpWin32();
  run(process.execPath, [path.join(root, 'scripts', 'build.mjs')]);
  const builder = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
  run(process.execPath, [builder, '--win', 'nsis', '--x64', '--publish', 'never', ...process.argv.slice(2)]);
}
