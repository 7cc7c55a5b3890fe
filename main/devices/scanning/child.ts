// Helper processes: every scanner helper runs as a child (spawn with an argument list, never a shell), with
// time-outs, and a stuck one is killed with its whole process tree so a driver never hangs the app.
import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { Readable } from 'node:stream';

export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export const defaultSpawn: SpawnFn = (command, args, options) => nodeSpawn(command, args as string[], options);

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be started (ENOENT, EACCES…). */
  spawnError?: NodeJS.ErrnoException;
}

const exits = new WeakMap<ChildProcess, Promise<ExitInfo>>();

/** Resolves once the child has exited (or failed to start); safe to call more than once. */
export function waitExit(child: ChildProcess): Promise<ExitInfo> {
  const known = exits.get(child);
  if (known) return known;
  const p = new Promise<ExitInfo>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('error', (err: NodeJS.ErrnoException) => resolve({ code: null, signal: null, spawnError: err }));
    // 'close' (not 'exit') so stdout/stderr are fully read before we decide.
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal }));
  });
  exits.set(child, p);
  return p;
}

export interface KillOptions {
  graceMs?: number;
  platform?: NodeJS.Platform;
  spawn?: SpawnFn;
}

/**
 * Stops a helper: on Windows `taskkill /T /F` (PowerShell and NAPS2 start children of their own); elsewhere
 * SIGTERM, then SIGKILL once the grace period is over. Resolves when the child is gone.
 */
export async function killTree(child: ChildProcess, opts: KillOptions = {}): Promise<void> {
  const exited = waitExit(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  const grace = opts.graceMs ?? 3000;
  const platform = opts.platform ?? process.platform;
  if (platform === 'win32' && child.pid !== undefined) {
    const spawn = opts.spawn ?? defaultSpawn;
    const tk = spawn('taskkill', ['/PID', String(child.pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' });
    await Promise.race([waitExit(tk), delay(grace)]);
    if (await settled(exited, grace)) return;
    child.kill();
    await exited;
    return;
  }
  child.kill('SIGTERM');
  if (await settled(exited, grace)) return;
  child.kill('SIGKILL');
  await exited;
}

async function settled(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const r = await Promise.race([p.then(() => true), new Promise<false>((res) => (timer = setTimeout(() => res(false), ms)))]);
  clearTimeout(timer);
  return r;
}

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}

/** Calls onLine for each complete line (\n or \r\n), then once more for a trailing unterminated line. */
export function readLines(stream: Readable | null | undefined, onLine: (line: string) => void): void {
  if (!stream) return;
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i).replace(/\r$/, '');
      buf = buf.slice(i + 1);
      onLine(line);
    }
  });
  stream.on('end', () => {
    if (buf.length > 0) onLine(buf.replace(/\r$/, ''));
    buf = '';
  });
}

export interface RunResult extends ExitInfo {
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a short helper (listing, capabilities) to the end; kills it when it runs out of time. */
export async function runHelper(
  spawn: SpawnFn,
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs: number; platform?: NodeJS.Platform; maxBytes?: number },
): Promise<RunResult> {
  const child = spawn(command, args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const exited = waitExit(child);
  const max = opts.maxBytes ?? 4 * 1024 * 1024;
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => (stdout = (stdout + d).slice(0, max)));
  child.stderr?.on('data', (d: string) => (stderr = (stderr + d).slice(-max)));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void killTree(child, { platform: opts.platform, spawn, graceMs: 1000 });
  }, opts.timeoutMs);
  const info = await exited;
  clearTimeout(timer);
  return { ...info, stdout, stderr, timedOut };
}
