// Benchmark (not part of the test suite): drain N dossiers into the reference portal on loopback, with
// three 200 KB files each and without files; prints dossiers per second and peak memory (RSS high-water
// mark and heap sampled during the drain, to show it does not grow with the queue).
// Targets: ≥ 100 dossiers/s without files, ≥ 20 with files, memory flat.
// Usage: node --expose-gc --import tsx tests/bench/sync-bench.ts [--dossiers 10000] [--files 3] [--file-kb 200] [--concurrency 8] [--only files|nofiles]
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { systemClock } from '../../main/base/context';
import { parseArgs } from '../../main/node/args';
import { Database } from '../../main/persistence/database';
import { Drainer } from '../../main/sync/drainer';
import { OutboxStore } from '../../main/sync/outbox';
import { PortalClient } from '../../main/sync/portal/client';
import { portalConfigSchema } from '../../main/sync/config';
import { addDossiers, dbFile, makeOffice } from '../sync/support/local';
import { ROOT } from '../support/server';

const { options } = parseArgs(process.argv.slice(2));
const DOSSIERS = Number(options.dossiers ?? 10_000);
const FILES = Number(options.files ?? 3);
const FILE_KB = Number(options['file-kb'] ?? 200);
const CONCURRENCY = Number(options.concurrency ?? 8);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

async function startPortalProcess(dir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/support/reference-portal/main.ts'), '--dir', dir, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => { out += c; const m = /PORTAL_URL=(\S+)/.exec(out); if (m) resolve(m[1]!); });
    child.on('exit', (code) => reject(new Error(`portal exited ${code}`)));
  });
  return { url, child };
}

async function run(label: string, files: number): Promise<void> {
  const office = await makeOffice();
  const portalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-portal-'));
  const { url, child } = await startPortalProcess(portalDir);
  const db = await Database.open(dbFile(office.dataDir));
  try {
    // Queue filled in slices (the files are written to disk once, outside the timed part).
    for (let done = 0; done < DOSSIERS; done += 500) await addDossiers(db, office, Math.min(500, DOSSIERS - done), { files, fileSize: FILE_KB * 1024 });
    const config = portalConfigSchema.parse({ enabled: true, baseUrl: url, agencyCode: '000.00.13.H42', username: 'motcua', timeoutMs: 30_000, inboundIntervalSec: 0 });
    const store = new OutboxStore(db);
    const drainer = new Drainer(store, new PortalClient(config, 'matkhau-dongbo'), config, path.join(office.dataDir, 'files'), systemClock, {
      concurrency: CONCURRENCY, retryBaseMs: 200, retryMaxMs: 5000, probeBaseMs: 200, probeMaxMs: 5000, pauseAfterFailures: 20, pollMs: 100,
    });
    const rssStart = process.memoryUsage().rss;
    const heapSamples: number[] = [];
    const t0 = performance.now();
    await drainer.start();
    let open = Infinity;
    while (open > 0) {
      await new Promise((r) => setTimeout(r, 500));
      open = await store.read((raw) => (raw.prepare(`SELECT count(*) AS n FROM outbox WHERE state IN ('pending','in_flight')`).get() as { n: number }).n);
      // With --expose-gc the sample is the live heap, not what the collector has not reclaimed yet.
      (globalThis as { gc?: () => void }).gc?.();
      heapSamples.push(process.memoryUsage().heapUsed);
    }
    const seconds = (performance.now() - t0) / 1000;
    await drainer.stop();
    const parked = await store.read((raw) => (raw.prepare(`SELECT count(*) AS n FROM outbox WHERE state = 'needs_attention'`).get() as { n: number }).n);
    const q = Math.max(1, Math.floor(heapSamples.length / 4));
    const firstQuarter = Math.max(...heapSamples.slice(0, q));
    const lastQuarter = Math.max(...heapSamples.slice(-q));
    void open;
    console.log(`${label}: ${DOSSIERS} dossiers${files ? ` × ${files} files of ${FILE_KB} KB` : ''} in ${seconds.toFixed(1)} s → ${(DOSSIERS / seconds).toFixed(1)} dossiers/s` +
      ` | parked ${parked} | RSS at start ${mb(rssStart)}, peak ${mb(process.resourceUsage().maxRSS * 1024)} | heap peak first quarter ${mb(firstQuarter)}, last quarter ${mb(lastQuarter)}`);
  } finally {
    await db.close();
    child.kill('SIGTERM');
  }
}

async function main() {
  if (options.only !== 'files') await run('without files', 0);
  if (options.only !== 'nofiles') await run('with files', FILES);
}

main().catch((e) => { console.error(e); process.exit(1); });
