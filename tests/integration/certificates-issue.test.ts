// Printing an entry's certificate, the reprint after a spoiled blank and the log of issued copies (issue 11 #3),
// on a real SQLite file through CertificateService: what the printer received is read back (pdftotext -bbox: the
// printer's offset is in it), the original is issued once, a spoiled blank is marked with its serial and the
// reprint names it, serials are never used twice, and the day's totals count what is charged.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateFieldsOf } from '../../shared/civil-status/certificate-fields';
import { BlankRenderer } from '../../main/documents/blank-print/blank-renderer';
import { PrintError, type PrinterDriver, type PrintRequest } from '../../main/devices/printing';
import { Database } from '../../main/persistence/database';
import { CertificateService, INTERRUPTED_PRINT, type EntryCertificate } from '../../main/services/certificates/certificate-service';
import { TemplateCatalog } from '../../main/services/certificates/template-catalog';
import { MM, wordBoxes } from '../documents/pdf-checks';

/** A printer that keeps a copy of every PDF it is handed (test double). */
class CapturingPrinter implements PrinterDriver {
  readonly kind = 'capturing';
  jobs: (PrintRequest & { copyPath: string })[] = [];
  failWith: PrintError | null = null;
  constructor(private readonly dir: string) {}
  async listPrinters() { return [{ name: 'HoTich-A4', isDefault: true, state: 'idle' as const }]; }
  async print(req: PrintRequest) {
    if (this.failWith) throw this.failWith;
    const copyPath = path.join(this.dir, `job-${this.jobs.length + 1}.pdf`);
    fs.copyFileSync(req.filePath, copyPath);
    this.jobs.push({ ...req, copyPath });
    return { printer: req.printer ?? 'HoTich-A4', jobId: `HoTich-${this.jobs.length}` };
  }
}

const ROOT = path.join(__dirname, '..', '..');
const OFFICE = { governingBody: 'Ủy ban nhân dân xã Nam Hồng', place: 'Xã Nam Hồng' };
const AT = new Date('2026-03-20T03:00:00Z'); // 10:00 in Vietnam

const birthEntry = (id: string): EntryCertificate => ({
  entryId: id, kind: 'birth', dossierId: null, cancelled: false,
  fields: certificateFieldsOf({
    eventType: 'birth', schemaVersion: 1, registeredOn: '2026-03-20', entryNumber: 125, bookNumber: 1, bookYear: 2026,
    signerName: 'Lê Văn Hùng', signerTitle: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH',
    fields: {
      'child.fullName': 'Nguyễn Thị Minh Anh', 'child.sex': 'Nữ', 'child.birthDate': '2026-03-15', 'child.birthPlace': 'Trạm y tế xã Nam Hồng',
      'child.ethnicity': 'Kinh', 'child.nationality': 'Việt Nam', 'mother.fullName': 'Trần Thị Hoà Bình', 'father.fullName': 'Nguyễn Văn Phúc',
      'declarant.fullName': 'Nguyễn Văn Phúc',
    },
  } as Parameters<typeof certificateFieldsOf>[0], OFFICE, { bookNumber: 1, year: 2026 }),
});

let dir: string;
let db: Database;
let printer: CapturingPrinter;
let service: CertificateService;
const entries = new Map<string, EntryCertificate>();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cert-issue-'));
  db = await Database.open(path.join(dir, 'db.sqlite'));
  printer = new CapturingPrinter(dir);
  const renderer = BlankRenderer.create();
  service = new CertificateService({
    db, driver: printer, catalog: new TemplateCatalog(db, path.join(ROOT, 'assets', 'blanks')),
    renderer: async () => renderer, entries: async (id) => entries.get(id) ?? null,
  });
  entries.set('entry-1', birthEntry('entry-1'));
  entries.set('entry-2', birthEntry('entry-2'));
}, 60_000);
afterAll(async () => { await db?.close(); });

/** The baseline (mm) and left end of a word the printer received. */
function wordAt(pdf: string, text: string) {
  const w = wordBoxes(pdf)[0]!.find((x) => x.text === text);
  if (!w) throw new Error(`"${text}" not printed`);
  return { x: w.xMin / MM, baseline: (w.yMin + (w.yMax - w.yMin) * 0.8047) / MM };
}

describe('printing certificates and the log of issued copies', () => {
  it('prints the entry with the printer calibration: the name lands at template + offset; the issue is logged', async () => {
    await service.calibrations.set('HoTich-A4', { x: 1.5, y: -2.0 }, 'officer-1', AT);
    const r = await service.print({ entryId: 'entry-1', copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: 'AA-000101' }, 'officer-1', AT);
    expect(r.message).toBe('Đã gửi 1 bản chính Giấy khai sinh tới máy in HoTich-A4 (độ lệch ngang +1,5 mm, dọc −2 mm).');
    expect(r.issue).toMatchObject({ entryId: 'entry-1', copyKind: 'original', copies: 1, blankSerial: 'AA-000101', state: 'sent', charged: true, offset: { x: 1.5, y: -2 }, day: '2026-03-20', jobId: 'HoTich-1' });
    const job = printer.jobs.at(-1)!;
    expect(job).toMatchObject({ printer: 'HoTich-A4', copies: 1, paper: 'A4' });
    // The template puts child.fullName (upper case, left-aligned) at x 68 mm, baseline 100 mm.
    const w = wordAt(job.copyPath, 'NGUYỄN');
    expect(Math.abs(w.x - 69.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(w.baseline - 98)).toBeLessThanOrEqual(0.5);
    // What the register printed, kept with the issue.
    expect((await service.log.get(r.issue.id))!.fields['child.birthDate.wordsCap']).toBe('Ngày mười lăm tháng ba năm hai nghìn không trăm hai mươi sáu');
  });

  it('the original is issued once: a second original is refused and says what to do; extracts are counted', async () => {
    await expect(service.print({ entryId: 'entry-1', copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: '' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Phôi hỏng — in lại') });
    const r = await service.print({ entryId: 'entry-1', copyKind: 'extract', copies: 3, printer: 'HoTich-A4', blankSerial: '' }, 'officer-1', AT);
    expect(r.issue).toMatchObject({ kind: 'birth-extract', copyKind: 'extract', copies: 3, charged: true });
    // On plain paper, the whole page: its printed title is in the PDF the printer got.
    expect(wordBoxes(printer.jobs.at(-1)!.copyPath)[0]!.map((w) => w.text).join(' ')).toContain('TRÍCH LỤC KHAI SINH');
    expect(printer.jobs.at(-1)!.copies).toBe(3);
  });

  it('a spoiled blank is marked with its serial, reprinted on a new blank, and not charged', async () => {
    const first = (await service.issues({ entryId: 'entry-1' })).issues.find((i) => i.copyKind === 'original')!;
    // The serial typed must be the blank of that print.
    await expect(service.reprintSpoiled({ issueId: first.id, spoiledSerial: 'AA-000199', blankSerial: 'AA-000102' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('AA-000101') });
    // A new blank whose serial was already printed on is refused.
    await expect(service.reprintSpoiled({ issueId: first.id, spoiledSerial: 'AA-000101', blankSerial: 'AA-000101' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'VALIDATION' });
    const jobsBefore = printer.jobs.length;
    const r = await service.reprintSpoiled({ issueId: first.id, spoiledSerial: 'AA-000101', blankSerial: 'AA-000102' }, 'officer-1', AT);
    expect(printer.jobs.length).toBe(jobsBefore + 1);
    expect(r.message).toContain('Đã ghi phôi hỏng seri AA-000101.');
    expect(r.issue).toMatchObject({ reprintOf: first.id, copyKind: 'original', blankSerial: 'AA-000102', charged: true });
    const log = await service.issues({ entryId: 'entry-1' });
    expect(log.issues.find((i) => i.id === first.id)).toMatchObject({ spoiled: true, spoiledSerial: 'AA-000101', charged: false });
    expect(log.totals).toEqual({ original: 1, extract: 3, spoiled: 1, failed: 0 });
    // The same spoiled print cannot be reprinted twice, and the original is still issued once.
    await expect(service.reprintSpoiled({ issueId: first.id, spoiledSerial: 'AA-000101', blankSerial: 'AA-000103' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(service.print({ entryId: 'entry-1', copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: '' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it("a blank serial is printed on once, whatever the entry", async () => {
    await expect(service.print({ entryId: 'entry-2', copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: 'AA-000102' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('AA-000102') });
  });

  it('a print the spooler refuses is logged as failed, charged nothing, and the blank can be printed after', async () => {
    printer.failWith = new PrintError('PRINTER_DISABLED', 'Máy in "HoTich-A4" đang tạm dừng.');
    await expect(service.print({ entryId: 'entry-2', copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: 'AA-000104' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'PRINT_FAILED', message: expect.stringContaining('phôi chưa dùng có thể in lại') });
    printer.failWith = null;
    const r = await service.print({ entryId: 'entry-2', copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: 'AA-000104' }, 'officer-1', AT);
    expect(r.issue.state).toBe('sent');
    const day = await service.issues({ day: '2026-03-20' });
    expect(day.totals).toEqual({ original: 2, extract: 3, spoiled: 1, failed: 1 });
    expect(day.issues.map((i) => i.entryId)).toEqual(['entry-1', 'entry-1', 'entry-1', 'entry-2', 'entry-2']);
    expect((await service.issues({ day: '2026-03-21' })).issues).toEqual([]);
  });

  it('two PCs printing the same original at once: one prints, the other is refused, the printer gets one job', async () => {
    entries.set('entry-5', birthEntry('entry-5'));
    const jobs = printer.jobs.length;
    const both = await Promise.allSettled([0, 1].map(() =>
      service.print({ entryId: 'entry-5', copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: '' }, 'officer-1', AT)));
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    expect(printer.jobs.length).toBe(jobs + 1);
    expect((await service.issues({ entryId: 'entry-5' })).totals).toEqual({ original: 1, extract: 0, spoiled: 0, failed: 0 });
  });

  it('a print cut off by a stop (still pending, no longer being sent) says so, blocks nothing for good, and takes the officer\'s answer', async () => {
    entries.set('entry-7', birthEntry('entry-7'));
    entries.set('entry-8', birthEntry('entry-8'));
    entries.set('entry-9', birthEntry('entry-9'));
    // Two prints claimed, then the app stopped before the spooler answered: the rows a crash leaves.
    const cut = async (entryId: string, serial: string) => {
      const r = await service.print({ entryId, copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: serial }, 'officer-1', AT);
      await db.write((em) => em.query(`UPDATE certificate_issue SET state = 'pending', job_id = '' WHERE id = ?`, [r.issue.id]));
      return r.issue.id;
    };
    const a = await cut('entry-7', 'AA-000170');
    const b = await cut('entry-8', 'AA-000180');
    const [issue] = (await service.issues({ entryId: 'entry-7' })).issues;
    expect(issue).toMatchObject({ state: 'pending', error: INTERRUPTED_PRINT, charged: false });
    // Meanwhile the original counts as out (it may have printed): a second one is refused, not printed twice.
    await expect(service.print({ entryId: 'entry-7', copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: '' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'CONFLICT' });

    // The blank came out printed: the issue is sent and charged.
    const printed = await service.settleInterrupted({ issueId: a, printed: true }, 'officer-1', AT);
    expect(printed.issue).toMatchObject({ state: 'sent', error: '', charged: true, blankSerial: 'AA-000170' });
    expect(printed.message).toContain('đã in ra');
    await expect(service.settleInterrupted({ issueId: a, printed: false }, 'officer-1', AT)).rejects.toMatchObject({ code: 'CONFLICT' });
    // Two answers at once (two clicks): the first stands, the other is told so; one audit line.
    const c = await cut('entry-9', 'AA-000190');
    const both = await Promise.allSettled([true, false].map((printed) => service.settleInterrupted({ issueId: c, printed }, 'officer-1', AT)));
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((both.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });

    // It did not: failed, its serial free again, and the original prints.
    const not = await service.settleInterrupted({ issueId: b, printed: false }, 'officer-1', AT);
    expect(not.issue).toMatchObject({ state: 'failed', charged: false, blankSerial: '' });
    expect(not.message).toContain('phôi seri AA-000180 dùng lại được');
    const again = await service.print({ entryId: 'entry-8', copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: 'AA-000180' }, 'officer-1', AT);
    expect(again.issue.state).toBe('sent');
    const audit = await db.read((em) => em.query(`SELECT after_json FROM audit_event WHERE action = 'certificate.interrupted' ORDER BY rowid`)) as { after_json: string }[];
    expect(audit.map((r) => JSON.parse(r.after_json))).toHaveLength(3);
    expect(audit.map((r) => JSON.parse(r.after_json))[0]).toEqual({ state: 'sent', printed: true });
    expect(audit.map((r) => JSON.parse(r.after_json))[2]).toEqual({ state: 'failed', printed: false });
  });

  it('an extract-copy entry prints extracts only', async () => {
    entries.set('entry-6', { ...birthEntry('entry-6'), extractOnly: true });
    await expect(service.print({ entryId: 'entry-6', copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: '' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('chỉ in bản sao trích lục') });
  });

  it('a value too long for its box is refused before printing, naming the field; nothing is logged', async () => {
    const e = birthEntry('entry-3');
    e.fields['child.birthPlace'] = 'Bệnh viện Phụ sản Trung ương, số 43 phố Tràng Thi, phường Hàng Bông, quận Hoàn Kiếm, thành phố Hà Nội, '.repeat(3);
    entries.set('entry-3', e);
    const jobs = printer.jobs.length;
    await expect(service.print({ entryId: 'entry-3', copyKind: 'original', copies: 1, printer: 'HoTich-A4', blankSerial: '' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('«Nơi sinh»'), fields: [expect.objectContaining({ field: 'fields.child.birthPlace' })] });
    expect(printer.jobs.length).toBe(jobs);
    expect((await service.issues({ entryId: 'entry-3' })).issues).toEqual([]);
  });

  it('a cancelled entry and an unknown one print nothing, with a message', async () => {
    entries.set('entry-4', { ...birthEntry('entry-4'), cancelled: true });
    await expect(service.print({ entryId: 'entry-4', copyKind: 'extract', copies: 1, printer: 'HoTich-A4', blankSerial: '' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('đã bị hủy') });
    await expect(service.print({ entryId: 'nope', copyKind: 'extract', copies: 1, printer: 'HoTich-A4', blankSerial: '' }, 'officer-1', AT))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the calibration is kept per printer (case as CUPS: any), rounded to 0.1 mm', async () => {
    await service.calibrations.set('Other', { x: -0.04, y: 2.26 }, 'admin-1', AT);
    expect(await service.calibrations.get('hotich-a4')).toMatchObject({ printer: 'HoTich-A4', x: 1.5, y: -2 });
    expect(await service.calibrations.get('Other')).toMatchObject({ x: 0, y: 2.3 });
    expect(await service.calibrations.get('Never')).toMatchObject({ x: 0, y: 0, updatedAt: null });
    expect(execFileSync('pdfinfo', [printer.jobs[0]!.copyPath], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.\d+ x 841\.\d+/);
  });
});
