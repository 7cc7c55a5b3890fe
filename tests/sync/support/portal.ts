// Reference portal helpers for the sync tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { portalConfigSchema, type PortalConfig } from '../../../main/sync/config';
import { ReferencePortal, type PortalOptions } from '../../support/reference-portal/server';

export async function startPortal(opts: Partial<PortalOptions> = {}): Promise<ReferencePortal> {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-portal-'));
  return new ReferencePortal({ ...opts, dir }).start();
}

export const PORTAL_PASSWORD = 'matkhau-dongbo';

export function clientConfig(portal: ReferencePortal, over: Partial<PortalConfig> = {}): PortalConfig {
  return portalConfigSchema.parse({
    enabled: true, baseUrl: portal.url, agencyCode: portal.agencyCode, username: 'motcua', timeoutMs: 2000, inboundIntervalSec: 0, ...over,
  });
}

/** What compareWithPortal needs, read from the portal's store. */
export function portalView(portal: ReferencePortal) {
  const store = portal.store;
  return {
    dossiers: store.allDossiers(), counts: store.counts(),
    fileSha: (id: string) => (store.db.prepare(`SELECT sha256 FROM file WHERE id = ?`).get(id) as { sha256: string } | undefined)?.sha256 ?? 'missing',
  };
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
