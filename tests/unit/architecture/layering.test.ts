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
});
