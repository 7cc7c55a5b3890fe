// The thin Electron shell. Decision: the core runs in an Electron **utility process**, not in the main
// process. better-sqlite3, PDF rendering and device helpers are synchronous or CPU-heavy; in the main
// process they would stall window management and IPC for every window. A utility process is plain Node
// (the same core the browser shell runs), crashes there do not take the window down, and the main process
// stays a small router: sender check → forward → answer. The logic that can run without Electron lives
// beside this file (app-url, core-supervisor, core-failure, log-file) and is tested under Node.
import { app, BrowserWindow, dialog, ipcMain, net, protocol, safeStorage, session, shell, utilityProcess } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { coreEnv, coreNodeFlags } from '../base/core-heap';
import { defaultDataDir } from '../base/data-dir';
import { killDescendants } from '../node/process-tree';
import { APP_ORIGIN, CSP, isAppUrl, resolveAppFile } from './app-url';
import { describeCoreFailure, type CoreFailure } from './core-failure';
import { CoreStartError, CoreSupervisor } from './core-supervisor';
import { openLogFile } from './log-file';

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const dataDir = process.env.MOTCUA_DATA_DIR ?? defaultDataDir();
app.setPath('userData', dataDir);

// One instance per data folder: two would mean two cores and two drainers on one database. The lock lives
// in userData (set just above), so a second start only brings the first window forward.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function assetsDir(): string {
  return app.isPackaged ? path.join(process.resourcesPath, 'assets') : path.join(__dirname, '..', '..', '..', 'assets');
}

/** safeStorage (DPAPI on Windows, Keychain on macOS, libsecret on Linux) for the core's secrets. */
function cipherAnswer({ cipherId, op, data }: { cipherId: number; op?: unknown; data?: unknown }) {
  try {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('Hệ điều hành chưa sẵn sàng bảo vệ mật khẩu (safeStorage).');
    if (typeof data !== 'string') throw new Error('Dữ liệu không hợp lệ.');
    if (op === 'encrypt') return { cipherId, ok: true, data: safeStorage.encryptString(data).toString('base64') };
    if (op === 'decrypt') return { cipherId, ok: true, data: safeStorage.decryptString(Buffer.from(data, 'base64')) };
    throw new Error('Thao tác không hợp lệ.');
  } catch (e) {
    return { cipherId, ok: false, error: (e as Error).message };
  }
}

function run(): void {
  const log = openLogFile(dataDir);
  log.write(`start ${app.getVersion()} data=${dataDir} packaged=${app.isPackaged}`);
  const core = new CoreSupervisor({
    fork: () => utilityProcess.fork(path.join(__dirname, '..', 'node', 'core-host.js'), ['--data-dir', dataDir, '--assets-dir', assetsDir()], {
      serviceName: 'Một Cửa Desk core', stdio: ['ignore', 'ignore', 'pipe'], execArgv: coreNodeFlags(), env: coreEnv(),
    }),
    killTree: (pid) => killDescendants(pid, { includeRoot: true }),
    killOrphans: (pid) => killDescendants(pid),
    cipher: cipherAnswer,
    log: (line) => log.write(line),
  });
  let mainWindow: BrowserWindow | null = null;
  let coreClosed = false;

  /** The reason in Vietnamese, what to do, where the log is; "Thử lại" starts the core again. */
  async function showFailure(failure: CoreFailure): Promise<void> {
    const text = describeCoreFailure(failure, log.file);
    log.write(`failure shown: ${text.message}`);
    for (;;) {
      const options = { type: 'error' as const, title: text.title, message: text.message, detail: text.detail, buttons: ['Thử lại', 'Mở thư mục nhật ký', 'Thoát'], defaultId: 0, cancelId: 2, noLink: true };
      const { response } = mainWindow ? await dialog.showMessageBox(mainWindow, options) : await dialog.showMessageBox(options);
      if (response === 1) { shell.showItemInFolder(log.file); continue; }
      if (response === 2) { app.quit(); return; }
      return startCore();
    }
  }

  async function startCore(): Promise<void> {
    try {
      await core.start();
      log.write('core ready');
      if (!mainWindow) createWindow();
      else mainWindow.reload();
    } catch (e) {
      if (!(e instanceof CoreStartError)) throw e;
      log.write(`core did not start: ${e.message}`);
      if (closing) return; // quitting while it started: nothing to show
      return showFailure(e.failure);
    }
  }
  core.on('failed', (f: CoreFailure) => void showFailure(f));

  function createWindow(): void {
    const icon = path.join(assetsDir(), 'icon.png');
    const win = new BrowserWindow({
      width: 1366, height: 860, show: false, title: 'Một Cửa Desk', icon: fs.existsSync(icon) ? icon : undefined,
      webPreferences: {
        preload: path.join(__dirname, 'preload.js'),
        contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false,
        plugins: true, // Chromium's built-in PDF viewer for the slip preview (blob: URLs only, per the CSP)
      },
    });
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    const stayHome = (e: { preventDefault(): void }, url: string) => { if (!isAppUrl(url)) e.preventDefault(); };
    win.webContents.on('will-navigate', stayHome);
    win.webContents.on('will-redirect', stayHome);
    win.webContents.on('will-attach-webview', (e) => e.preventDefault());
    win.once('ready-to-show', () => win.show());
    win.on('closed', () => { mainWindow = null; });
    // Windows log-off or shut-down skips before-quit: close the core while Windows waits.
    win.on('session-end', () => { closing ??= closeCore('session end'); });
    void win.loadURL(`${APP_ORIGIN}/index.html`);
    mainWindow = win;
  }

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });

  app.whenReady().then(async () => {
    const rendererDir = path.join(__dirname, '..', '..', 'renderer');
    protocol.handle('app', async (request) => {
      const file = resolveAppFile(rendererDir, request.url);
      if (!file) return new Response('forbidden', { status: 403 });
      const res = await net.fetch(pathToFileURL(file).toString());
      const headers = new Headers(res.headers);
      headers.set('Content-Security-Policy', CSP);
      return new Response(res.body, { status: res.status, headers });
    });
    // Deny by default: the app needs no camera, microphone, notifications, clipboard reads, devices…
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    session.defaultSession.setPermissionCheckHandler(() => false);
    session.defaultSession.setDevicePermissionHandler(() => false);
    // Sender check: only our own top-level page may call the core.
    ipcMain.handle('motcua:invoke', (event, method: unknown, input: unknown, sessionToken: unknown) => {
      if (!isAppUrl(event.senderFrame?.url ?? '') || event.senderFrame !== event.sender.mainFrame) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Yêu cầu không đến từ cửa sổ ứng dụng.' } };
      }
      if (typeof method !== 'string') return { ok: false, error: { code: 'VALIDATION', message: 'Yêu cầu không hợp lệ.' } };
      return core.invoke(method, input, typeof sessionToken === 'string' ? sessionToken : undefined);
    });
    await startCore();
  }).catch((e: Error) => {
    log.write(`shell start failed: ${e.stack ?? e}`);
    dialog.showErrorBox('Một Cửa Desk không khởi động được', `${e.message}\n\nNhật ký: ${log.file}`);
    app.exit(1);
  });

  app.on('window-all-closed', () => app.quit());

  // Quit closes the core first (scans, OCR, drainer, SQLite), with a time limit, then lets the app go.
  const closeCore = async (why: string) => {
    const how = await core.shutdown();
    log.write(`core ${how} (${why})`);
    coreClosed = true;
  };
  let closing: Promise<void> | null = null;
  app.on('before-quit', (e) => {
    if (coreClosed) return;
    e.preventDefault();
    closing ??= closeCore('quit').then(() => app.quit());
  });
}
