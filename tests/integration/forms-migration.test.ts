// Migration 0022 on a database written before it: documents and print jobs keep their rows, references and
// indexes; a document of the office (no dossier) can then be stored and printed; earlier prints get their
// document's kind and reprints are marked.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { Database } from '../../main/persistence/database';
import { ALL_ENTITIES } from '../../main/persistence/entities';
import { MIGRATIONS } from '../../main/persistence/migrations';

const numberOf = (m: { name: string }) => Number(/(\d{4})$/.exec(m.name)![1]);

describe('migration 0022 (office documents, print log kind and reprint)', () => {
  it('rebuilds document and print_job keeping every row, reference and index', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-0022-'));
    const file = path.join(dir, 'motcua.sqlite');
    const old = new DataSource({
      type: 'better-sqlite3', database: file, entities: ALL_ENTITIES, migrations: MIGRATIONS.filter((m) => numberOf(m) < 22), migrationsTableName: 'schema_migrations',
    });
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    await old.query('PRAGMA foreign_keys = OFF'); // bare rows: no procedure version or user behind them
    await old.query(`INSERT INTO dossier (id, number, provisional, counter_code, procedure_version_id, procedure_code, procedure_name, duration_text, channel,
      applicant_name, applicant_id_number, applicant_birth_date, applicant_address, applicant_phone, applicant_email, received_at, effective_received_at,
      due_at, status, delivery_method, delivery_address, set_count, note, reason, search_text, received_by, operation_id, created_at, updated_at, row_version)
      VALUES ('d1', 'N-1', 1, '', 'v', '1.004873', 'X', '', 1, 'A', '', '', '', '', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL, 2, 'counter', '', 1, '', '', '', 'u', 'op1', '', '', 1)`);
    for (const [id, kind] of [['doc1', 'form01'], ['doc2', 'form02']]) {
      await old.query(`INSERT INTO document (id, dossier_id, kind, template_version, path, sha256, size, created_at, created_by) VALUES (?, 'd1', ?, '2025.1', ?, 'x', 1, '2026-01-01T00:00:00Z', 'u')`,
        [id, kind, `dossiers/2026-01/N-1/${kind}.pdf`]);
    }
    // doc1: failed, then printed, then printed again (a reprint); doc2: printed once.
    for (const [doc, ok] of [['doc1', 0], ['doc1', 1], ['doc1', 1], ['doc2', 1]] as const) {
      await old.query(`INSERT INTO print_job (document_id, dossier_id, printer, copies, ok, job_id, error, at, user_id) VALUES (?, 'd1', 'P', 1, ?, '', '', '2026-01-01T01:00:00Z', 'u')`, [doc, ok]);
    }
    await old.destroy();

    const db = await Database.open(file);
    try {
      const raw = db.raw;
      const jobs = raw.prepare('SELECT id, document_id, dossier_id, kind, reprint, ok FROM print_job ORDER BY id').all();
      expect(jobs).toEqual([
        { id: 1, document_id: 'doc1', dossier_id: 'd1', kind: 'form01', reprint: 0, ok: 0 },
        { id: 2, document_id: 'doc1', dossier_id: 'd1', kind: 'form01', reprint: 0, ok: 1 },
        { id: 3, document_id: 'doc1', dossier_id: 'd1', kind: 'form01', reprint: 1, ok: 1 },
        { id: 4, document_id: 'doc2', dossier_id: 'd1', kind: 'form02', reprint: 0, ok: 1 },
      ]);
      expect(raw.prepare('SELECT id, dossier_id, state FROM document ORDER BY id').all()).toEqual([
        { id: 'doc1', dossier_id: 'd1', state: 'ready' }, { id: 'doc2', dossier_id: 'd1', state: 'ready' },
      ]);
      const indexes = (raw.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('document', 'print_job') AND sql IS NOT NULL`).all() as { name: string }[])
        .map((r) => r.name).sort();
      expect(indexes).toEqual(['document_dossier', 'document_kind', 'document_path', 'document_pending', 'print_job_document', 'print_job_dossier']);
      // The references still hold: to the dossier, and from print jobs and corrections to the document.
      expect(() => raw.prepare(`INSERT INTO document (id, dossier_id, kind, template_version, path, sha256, size, created_at, created_by)
        VALUES ('bad', 'no-such-dossier', 'form06', '1', 'p', '', 0, '', 'u')`).run()).toThrow(/FOREIGN KEY/);
      expect(() => raw.prepare(`INSERT INTO print_job (document_id, dossier_id, printer, copies, ok, job_id, error, at, user_id, kind, reprint)
        VALUES ('no-such-document', NULL, 'P', 1, 1, '', '', '', 'u', 'form07', 0)`).run()).toThrow(/FOREIGN KEY/);
      // A document of the office and its print: no dossier.
      raw.prepare(`INSERT INTO document (id, dossier_id, kind, template_version, path, sha256, size, created_at, created_by)
        VALUES ('book', NULL, 'form07', '2025.1', 'office/2026-01/form07-book.pdf', 'x', 1, '', 'u')`).run();
      raw.prepare(`INSERT INTO print_job (document_id, dossier_id, printer, copies, ok, job_id, error, at, user_id, kind, reprint)
        VALUES ('book', NULL, 'P', 1, 1, '', '', '', 'u', 'form07', 0)`).run();
      // A new print job's id continues after the copied ones.
      expect((raw.prepare(`SELECT id FROM print_job WHERE document_id = 'book'`).get() as { id: number }).id).toBe(5);
    } finally {
      await db.close();
    }
  });
});
