// main/electron/main.ts itself, run under Node with a stand-in for the `electron` module and the real
// core-host forked as its utility process: the single-instance lock, the deny-by-default permission
// handlers, the navigation and app:// guards, the IPC sender check, quitting through the core's close,
// and the window that says why the core did not start (issue 8, #18/#19).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORE_GLIBC_MALLOC_ARENAS, CORE_MAX_OLD_SPACE_MB, coreNodeFlags } from '../../main/base/core-heap';
import { isAlive, makeShellApp, tempDir, waitUntil } from './support';

const require = createRequire(__filename);
const cleanup: string[] = [];
afterAll(() => { for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true }); });

type Fake = any;

/** Loads a fresh copy of the shell (its module-level code runs again) with the given data folder. */
function loadShell(appDir: string, dataDir: string, env: Record<string, string> = {}): Fake {
  const saved = { ...process.env };
  Object.assign(process.env, { MOTCUA_DATA_DIR: dataDir, ...env });
  const file = path.join(appDir, 'dist', 'main', 'electron', 'main.js');
  delete require.cache[file];
  try {
    require(file);
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
  return (globalThis as Record<string, unknown>).__fakeElectron;
}

const appEvent = (url: string, sameFrame = true) => {
  const mainFrame = { url };
  return { senderFrame: sameFrame ? mainFrame : { url }, sender: { mainFrame } };
};

describe('a second start with the same data folder', () => {
  it('quits at once without starting a core or a window', async () => {
    const appDir = await makeShellApp();
    cleanup.push(appDir);
    const e = loadShell(appDir, tempDir('motcua-data-'), { FAKE_ELECTRON_LOCK: 'taken' });
    expect(e.app.quits).toBe(1);
    e.app.fireReady();
    await new Promise((r) => setImmediate(r));
    expect(e.utilityProcess.forked).toEqual([]);
    expect(e.BrowserWindow.all).toEqual([]);
    expect(e.ipcMain.handlers.size).toBe(0);
  });
});

describe('the shell with a healthy core', () => {
  let e: Fake;
  let dataDir: string;
  let win: Fake;

  beforeAll(async () => {
    const appDir = await makeShellApp();
    dataDir = tempDir('motcua-data-');
    cleanup.push(appDir, dataDir);
    e = loadShell(appDir, dataDir);
    e.app.fireReady();
    await waitUntil(() => e.BrowserWindow.all.length === 1, 'window after core ready');
    win = e.BrowserWindow.all[0];
  });

  it('keeps its data and lock in the data folder and opens the window on the app origin, sandboxed', () => {
    expect(e.app.paths.userData).toBe(dataDir);
    expect(e.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(e.utilityProcess.forked[0].args).toEqual(['--data-dir', dataDir, '--assets-dir', expect.stringMatching(/assets$/)]);
    expect(win.url).toBe('app://motcua/index.html');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(win.options.icon)).toMatch(/assets[\\/]icon\.png$/);
  });

  it('denies every permission request, permission check and device', () => {
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read']) e.session.defaultSession.requestHandler({}, p, (ok: boolean) => answers.push(ok), {});
    expect(answers).toEqual([false, false, false, false]);
    for (const p of ['geolocation', 'notifications', 'clipboard-sanitized-write', 'media']) {
      expect(e.session.defaultSession.checkHandler({}, p, 'app://motcua', {})).toBe(false);
    }
    expect(e.session.defaultSession.deviceHandler({ deviceType: 'usb', origin: 'app://motcua' })).toBe(false);
  });

  it('stays on its own origin: look-alike hosts and redirects are stopped, new windows denied', () => {
    expect(win.webContents.navigate('will-navigate', 'app://motcua.evil.example/')).toBe(true);
    expect(win.webContents.navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(win.webContents.navigate('will-redirect', 'app://motcua@evil/')).toBe(true);
    expect(win.webContents.navigate('will-navigate', 'app://motcua/index.html#/today')).toBe(false);
    expect(win.webContents.openHandler({ url: 'app://motcua/x' })).toEqual({ action: 'deny' });
  });

  it('serves the UI from its folder with the CSP, and refuses paths that leave it', async () => {
    const handle = e.protocol.handlers.get('app');
    const ok = await handle({ url: 'app://motcua/index.html' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    expect(await ok.text()).toContain('Một Cửa Desk');
    const fetched = e.net.fetched.length;
    for (const url of ['app://motcua/..%2F..%2Fassets%2Fcatalogue%2Fprocedures.json', 'app://motcua/%2e%2e%2f%2e%2e%2fpackage.json', 'app://motcua.evil/index.html']) {
      expect((await handle({ url })).status, url).toBe(403);
    }
    expect(e.net.fetched.length).toBe(fetched); // nothing outside was even read
  });

  it('answers the core only to its own top-level page', async () => {
    const invoke = e.ipcMain.handlers.get('motcua:invoke');
    expect(await invoke(appEvent('app://motcua.evil/'), 'app.info', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke(appEvent('app://motcua/index.html', false), 'app.info', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await invoke(appEvent('app://motcua/index.html'), 42, {})).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await invoke(appEvent('app://motcua/index.html'), 'app.info', {})).toMatchObject({ ok: true, data: { setupRequired: true } });
  });

  it('brings its window forward when started a second time', () => {
    e.app.emit('second-instance', {}, [], '');
    expect(win.focused).toBe(1);
  });

  it('quits only after closing the core: its process is gone and SQLite closed cleanly', async () => {
    let quitEmitted = false;
    e.app.once('quit', () => { quitEmitted = true; });
    e.app.quit();
    expect(quitEmitted).toBe(false); // held until the core has closed
    await waitUntil(() => quitEmitted, 'app quit after the core closed');
    expect(e.app.quits).toBe(2);
    expect(e.utilityProcess.forked).toHaveLength(1);
    expect(isAlive(e.utilityProcess.forked[0].pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'motcua.sqlite-wal'))).toBe(false);
    const log = fs.readFileSync(path.join(dataDir, 'logs', 'motcua.log'), 'utf8');
    expect(log).toContain('core ready');
    expect(log).toContain('core closed (quit)');
    // The core process got the shipped heap limit (main/base/core-heap.ts) and says so in the log.
    expect(e.utilityProcess.forked[0].execArgv).toEqual(coreNodeFlags());
    const mb = Number(/\[core\] V8 heap limit (\d+) MB/.exec(log)?.[1]);
    expect(mb).toBeGreaterThanOrEqual(CORE_MAX_OLD_SPACE_MB);
    expect(mb).toBeLessThan(CORE_MAX_OLD_SPACE_MB + 100);
    // …and, on Linux, glibc's malloc arenas limited (this machine is Linux; the Windows smoke reads the same line).
    expect(e.utilityProcess.forked[0].env?.MALLOC_ARENA_MAX).toBe(String(CORE_GLIBC_MALLOC_ARENAS));
    expect(log).toContain(`glibc malloc arenas ${CORE_GLIBC_MALLOC_ARENAS}`);
  });
});

describe('the shell with a core that cannot start', () => {
  it('shows the reason with the log, opens the log folder, retries, and quits when told', async () => {
    const appDir = await makeShellApp(['@img/sharp-linux-x64']);
    const dataDir = tempDir('motcua-data-');
    cleanup.push(appDir, dataDir);
    const e = loadShell(appDir, dataDir);
    e.dialog.answers.push(1, 0); // "Mở thư mục nhật ký", then "Thử lại", then (default) "Thoát"
    let quit = false;
    e.app.once('quit', () => { quit = true; });
    e.app.fireReady();
    await waitUntil(() => quit, 'quit chosen in the third window');
    expect(e.dialog.shown).toHaveLength(3);
    const [first] = e.dialog.shown;
    const logFile = path.join(dataDir, 'logs', 'motcua.log');
    expect(first.title).toBe('Một Cửa Desk không khởi động được');
    expect(first.message).toContain('Thiếu thư viện xử lý ảnh (sharp)');
    expect(first.detail).toContain(`Nhật ký: ${logFile}`);
    expect(first.buttons).toEqual(['Thử lại', 'Mở thư mục nhật ký', 'Thoát']);
    expect(e.shell.shown).toEqual([logFile]);
    expect(e.utilityProcess.forked).toHaveLength(2); // the first start and the retry
    expect(e.BrowserWindow.all).toEqual([]);
    expect(fs.readFileSync(logFile, 'utf8')).toMatch(/Could not load the "sharp" module/);
  });
});
