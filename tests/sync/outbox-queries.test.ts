import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../main/persistence/database';
import { listItems, outboxCounts } from '../../main/sync/outbox';
import { addDossiers, dbFile, makeOffice } from './support/local';

// The status line and the sync screen read the outbox every few seconds: their counts must be right with
// several parked items in one dossier, and their per-dossier look-ups must use the lane index (a plan check,
// not a timing: without the index each look-up scanned every open item of the office).
describe('outbox read models for the status line and the sync screen', () => {
  let db: Database;
  let ids: string[] = [];
  beforeAll(async () => {
    const office = await makeOffice();
    db = await Database.open(dbFile(office.dataDir));
    ids = await addDossiers(db, office, 4, { files: 0 });
    const add = db.raw.prepare(`INSERT INTO outbox (operation_id, dossier_id, kind, payload_json, created_at, state, attempts) VALUES (?, ?, ?, '{}', ?, ?, 0)`);
    const at = new Date().toISOString();
    // Dossier 0: create parked, then an update, a parked progress, an update. Dossier 1: a progress parked after its create.
    db.raw.prepare(`UPDATE outbox SET state = 'needs_attention' WHERE dossier_id = ? AND kind = 'dossier.create'`).run(ids[0]);
    add.run('a1', ids[0], 'dossier.update', at, 'pending');
    add.run('a2', ids[0], 'dossier.progress', at, 'needs_attention');
    add.run('a3', ids[0], 'dossier.update', at, 'pending');
    add.run('b1', ids[1], 'dossier.progress', at, 'needs_attention');
    add.run('b2', ids[1], 'dossier.update', at, 'pending');
  });
  afterAll(async () => { await db.close(); });

  it('counts waiting, blocked and parked items; each blocked item names the first parked item before it', () => {
    // Waiting: the creates of dossiers 1–3; blocked: a1, a3 (behind the create of 0) and b2 (behind b1).
    expect(outboxCounts(db.raw)).toEqual({ waiting: 3, blocked: 3, parked: 3 });
    const rows = listItems(db.raw, 'open', 100);
    const create0 = rows.find((r) => r.dossierId === ids[0] && r.kind === 'dossier.create')!;
    const b1 = rows.find((r) => r.dossierId === ids[1] && r.kind === 'dossier.progress')!;
    expect(rows.filter((r) => r.blockedBy).map((r) => [r.kind, r.blockedBy!.seq]).sort()).toEqual([
      ['dossier.update', create0.seq], ['dossier.update', create0.seq], ['dossier.update', b1.seq],
    ].sort());
    expect(create0.blocking).toBe(2);
    expect(b1.blocking).toBe(1);
  });

  it('the per-dossier look-ups go through the lane index', () => {
    // The statements as the functions prepare them, on a connection of their own (prepared statements are cached per connection).
    const conn = new Sqlite(db.file, { readonly: true });
    try {
      const seen: string[] = [];
      const prepare = conn.prepare.bind(conn);
      conn.prepare = ((sql: string) => { seen.push(sql); return prepare(sql); }) as typeof conn.prepare;
      outboxCounts(conn);
      listItems(conn, 'open', 10);
      conn.prepare = prepare;
      expect(seen).toHaveLength(2);
      for (const sql of seen) {
        const plan = (conn.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(sql.includes('LIMIT ?') ? [10] : [])) as { detail: string }[]).map((p) => p.detail).join('\n');
        expect(plan).toMatch(/outbox_lane/);
      }
    } finally {
      conn.close();
    }
  });
});
