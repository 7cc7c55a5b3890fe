// Quitting the app: no helper of the core (tesseract, PowerShell, NAPS2) may outlive it (issue 8, #19).
// Before, the shell called kill() on the utility process only: its children were left running.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CoreSupervisor } from '../../main/electron/core-supervisor';
import { shutdownCore } from '../../main/node/core-host';
import { descendantsOf, killDescendants, parseProcessTable } from '../../main/node/process-tree';
import { asCoreProcess, forkHost, isAlive, tempDir, waitUntil } from './support';

const FIXTURES = path.join(__dirname, 'fixtures');

function helperPidFile(): string {
  return path.join(tempDir('motcua-pid-'), 'helper.pid');
}

async function helperPid(file: string): Promise<number> {
  await waitUntil(() => fs.existsSync(file) && fs.readFileSync(file, 'utf8').length > 0, 'helper started');
  return Number(fs.readFileSync(file, 'utf8'));
}

describe('process trees', () => {
  it('lists descendants parents first, skipping cycles and self-parented entries', () => {
    const table = parseProcessTable(' 1 0\n 0 0\n10 1\n11 10\n12 11\n13 10\n20 1\nnoise\r\n  14 12 \n 99 14\n 14 99\n');
    expect(descendantsOf(10, table)).toEqual([11, 12, 14, 99, 13]);
    expect(descendantsOf(0, table)).toEqual([1, 10, 11, 12, 14, 99, 13, 20]);
    expect(descendantsOf(42, table)).toEqual([]);
  });

  it('kills a real grandchild with its parent, and leaves an unrelated process alone', async () => {
    const outsider = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const parent = spawn(process.execPath, ['-e', "const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000);"], { stdio: ['ignore', 'pipe', 'ignore'] });
    const grandchild = await new Promise<number>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    const killed = await killDescendants(parent.pid!, { includeRoot: true });
    expect(killed).toEqual([parent.pid, grandchild]);
    await waitUntil(() => !isAlive(grandchild) && !isAlive(parent.pid!), 'tree gone');
    expect(isAlive(outsider.pid!)).toBe(true);
    outsider.kill('SIGKILL');
  });
});

describe('closing the core', () => {
  it('reports a close that does not finish in time, and still kills the children', async () => {
    const order: string[] = [];
    const outcome = await shutdownCore(() => new Promise(() => undefined), { limitMs: 50, killChildren: async () => { order.push('kill'); } });
    expect(outcome).toBe('timed-out');
    expect(order).toEqual(['kill']);
    expect(await shutdownCore(async () => undefined, { limitMs: 1000, killChildren: async () => undefined })).toBe('closed');
    expect(await shutdownCore(async () => { throw new Error('db'); }, { limitMs: 1000, killChildren: async () => undefined })).toBe('failed');
  });

  it('the host gives up on a hanging close() after its limit, kills its helper and exits', async () => {
    const pidFile = helperPidFile();
    const s = new CoreSupervisor({
      fork: () => asCoreProcess(forkHost(path.join(FIXTURES, 'hanging-core-host.ts'), ['500'], { tsx: true, env: { HELPER_PID_FILE: pidFile } })),
      killTree: async () => { throw new Error('the supervisor should not need to kill this host'); },
      shutdownLimitMs: 30_000,
    });
    await s.start();
    const helper = await helperPid(pidFile);
    expect(isAlive(helper)).toBe(true);
    expect(await s.shutdown()).toBe('closed');
    await waitUntil(() => !isAlive(helper), 'helper killed by the host');
  });

  it('after a crash, the supervisor asks for the orphans of the dead core (found by parent ID on Windows)', async () => {
    // Linux re-parents orphans, so only the request is checked here; Windows' side is on the by-hand list.
    const pidFile = helperPidFile();
    const asked: number[] = [];
    const s = new CoreSupervisor({
      fork: () => asCoreProcess(forkHost(path.join(FIXTURES, 'stubborn-host.mjs'), [], { env: { HELPER_PID_FILE: pidFile } })),
      killTree: (pid) => killDescendants(pid, { includeRoot: true }),
      killOrphans: async (deadPid) => { asked.push(deadPid); },
      restarts: { max: 0, windowMs: 60_000 },
    });
    const failed = new Promise((resolve) => s.on('failed', resolve));
    await s.start();
    const host = s.pid!;
    const helper = await helperPid(pidFile);
    process.kill(host, 'SIGKILL');
    await failed;
    expect(asked).toEqual([host]);
    process.kill(helper, 'SIGKILL');
  });

  it('the supervisor kills the tree of a host that ignores shutdown, past its limit', async () => {
    const pidFile = helperPidFile();
    const orphansAsked: number[] = [];
    const s = new CoreSupervisor({
      fork: () => asCoreProcess(forkHost(path.join(FIXTURES, 'stubborn-host.mjs'), [], { env: { HELPER_PID_FILE: pidFile } })),
      killTree: (pid) => killDescendants(pid, { includeRoot: true }),
      killOrphans: async (pid) => { orphansAsked.push(pid); },
      shutdownLimitMs: 500,
    });
    await s.start();
    const helper = await helperPid(pidFile);
    const host = s.pid!;
    expect(await s.shutdown()).toBe('killed');
    await waitUntil(() => !isAlive(helper) && !isAlive(host), 'host and helper gone');
    expect(orphansAsked).toEqual([]); // a requested shutdown is not a crash
  });
});
