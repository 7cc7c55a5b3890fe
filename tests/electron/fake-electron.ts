// A stand-in for the `electron` module, bundled in place of it (esbuild alias) so main/electron/main.ts runs
// under Node: it records what the shell registers (handlers, windows, dialogs) and lets the test emit app
// events. utilityProcess.fork is real: it forks the real core-host with Node (see support.ts).
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

type Handler = (...args: any[]) => any;

class FakeApp extends EventEmitter {
  isPackaged = false;
  /** FAKE_ELECTRON_LOCK=taken: another instance holds the single-instance lock. */
  lock = process.env.FAKE_ELECTRON_LOCK !== 'taken';
  paths: Record<string, string> = {};
  quits = 0;
  exitCode: number | null = null;
  private resolveReady!: () => void;
  private readonly ready = new Promise<void>((r) => { this.resolveReady = r; });
  setPath(name: string, value: string) { this.paths[name] = value; }
  requestSingleInstanceLock() { return this.lock; }
  getVersion() { return '0.1.0'; }
  whenReady() { return this.ready; }
  fireReady() { this.resolveReady(); }
  /** Like Electron: before-quit may be prevented; otherwise the app quits. */
  quit() {
    this.quits += 1;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => { prevented = true; } });
    if (!prevented) this.emit('quit');
  }
  exit(code: number) { this.exitCode = code; }
}

class FakeWebContents extends EventEmitter {
  openHandler: Handler | null = null;
  setWindowOpenHandler(h: Handler) { this.openHandler = h; }
  /** Emits a navigation event and says whether the shell prevented it. */
  navigate(event: 'will-navigate' | 'will-redirect', url: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => { prevented = true; } }, url);
    return prevented;
  }
}

export class BrowserWindow extends EventEmitter {
  static readonly all: BrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  url = '';
  focused = 0;
  reloaded = 0;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.all.push(this);
  }
  static getAllWindows() { return BrowserWindow.all; }
  loadURL(url: string) { this.url = url; return Promise.resolve(); }
  isMinimized() { return false; }
  restore() {}
  show() {}
  focus() { this.focused += 1; }
  reload() { this.reloaded += 1; }
}

export const app = new FakeApp();

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, Handler>(),
  registerSchemesAsPrivileged(schemes: unknown[]) { this.privileged.push(...schemes); },
  handle(scheme: string, h: Handler) { this.handlers.set(scheme, h); },
};

export const net = {
  fetched: [] as string[],
  async fetch(url: string) {
    this.fetched.push(url);
    const file = fileURLToPath(url);
    return fs.existsSync(file) ? new Response(fs.readFileSync(file), { status: 200, headers: { 'content-type': 'text/html' } }) : new Response('', { status: 404 });
  },
};

const defaultSession = {
  requestHandler: null as Handler | null,
  checkHandler: null as Handler | null,
  deviceHandler: null as Handler | null,
  setPermissionRequestHandler(h: Handler) { this.requestHandler = h; },
  setPermissionCheckHandler(h: Handler) { this.checkHandler = h; },
  setDevicePermissionHandler(h: Handler) { this.deviceHandler = h; },
};
export const session = { defaultSession };

export const ipcMain = {
  handlers: new Map<string, Handler>(),
  handle(channel: string, h: Handler) { this.handlers.set(channel, h); },
};

export const dialog = {
  shown: [] as Array<Record<string, string>>,
  /** Buttons the "user" presses, in order; "Thoát" (2) once they run out. */
  answers: [] as number[],
  async showMessageBox(...args: unknown[]) {
    this.shown.push((args.length > 1 ? args[1] : args[0]) as Record<string, string>);
    return { response: this.answers.shift() ?? 2 };
  },
  showErrorBox(title: string, content: string) { this.shown.push({ title, message: content }); },
};

export const shell = { shown: [] as string[], showItemInFolder(p: string) { this.shown.push(p); } };

export const safeStorage = {
  isEncryptionAvailable: () => true,
  encryptString: (s: string) => Buffer.from(`enc:${s}`),
  decryptString: (b: Buffer) => b.toString().slice(4),
};

export const utilityProcess = {
  forked: [] as Array<{ modulePath: string; args: string[]; execArgv: string[]; env: NodeJS.ProcessEnv | undefined; pid: number | undefined }>,
  fork(modulePath: string, args: string[], options: { execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}) {
    // Electron hands execArgv to the utility process's Node as its command-line options, and env (default:
    // the main process's) as its environment.
    const execArgv = options.execArgv ?? [];
    const child = fork(modulePath, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv, env: options.env ?? process.env });
    this.forked.push({ modulePath, args, execArgv, env: options.env, pid: child.pid });
    return {
      get pid() { return child.pid; },
      postMessage: (m: unknown) => { if (child.connected) child.send(m as object); },
      kill: () => child.kill('SIGKILL'),
      on: (event: string, listener: Handler) => child.on(event, listener),
      stderr: child.stderr,
    };
  },
};

(globalThis as Record<string, unknown>).__fakeElectron = { app, protocol, net, session, ipcMain, dialog, shell, utilityProcess, BrowserWindow };
