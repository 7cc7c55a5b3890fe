import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../main/base/context';
import { Database } from '../../main/persistence/database';
import { ALL_ENTITIES } from '../../main/persistence/entities';
import { MIGRATIONS } from '../../main/persistence/migrations';
import { dossierSearchText } from '../../main/services/dossier-service';
import { Drainer, type DrainerOptions } from '../../main/sync/drainer';
import { OutboxStore } from '../../main/sync/outbox';
import { PortalClient } from '../../main/sync/portal/client';
import { toVnParts } from '../../shared/time/vn-time';
import { startCore } from '../support/core-harness';
import type { PortalOptions } from '../support/reference-portal/server';
import { addDossiers, changeStatus, compareWithPortal, dbFile, makeOffice, openItems } from './support/local';
import { clientConfig, PORTAL_PASSWORD, portalView, startPortal, until } from './support/portal';

// Issue 8, item 1. With the national number format on both sides, GetNextValue hands out numbers that other
// dossiers of the office still hold as provisional numbers. They must be recorded (official and provisional
// numbers are separate spaces), and an item that keeps failing the same way is parked for a person.
const FAST: DrainerOptions = {
  concurrency: 6, retryBaseMs: 20, retryMaxMs: 300, probeBaseMs: 50, probeMaxMs: 400, pauseAfterFailures: 50, pollMs: 50, parkAfterSameFailures: 3,
};

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => { while (cleanup.length) await cleanup.pop()!(); });

async function setup(portalOpts: Partial<PortalOptions> = {}, opts: Partial<DrainerOptions> = {}) {
  const office = await makeOffice();
  const portal = await startPortal({ numberFormat: 'national', ...portalOpts });
  const db = await Database.open(dbFile(office.dataDir));
  const config = clientConfig(portal);
  const drainer = new Drainer(new OutboxStore(db), new PortalClient(config, PORTAL_PASSWORD), config, path.join(office.dataDir, 'files'), systemClock, { ...FAST, ...opts });
  let closed = false;
  const close = async () => { if (closed) return; closed = true; await drainer.stop(); await db.close(); };
  cleanup.push(async () => { await close(); await portal.close(); });
  // Everything that can still go has gone (what waits behind a parked item excepted).
  const settled = () => until(() => drainer.busy === 0 && (db.raw.prepare(`SELECT count(*) AS n FROM outbox o WHERE o.state IN ('pending','in_flight')
    AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.dossier_id = o.dossier_id AND p.state = 'needs_attention')`).get() as { n: number }).n === 0, 60_000, 'drain');
  return { office, portal, db, drainer, settled, close };
}

/** The default pattern {agency}-{yy}{MM}{dd}-{seq:4}, today (Vietnam time). */
function national(agency: string, seq: number, at = new Date()): string {
  const p = toVnParts(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${agency}-${two(p.year % 100)}${two(p.month)}${two(p.day)}-${String(seq).padStart(4, '0')}`;
}

describe('official numbers that equal other dossiers\' provisional numbers', () => {
  it('300 dossiers, the province\'s counter 3 ahead of ours: every official number is recorded, nothing stuck or parked', async () => {
    const t = await setup();
    const agency = t.portal.agencyCode;
    // Another counter of the agency already took the province's first three numbers of the day.
    for (let i = 0; i < 3; i++) t.portal.store.nextNumber(agency, new Date(), 'national');
    const ids = await addDossiers(t.db, t.office, 300, { files: 1, fileSize: 512, number: (i) => national(agency, i + 1) });
    for (const id of ids.slice(0, 30)) await changeStatus(t.db, t.office, id, 4);
    await t.drainer.start();
    await t.settled();
    expect(openItems(t.db)).toEqual([]);
    expect(compareWithPortal(t.db, portalView(t.portal))).toEqual([]);
    // The case really happened: official numbers that were, at the time, other dossiers' provisional numbers.
    const met = (t.db.raw.prepare(`SELECT count(*) AS n FROM dossier d JOIN dossier_number_history h ON h.number = d.number AND h.dossier_id != d.id`).get() as { n: number }).n;
    expect(met).toBeGreaterThan(250);
  }, 120_000);

  it('two dossiers whose numbers the province swaps both reach it; either number finds both, each shows its official one', async () => {
    const t = await setup({}, { concurrency: 1 });
    const agency = t.portal.agencyCode;
    const p1 = national(agency, 1);
    const p2 = national(agency, 2);
    const [a, b] = await addDossiers(t.db, t.office, 2, { files: 1, fileSize: 512, number: (i) => [p1, p2][i]! });
    t.portal.scriptedNumbers = [p2, p1];
    await t.drainer.start();
    await t.settled();
    expect(openItems(t.db)).toEqual([]);
    const rows = t.db.raw.prepare(`SELECT d.id, d.number, d.provisional, h.number AS former FROM dossier d JOIN dossier_number_history h ON h.dossier_id = d.id ORDER BY d.number`)
      .all() as { id: string; number: string; provisional: number; former: string }[];
    expect(rows).toEqual([
      { id: b, number: p1, provisional: 0, former: p2 },
      { id: a, number: p2, provisional: 0, former: p1 },
    ]);
    expect(compareWithPortal(t.db, portalView(t.portal))).toEqual([]);
    await t.close();

    // The clerk's search: the slip printed with the provisional number and the official number both find it.
    const h = await startCore({ dataDir: t.office.dataDir });
    try {
      for (const q of [p1, p2]) {
        const found = await h.must('dossiers.list', { query: q });
        expect(found.map((d: { id: string }) => d.id).sort()).toEqual([a, b].sort());
      }
      expect(await h.must('dossiers.get', { id: a })).toMatchObject({ number: p2, provisional: false });
      expect(await h.must('dossiers.get', { id: b })).toMatchObject({ number: p1, provisional: false });
    } finally {
      await h.close();
    }
  }, 60_000);

  it('an item that keeps failing the same way inside the app is parked with a Vietnamese message; the others go', async () => {
    const t = await setup();
    const ids = await addDossiers(t.db, t.office, 8, { files: 1, fileSize: 512 });
    // A progress item whose stored payload cannot be read: the same internal error on every attempt.
    t.db.raw.prepare(`INSERT INTO outbox (operation_id, dossier_id, kind, payload_json, created_at, state, attempts) VALUES (?, ?, 'dossier.progress', '{hỏng', ?, 'pending', 0)`)
      .run(crypto.randomUUID(), ids[3], new Date().toISOString());
    await changeStatus(t.db, t.office, ids[3]!, 4); // held behind it, visibly
    await t.drainer.start();
    await t.settled();
    const parked = t.db.raw.prepare(`SELECT dossier_id, kind, error_kind, attempts, failure_streak, last_error FROM outbox WHERE state = 'needs_attention'`).all() as
      { dossier_id: string; kind: string; error_kind: string; attempts: number; failure_streak: number; last_error: string }[];
    expect(parked).toEqual([{
      dossier_id: ids[3], kind: 'dossier.progress', error_kind: 'internal', attempts: 3, failure_streak: 3,
      last_error: expect.stringMatching(/^Lỗi của ứng dụng khi gửi mục này \(chi tiết kỹ thuật: .*\)\. Mục này đã lỗi 3 lần liên tiếp theo cùng một cách nên ngừng tự thử lại\. Báo quản trị viên/),
    }]);
    expect(parked[0]!.last_error).not.toMatch(/Sẽ tự thử lại/);
    const others = t.db.raw.prepare(`SELECT count(*) AS n FROM outbox WHERE state != 'done' AND dossier_id != ?`).get(ids[3]) as { n: number };
    expect(others.n).toBe(0);
  }, 60_000);
});

describe('migration 0007 on a database written before it', () => {
  it('keeps every dossier, its children and its search index; official and provisional numbers may then coincide', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-0007-'));
    const file = path.join(dir, 'motcua.sqlite');
    // The schema as of migration 0006, with data, written the way that version wrote it.
    const old = new DataSource({ type: 'better-sqlite3', database: file, entities: ALL_ENTITIES, migrations: MIGRATIONS.slice(0, 6), migrationsTableName: 'schema_migrations',
      prepareDatabase: (db: { pragma(s: string): unknown }) => { db.pragma('journal_mode = WAL'); db.pragma('foreign_keys = ON'); } });
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    const raw = (old.driver as unknown as { databaseConnection: import('better-sqlite3').Database }).databaseConnection;
    const at = new Date().toISOString();
    raw.prepare(`INSERT INTO app_user (id, username, full_name, role, password_hash, active, created_at) VALUES ('u1', 'a', 'A', 'clerk', '!', 1, ?)`).run(at);
    raw.prepare(`INSERT INTO procedure_version (id, code, name, sector, duration_unit, duration_value, cutoff, valid_from, components_json, fees_json, source, created_at)
      VALUES ('v1', '1.001193', 'Đăng ký khai sinh', 'Hộ tịch', 'same-day', 0, NULL, '2025-07-01', '[]', '[]', 'seed', ?)`).run(at);
    const insert = raw.prepare(`INSERT INTO dossier (id, number, provisional, counter_code, procedure_version_id, procedure_code, procedure_name, duration_text,
        channel, applicant_name, applicant_id_number, applicant_birth_date, applicant_address, applicant_phone, applicant_email, received_at,
        effective_received_at, due_at, status, delivery_method, delivery_address, set_count, note, reason, search_text, received_by, operation_id,
        created_at, updated_at, row_version) VALUES (?, ?, 1, '', 'v1', '1.001193', 'Đăng ký khai sinh', '', 1, ?, '', '', '', '', '', ?, ?, NULL, 2, 'counter', '', 1, '', '', ?, 'u1', ?, ?, ?, 1)`);
    const names = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Văn Cường', 'Phạm Thị Dung'];
    names.forEach((n, i) => insert.run(`d${i}`, `N-${i}`, n, at, at, dossierSearchText(`N-${i}`, n), crypto.randomUUID(), at, at));
    raw.prepare(`DELETE FROM dossier WHERE id = 'd1'`).run(); // a gap in the rowids
    for (const id of ['d0', 'd2', 'd3']) {
      raw.prepare(`INSERT INTO dossier_component (dossier_id, position, code, name, copy_type, quantity, missing) VALUES (?, 0, 'TK', 'Tờ khai', 'original', 1, 0)`).run(id);
      raw.prepare(`INSERT INTO dossier_event (dossier_id, kind, from_status, to_status, at, user_id, note) VALUES (?, 'status', NULL, 2, ?, 'u1', '')`).run(id, at);
    }
    await old.destroy();

    const db = await Database.open(file);
    try {
      const r = db.raw;
      expect((r.prepare(`SELECT sql FROM sqlite_master WHERE name = 'dossier'`).get() as { sql: string }).sql).not.toMatch(/number TEXT NOT NULL UNIQUE/);
      expect(r.prepare(`SELECT id FROM dossier ORDER BY rowid`).all()).toEqual([{ id: 'd0' }, { id: 'd2' }, { id: 'd3' }]);
      expect((r.prepare(`SELECT count(*) AS n FROM dossier_component`).get() as { n: number }).n).toBe(3);
      expect((r.prepare(`SELECT count(*) AS n FROM dossier_event`).get() as { n: number }).n).toBe(3);
      expect(r.prepare(`SELECT "table" FROM pragma_foreign_key_list('dossier_component')`).all()).toEqual([{ table: 'dossier' }]);
      // The full-text index still points at the right rows (rowids kept), and its triggers are back.
      const search = (q: string) => r.prepare(`SELECT d.id FROM dossier d WHERE d.rowid IN (SELECT rowid FROM dossier_fts WHERE dossier_fts MATCH ?)`).all(q);
      expect(search('"cuong"*')).toEqual([{ id: 'd2' }]);
      r.prepare(`UPDATE dossier SET search_text = ? WHERE id = 'd3'`).run(dossierSearchText('N-3', 'Phạm Thị Dung', 'Hà Nội'));
      expect(search('"ha" "noi"')).toEqual([{ id: 'd3' }]);
      // Official N-0 next to the provisional N-0; a second provisional N-0 is still refused.
      // A copy of d0 under the same number (columns read from the table: later migrations add some).
      const columns = (r.prepare(`PRAGMA table_info(dossier)`).all() as { name: string }[]).map((c) => c.name);
      const override: Record<string, string> = { id: '@id', provisional: '@provisional', operation_id: '@op', lookup_code: `''` };
      const copy = (id: string, provisional: number) => r.prepare(`INSERT INTO dossier (${columns.join(', ')})
          SELECT ${columns.map((c) => override[c] ?? c).join(', ')} FROM dossier WHERE id = 'd0'`).run({ id, provisional, op: crypto.randomUUID() });
      expect(() => copy('official', 0)).not.toThrow();
      expect(() => copy('twin', 1)).toThrow(/UNIQUE/);
      expect(r.prepare(`EXPLAIN QUERY PLAN SELECT id FROM dossier WHERE number = ?`).all('N-0')).toEqual([expect.objectContaining({ detail: expect.stringContaining('dossier_number_space') })]);
    } finally {
      await db.close();
    }
  });
});
