// The core's start as the Electron shell sees it, with the real core-host forked under Node: a core that
// cannot start says why (issue 8, #18/#19: an installer without sharp's binary exited silently and no
// window ever appeared), a healthy one answers, closes its database on shutdown, and is restarted after a
// crash — but not forever.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCoreFailure } from '../../main/electron/core-failure';
import { CoreStartError, CoreSupervisor } from '../../main/electron/core-supervisor';
import { killDescendants } from '../../main/node/process-tree';
import { asCoreProcess, forkHost, isAlive, makeApp, ROOT, tempDir, waitUntil } from './support';

const assets = path.join(ROOT, 'assets');
let goodApp: string;
let noSharpApp: string;
const cleanup: string[] = [];

beforeAll(async () => {
  [goodApp, noSharpApp] = await Promise.all([makeApp(), makeApp(['@img/sharp-linux-x64'])]);
  cleanup.push(goodApp, noSharpApp);
});

afterAll(() => {
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});

function supervisor(app: string, dataDir: string, extra: Partial<ConstructorParameters<typeof CoreSupervisor>[0]> = {}) {
  const lines: string[] = [];
  const s = new CoreSupervisor({
    fork: () => asCoreProcess(forkHost(path.join(app, 'core-host.js'), ['--data-dir', dataDir, '--assets-dir', assets])),
    killTree: (pid) => killDescendants(pid, { includeRoot: true }),
    log: (l) => lines.push(l),
    ...extra,
  });
  return { s, lines };
}

async function startFailure(s: CoreSupervisor): Promise<CoreStartError> {
  const e = await s.start().then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(CoreStartError);
  return e as CoreStartError;
}

describe('a core that cannot start', () => {
  it('reports a missing sharp binary as a fatal message, shown in Vietnamese with the log', async () => {
    const dataDir = tempDir('motcua-data-');
    cleanup.push(dataDir);
    const { s, lines } = supervisor(noSharpApp, dataDir);
    const { failure } = await startFailure(s);
    expect(failure).toMatchObject({ kind: 'exit', exitCode: 1 });
    // The host caught the load error and sent it; before, the import threw at load time and nothing was sent.
    expect(failure.fatal?.message).toMatch(/sharp/);
    expect(lines.join('\n')).toContain('core-host: start failed');
    const text = describeCoreFailure(failure, 'C:\\Users\\a\\AppData\\Roaming\\MotCuaDesk\\logs\\motcua.log');
    expect(text.message).toContain('Thiếu thư viện xử lý ảnh (sharp)');
    expect(text.message).toContain('cài lại');
    expect(text.detail).toContain('Nhật ký: C:\\Users\\a\\AppData\\Roaming\\MotCuaDesk\\logs\\motcua.log');
    expect(s.running).toBe(false);
  });

  it('reports a data folder that is a file, and is not restarted', async () => {
    const file = path.join(tempDir('motcua-data-'), 'not-a-folder');
    cleanup.push(path.dirname(file));
    fs.writeFileSync(file, 'x');
    const { s } = supervisor(goodApp, file);
    const { failure } = await startFailure(s);
    expect(failure.fatal?.code).toMatch(/ENOTDIR|EEXIST/);
    expect(describeCoreFailure(failure, 'log').message).toContain('không phải thư mục');
  });

  it('reports a damaged database file as such (the Windows smoke test starts the installed app on one)', async () => {
    const dataDir = tempDir('motcua-data-');
    cleanup.push(dataDir);
    fs.writeFileSync(path.join(dataDir, 'motcua.sqlite'), 'x\r\n');
    const { s } = supervisor(goodApp, dataDir);
    const { failure } = await startFailure(s);
    expect(describeCoreFailure(failure, 'log').message).toContain('Tệp dữ liệu bị hỏng');
  });
});

describe('a healthy core', () => {
  it('answers, then closes its database on shutdown and answers "not ready" afterwards', async () => {
    const dataDir = tempDir('motcua-data-');
    cleanup.push(dataDir);
    const { s } = supervisor(goodApp, dataDir);
    await s.start();
    const info = await s.invoke('app.info', {}, undefined) as { ok: boolean; data: { setupRequired: boolean } };
    expect(info).toMatchObject({ ok: true, data: { setupRequired: true } });
    expect(fs.existsSync(path.join(dataDir, 'motcua.sqlite-wal'))).toBe(true);
    const pid = s.pid!;
    expect(await s.shutdown()).toBe('closed');
    expect(isAlive(pid)).toBe(false);
    // SQLite removes the WAL only when the last connection closes cleanly: the core's close() ran.
    expect(fs.existsSync(path.join(dataDir, 'motcua.sqlite-wal'))).toBe(false);
    expect(await s.invoke('app.info', {}, undefined)).toMatchObject({ ok: false, error: { message: expect.stringContaining('chưa sẵn sàng') } });
  });

  it('closes a core asked to quit while it is still starting, instead of being killed later', async () => {
    const dataDir = tempDir('motcua-data-');
    cleanup.push(dataDir);
    const killed: number[] = [];
    const { s } = supervisor(goodApp, dataDir, { shutdownLimitMs: 30_000, killTree: async (pid) => { killed.push(pid); await killDescendants(pid, { includeRoot: true }); } });
    const started = s.start().then(() => 'ready', (e: unknown) => e);
    expect(await s.shutdown()).toBe('closed');
    expect(killed).toEqual([]);
    expect(await started).toBeInstanceOf(CoreStartError);
    expect(fs.existsSync(path.join(dataDir, 'motcua.sqlite-wal'))).toBe(false);
  });

  it('is restarted after a crash, and a crash loop is reported instead of restarting forever', async () => {
    const dataDir = tempDir('motcua-data-');
    cleanup.push(dataDir);
    const { s } = supervisor(goodApp, dataDir, { restarts: { max: 1, windowMs: 600_000 } });
    const failed: unknown[] = [];
    s.on('failed', (f) => failed.push(f));
    let restarts = 0;
    s.on('restarted', () => { restarts += 1; });
    await s.start();

    process.kill(s.pid!, 'SIGKILL');
    await waitUntil(() => restarts === 1, 'first restart');
    expect(await s.invoke('app.info', {}, undefined)).toMatchObject({ ok: true });

    process.kill(s.pid!, 'SIGKILL');
    await waitUntil(() => failed.length === 1, 'crash loop reported');
    expect(restarts).toBe(1);
    expect(failed[0]).toMatchObject({ kind: 'crash-loop' });
    expect(describeCoreFailure(failed[0] as never, 'log').message).toContain('dừng nhiều lần liên tiếp');
    expect(s.running).toBe(false);
  });
});
