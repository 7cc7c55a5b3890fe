// Child process for the crash test: saves dossiers as fast as it can until it is killed.
// Usage: node --import tsx tests/support/save-loop.ts <dataDir> <procedureVersionId>
import { Core } from '../../main/core/core';
import { ADMIN } from './fixtures';
import { intake } from './core-harness';
import { RecordingPrinter } from './recording-printer';

async function main() {
  const [dataDir, versionId] = process.argv.slice(2) as [string, string];
  const core = await Core.start({ dataDir, shell: 'browser', printerDriver: new RecordingPrinter() });
  const login = (await core.handle('auth.login', { username: ADMIN.username, password: ADMIN.password })) as { ok: true; data: { sessionToken: string } };
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    const r = await core.handle('dossiers.receive', intake(versionId, { components: Array.from({ length: 1 + (i % 5) }, (_, k) => ({ code: '', name: `Giấy tờ số ${k + 1}`, copyType: 'original', quantity: 1 })) }), login.data.sessionToken);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    process.stdout.write(`saved ${i + 1}\n`);
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
