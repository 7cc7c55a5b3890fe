// The civil-status procedures of the domain reference are in the shipped catalogue, each linked to its event
// type (shared/civil-status: the schema's procedure codes), and an office installed before a procedure was added
// to the asset (2.000806, marriage with a foreign element, now at commune level) gets it at its next start,
// audited, without touching the versions it has. Migration 0035 (the register's tables) goes down and up.
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { eventTypeOfProcedure, schemaOn } from '../../shared/civil-status/event-schemas';
import { startCore, type Harness } from '../support/core-harness';

const CIVIL_STATUS_CODES = ['1.001193', '1.000656', '1.000894', '2.000806', '1.004873', '1.004859', '1.004884', '2.000635', '2.000908'];
let h: Harness | undefined;
afterAll(async () => { await h?.close(); });

describe('civil-status procedures in the catalogue', () => {
  it('ships every procedure of civil-status.md, each with its event type and result paper', async () => {
    h = await startCore();
    for (const code of CIVIL_STATUS_CODES) {
      const v = (await h.must('procedures.search', { query: code, limit: 50 })).find((p: { code: string }) => p.code === code);
      expect(v, code).toBeDefined();
      const type = eventTypeOfProcedure(code);
      expect(type, code).not.toBeNull();
      expect(v.results.length, code).toBeGreaterThan(0);
      if (type === 'marriage') expect(v.results[0].code).toBe(schemaOn(type, '2026-12-06').resultCode);
    }
    const foreign = (await h.must('procedures.search', { query: '2.000806' }))[0];
    expect(foreign.parties[0]).toMatchObject({ role: 'spouse' });
    expect(foreign.feeNote).toContain('chưa xác minh');
  });

  it('adds a procedure new in the asset to an office installed before, once, audited', async () => {
    const dataDir = h!.dataDir;
    await h!.close();
    const db = new Sqlite(path.join(dataDir, 'motcua.sqlite'));
    db.prepare(`DELETE FROM procedure_version WHERE code = '2.000806'`).run();
    const before = (db.prepare(`SELECT COUNT(*) AS n FROM procedure_version`).get() as { n: number }).n;
    db.close();
    h = await startCore({ dataDir });
    await h.close();
    h = await startCore({ dataDir });
    const after = new Sqlite(path.join(dataDir, 'motcua.sqlite'), { readonly: true });
    const rows = after.prepare(`SELECT source, valid_from FROM procedure_version WHERE code = '2.000806'`).all() as { source: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.source).toBe('seed');
    expect((after.prepare(`SELECT COUNT(*) AS n FROM procedure_version`).get() as { n: number }).n).toBe(before + 1);
    expect((after.prepare(`SELECT COUNT(*) AS n FROM audit_event WHERE action = 'procedure.version.seed'`).get() as { n: number }).n).toBe(1);
    after.close();
  });
});

describe('migration 0035', () => {
  it('goes down and up again on an office database (its tables, indexes and the one-open-book rule)', async () => {
    const { CivilStatus1764300000035 } = await import('../../main/persistence/migrations/0035-civil-status');
    const db = h!.core.services.db;
    const tables = async () => ((await db.read((em) => em.query(`SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name LIKE 'civil_%' ORDER BY name`))) as { name: string }[]).map((r) => r.name);
    const before = await tables();
    expect(before).toEqual(expect.arrayContaining(['civil_book', 'civil_book_open', 'civil_entry', 'civil_entry_number', 'civil_entry_person', 'civil_copy_log']));
    const runner = db.dataSource.createQueryRunner();
    try {
      await runner.query('PRAGMA foreign_keys = OFF');
      await new CivilStatus1764300000035().down(runner);
      expect(await tables()).toEqual([]);
      await new CivilStatus1764300000035().up(runner);
      await runner.query('PRAGMA foreign_keys = ON');
    } finally {
      await runner.release();
    }
    expect(await tables()).toEqual(before);
    const open = (id: string, n: number) => db.write((em) => em.query(`INSERT INTO civil_book (id, event_type, year, book_number, capacity, opened_at) VALUES (?, 'birth', 2026, ?, 200, '2026-01-01T00:00:00Z')`, [id, n]));
    await open('b1', 1);
    await expect(open('b2', 2)).rejects.toThrow(/UNIQUE/);
  });
});
