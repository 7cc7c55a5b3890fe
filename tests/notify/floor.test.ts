import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/server';

// main/notify stands on the outbox owner and persistence (like the portal's drainer, it only empties the
// outbox); services queue notices through it, nothing below the services reaches it.
const eslint = new ESLint({ cwd: ROOT });
const bites = async (file: string, spec: string) => {
  const [r] = await eslint.lintText(`import * as m from '${spec}';\nexport const x = m;\n`, { filePath: `${ROOT}/${file}` });
  return r!.messages.filter((m) => m.ruleId === 'local/main-floors').length;
};

describe('the notify floor', () => {
  it('notify imports the outbox owner and persistence, never services, sync or core; services and core import notify', async () => {
    expect(await bites('main/notify/x.ts', '../sync/outbox')).toBe(0);
    expect(await bites('main/notify/x.ts', '../persistence/database')).toBe(0);
    expect(await bites('main/notify/x.ts', '../services/audit')).toBe(1);
    expect(await bites('main/notify/x.ts', '../sync/drainer')).toBe(1);
    expect(await bites('main/notify/x.ts', '../core/core')).toBe(1);
    expect(await bites('main/services/x.ts', '../notify/notice-drainer')).toBe(0);
    expect(await bites('main/core/x.ts', '../notify/secrets')).toBe(0);
    expect(await bites('main/sync/outbox/x.ts', '../../notify/errors')).toBe(1);
    expect(await bites('main/persistence/x.ts', '../notify/errors')).toBe(1);
  }, 60_000);
});
