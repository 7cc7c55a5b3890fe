// Starts the real browser shell (dist/main/node/serve.js) on a fresh data folder for integration and
// end-to-end tests. Builds first when dist/ is missing or older than the sources.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { coreEnv, coreNodeFlags } from '../../main/base/core-heap';

export const ROOT = path.resolve(__dirname, '..', '..');
let built = false;

export function ensureBuilt(): void {
  if (built) return;
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
  built = true;
}

export interface RunningServer {
  url: string; baseUrl: string; token: string; dataDir: string; process: ChildProcess; stop(): Promise<void>;
  /** What the shell has written to stderr so far (its log). */
  stderr(): string;
}

/** `nodeFlags`: the core's own (coreNodeFlags(), what every launch gives it) unless a bench says otherwise; its environment too (coreEnv()). */
export async function startServer(opts: { dataDir?: string; env?: Record<string, string>; nodeFlags?: string[] } = {}): Promise<RunningServer> {
  ensureBuilt();
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-'));
  const args = [...(opts.nodeFlags ?? coreNodeFlags()), path.join(ROOT, 'dist', 'main', 'node', 'serve.js'), '--data-dir', dataDir, '--port', '0'];
  const child = spawn(process.execPath, args, {
    cwd: ROOT, env: { ...coreEnv(), ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /MOTCUA_URL=(\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const u = new URL(url);
  return {
    url, baseUrl: u.origin, token: u.searchParams.get('token')!, dataDir, process: child, stderr: () => stderr,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** A typed-enough API caller for tests that talk HTTP like the UI does. */
export function apiCaller(server: { baseUrl: string; token: string }) {
  let session: string | undefined;
  const call = async (method: string, input: unknown = {}) => {
    const res = await fetch(`${server.baseUrl}/api/${method}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json', ...(session ? { 'x-session': session } : {}) },
      body: JSON.stringify(input),
    });
    return (await res.json()) as { ok: boolean; data?: any; error?: { code: string; message: string; fields?: { field: string; message: string }[] } };
  };
  return { call, setSession: (s: string | undefined) => { session = s; } };
}
