import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/base/context';
import { Database } from '../../main/persistence/database';
import { Drainer, type DrainerOptions } from '../../main/sync/drainer';
import { OutboxStore } from '../../main/sync/outbox';
import { PortalClient } from '../../main/sync/portal/client';
import type { PortalConfig } from '../../main/sync/config';
import { addDossiers, changeStatus, compareWithPortal, dbFile, makeOffice, openItems } from './support/local';
import { clientConfig, PORTAL_PASSWORD, portalView, startPortal, until } from './support/portal';

const FAST: DrainerOptions = { concurrency: 6, retryBaseMs: 20, retryMaxMs: 300, probeBaseMs: 50, probeMaxMs: 400, pauseAfterFailures: 50, pollMs: 50 };

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => { while (cleanup.length) await cleanup.pop()!(); });

async function setup(portalOpts: Parameters<typeof startPortal>[0] = {}, cfg: Partial<PortalConfig> = {}, opts: Partial<DrainerOptions> = {}) {
  const office = await makeOffice();
  const portal = await startPortal(portalOpts);
  const db = await Database.open(dbFile(office.dataDir));
  const config = clientConfig(portal, cfg);
  const client = new PortalClient(config, PORTAL_PASSWORD);
  const drainer = new Drainer(new OutboxStore(db), client, config, path.join(office.dataDir, 'files'), systemClock, { ...FAST, ...opts });
  cleanup.push(async () => { await drainer.stop(); await db.close(); await portal.close(); });
  const drained = () => until(() => openItems(db).every((r) => r.state === 'needs_attention' || r.state === 'resolved') && drainer.busy === 0, 60_000, 'drain');
  return { office, portal, db, client, drainer, config, drained };
}

describe('outbox drainer against the reference portal', () => {
  it('delivers files, then the create with the official number, then updates and progress, per dossier in order', async () => {
    const t = await setup();
    const ids = await addDossiers(t.db, t.office, 20, { files: 2 });
    for (const id of ids.slice(0, 10)) { await changeStatus(t.db, t.office, id, 4, 'Chuyển xử lý'); await changeStatus(t.db, t.office, id, 9); }
    await t.drainer.start();
    await t.drained();
    expect(openItems(t.db)).toEqual([]);
    expect(compareWithPortal(t.db, portalView(t.portal))).toEqual([]);
    const numbers = t.db.raw.prepare(`SELECT d.number, h.number AS old FROM dossier d JOIN dossier_number_history h ON h.dossier_id = d.id`).all() as { number: string; old: string }[];
    expect(numbers).toHaveLength(20);
    for (const n of numbers) { expect(n.number).toMatch(/^000\.00\.13\.H42\.\d{2}\.\d{6}$/); expect(n.old).toMatch(/^TAM-/); }
    const counts = Object.values(t.portal.store.counts());
    expect(counts.reduce((s, c) => s + c.updates, 0)).toBe(20);
  }, 60_000);
});
