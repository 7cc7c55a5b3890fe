// The civil-status procedures of the domain reference are in the shipped catalogue, each linked to its event
// type (shared/civil-status: the schema's procedure codes), and an office installed before a procedure was added
// to the asset (2.000806, marriage with a foreign element, now at commune level) gets it at its next start,
// audited, without touching the versions it has.
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
