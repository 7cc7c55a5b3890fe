import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrintError } from '../../main/devices/printing';
import { intake, SettableClock, startCore, versionId, type Harness } from '../support/core-harness';

// Friday 27 Nov 2026, 09:15 in Vietnam.
const clock = new SettableClock(new Date('2026-11-27T09:15:00+07:00'));
let h: Harness;
let xnhn: string;

beforeAll(async () => {
  h = await startCore({ clock });
  xnhn = await versionId(h, 'xac nhan hon nhan');
});
afterAll(async () => { await h.close(); });

describe('first run and access', () => {
  it('refuses a second setup and unknown methods, and requires a session', async () => {
    const again = await h.call('setup.initialize', {});
    expect(again.ok).toBe(false);
    expect((await h.call('nope.nothing')).error.code).toBe('NOT_FOUND');
    h.setSession(undefined);
    const r = await h.call('dossiers.list', {});
    expect(r.error.code).toBe('UNAUTHENTICATED');
    expect(r.error.message).toMatch(/đăng nhập/);
    const bad = await h.call('auth.login', { username: 'admin', password: 'sai-mat-khau' });
    expect(bad.error.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
  });

  it('lets a clerk receive but not change the office settings', async () => {
    const admin = await startCore({ dataDir: h.dataDir, clock });
    await admin.must('users.create', { username: 'letan', fullName: 'Lê Thị Tân', role: 'clerk', password: 'matkhau-789' });
    await admin.close();
    const login = await h.call('auth.login', { username: 'letan', password: 'matkhau-789' });
    h.setSession(login.data.sessionToken);
    const office = await h.must('office.get');
    const denied = await h.call('office.update', office);
    expect(denied.error.code).toBe('FORBIDDEN');
    const saved = await h.must('dossiers.receive', intake(xnhn));
    expect(saved.dossier.receivedBy).toBe('Lê Thị Tân');
  });
});

describe('receiving a dossier', () => {
  beforeAll(async () => {
    const login = await h.call('auth.login', { username: 'admin', password: 'matkhau-123' });
    h.setSession(login.data.sessionToken);
  });

  it('saves the dossier with number, due date, components, events, outbox and the form 01 PDF', async () => {
    const r = await h.must('dossiers.receive', intake(xnhn));
    const d = r.dossier;
    expect(d.number).toMatch(/^000\.00\.13\.H42-261127-\d{4}$/);
    expect(d.provisional).toBe(true);
    expect(d.status).toBe(2);
    // 3 working days after Friday 27/11: Mon 30/11, Tue 1/12, Wed 2/12 → end of the working day.
    expect(d.dueAt).toBe(new Date('2026-12-02T17:00:00+07:00').toISOString());
    expect(d.applicant.phone).toBe('0912345678');
    expect(d.applicant.birthDate).toBe('1990-03-15');
    expect(d.components).toHaveLength(1);
    expect(r.document.kind).toBe('form01');

    const raw = h.core.services.db.raw;
    const outbox = raw.prepare('SELECT kind, state FROM outbox WHERE dossier_id = ?').all(d.id);
    expect(outbox).toEqual([{ kind: 'dossier.create', state: 'pending' }]);
    expect(raw.prepare("SELECT count(*) n FROM audit_event WHERE entity_id = ? AND action = 'dossier.receive'").get(d.id)).toEqual({ n: 1 });

    const doc = raw.prepare('SELECT path, sha256, size FROM document WHERE id = ?').get(r.document.id) as { path: string; sha256: string; size: number };
    const bytes = fs.readFileSync(path.join(h.dataDir, 'files', doc.path));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(crypto.createHash('sha256').update(bytes).digest('hex')).toBe(doc.sha256);
    const content = await h.must('documents.content', { id: r.document.id });
    expect(Buffer.from(content.base64, 'base64').equals(bytes)).toBe(true);
  });

  it('is idempotent: the same operation id saves once', async () => {
    const input = intake(xnhn);
    const [a, b] = await Promise.all([h.must('dossiers.receive', input), h.must('dossiers.receive', input)]);
    const again = await h.must('dossiers.receive', input);
    expect(b.dossier.id).toBe(a.dossier.id);
    expect(again.dossier.number).toBe(a.dossier.number);
    const n = h.core.services.db.raw.prepare('SELECT count(*) n FROM dossier WHERE operation_id = ?').get(input.operationId) as { n: number };
    expect(n.n).toBe(1);
  });

  it('gives distinct consecutive numbers under concurrent saves', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => h.must('dossiers.receive', intake(xnhn))));
    const seqs = results.map((r) => Number(r.dossier.number.slice(-4))).sort((x, y) => x - y);
    expect(new Set(seqs).size).toBe(12);
    expect(seqs.at(-1)! - seqs[0]!).toBe(11);
  });

  it('normalizes NFD input to NFC and rejects bad fields with Vietnamese messages, saving nothing', async () => {
    const nfdName = 'nguyễn văn đức'.normalize('NFD');
    const ok = await h.must('dossiers.receive', intake(xnhn, { applicant: { fullName: nfdName, idNumber: '001090012345' } }));
    expect(ok.dossier.applicantName).toBe('Nguyễn Văn Đức'.normalize('NFC'));
    expect(ok.dossier.applicantName).toBe(ok.dossier.applicantName.normalize('NFC'));

    const before = (h.core.services.db.raw.prepare('SELECT count(*) n FROM dossier').get() as { n: number }).n;
    const bad = await h.call('dossiers.receive', intake(xnhn, {
      applicant: { fullName: 'A', idNumber: '12345', phone: '123', email: 'không@hợp', birthDate: '31/02/1990' },
      components: [],
    }));
    expect(bad.ok).toBe(false);
    expect(bad.error.code).toBe('VALIDATION');
    const fields = Object.fromEntries(bad.error.fields.map((f: { field: string; message: string }) => [f.field, f.message]));
    expect(Object.keys(fields).sort()).toEqual(['applicant.birthDate', 'applicant.email', 'applicant.fullName', 'applicant.idNumber', 'applicant.phone', 'components']);
    expect(fields['applicant.idNumber']).toMatch(/12 chữ số/);
    const after = (h.core.services.db.raw.prepare('SELECT count(*) n FROM dossier').get() as { n: number }).n;
    expect(after).toBe(before);
  });

  it('returns ID-number anomalies as warnings without blocking', async () => {
    const r = await h.must('dossiers.receive', intake(xnhn, { applicant: { fullName: 'Phạm Thị Lan', idNumber: '999190012345' } }));
    expect(r.warnings.length).toBeGreaterThan(0);
  });

  it('computes the same-day rule with the 15:00 cut-off', async () => {
    const ks = await versionId(h, 'dang ky khai sinh');
    const before = await h.must('dossiers.previewDue', { procedureVersionId: ks, receivedAt: '2026-11-27T14:59:00+07:00' });
    const after = await h.must('dossiers.previewDue', { procedureVersionId: ks, receivedAt: '2026-11-27T15:00:00+07:00' });
    expect(before.dueAt).toBe(new Date('2026-11-27T17:00:00+07:00').toISOString());
    expect(after.dueAt).toBe(new Date('2026-11-30T17:00:00+07:00').toISOString());
  });

  it('records form 02 and form 03 outcomes with their own documents and statuses', async () => {
    const r2 = await h.must('dossiers.receive', intake(xnhn, {
      outcome: 'request-completion', reason: 'Thiếu giấy tờ chứng minh đã ly hôn',
      missingItems: [{ name: 'Bản án/quyết định ly hôn', copyType: 'certified-copy', quantity: 1 }],
    }));
    expect(r2.dossier.status).toBe(5);
    expect(r2.dossier.dueAt).toBeNull();
    expect(r2.document.kind).toBe('form02');
    const r3 = await h.must('dossiers.receive', intake(xnhn, { outcome: 'refuse', reason: 'Không thuộc thẩm quyền giải quyết' }));
    expect(r3.dossier.status).toBe(3);
    expect(r3.document.kind).toBe('form03');
    const missingReason = await h.call('dossiers.receive', intake(xnhn, { outcome: 'refuse', reason: '' }));
    expect(missingReason.error.fields[0].field).toBe('reason');
  });
});

describe('search and the today list', () => {
  it('finds by name without diacritics, by ID number, phone and number', async () => {
    const r = await h.must('dossiers.receive', intake(xnhn, { applicant: { fullName: 'Đặng Thuỳ Dương', idNumber: '079301234567', phone: '0987 654 321' } }));
    const num = r.dossier.number;
    for (const q of ['dang thuy duong', 'Đặng Thuỳ', 'duong', '079301234567', '0987654321', num, num.slice(-9)]) {
      const found = await h.must('dossiers.list', { query: q });
      expect(found.map((d: { id: string }) => d.id), q).toContain(r.dossier.id);
    }
    const none = await h.must('dossiers.list', { query: 'khong co ai ten nay' });
    expect(none).toEqual([]);
    const today = await h.must('dossiers.list', { day: '2026-11-27' });
    expect(today.length).toBeGreaterThan(10);
    expect(await h.must('dossiers.list', { day: '2026-11-26' })).toEqual([]);
  });
});

describe('printing', () => {
  it('prints on the printer set for the kind of document and logs it', async () => {
    await h.must('printing.setSettings', { form01: 'Quay-1' });
    const r = await h.must('dossiers.receive', intake(xnhn));
    const out = await h.must('printing.print', { documentId: r.document.id });
    expect(out.printer).toBe('Quay-1');
    expect(h.printer.jobs.at(-1)).toMatchObject({ printer: 'Quay-1', copies: 1, paper: 'A4' });
    const detail = await h.must('dossiers.get', { id: r.dossier.id });
    expect(detail.prints).toEqual([expect.objectContaining({ ok: true, printer: 'Quay-1', copies: 1 })]);
  });

  it('keeps the dossier and tells why when the printer fails', async () => {
    const r = await h.must('dossiers.receive', intake(xnhn));
    h.printer.failWith = new PrintError('PRINTER_DISABLED', 'Máy in "Quay-1" đang tạm dừng.');
    const out = await h.call('printing.print', { documentId: r.document.id });
    h.printer.failWith = null;
    expect(out.error.code).toBe('PRINT_FAILED');
    expect(out.error.message).toMatch(/đang tạm dừng.*Hồ sơ đã được lưu/);
    const detail = await h.must('dossiers.get', { id: r.dossier.id });
    expect(detail.status).toBe(2);
    expect(detail.prints).toEqual([expect.objectContaining({ ok: false })]);
    const reprint = await h.must('printing.print', { documentId: r.document.id });
    expect(reprint.printer).toBe('Quay-1');
  });
});

describe('catalogue versions', () => {
  it('creates a new version valid from a date and keeps the old one for old dossiers', async () => {
    const [current] = await h.must('procedures.search', { query: '1.004873' });
    const next = await h.must('procedures.createVersion', {
      code: current.code, name: current.name, sector: current.sector, durationUnit: 'working-days', durationValue: 2,
      cutoff: null, validFrom: '2026-12-01', components: current.components, fees: current.fees, feeNote: '',
    });
    expect(next.validFrom).toBe('2026-12-01');
    const history = await h.must('procedures.history', { code: current.code });
    expect(history.map((v: { validFrom: string; validTo: string | null }) => [v.validFrom, v.validTo])).toEqual([['2026-12-01', null], ['2025-07-01', '2026-11-30']]);
    expect((await h.must('procedures.search', { query: '1.004873' }))[0].durationValue).toBe(3);
    expect((await h.must('procedures.search', { query: '1.004873', on: '2026-12-01' }))[0].durationValue).toBe(2);
    const clash = await h.call('procedures.createVersion', { ...next, validFrom: '2026-11-01', validTo: undefined, id: undefined });
    expect(clash.error.code).toBe('CONFLICT');
  });

  it('checks the result papers of a new version field by field, saving nothing', async () => {
    const [current] = await h.must('procedures.search', { query: '1.004873' });
    const bad = await h.call('procedures.createVersion', {
      code: current.code, name: current.name, sector: current.sector, durationUnit: 'working-days', durationValue: 2,
      cutoff: null, validFrom: '2027-01-01', components: current.components, fees: current.fees, feeNote: '',
      results: [{ code: 'KQ G15/000032', name: 'Giấy xác nhận' }, { code: 'KQ.G15.000032', name: '  ' }, { code: `KQ.${'0'.repeat(40)}`, name: 'Trích lục' }],
    });
    expect(bad.error.code).toBe('VALIDATION');
    const fields = Object.fromEntries(bad.error.fields.map((f: { field: string; message: string }) => [f.field, f.message]));
    expect(fields).toEqual({
      'results.0.code': 'Mã kết quả chỉ gồm chữ cái không dấu, chữ số và dấu chấm, VD KQ.G15.000032',
      'results.1.name': 'Nhập tên giấy tờ kết quả',
      'results.2.code': 'Mã kết quả dài tối đa 40 ký tự',
    });
    expect((await h.must('procedures.history', { code: current.code })).map((v: { validFrom: string }) => v.validFrom)).not.toContain('2027-01-01');
  });
});

describe('calendar overrides', () => {
  it('applies an admin override to the due date at once', async () => {
    const ks = await versionId(h, 'xac nhan hon nhan');
    const base = await h.must('dossiers.previewDue', { procedureVersionId: ks, receivedAt: '2026-12-03T09:00:00+07:00' });
    expect(base.dueAt).toBe(new Date('2026-12-08T17:00:00+07:00').toISOString());
    await h.must('calendar.setOverride', { date: '2026-12-04', kind: 'off', name: 'Nghỉ bù (thử)' });
    const moved = await h.must('dossiers.previewDue', { procedureVersionId: ks, receivedAt: '2026-12-03T09:00:00+07:00' });
    expect(moved.dueAt).toBe(new Date('2026-12-09T17:00:00+07:00').toISOString());
    await h.must('calendar.removeOverride', { date: '2026-12-04' });
    const holidays = await h.must('calendar.holidays', { year: 2026 });
    expect(holidays.map((x: { date: string }) => x.date)).toContain('2026-11-24');
  });
});
