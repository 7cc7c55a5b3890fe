// The certificates API as the UI calls it (issue 11 #3), in-process core on a fresh office: who may do what
// (officer and admin print, the leader reads, the clerk neither), template export/import with Vietnamese
// messages naming the template and the field (and an import moving a field moves what prints), the preview
// drawn over the blank's image, calibration per printer and its page, the test print with the printer's offset.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrinterDriver, PrintRequest } from '../../main/devices/printing';
import { startCore, type Harness } from '../support/core-harness';
import { officeStaff } from '../support/staff';
import { MM, wordBoxes } from '../documents/pdf-checks';

/** A printer that keeps a copy of every PDF it is handed (test double). */
class CapturingPrinter implements PrinterDriver {
  readonly kind = 'capturing';
  jobs: (PrintRequest & { copyPath: string })[] = [];
  constructor(private readonly dir: string) {}
  async listPrinters() { return [{ name: 'HoTich-A4', isDefault: true, state: 'idle' as const }]; }
  async print(req: PrintRequest) {
    const copyPath = path.join(this.dir, `job-${this.jobs.length + 1}.pdf`);
    fs.copyFileSync(req.filePath, copyPath);
    this.jobs.push({ ...req, copyPath });
    return { printer: req.printer ?? 'HoTich-A4', jobId: `HoTich-${this.jobs.length}` };
  }
}

// This office's own staff (not the usual tests/support/staff.ts names), created and logged in by officeStaff.
const USERS = {
  officer: { username: 'tuphap', fullName: 'Phạm Thị Tư Pháp', password: 'matkhau-789', role: 'officer' },
  leader: { username: 'lanhdao', fullName: 'Lê Thị Lãnh Đạo', password: 'matkhau-456', role: 'leader' },
  clerk: { username: 'motcua', fullName: 'Đỗ Văn Một Cửa', password: 'matkhau-321', role: 'clerk' },
} as const;
type Who = keyof typeof USERS | 'admin';

let dir: string;
let h: Harness;
let printer: CapturingPrinter;
const staff = officeStaff(() => h, USERS);
const call = (who: Who, method: string, input: unknown = {}) =>
  staff.as(who).call(method, input) as Promise<{ ok: boolean; data?: any; error?: { code: string; message: string; fields?: { field: string; message: string }[] } }>;
const must = (who: Who, method: string, input: unknown = {}) => staff.as(who).must(method, input);
const writePdf = (base64: string) => {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cert-api-'));
  printer = new CapturingPrinter(dir);
  h = await startCore({ dataDir: path.join(dir, 'data'), printerDriver: printer });
  await staff.create();
}, 60_000);
afterAll(async () => { await h?.close(); });

describe('certificates API', () => {
  it('lists the six templates in force, unverified, each with its stand-in image', async () => {
    const list = await must('officer', 'certificates.templates');
    expect(list.map((t: any) => t.kind).sort()).toEqual(['birth', 'birth-extract', 'death-extract', 'marital-status', 'marriage', 'marriage-extract']);
    for (const t of list) expect(t).toMatchObject({ unverified: true, source: 'shipped', image: 'stand-in' });
    const image = await must('leader', 'certificates.blankImage', { kind: 'birth' });
    expect(image).toMatchObject({ mime: 'image/png', image: 'stand-in' });
    expect(Buffer.from(image.base64, 'base64').subarray(1, 4).toString()).toBe('PNG');
  });

  it('roles: the clerk may not print nor read the log; the leader reads but does not print or calibrate; only the admin imports', async () => {
    for (const [who, method, input] of [
      ['clerk', 'certificates.issues', { day: '2026-03-20' }],
      ['clerk', 'certificates.testPrint', { kind: 'birth', printer: 'HoTich-A4' }],
      ['leader', 'certificates.print', { entryId: 'x', copyKind: 'original', printer: 'HoTich-A4' }],
      ['leader', 'certificates.setCalibration', { printer: 'HoTich-A4', x: 1, y: 1 }],
      ['officer', 'certificates.importTemplates', { json: '{}' }],
    ] as const) {
      const r = await call(who, method, input);
      expect(r.error?.code, `${who} ${method}`).toBe('FORBIDDEN');
      expect(r.error?.message).toBe('Tài khoản của bạn không có quyền dùng chức năng này.');
    }
    expect((await call('leader', 'certificates.issues', { day: '2026-03-20' })).ok).toBe(true);
    expect((await call('leader', 'certificates.calibrations')).ok).toBe(true);
  });

  it('the preview draws the sample over the blank image (one image, the text on top)', async () => {
    const r = await must('officer', 'certificates.preview', { kind: 'birth', fields: { 'child.fullName': 'Lò Thị Mai' } });
    const file = writePdf(r.pdf.base64);
    expect(execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(3); // header, rule, one image
    const words = wordBoxes(file)[0]!;
    expect(words.find((w) => w.text === 'MAI')).toBeDefined();
    expect(words.find((w) => w.text === '01326012345' || w.text === '001326012345')).toBeDefined(); // the sample fills the rest
  });

  it('calibration per printer: set by the officer, refused beyond ±15 mm in Vietnamese, added to the test print', async () => {
    const bad = await call('officer', 'certificates.setCalibration', { printer: 'HoTich-A4', x: 20, y: 0 });
    expect(bad.error?.code).toBe('VALIDATION');
    expect(bad.error?.fields?.[0]).toMatchObject({ field: 'x', message: expect.stringContaining('±15 mm') });
    expect(await must('officer', 'certificates.setCalibration', { printer: 'HoTich-A4', x: -2, y: 1.5 }))
      .toMatchObject({ printer: 'HoTich-A4', x: -2, y: 1.5, updatedBy: USERS.officer.fullName });
    const r = await must('officer', 'certificates.testPrint', { kind: 'marriage', printer: 'HoTich-A4' });
    expect(r.message).toContain('độ lệch ngang −2 mm, dọc +1,5 mm');
    const words = wordBoxes(printer.jobs.at(-1)!.copyPath)[0]!;
    // The marriage blank is landscape: printed turned onto an upright sheet (its top edge on the right), the
    // offset added on the sheet. registration.number, x 30 mm, baseline 42 mm, the sample "42": its text runs down
    // the sheet from y = 30 + 1.5, its baseline at x = 210 − 42 − 2.
    expect(execFileSync('pdfinfo', [printer.jobs.at(-1)!.copyPath], { encoding: 'utf8' })).toMatch(/Page size:\s+595\.\d+ x 841\.\d+/);
    const w = words.find((x) => x.text === '42')!;
    expect(Math.abs(w.yMin / MM - 31.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((w.xMin + (w.xMax - w.xMin) * (1 - 0.8047)) / MM - 166)).toBeLessThanOrEqual(0.5);
    expect(await must('leader', 'certificates.calibrations')).toEqual([expect.objectContaining({ printer: 'HoTich-A4', x: -2, y: 1.5 })]);
  });

  it('the calibration page, as PDF and printed, with the offset when asked', async () => {
    const r = await must('officer', 'certificates.calibrationPage', { printer: 'HoTich-A4', applyOffset: true, print: true });
    expect(r.printed).toBe('HoTich-A4');
    expect(r.marks).toHaveLength(5);
    const text = execFileSync('pdftotext', [writePdf(r.pdf.base64), '-'], { encoding: 'utf8' });
    expect(text).toContain('ngang -2 mm, dọc +1,5 mm');
  });

  it('export, then import a template with a field moved: what prints moves; bad files are refused naming template and field', async () => {
    const exported = await must('admin', 'certificates.exportTemplates', {});
    const file = JSON.parse(exported.json);
    expect(file.format).toBe('mot-cua-desk/certificate-templates');

    const broken = structuredClone(file);
    const birth = broken.templates.find((t: any) => t.kind === 'birth');
    birth.fields.find((f: any) => f.key === 'child.sex').size = 'mười ba';
    const refused = await call('admin', 'certificates.importTemplates', { json: JSON.stringify(broken) });
    expect(refused.error?.code).toBe('VALIDATION');
    expect(refused.error?.message).toBe('Tệp mẫu chưa nhập được — Mẫu "giay-khai-sinh", trường «Giới tính»: Cỡ chữ phải là số (cỡ chữ, pt) — hãy sửa lại. '
      + 'Hãy sửa tệp rồi nhập lại; mẫu đang dùng không đổi.');
    birth.fields.find((f: any) => f.key === 'child.sex').size = 13;
    birth.fields.find((f: any) => f.key === 'child.fullName').x = 150; // 150 + 127 mm wide: off the sheet
    const offSheet = await call('admin', 'certificates.importTemplates', { json: JSON.stringify(broken) });
    expect(offSheet.error?.message).toContain('Mẫu "giay-khai-sinh", trường «Họ, chữ đệm, tên»: Ô vượt ra ngoài khổ giấy (x + rộng > 210 mm) — hãy sửa x hoặc độ rộng');
    expect(offSheet.error?.fields?.[0]?.field).toBe('json.templates.0.fields.2.width');
    expect((await call('admin', 'certificates.importTemplates', { json: '{ không phải json' })).error?.message).toMatch(/^Tệp mẫu không phải JSON hợp lệ/);

    const moved = structuredClone(file);
    const mb = moved.templates.find((t: any) => t.kind === 'birth');
    mb.version = '2026.1-xa';
    mb.unverified = false;
    mb.fields.find((f: any) => f.key === 'registration.number').x = 40;
    const r = await must('admin', 'certificates.importTemplates', { json: JSON.stringify({ ...moved, templates: [mb] }) });
    expect(r.imported).toEqual([{ kind: 'birth', id: 'giay-khai-sinh', version: '2026.1-xa', validFrom: '2020-07-16' }]);
    const list = await must('officer', 'certificates.templates');
    expect(list.find((t: any) => t.kind === 'birth')).toMatchObject({ version: '2026.1-xa', source: 'imported', unverified: false });
    await must('officer', 'certificates.testPrint', { kind: 'birth', printer: 'HoTich-A4', fields: { 'registration.number': '9876' } });
    const w = wordBoxes(printer.jobs.at(-1)!.copyPath)[0]!.find((x) => x.text === '9876')!;
    expect(Math.abs(w.xMin / MM - (40 - 2))).toBeLessThanOrEqual(0.5);
  });

  it("the admin replaces the stand-in with a scan of the real blank: the preview draws over the scan", async () => {
    const scan = execFileSync('convert', ['-size', '827x1169', 'xc:#f4efe0', 'png:-']);
    const wrong = await call('admin', 'certificates.setBlankImage', { kind: 'birth', validFrom: '2020-07-16', mime: 'image/jpeg', base64: scan.toString('base64') });
    expect(wrong.error).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('PNG hoặc JPEG') });
    expect((await call('officer', 'certificates.setBlankImage', { kind: 'birth', validFrom: '2020-07-16', mime: 'image/png', base64: scan.toString('base64') })).error?.code).toBe('FORBIDDEN');
    await must('admin', 'certificates.setBlankImage', { kind: 'birth', validFrom: '2020-07-16', mime: 'image/png', base64: scan.toString('base64') });
    expect(await must('officer', 'certificates.blankImage', { kind: 'birth' })).toMatchObject({ image: 'scan', base64: scan.toString('base64') });
    expect((await must('officer', 'certificates.templates')).find((t: any) => t.kind === 'birth').image).toBe('scan');
    const preview = await must('officer', 'certificates.preview', { kind: 'birth' });
    const list = execFileSync('pdfimages', ['-list', writePdf(preview.pdf.base64)], { encoding: 'utf8' }).trim().split('\n');
    expect(list[2]).toMatch(/^\s*1\s+0\s+image\s+827\s+1169\b/);
  });

  it('printing an entry that is not in the register says so; the day log is empty', async () => {
    const r = await call('officer', 'certificates.print', { entryId: 'khong-co', copyKind: 'original', printer: 'HoTich-A4' });
    expect(r.error?.code).toBe('NOT_FOUND');
    expect(r.error?.message).toMatch(/sổ/);
    expect(await must('leader', 'certificates.issues', { day: '2026-03-20' })).toEqual({ issues: [], totals: { original: 0, extract: 0, spoiled: 0, failed: 0 } });
  });
});
