// Every launch of the core gives it the same V8 heap limit (main/base/core-heap.ts, issue 12 target 4): Node
// would otherwise size it from the PC's memory and let garbage grow to hundreds of MB on a large PC. The
// Electron shell's fork of the core is checked in tests/electron/main-wiring.test.ts.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORE_GLIBC_MALLOC_ARENAS, CORE_MAX_OLD_SPACE_MB, coreEnv, coreNodeFlags } from '../../../main/base/core-heap';
import { ensureBuilt, ROOT, startServer } from '../../support/server';

const LIMIT_LINE = /\[core\] V8 heap limit (\d+) MB[^\n]*/;
const ARENAS = `glibc malloc arenas ${CORE_GLIBC_MALLOC_ARENAS}`;
/** V8's whole heap limit: the old generation asked for, plus the young generation's few tens of MB. */
const expectLimit = (mb: number) => {
  expect(mb).toBeGreaterThanOrEqual(CORE_MAX_OLD_SPACE_MB);
  expect(mb).toBeLessThan(CORE_MAX_OLD_SPACE_MB + 100);
};

/** Starts a command that runs the browser shell; resolves with the heap limit line it logs, then stops it. */
function limitLogged(args: string[]): Promise<RegExpExecArray> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-heap-'));
  // Its own process group: start.mjs runs the shell as a child, and both must stop.
  const child = spawn(process.execPath, [...args, '--data-dir', dataDir, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stop = (signal: NodeJS.Signals) => { try { process.kill(-child.pid!, signal); } catch { /* already gone */ } };
  return new Promise<RegExpExecArray>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => { stop('SIGKILL'); reject(new Error(`no heap line: ${err}`)); }, 60_000);
    child.stdout!.resume();
    child.stderr!.on('data', (c: Buffer) => {
      err += c.toString();
      const m = LIMIT_LINE.exec(err);
      if (m) { clearTimeout(timer); stop('SIGTERM'); resolve(m); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}: ${err}`)); });
  }).finally(() => {
    child.removeAllListeners('exit');
    setTimeout(() => fs.rmSync(dataDir, { recursive: true, force: true }), 2_000).unref();
  });
}

describe("the core's heap limit", () => {
  it('is far below what Node would take on this machine by default (or the test proves nothing)', () => {
    expect(os.totalmem() / 2 ** 20 / 4).toBeGreaterThan(CORE_MAX_OLD_SPACE_MB);
    expect(coreNodeFlags()).toEqual([`--max-old-space-size=${CORE_MAX_OLD_SPACE_MB}`]);
  });

  it('comes with glibc\'s malloc arenas limited on Linux only, and never over what the person starting it set', () => {
    expect(coreEnv({ PATH: '/bin' }, 'linux')).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: String(CORE_GLIBC_MALLOC_ARENAS) });
    expect(coreEnv({ PATH: '/bin', MALLOC_ARENA_MAX: '8' }, 'linux').MALLOC_ARENA_MAX).toBe('8');
    expect(coreEnv({ Path: 'C:\\Windows' }, 'win32')).toEqual({ Path: 'C:\\Windows' });
  });

  it('`npm run serve` / `npm start` without Electron: the browser shell gets it', async () => {
    ensureBuilt();
    const line = await limitLogged([path.join(ROOT, 'scripts', 'start.mjs'), '--browser-shell']);
    expectLimit(Number(line[1]));
    expect(line[0]).toContain(ARENAS);
  }, 90_000);

  it('the tests and benchmarks start the shell as it ships', async () => {
    const server = await startServer();
    try {
      await expect.poll(() => LIMIT_LINE.test(server.stderr()), { timeout: 5_000 }).toBe(true);
      const line = LIMIT_LINE.exec(server.stderr())!;
      expectLimit(Number(line[1]));
      expect(line[0]).toContain(ARENAS);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
