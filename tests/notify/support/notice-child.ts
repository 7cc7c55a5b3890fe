// Child process of the notifier's SIGKILL test: the app's notice service (settings and secrets from the data
// folder, the shipped drainer with short timings) over the same SQLite file as the test.
// Usage: node --import tsx notice-child.ts <dataDir>. Prints "ready" once draining; runs until killed.
import path from 'node:path';
import { systemClock } from '../../../main/base/context';
import { notifyCredentialFile, NotifySecrets } from '../../../main/notify/secrets';
import { Database } from '../../../main/persistence/database';
import { NoticeService } from '../../../main/services/notices-service';
import { FileCredentialStore } from '../../../main/sync/config';
import { FAST } from './harness';

async function main() {
  const dataDir = process.argv[2]!;
  const db = await Database.open(path.join(dataDir, 'motcua.sqlite'));
  const notices = new NoticeService({
    db, clock: systemClock, secrets: new NotifySecrets(new FileCredentialStore(notifyCredentialFile(dataDir))),
    options: { drainer: { ...FAST, concurrency: 4 } }, log: (l) => process.stderr.write(`${l}\n`),
  });
  await notices.start();
  process.stdout.write('ready\n');
}

main().catch((e) => { console.error(e); process.exit(1); });
