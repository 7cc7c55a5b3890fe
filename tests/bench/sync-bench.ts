// Benchmark (not part of the test suite): drain N dossiers into the reference portal on loopback, with
// three 200 KB files each and without files, against two portals in the same run — the reference portal as
// tests use it (SQLite without an fsync per commit) and a durable one that fsyncs every write before it
// answers, as a production portal does. Prints dossiers per second for each, the durable/fast ratio, what
// the drainer met (retries, line checks, outages) and peak memory (RSS high-water mark and heap sampled
// during the drain, to show it does not grow with the queue).
// Targets: ≥ 100 dossiers/s without files, ≥ 20 with files (fast portal), memory flat.
// Usage: node --expose-gc --import tsx tests/bench/sync-bench.ts [--dossiers 10000] [--files 3] [--file-kb 200] [--concurrency 8]
//   [--only files|nofiles] [--portal fast|durable|both]
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../main/base/context';
import { Database } from '../../main/persistence/database';
import { Drainer } from '../../main/sync/drainer';
import { outboxCounts, OutboxStore } from '../../main/sync/outbox';
import { PortalClient } from '../../main/sync/portal/client';
import { portalConfigSchema } from '../../main/sync/config';
import { addDossiers, dbFile, makeOffice } from '../sync/support/local';
import { ROOT } from '../support/server';

const { values: options } = parseArgs({
  args: process.argv.slice(2),
  options: {
    dossiers: { type: 'string', default: '10000' }, files: { type: 'string', default: '3' }, 'file-kb': { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' }, only: { type: 'string' }, portal: { type: 'string', default: 'both' },
  },
});
const DOSSIERS = Number(options.dossiers);
const FILES = Number(options.files);
const FILE_KB = Number(options['file-kb']);
const CONCURRENCY = Number(options.concurrency);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;

type PortalKind = 'fast' | 'durable';
const PORTAL_LABEL: Record<PortalKind, string> = { fast: 'reference portal (no fsync per commit)', durable: 'durable portal (fsync per write)' };

async function startPortalProcess(dir: string, kind: PortalKind): Promise<{ url: string; child: ChildProcess }> {
  const args = ['--import', 'tsx', path.join(ROOT, 'tests/support/reference-portal/main.ts'), '--dir', dir, '--port', '0', ...(kind === 'durable' ? ['--durable'] : [])];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => { out += c; const m = /PORTAL_URL=(\S+)/.exec(out); if (m) resolve(m[1]!); });
    child.on('exit', (code) => reject(new Error(`portal exited ${code}`)));
  });
  return { url, child };
}

async function run(files: number, kind: PortalKind): Promise<number> {
  const office = await makeOffice();
  const portalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-portal-'));
  const { url, child } = await startPortalProcess(portalDir, kind);
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
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      const counts = await store.read(outboxCounts);
      // With --expose-gc the sample is the live heap, not what the collector has not reclaimed yet.
      (globalThis as { gc?: () => void }).gc?.();
      heapSamples.push(process.memoryUsage().heapUsed);
      if (counts.waiting === 0 && counts.blocked === 0) break;
    }
    const seconds = (performance.now() - t0) / 1000;
    await drainer.stop();
    const { parked } = await store.read(outboxCounts);
    const q = Math.max(1, Math.floor(heapSamples.length / 4));
    const firstQuarter = Math.max(...heapSamples.slice(0, q));
    const lastQuarter = Math.max(...heapSamples.slice(-q));
    const rate = DOSSIERS / seconds;
    const s = drainer.stats;
    console.log(`${files ? `with ${files} files of ${FILE_KB} KB` : 'without files'}, ${PORTAL_LABEL[kind]}: ${DOSSIERS} dossiers in ${seconds.toFixed(1)} s → ${rate.toFixed(1)} dossiers/s`
      + ` | parked ${parked}, retried ${s.retried}, line checks ${s.lineChecks}, outages ${s.outages}`
      + ` | RSS at start ${mb(rssStart)}, peak ${mb(process.resourceUsage().maxRSS * 1024)} | heap peak first quarter ${mb(firstQuarter)}, last quarter ${mb(lastQuarter)}`);
    return rate;
  } finally {
    await db.close();
    child.kill('SIGTERM');
  }
}

async function main() {
  console.log(`sync drain: concurrency ${CONCURRENCY}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const kinds: PortalKind[] = options.portal === 'both' ? ['fast', 'durable'] : [options.portal as PortalKind];
  for (const files of [0, FILES].filter((f) => (options.only === 'files' ? f > 0 : options.only === 'nofiles' ? f === 0 : true))) {
    const rates: Partial<Record<PortalKind, number>> = {};
    for (const kind of kinds) rates[kind] = await run(files, kind);
    if (rates.fast && rates.durable) {
      console.log(`  → ${files ? 'with files' : 'without files'}: durable ${rates.durable.toFixed(1)} vs fast ${rates.fast.toFixed(1)} dossiers/s (ratio ${(rates.durable / rates.fast).toFixed(2)})`);
    }
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
