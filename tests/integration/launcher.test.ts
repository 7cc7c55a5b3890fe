// `npm start` / `npm run serve` run scripts/start.mjs, which starts the app (Electron, or the browser shell) as
// its child and waits. A signal sent to the launcher alone (a script's kill(), a service manager) must stop the
// app too, cleanly, and leave nothing running.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../support/server';

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

/** Starts the launcher (through `sh -c` when asked, as npm does); resolves once the shell printed its URL. */
async function launch(viaShell: boolean) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-launch-'));
  dirs.push(dataDir);
  const args = [path.join(ROOT, 'scripts', 'start.mjs'), '--browser-shell', '--data-dir', dataDir, '--port', '0'];
  const proc = viaShell
    ? spawn('sh', ['-c', args.map((a) => `'${a}'`).reduce((cmd, a) => `${cmd} ${a}`, `'${process.execPath}'`)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no URL: ${out}`)), 30_000);
    proc.stdout!.on('data', (c: Buffer) => { out += c.toString(); if (out.includes('MOTCUA_URL=')) { clearTimeout(t); resolve(); } });
  });
  proc.stderr!.resume();
  return { proc, exited, dataDir };
}

const childrenOf = (pid: number): number[] => {
  try { return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').map(Number); } catch { return []; }
};

describe('the launcher of npm start / npm run serve', () => {
  it('stops the app when the shell that ran it dies (npm passes SIGTERM to its sh, which does not pass it on)', async () => {
    ensureBuilt();
    const { proc: sh, exited, dataDir } = await launch(true);
    const launcherPid = childrenOf(sh.pid!)[0]!;
    const shellPid = childrenOf(launcherPid)[0]!;
    try {
      expect(alive(shellPid)).toBe(true);
      sh.kill('SIGTERM');
      await exited;
      await expect.poll(() => alive(shellPid), { timeout: 10_000 }).toBe(false);
      await expect.poll(() => alive(launcherPid), { timeout: 5_000 }).toBe(false);
      expect(fs.existsSync(path.join(dataDir, 'motcua.sqlite-wal'))).toBe(false);
    } finally {
      for (const pid of [launcherPid, shellPid]) if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    }
  }, 60_000);

  it('passes SIGTERM on to the shell it started: the shell closes the core and exits, the launcher with it', async () => {
    ensureBuilt();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-launch-'));
    dirs.push(dataDir);
    const launcher = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), '--browser-shell', '--data-dir', dataDir, '--port', '0'], {
      cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => launcher.once('exit', (code) => r(code)));
    let shellPid = 0;
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no URL: ${out}`)), 30_000);
        launcher.stdout!.on('data', (c: Buffer) => { out += c.toString(); if (out.includes('MOTCUA_URL=')) { clearTimeout(t); resolve(); } });
      });
      launcher.stderr!.resume();
      shellPid = Number(execFileSync('pgrep', ['-P', String(launcher.pid)], { encoding: 'utf8' }).trim().split('\n')[0]);
      expect(alive(shellPid)).toBe(true);

      launcher.kill('SIGTERM'); // the launcher alone, not its process group
      expect(await exited).toBe(0);
      await expect.poll(() => alive(shellPid), { timeout: 10_000 }).toBe(false);
      // The core closed its database (no write-ahead log left behind).
      expect(fs.existsSync(path.join(dataDir, 'motcua.sqlite-wal'))).toBe(false);
    } finally {
      if (launcher.exitCode === null) launcher.kill('SIGKILL');
      if (shellPid && alive(shellPid)) process.kill(shellPid, 'SIGKILL'); // an orphan when the test fails
    }
  }, 60_000);
});
