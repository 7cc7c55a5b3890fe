// The QR of the stored forms, as the core writes them: read back with zbarimg, it names the dossier and carries
// the dossier's random look-up code, never the citizen's ID number, name or phone (issue 8, item 15).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../main/persistence/database';
import { ALL_ENTITIES } from '../../main/persistence/entities';
import { MIGRATIONS } from '../../main/persistence/migrations';
import { LOOKUP_CODE_ALPHABET } from '../../main/services/lookup-code';
import { OFFICE } from '../support/fixtures';
import { intake, startCore, versionId, type Harness } from '../support/core-harness';
import { decodeQr, removeWorkDirs, workDir } from './fixtures';

const CODE = new RegExp(`^[${LOOKUP_CODE_ALPHABET}]{12}$`);
let h: Harness;
beforeAll(async () => {
  h = await startCore();
  await h.must('office.update', { ...OFFICE, lookupUrl: 'https://dichvucong.example.vn/tra-cuu-ho-so' });
});
afterAll(async () => {
  await h.close();
  removeWorkDirs();
});

async function qrOf(documentId: string): Promise<string> {
  const dir = workDir();
  const file = path.join(dir, 'form.pdf');
  fs.writeFileSync(file, Buffer.from((await h.must('documents.content', { id: documentId })).base64, 'base64'));
  const decoded = decodeQr(file, 1, dir);
  expect(decoded).toHaveLength(1);
  return decoded[0];
}

describe('the look-up code in the QR', () => {
  it('form 01, 02 and 03 of saved dossiers: the number and the dossier\'s code, no ID number, name or phone', async () => {
    const v = await versionId(h, 'xac nhan hon nhan');
    const applicant = { fullName: 'Lê Thị Quỳnh Như', idNumber: '079203004567', birthDate: '02/09/2003', address: 'Phường Trường Vinh, Nghệ An', phone: '0987 654 321', email: 'quynhnhu@example.vn' };
    const saved = [
      await h.must('dossiers.receive', intake(v, { applicant })),
      await h.must('dossiers.receive', intake(v, { applicant, outcome: 'request-completion', reason: 'Thiếu giấy tờ', missingItems: [{ code: '', name: 'Giấy khai sinh', copyType: 'copy', quantity: 1 }] })),
      await h.must('dossiers.receive', intake(v, { applicant, outcome: 'refuse', reason: 'Không thuộc thẩm quyền' })),
    ];
    const codes = new Set<string>();
    for (const s of saved) {
      const content = await qrOf(s.document.id);
      const url = new URL(content);
      expect(url.origin + url.pathname).toBe('https://dichvucong.example.vn/tra-cuu-ho-so');
      expect(url.searchParams.get('maHoSo')).toBe(s.dossier.number);
      const code = url.searchParams.get('maTraCuu')!;
      expect(code).toMatch(CODE);
      const stored = h.core.services.db.raw.prepare('SELECT lookup_code FROM dossier WHERE id = ?').get(s.dossier.id) as { lookup_code: string };
      expect(code).toBe(stored.lookup_code);
      codes.add(code);
      const text = decodeURIComponent(content).normalize('NFC');
      expect(text).not.toContain('079203004567');
      expect(text).not.toMatch(/\d{9,}/);
      expect(text).not.toMatch(/Quỳnh|Như|Quynh|Nhu\b/i);
      expect(text.replace(/\s/g, '')).not.toContain('0987654321');
      expect(text).not.toContain('quynhnhu');
    }
    // One code per dossier, even for the same citizen.
    expect(codes.size).toBe(3);
  }, 60_000);
});

describe('migration 0011', () => {
  it('gives every dossier already stored its own code', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-0011-'));
    const file = path.join(dir, 'motcua.sqlite');
    const before = MIGRATIONS.filter((m) => Number(/(\d{4})$/.exec(m.name)![1]) < 11);
    const old = new DataSource({ type: 'better-sqlite3', database: file, entities: ALL_ENTITIES, migrations: before, migrationsTableName: 'schema_migrations' });
    await old.initialize();
    await old.runMigrations({ transaction: 'each' });
    const insert = `INSERT INTO dossier (id, number, provisional, counter_code, procedure_version_id, procedure_code, procedure_name, duration_text, channel,
      applicant_name, applicant_id_number, applicant_birth_date, applicant_address, applicant_phone, applicant_email, received_at, effective_received_at,
      due_at, status, delivery_method, delivery_address, set_count, note, reason, search_text, received_by, operation_id, created_at, updated_at, row_version)
      VALUES (?, ?, 1, '', 'v', '1.004873', 'X', '', 1, 'A', '', '', '', '', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL, 2, 'counter', '', 1, '', '', '', 'u', ?, '', '', 1)`;
    await old.query('PRAGMA foreign_keys = OFF'); // bare rows: no procedure version or user behind them
    for (let i = 0; i < 50; i++) await old.query(insert, [`d${i}`, `N-${i}`, `op${i}`]);
    await old.destroy();

    const db = await Database.open(file);
    try {
      const rows = db.raw.prepare('SELECT lookup_code FROM dossier').all() as { lookup_code: string }[];
      expect(rows).toHaveLength(50);
      for (const r of rows) expect(r.lookup_code).toMatch(CODE);
      expect(new Set(rows.map((r) => r.lookup_code)).size).toBe(50);
      // Unique among dossiers that have one; portal dossiers without one ('') do not collide.
      expect(() => db.raw.prepare(`UPDATE dossier SET lookup_code = ? WHERE id = 'd1'`).run(rows[0].lookup_code)).toThrow(/UNIQUE/);
      db.raw.prepare(`UPDATE dossier SET lookup_code = '' WHERE id IN ('d1', 'd2')`).run();
    } finally {
      await db.close();
    }
  });
});
