// The browser shell: the core with an HTTP API on 127.0.0.1 and the built UI. Used by tests and development,
// and by `npm start` where Electron cannot run.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Core } from '../core/core';
import { heapLimitLine } from '../base/core-heap';
import { defaultDataDir } from '../base/data-dir';
import { startHttpShell } from './http-server';

async function main() {
  const t0 = performance.now();
  const { values: options } = parseArgs({
    args: process.argv.slice(2),
    options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, 'ui-dir': { type: 'string' } },
  });
  const dataDir = path.resolve(String(options['data-dir'] ?? defaultDataDir()));
  const port = Number(options.port ?? process.env.MOTCUA_PORT ?? 0);
  const staticDir = path.resolve(String(options['ui-dir'] ?? path.join(__dirname, '..', '..', 'renderer')));
  console.error(heapLimitLine());
  const core = await Core.start({ dataDir, shell: 'browser', log: (l) => console.error(l) });
  const shell = await startHttpShell({ core, port, staticDir: fs.existsSync(staticDir) ? staticDir : undefined, token: process.env.MOTCUA_TOKEN || undefined });
  console.log(`Một Cửa Desk (trình duyệt) — dữ liệu: ${dataDir}`);
  console.log(`MOTCUA_URL=${shell.url}`);
  console.log(`MOTCUA_READY_MS=${Math.round(performance.now() - t0)}`);
  core.warmUp();
  // Once, whatever asks: Ctrl+C reaches both this process and `npm start`'s launcher, which passes it on too.
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= (async () => {
    await shell.close();
    await core.close();
    process.exit(0);
  })());
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(`Không khởi động được: ${(e as Error).message}`);
  process.exit(1);
});
