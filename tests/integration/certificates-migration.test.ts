// Migration 0040 (certificates) on an office's database from before it: up creates the tables and their guards
// (a blank serial printed on once, one original of an entry, one reprint per spoiled print), down removes them
// and leaves the rest.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { ALL_ENTITIES } from '../../main/persistence/entities';
import { MIGRATIONS } from '../../main/persistence/migrations';
import { Certificates1764300000040 } from '../../main/persistence/migrations/0040-certificates';

const numberOf = (m: { name: string }) => Number(/(\d{4})$/.exec(m.name)![1]);
const TABLES = ['certificate_blank_image', 'certificate_issue', 'certificate_template', 'printer_calibration'];

describe('migration 0040 (certificates)', () => {
  it('up on a database from before it, its guards, and down', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-0040-'));
    const ds = new DataSource({
      type: 'better-sqlite3', database: path.join(dir, 'motcua.sqlite'), entities: ALL_ENTITIES,
      migrations: MIGRATIONS.filter((m) => numberOf(m) < 40), migrationsTableName: 'schema_migrations',
    });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    const tables = async () => ((await ds.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (${TABLES.map(() => '?').join(', ')}) ORDER BY name`, TABLES)) as { name: string }[]).map((r) => r.name);
    const before = ((await ds.query(`SELECT count(*) AS n FROM sqlite_master`)) as { n: number }[])[0]!.n;
    expect(await tables()).toEqual([]);

    const runner = ds.createQueryRunner();
    await new Certificates1764300000040().up(runner);
    expect(await tables()).toEqual(TABLES);
    const issue = (id: string, serial: string, reprintOf: string | null, state = 'sent', entry = id) => ds.query(`INSERT INTO certificate_issue (id, entry_id, kind, copy_kind, copies,
      template_id, template_version, printer, offset_x, offset_y, blank_serial, reprint_of, state, fields_json, at, vn_day, user_id)
      VALUES (?, ?, 'birth', 'original', 1, 't', '1', 'P', 0, 0, ?, ?, ?, '{}', '2026-03-20T03:00:00Z', '2026-03-20', 'u')`, [id, entry, serial, reprintOf, state]);
    await issue('i1', 'S-1', null);
    await expect(issue('i2', 'S-1', null)).rejects.toThrow(/UNIQUE/);
    await issue('i3', 'S-1', null, 'failed'); // a failed print used no blank
    await issue('i4', '', null);
    await issue('i5', '', null); // no serial typed: not a collision
    // One original of an entry stands: another (pending or sent) is refused, until the first is marked spoiled.
    await expect(issue('i6', 'S-2', 'i1', 'pending', 'i1')).rejects.toThrow(/UNIQUE/);
    await ds.query(`UPDATE certificate_issue SET spoiled_at = '2026-03-20T03:05:00Z', spoiled_serial = 'S-1' WHERE id = 'i1'`);
    await issue('i6', 'S-2', 'i1', 'pending', 'i1');
    await expect(issue('i7', 'S-3', 'i1', 'sent', 'other')).rejects.toThrow(/UNIQUE/); // one reprint per spoiled print
    await expect(ds.query(`INSERT INTO certificate_issue (id, entry_id, kind, copy_kind, copies, template_id, template_version, printer, offset_x, offset_y,
      state, fields_json, at, vn_day, user_id) VALUES ('x', 'e', 'birth', 'copy', 1, 't', '1', 'P', 0, 0, 'sent', '{}', '', '', 'u')`)).rejects.toThrow(/CHECK/);

    await new Certificates1764300000040().down(runner);
    expect(await tables()).toEqual([]);
    expect(((await ds.query(`SELECT count(*) AS n FROM sqlite_master`)) as { n: number }[])[0]!.n).toBe(before);
    await runner.release();
    await ds.destroy();
  });
});
