// The Electron shell's core process, run under plain Node: the real core-host bundled the way
// scripts/build.mjs bundles it, forked with an IPC channel (which core-host takes for Electron's parentPort),
// and adapted to the CoreProcess interface the supervisor gets from utilityProcess.fork in the app.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { CoreProcess } from '../../main/electron/core-supervisor';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * A folder holding dist-like core-host.js and a node_modules of links to the real packages, except those in
 * `omit` (e.g. '@img/sharp-linux-x64': an app packed without sharp's binary for its platform, as issue 8
 * found in the Windows installer). sharp itself is copied, not linked: Node resolves a linked package from
 * its real path, where the omitted binary would still be found.
 */
export async function makeApp(omit: string[] = []): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-app-'));
  await build({
    absWorkingDir: ROOT, entryPoints: { 'core-host': 'main/node/core-host.ts' }, outdir: dir,
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error',
  });
  linkNodeModules(dir, omit);
  return dir;
}

/**
 * The dist/ layout of the app (dist/main/electron/main.js, dist/main/node/core-host.js, dist/renderer/,
 * assets/) with main.ts bundled against tests/electron/fake-electron.ts in place of `electron`.
 */
export async function makeShellApp(omit: string[] = []): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-shell-'));
  await build({
    absWorkingDir: ROOT, outdir: path.join(dir, 'dist'), outbase: '.',
    entryPoints: ['main/node/core-host.ts', 'main/electron/main.ts'],
    alias: { electron: './tests/electron/fake-electron.ts' },
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'error',
  });
  fs.mkdirSync(path.join(dir, 'dist', 'renderer'));
  fs.writeFileSync(path.join(dir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Một Cửa Desk</title>');
  fs.symlinkSync(path.join(ROOT, 'assets'), path.join(dir, 'assets'), 'junction');
  linkNodeModules(dir, omit);
  return dir;
}

function linkNodeModules(dir: string, omit: string[]): void {
  const src = path.join(ROOT, 'node_modules');
  const dst = path.join(dir, 'node_modules');
  fs.mkdirSync(dst);
  const place = (name: string) => {
    if (omit.includes(name)) return;
    if (name === 'sharp') fs.cpSync(path.join(src, name), path.join(dst, name), { recursive: true });
    else fs.symlinkSync(path.join(src, name), path.join(dst, name), 'junction');
  };
  for (const entry of fs.readdirSync(src)) {
    if (entry.startsWith('.')) continue;
    if (!entry.startsWith('@')) { place(entry); continue; }
    fs.mkdirSync(path.join(dst, entry));
    for (const pkg of fs.readdirSync(path.join(src, entry))) place(`${entry}/${pkg}`);
  }
}

/** Node's ChildProcess seen through the UtilityProcess-shaped interface (send ↔ postMessage). */
export function asCoreProcess(child: ChildProcess): CoreProcess {
  return {
    get pid() { return child.pid; },
    postMessage: (m) => { if (child.connected) child.send(m as object); },
    kill: () => child.kill('SIGKILL'),
    on: (event: 'message' | 'exit', listener: (arg: never) => void) => child.on(event, listener as never),
    stderr: child.stderr,
  } as CoreProcess;
}

export function forkHost(script: string, args: string[], opts: { tsx?: boolean; env?: Record<string, string> } = {}): ChildProcess {
  return fork(script, args, {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: opts.tsx ? ['--import', 'tsx'] : [], cwd: ROOT, env: { ...process.env, ...opts.env },
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Alive and not a zombie (an orphan whose parent is gone may wait unreaped in a container). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

export async function waitUntil(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
