// Child process of the kill tests: the app's drainer over the same SQLite file as the test.
// Usage: node drain-child.cjs <dataDir> <configJson> [--until-empty]
// Prints "loaded", waits for "go" on stdin (the test keeps the next process warm while the current one
// drains), then opens the database, prints "ready" once draining, and "empty" (and exits) when
// --until-empty and nothing is left to send.
import readline from 'node:readline';
import path from 'node:path';
import { Database } from '../../../main/persistence/database';
import { portalConfigSchema } from '../../../main/sync/config';
import { Drainer } from '../../../main/sync/drainer';
import { OutboxStore } from '../../../main/sync/outbox';
import { PortalClient } from '../../../main/sync/portal/client';
import { systemClock } from '../../../main/base/context';

async function main() {
  const [dataDir, configJson, flag] = process.argv.slice(2) as [string, string, string | undefined];
  process.stdout.write('loaded\n');
  await new Promise<void>((resolve) => {
    const rl = readline.createInterface({ input: process.stdin });
    rl.on('line', (l) => { if (l.trim() === 'go') { rl.close(); resolve(); } });
  });
  const { password, drainer: drainerOptions, ...rest } = JSON.parse(configJson) as Record<string, unknown> & { password: string; drainer: Record<string, number> };
  const config = portalConfigSchema.parse({ enabled: true, ...rest });
  const db = await Database.open(path.join(dataDir, 'motcua.sqlite'));
  const store = new OutboxStore(db);
  const drainer = new Drainer(store, new PortalClient(config, password), config, path.join(dataDir, 'files'), systemClock, {
    concurrency: 4, retryBaseMs: 20, retryMaxMs: 200, probeBaseMs: 20, probeMaxMs: 200, pauseAfterFailures: 50, pollMs: 50, ...drainerOptions,
  }, (l) => process.stderr.write(`${l}\n`));
  await drainer.start();
  process.stdout.write('ready\n');
  if (flag === '--until-empty') {
    for (;;) {
      await new Promise((r) => setTimeout(r, 50));
      const open = await store.read((raw) => (raw.prepare(`SELECT count(*) AS n FROM outbox WHERE state IN ('pending','in_flight')`).get() as { n: number }).n);
      if (open === 0 && drainer.busy === 0) break;
    }
    await drainer.stop();
    await db.close();
    process.stdout.write(`empty ${JSON.stringify(drainer.stats)}\n`);
    process.exit(0);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
