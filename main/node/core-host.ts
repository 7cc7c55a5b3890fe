// Entry of the Electron utility process that runs the core (see main/electron/main.ts for why):
// plain Node, no Electron import. Requests arrive as { id, method, input, session } messages and each
// gets one { id, response } answer. Also usable with any MessagePort-like pair (tests use one).
import { Core } from '../core/core';
import { credentialFile, FileCredentialStore, type SecretCipher } from '../sync/config';
import { parseArgs } from './args';

export interface PortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface CoreRequest { id: number; method: string; input: unknown; session?: string }

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

export function serveCoreOverPort(core: Core, port: PortLike): void {
  port.on('message', (e) => {
    const req = e.data as CoreRequest;
    if (!req || typeof req.id !== 'number' || typeof req.method !== 'string') return;
    void core.handle(req.method, req.input, req.session).then((response) => port.postMessage({ id: req.id, response }));
  });
}

async function main() {
  const parentPort = (process as unknown as { parentPort?: PortLike }).parentPort;
  if (!parentPort) throw new Error('core-host must run as an Electron utility process');
  const { options } = parseArgs(process.argv.slice(2));
  const dataDir = String(options['data-dir']);
  const core = await Core.start({
    dataDir, assetsDir: options['assets-dir'] ? String(options['assets-dir']) : undefined, shell: 'electron', log: (l) => console.error(l),
    // The portal password is kept encrypted by the OS (safeStorage in the main process), not in clear.
    credentials: new FileCredentialStore(credentialFile(dataDir), new PortCipher(parentPort)),
  });
  serveCoreOverPort(core, parentPort);
  parentPort.postMessage({ ready: true });
  core.warmUp();
}

if (require.main === module) {
  main().catch((e) => {
    console.error(`core-host: ${(e as Error).message}`);
    process.exit(1);
  });
}
