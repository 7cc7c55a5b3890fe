// Entry of the Electron utility process that runs the core (see main/electron/main.ts for why):
// plain Node, no Electron import. Requests arrive as { id, method, input, session } messages and each
// gets one { id, response } answer. Also usable with any MessagePort-like pair (tests use one), and when
// forked by plain Node (its IPC channel stands in for Electron's parentPort).
//
// Messages to the parent besides answers: { ready: true } once the core is up; { fatal: {…} } when it
// could not start (then the process exits 1); { closed: outcome } after a { shutdown: true } request.
import { heapLimitLine } from '../base/core-heap';
import type { Core } from '../core/core';
import type { SecretCipher } from '../sync/config';
import { notifyCredentialFile } from '../notify/secrets';
import { parseArgs } from 'node:util';
import { killDescendants } from './process-tree';

export interface PortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface CoreRequest { id: number; method: string; input: unknown; session?: string }

/** What the shell needs of the core: answer requests, close. */
export interface HostedCore {
  handle: Core['handle'];
  close(): Promise<void>;
  warmUp?(): void;
}

/** How long the core's own close() (digitization, sync, database) may take before the host gives up on it. */
export const CORE_CLOSE_LIMIT_MS = 6000;

/**
 * The OS secret protection lives in Electron's main process (safeStorage); the core asks for it over the
 * same port with { cipherId, op, data } and gets { cipherId, ok, data | error } back.
 */
export class PortCipher implements SecretCipher {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: string): void; reject(e: Error): void }>();

  constructor(private readonly port: PortLike) {
    port.on('message', (e) => {
      const m = e.data as { cipherId?: number; ok?: boolean; data?: string; error?: string };
      if (typeof m?.cipherId !== 'number') return;
      const waiter = this.pending.get(m.cipherId);
      this.pending.delete(m.cipherId);
      if (m.ok && typeof m.data === 'string') waiter?.resolve(m.data);
      else waiter?.reject(new Error(m.error ?? 'Không mã hóa được mật khẩu bằng cơ chế bảo vệ của hệ điều hành.'));
    });
  }

  private ask(op: 'encrypt' | 'decrypt', data: string): Promise<string> {
    const cipherId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(cipherId, { resolve, reject });
      this.port.postMessage({ cipherId, op, data });
    });
  }

  async encrypt(plain: string): Promise<Buffer> {
    return Buffer.from(await this.ask('encrypt', plain), 'base64');
  }

  decrypt(data: Buffer): Promise<string> {
    return this.ask('decrypt', data.toString('base64'));
  }
}

const CLOSING = { ok: false, error: { code: 'INTERNAL', message: 'Ứng dụng đang đóng; yêu cầu này chưa được thực hiện. Hãy mở lại ứng dụng rồi thử lại.' } };

/** Serves requests from the port; after stop() every new request is answered with "closing" (never left hanging). */
export function serveCoreOverPort(core: Pick<HostedCore, 'handle'>, port: PortLike): { stop(): void } {
  let stopped = false;
  port.on('message', (e) => {
    const req = e.data as CoreRequest;
    if (!req || typeof req.id !== 'number' || typeof req.method !== 'string') return;
    if (stopped) return port.postMessage({ id: req.id, response: CLOSING });
    void core.handle(req.method, req.input, req.session).then((response) => port.postMessage({ id: req.id, response }));
  });
  return { stop: () => { stopped = true; } };
}

export type CloseOutcome = 'closed' | 'failed' | 'timed-out';

/**
 * Closes the core within a time limit, then kills whatever child processes are left (a tesseract or NAPS2
 * that ignored its cancel, a helper started while closing): none may outlive the core.
 */
export async function shutdownCore(close: () => Promise<void>, opts: { limitMs: number; killChildren: () => Promise<unknown>; log?: (l: string) => void }): Promise<CloseOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race<CloseOutcome>([
    close().then(() => 'closed' as const, (e: Error) => { opts.log?.(`core-host: close failed: ${e.stack ?? e}`); return 'failed' as const; }),
    new Promise<CloseOutcome>((resolve) => { timer = setTimeout(() => resolve('timed-out'), opts.limitMs); }),
  ]);
  clearTimeout(timer);
  if (outcome === 'timed-out') opts.log?.(`core-host: close did not finish in ${opts.limitMs} ms`);
  await opts.killChildren().catch(() => undefined);
  return outcome;
}

/** The fields of a start-up error the shell shows and logs (an Error does not survive structured clone whole). */
export function fatalInfo(e: unknown): { name: string; message: string; code?: string; stack?: string } {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = (err as NodeJS.ErrnoException).code;
  return { name: err.name || err.constructor?.name || 'Error', message: err.message, ...(typeof code === 'string' ? { code } : {}), stack: err.stack };
}

export interface HostOptions {
  port: PortLike;
  startCore: (cipher: SecretCipher) => Promise<HostedCore>;
  closeLimitMs?: number;
  killChildren?: () => Promise<unknown>;
  exit: (code: number) => void;
  log: (line: string) => void;
}

/**
 * Starts the core and serves it. A start-up failure (a native module that does not load, a database that
 * cannot be opened) is sent to the parent as { fatal } before exiting, so the shell can say why in a window.
 */
export async function runCoreHost(o: HostOptions): Promise<void> {
  const killChildren = o.killChildren ?? (() => killDescendants(process.pid));
  // A quit during start-up is remembered and honoured as soon as the core is up (never dropped).
  let shutdownRequested = false;
  let onShutdown = () => { shutdownRequested = true; };
  o.port.on('message', (e) => { if ((e.data as { shutdown?: unknown })?.shutdown === true) onShutdown(); });
  let core: HostedCore;
  try {
    core = await o.startCore(new PortCipher(o.port));
  } catch (e) {
    const info = fatalInfo(e);
    o.log(`core-host: start failed: ${info.stack ?? info.message}`);
    o.port.postMessage({ fatal: info });
    await killChildren().catch(() => undefined);
    o.exit(1);
    return;
  }
  const served = serveCoreOverPort(core, o.port);
  let closing = false;
  onShutdown = () => {
    if (closing) return;
    closing = true;
    served.stop();
    void shutdownCore(() => core.close(), { limitMs: o.closeLimitMs ?? CORE_CLOSE_LIMIT_MS, killChildren, log: o.log }).then((outcome) => {
      o.port.postMessage({ closed: outcome });
      o.exit(outcome === 'closed' ? 0 : 3);
    });
  };
  if (shutdownRequested) return onShutdown();
  o.port.postMessage({ ready: true });
  core.warmUp?.();
}

/** Electron's parentPort in a utility process; Node's IPC channel when forked by Node. */
export function parentPortOf(proc: NodeJS.Process): PortLike | null {
  const electronPort = (proc as unknown as { parentPort?: PortLike }).parentPort;
  if (electronPort) return electronPort;
  if (!proc.send) return null;
  return {
    on: (_event, listener) => proc.on('message', (data) => listener({ data })),
    postMessage: (message) => proc.send!(message),
  };
}

/** Exits after pending messages had a moment to leave (a { fatal } posted right before exit must arrive). */
function exitSoon(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 200);
}

function main(): void {
  const port = parentPortOf(process);
  if (!port) {
    console.error('core-host must run as an Electron utility process (or be forked with an IPC channel)');
    process.exit(2);
  }
  const { values: options } = parseArgs({
    // Not strict: the utility process may be given switches of Electron's own.
    args: process.argv.slice(2), strict: false, options: { 'data-dir': { type: 'string' }, 'assets-dir': { type: 'string' } },
  });
  const dataDir = String(options['data-dir']);
  const log = (l: string) => console.error(l);
  log(heapLimitLine());
  void runCoreHost({
    port, log, exit: exitSoon,
    startCore: async (cipher) => {
      // Loaded here, not at the top: a native module that fails to load (sharp, better-sqlite3 built for
      // another platform or ABI) throws while loading, and must become a { fatal } the window can show.
      const [{ Core }, { credentialFile, FileCredentialStore }, { checkNativePackages }] = await Promise.all([
        import('../core/core'), import('../sync/config'), import('../base/lazy-module'),
      ]);
      // sharp itself loads at the first scan (memory); that its native files are installed is checked now.
      checkNativePackages();
      return Core.start({
        dataDir, assetsDir: options['assets-dir'] ? String(options['assets-dir']) : undefined, shell: 'electron', log,
        // The portal password is kept encrypted by the OS (safeStorage in the main process), not in clear.
        credentials: new FileCredentialStore(credentialFile(dataDir), cipher),
        // So are the e-mail password and the SMS gateway's key of the applicants' notices.
        notifyCredentials: new FileCredentialStore(notifyCredentialFile(dataDir), cipher),
      });
    },
  });
}

if (require.main === module) main();
