// Bad input must not stop the office (issue 8, items 7, 9, 10, 11, 17): what a caller sends is refused at the
// boundary with a Vietnamese message, and what an older version stored wrongly is skipped, logged and shown to
// the admin — after each, a dossier still saves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const raw = () => h.core.services.db.raw;
type Answer = { ok: boolean; data?: any; error?: { code: string; message: string; fields?: { field: string; message: string }[] } };
const fieldsOf = (r: Answer) => Object.fromEntries((r.error?.fields ?? []).map((f) => [f.field, f.message]));

/** The office keeps working: a dossier saves and its due date is computed. */
async function officeStillWorks() {
  const saved = await h.must('dossiers.receive', intake(xnhn));
  expect(saved.dossier.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
}

describe('7. dates and instants: real days, in the years the calendar serves', () => {
  it('refuses an override for 30 February with a Vietnamese message, storing nothing', async () => {
    const r: Answer = await h.call('calendar.setOverride', { date: '2026-02-30', kind: 'off', name: 'Ngày không có' });
    expect(r.error?.code).toBe('VALIDATION');
    expect(fieldsOf(r).date).toBe('Ngày 30/02/2026 không có (tháng 2 năm 2026 có 28 ngày) — hãy nhập lại.');
    expect(raw().prepare(`SELECT count(*) n FROM calendar_override WHERE date = '2026-02-30'`).get()).toEqual({ n: 0 });
    await officeStillWorks();
  });

  it('refuses a preview for 30 February or the year 9999 instead of rolling over or failing', async () => {
    for (const receivedAt of ['2026-02-30T09:00:00+07:00', '9999-12-31T09:00:00+07:00', '2026-11-27T09:00:00']) {
      const r: Answer = await h.call('dossiers.previewDue', { procedureVersionId: xnhn, receivedAt });
      expect(r.error?.code, receivedAt).toBe('VALIDATION');
      expect(fieldsOf(r).receivedAt, receivedAt).toMatch(/hãy nhập lại/);
    }
  });

  it('refuses a procedure version valid from a day that does not exist', async () => {
    const [current] = await h.must('procedures.search', { query: '1.004873' });
    const r: Answer = await h.call('procedures.createVersion', {
      code: current.code, name: current.name, sector: current.sector, durationUnit: 'working-days', durationValue: 2,
      cutoff: null, validFrom: '2027-02-29', components: current.components, fees: current.fees, feeNote: '',
    });
    expect(r.error?.code).toBe('VALIDATION');
    expect(fieldsOf(r).validFrom).toMatch(/^Ngày 29\/02\/2027 không có/);
    for (const [method, input] of [['procedures.search', { on: '2026-04-31' }], ['dossiers.list', { day: '2026-13-01' }], ['calendar.holidays', { year: 9999 }]] as const) {
      const bad: Answer = await h.call(method, input);
      expect(bad.error?.code, method).toBe('VALIDATION');
    }
  });

  it('skips an override row stored with an impossible date, shows it to the admin, and deletes it', async () => {
    // As an older version stored it, or a portal holiday with a broken date.
    raw().prepare(`INSERT INTO calendar_override (date, kind, name, source, created_by, created_at) VALUES ('2026-02-30', 'off', 'Nhập nhầm', 'admin', NULL, '2026-01-01T00:00:00Z')`).run();
    raw().prepare(`INSERT INTO calendar_override (date, kind, name, source, created_by, created_at) VALUES ('2026-12-4', 'off', 'Ngày sai dạng', 'portal', NULL, '2026-01-01T00:00:00Z')`).run();
    h.core.services.calendar.invalidate();

    await officeStillWorks();
    const preview = await h.must('dossiers.previewDue', { procedureVersionId: xnhn, receivedAt: '2026-12-03T09:00:00+07:00' });
    expect(preview.dueAt).toBe(new Date('2026-12-08T17:00:00+07:00').toISOString());
    expect((await h.must('calendar.holidays', { year: 2026 })).length).toBeGreaterThan(5);
    expect((await h.must('calendar.overrides', { year: 2026 })).map((o: { date: string }) => o.date)).not.toContain('2026-02-30');

    const problems = await h.must('calendar.problems');
    expect(problems.map((p: { key: string; origin: string }) => [p.origin, p.key])).toEqual([['office', '2026-02-30'], ['office', '2026-12-4']]);
    expect(problems[0].message).toMatch(/hãy xóa dòng này/);

    await h.must('calendar.removeOverride', { date: '2026-02-30' });
    await h.must('calendar.removeOverride', { date: '2026-12-4' });
    expect(await h.must('calendar.problems')).toEqual([]);
  });

  it('leaves a damaged procedure version out of the search and answers DATA_DAMAGED for it, in Vietnamese', async () => {
    const [v] = await h.must('procedures.search', { query: '1.004873' });
    const id = 'damaged-version';
    raw().prepare(`INSERT INTO procedure_version (id, code, name, sector, duration_unit, duration_value, cutoff, valid_from, valid_to, components_json, fees_json, fee_note, source, created_at, created_by, results_json)
      VALUES (?, '9.999999', 'Thủ tục hỏng', 'Thử', 'working-days', 3, NULL, '2026-02-30', NULL, '{not json', '[]', '', 'portal', '2026-01-01T00:00:00Z', NULL, 'also not json')`).run(id);
    h.core.services.catalogue.invalidate();
    expect((await h.must('procedures.search', { query: '' , limit: 200 })).map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await h.must('procedures.search', { query: '1.004873' }))[0].id).toBe(v.id);
    const r: Answer = await h.call('dossiers.previewDue', { procedureVersionId: id });
    expect(r.error?.code).toBe('DATA_DAMAGED');
    expect(r.error?.message).toMatch(/^Phiên bản thủ tục 9\.999999 .*hãy chọn thủ tục khác/);
    raw().prepare('DELETE FROM procedure_version WHERE id = ?').run(id);
    h.core.services.catalogue.invalidate();
    await officeStillWorks();
  });
});

describe('9. working hours: checked in the core as on the admin screen', () => {
  it('refuses reversed or overlapping hours with the interval at fault, and the office keeps its hours', async () => {
    const office = await h.must('office.get');
    const reversed: Answer = await h.call('office.update', { ...office, workingHours: { intervals: [{ start: '11:30', end: '07:30' }, { start: '13:30', end: '17:00' }] } });
    expect(reversed.error?.code).toBe('VALIDATION');
    expect(fieldsOf(reversed)).toEqual({ 'workingHours.intervals.0': 'Khoảng 1: giờ kết thúc (07:30) phải sau giờ bắt đầu (11:30).' });
    const overlapping: Answer = await h.call('office.update', { ...office, workingHours: { intervals: [{ start: '07:30', end: '14:00' }, { start: '13:30', end: '17:00' }] } });
    expect(overlapping.error?.code).toBe('VALIDATION');
    expect(fieldsOf(overlapping)['workingHours.intervals.1']).toMatch(/chồng lấn .* — hãy sửa/);
    const setup: Answer = await h.call('setup.initialize', { office: { ...office, workingHours: { intervals: [{ start: '17:00', end: '07:30' }] } }, admin: { username: 'quantri2', fullName: 'Quản Trị', password: 'matkhau-123' } });
    expect(fieldsOf(setup)['office.workingHours.intervals.0']).toMatch(/phải sau giờ bắt đầu/);
    expect((await h.must('office.get')).workingHours).toEqual(office.workingHours);
    await officeStillWorks();
  });

  it('keeps receiving with the default hours when the stored hours are unusable, and tells the admin', async () => {
    const office = await h.must('office.get');
    expect(office.problems).toEqual([]);
    for (const stored of [JSON.stringify({ intervals: [{ start: '17:00', end: '07:30' }] }), '{broken']) {
      raw().prepare(`UPDATE office SET working_hours_json = ?, due_time = '25:00' WHERE id = 1`).run(stored);
      (h.core.services.office as unknown as { cached: unknown }).cached = undefined;
      await officeStillWorks();
      const preview = await h.must('dossiers.previewDue', { procedureVersionId: xnhn, receivedAt: '2026-12-03T09:00:00+07:00' });
      expect(preview.dueAt).toBe(new Date('2026-12-08T17:00:00+07:00').toISOString());
      const seen = await h.must('office.get');
      expect(seen.workingHours).toEqual({ intervals: [{ start: '07:30', end: '11:30' }, { start: '13:30', end: '17:00' }] });
      expect(seen.problems.map((p: { field: string }) => p.field)).toEqual(['workingHours', 'dueTime']);
      expect(seen.problems[0].message).toMatch(/hãy sửa giờ làm việc rồi bấm Lưu/);
      expect((await h.must('app.info')).office.problems).toHaveLength(2);
    }
    const fixed = await h.must('office.update', { ...office, dueTime: 'end-of-day' });
    expect(fixed.problems).toEqual([]);
  });
});

describe('17. official schedules are facts: applied everywhere, the office overrides on top', () => {
  const day = (list: { date: string; kind: string }[], date: string) => list.find((x) => x.date === date)?.kind;

  it('applies them without copying them into the office overrides; removing an office override brings them back', async () => {
    expect(await h.must('calendar.overrides', { year: 2026 })).toEqual([]);
    expect(day(await h.must('calendar.holidays', { year: 2026 }), '2026-01-02')).toBe('override-off');
    await h.must('calendar.setOverride', { date: '2026-01-02', kind: 'work', name: 'Cơ quan làm việc' });
    expect(day(await h.must('calendar.holidays', { year: 2026 }), '2026-01-02')).toBe('override-work');
    await h.must('calendar.removeOverride', { date: '2026-01-02' });
    expect(day(await h.must('calendar.holidays', { year: 2026 }), '2026-01-02')).toBe('override-off');
    expect(await h.must('calendar.problems')).toEqual([]);
  });

  it('drops the copies an earlier version made (migration 0010), keeping the admin and portal rows', async () => {
    const other = await startCore({ clock });
    const db = other.core.services.db.raw;
    db.prepare(`INSERT INTO calendar_override (date, kind, name, source, created_by, created_at) VALUES ('2025-04-26', 'work', 'Làm bù', 'Thông báo … https://example.vn', NULL, '2025-01-01T00:00:00Z')`).run();
    db.prepare(`INSERT INTO calendar_override (date, kind, name, source, created_by, created_at) VALUES ('2027-12-31', 'off', 'Theo tỉnh', 'portal', NULL, '2025-01-01T00:00:00Z')`).run();
    db.prepare(`DELETE FROM schema_migrations WHERE name = 'OfficialSchedules1764300000010'`).run();
    await other.close();
    const again = await startCore({ dataDir: other.dataDir, clock });
    expect(again.core.services.db.raw.prepare('SELECT date, source FROM calendar_override ORDER BY date').all())
      .toEqual([{ date: '2027-12-31', source: 'portal' }]);
    expect(day(await again.must('calendar.holidays', { year: 2025 }), '2025-04-26')).toBe('override-work');
    await again.close();
  });
});

describe('10. every message a user can see is Vietnamese and says what to do', () => {
  it('an unforeseen failure answers a Vietnamese sentence with an incident code, the English detail only in the log', async () => {
    const calendar = h.core.services.calendar;
    const original = calendar.get.bind(calendar);
    calendar.get = async () => { throw new TypeError("Cannot read properties of undefined (reading 'holidays')"); };
    try {
      const r: Answer = await h.call('calendar.holidays', { year: 2026 });
      expect(r.error?.code).toBe('INTERNAL');
      expect(r.error?.message).toMatch(/^Lỗi hệ thống \(mã sự cố [0-9A-F]{8}\)\. Dữ liệu đã nhập không bị mất — hãy thử lại; nếu vẫn lỗi, báo quản trị viên kèm mã sự cố này\.$/);
      expect(r.error?.message).not.toMatch(/Cannot|undefined|holidays/);
    } finally {
      calendar.get = original;
    }
    await officeStillWorks();
  });

  it('refuses an overlong name with the limit, not a raw schema message', async () => {
    const r: Answer = await h.call('dossiers.receive', intake(xnhn, { applicant: { fullName: 'Nguyễn Văn '.repeat(20), idNumber: '001190012345' } }));
    expect(r.error?.code).toBe('VALIDATION');
    expect(fieldsOf(r)['applicant.fullName']).toBe('Tối đa 120 ký tự — hãy rút gọn.');
  });
});

describe('11. text policy at the boundary', () => {
  it('refuses a bidi override, emoji and control characters at their field, naming them, and saves nothing', async () => {
    const before = raw().prepare('SELECT count(*) n FROM dossier').get();
    const r: Answer = await h.call('dossiers.receive', intake(xnhn, {
      applicant: { fullName: 'Nguyễn \u202EnA năV', idNumber: '001190012345', address: '12 Đội Cấn 🏠', email: '', phone: '' },
      note: 'Ghi chú\u0007',
    }));
    expect(r.error?.code).toBe('VALIDATION');
    expect(fieldsOf(r)).toEqual({
      'applicant.fullName': 'Có ký tự điều khiển hướng chữ (U+202E) làm đảo thứ tự chữ khi hiển thị — hãy xóa nội dung ô này và gõ lại, đừng dán từ nơi khác.',
      'applicant.address': 'Ký tự “🏠” (U+1F3E0) không in được trên phiếu — hãy xóa hoặc thay bằng chữ thường.',
      note: 'Có ký tự điều khiển không in được (U+0007) — hãy xóa nội dung ô này và gõ lại.',
    });
    expect(raw().prepare('SELECT count(*) n FROM dossier').get()).toEqual(before);
    const override: Answer = await h.call('calendar.setOverride', { date: '2026-12-31', kind: 'off', name: 'Nghỉ 🎉' });
    expect(fieldsOf(override).name).toMatch(/^Ký tự “🎉”/);
  });

  it('cleans invisible characters and stores NFC, the whole alphabet going through', async () => {
    const name = 'Đặng Thị Ánh Tuyết';
    const saved = await h.must('dossiers.receive', intake(xnhn, {
      applicant: { fullName: `\u200B${name.normalize('NFD')}\u200E\uFEFF`, idNumber: '001190012345', address: ' 12\u00A0Đội\tCấn\n Ba Đình ' },
      note: 'Dòng 1\r\nDòng 2',
    }));
    expect(saved.dossier.applicantName).toBe(name);
    expect(saved.dossier.applicant.address).toBe('12 Đội Cấn Ba Đình');
    expect(saved.dossier.note).toBe('Dòng 1\nDòng 2');
  });
});
