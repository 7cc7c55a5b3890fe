// Entry of the Electron utility process that runs the core (see main/electron/main.ts for why):
// plain Node, no Electron import. Requests arrive as { id, method, input, session } messages and each
// gets one { id, response } answer. Also usable with any MessagePort-like pair (tests use one).
import { Core } from '../core/core';
import { parseArgs } from './args';

export interface PortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface CoreRequest { id: number; method: string; input: unknown; session?: string }

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
  const core = await Core.start({ dataDir: String(options['data-dir']), assetsDir: options['assets-dir'] ? String(options['assets-dir']) : undefined, shell: 'electron', log: (l) => console.error(l) });
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
