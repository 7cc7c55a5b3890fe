// The thin Electron shell. Decision: the core runs in an Electron **utility process**, not in the main
// process. better-sqlite3, PDF rendering and device helpers are synchronous or CPU-heavy; in the main
// process they would stall window management and IPC for every window. A utility process is plain Node
// (the same core the browser shell runs), crashes there do not take the window down, and the main process
// stays a small router: sender check → forward → answer.
import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, session, utilityProcess, type UtilityProcess } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultDataDir } from '../base/data-dir';

const APP_ORIGIN = 'app://motcua';
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-src blob:; object-src blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

const dataDir = process.env.MOTCUA_DATA_DIR ?? defaultDataDir();
app.setPath('userData', dataDir);

let core: UtilityProcess | null = null;
let nextId = 1;
const pending = new Map<number, (response: unknown) => void>();

function startCore(): Promise<void> {
  return new Promise((resolve, reject) => {
    const host = utilityProcess.fork(path.join(__dirname, '..', 'node', 'core-host.js'), ['--data-dir', dataDir, '--assets-dir', assetsDir()], { serviceName: 'Một Cửa Desk core' });
    host.on('message', (msg: { id?: number; response?: unknown; ready?: boolean; cipherId?: number; op?: string; data?: string }) => {
      if (msg.ready) return resolve();
      if (typeof msg.cipherId === 'number') return host.postMessage(cipherAnswer(msg.cipherId, msg.op, msg.data));
      if (typeof msg.id === 'number') {
        pending.get(msg.id)?.(msg.response);
        pending.delete(msg.id);
      }
    });
    host.on('exit', (code) => {
      for (const answer of pending.values()) answer({ ok: false, error: { code: 'INTERNAL', message: 'Tiến trình lõi đã dừng; ứng dụng đang khởi động lại lõi, hãy thử lại.' } });
      pending.clear();
      core = null;
      if (code !== 0) reject(new Error(`core exited with ${code}`));
      if (!app.isReady() || BrowserWindow.getAllWindows().length === 0) return;
      void startCore().catch(() => undefined); // a crash restarts the core; the data is in SQLite
    });
    core = host;
  });
}

/** safeStorage (DPAPI on Windows, Keychain on macOS, libsecret on Linux) for the core's secrets. */
function cipherAnswer(cipherId: number, op: unknown, data: unknown) {
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

function assetsDir(): string {
  return app.isPackaged ? path.join(process.resourcesPath, 'assets') : path.join(__dirname, '..', '..', '..', 'assets');
}

function invokeCore(method: string, input: unknown, sessionToken: unknown): Promise<unknown> {
  if (!core) return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'Lõi ứng dụng chưa sẵn sàng, hãy thử lại sau giây lát.' } });
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    core!.postMessage({ id, method, input, session: typeof sessionToken === 'string' ? sessionToken : undefined });
  });
}

function createWindow(): void {
  const win = new BrowserWindow({
    width: 1366, height: 860, show: false, title: 'Một Cửa Desk',
    webPreferences: {
      preload: path.join(__dirname, 'preload.js'),
      contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false,
      plugins: true, // Chromium's built-in PDF viewer for the slip preview (blob: URLs only, per the CSP)
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (e, url) => { if (!url.startsWith(APP_ORIGIN)) e.preventDefault(); });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(async () => {
  const rendererDir = path.join(__dirname, '..', '..', 'renderer');
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = path.normalize(path.join(rendererDir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(rendererDir)) return new Response('forbidden', { status: 403 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CSP);
    return new Response(res.body, { status: res.status, headers });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  // Sender check: only our own top-level page may call the core.
  ipcMain.handle('motcua:invoke', (event, method: unknown, input: unknown, sessionToken: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!frameUrl.startsWith(`${APP_ORIGIN}/`) || event.senderFrame !== event.sender.mainFrame) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Yêu cầu không đến từ cửa sổ ứng dụng.' } };
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'VALIDATION', message: 'Yêu cầu không hợp lệ.' } };
    return invokeCore(method, input, sessionToken);
  });
  await startCore();
  createWindow();
});

app.on('window-all-closed', () => {
  core?.kill();
  app.quit();
});
