import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/server';

// The layering rules must actually bite: feed the project's ESLint config forbidden imports.
const eslint = new ESLint({ cwd: ROOT });
async function ruleIdsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}/${filePath}` });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layering lint rules', () => {
  it('only main/electron may import electron', async () => {
    expect(await ruleIdsFor('main/services/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringContaining('Only files under main/electron/ may import electron'),
    ]);
    expect(await ruleIdsFor('renderer/src/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await ruleIdsFor('main/electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
  });
  it('renderer never imports main, shared imports neither and no Node APIs', async () => {
    expect(await ruleIdsFor('renderer/src/x.ts', "import { Core } from '../../main/core/core';\nexport const c = Core;\n")).toEqual([
      expect.stringContaining('renderer/ talks to the core only through the API client'),
    ]);
    expect(await ruleIdsFor('shared/x.ts', "import { Core } from '../main/core/core';\nexport const c = Core;\n")).toEqual([
      expect.stringContaining('shared/ must not import main/'),
    ]);
    expect(await ruleIdsFor('shared/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n")).toEqual([
      expect.stringContaining('no Node APIs'),
    ]);
    expect(await ruleIdsFor('main/core/x.ts', "import { api } from '../../shared/contract';\nexport const a = api;\n")).toEqual([]);
  });
  it('floors inside main/: each folder imports only the floors below it', async () => {
    const floorRule = 'local/main-floors';
    const bites = async (file: string, spec: string) =>
      (await ruleIdsFor(file, `import * as m from '${spec}';\nexport const x = m;\n`)).filter((m) => m.startsWith(floorRule));
    // The ground imports nothing of main/.
    expect(await bites('main/base/x.ts', '../services/audit')).toHaveLength(1);
    expect(await bites('main/base/x.ts', '../persistence/database')).toHaveLength(1);
    // Persistence, storage and the devices stand on the ground only.
    expect(await bites('main/persistence/x.ts', '../services/audit')).toHaveLength(1);
    expect(await bites('main/storage/x.ts', '../persistence/database')).toHaveLength(1);
    expect(await bites('main/devices/scanning/x.ts', '../../digitization/pipeline')).toHaveLength(1);
    expect(await bites('main/devices/scanning/x.ts', '../../base/assets')).toEqual([]);
    // The outbox owner sits under the services that enqueue into it and the drainer that empties it.
    expect(await bites('main/sync/outbox/x.ts', '../drainer')).toHaveLength(1);
    expect(await bites('main/sync/outbox/x.ts', '../../services/audit')).toHaveLength(1);
    expect(await bites('main/sync/outbox/x.ts', '../../persistence/database')).toEqual([]);
    // Services reach the outbox owner, never the rest of sync (no services ↔ sync loop).
    expect(await bites('main/services/x.ts', '../sync/outbox')).toEqual([]);
    expect(await bites('main/services/x.ts', '../sync/drainer')).toHaveLength(1);
    expect(await bites('main/services/x.ts', '../core/core')).toHaveLength(1);
    expect(await bites('main/documents/x.ts', '../services/print-service')).toHaveLength(1);
    expect(await bites('main/digitization/x.ts', '../services/digitization-service')).toHaveLength(1);
    // sync may use services; core wires everything; the shells stand on top.
    expect(await bites('main/sync/x.ts', '../services/dossier-service')).toEqual([]);
    expect(await bites('main/sync/x.ts', '../core/core')).toHaveLength(1);
    expect(await bites('main/core/x.ts', '../node/cli')).toHaveLength(1);
    expect(await bites('main/node/x.ts', '../core/core')).toEqual([]);
  });
});
