// A marriage has two parties (issue 11): the other spouse is recorded from the intake on — checked by the
// applicant's rules, saved with the dossier in one transaction, handed out with its detail, found by the
// counter's search, corrected with an audit, printed on form 01 and sent to the province.
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vnDateKey } from '../../shared/time/vn-time';
import { OFFICE } from '../support/fixtures';
import { intake, startCore, type Harness } from '../support/core-harness';
import { ReferencePortal } from '../support/reference-portal/server';
import { PORTAL_PASSWORD, until } from '../sync/support/portal';

const SPOUSE = { role: 'spouse', fullName: 'lê   văn cường', idNumber: '001 090 012 346', birthDate: '02/09/1990', address: '5 Kim Mã, Ba Đình, Hà Nội', phone: '' };
const MARRIAGE_PAPERS = [{ code: 'TKKH', name: 'Tờ khai đăng ký kết hôn', copyType: 'original', quantity: 1 }];

let h: Harness;
let portal: ReferencePortal;
let marriage = '';
let xnhn = '';
const raw = () => h.core.services.db.raw;
const wed = (over: Record<string, unknown> = {}) => intake(marriage, { components: MARRIAGE_PAPERS, parties: [SPOUSE], ...over });

beforeAll(async () => {
  portal = await new ReferencePortal({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-parties-portal-')) }).start();
  h = await startCore();
  marriage = (await h.must('procedures.search', { query: '1.000894' }))[0].id;
  xnhn = (await h.must('procedures.search', { query: '1.004873' }))[0].id;
});
afterAll(async () => { await h?.close(); await portal?.close(); });

describe('the catalogue names the parties', () => {
  it('the marriage version has the other spouse, with the fields the counter must fill in; other procedures none', async () => {
    const [v] = await h.must('procedures.search', { query: '1.000894' });
    expect(v.parties).toEqual([expect.objectContaining({
      role: 'spouse', label: 'Người cùng đăng ký kết hôn', required: { idNumber: true, birthDate: true, address: true, phone: false },
    })]);
    expect((await h.must('procedures.search', { query: '1.004873' }))[0].parties).toEqual([]);
  });
});

describe('receiving a dossier with two parties', () => {
  it('refuses a marriage without the other spouse, or with a bad one, at the party\'s fields, and saves nothing', async () => {
    const before = raw().prepare('SELECT count(*) n FROM dossier').get();
    const none = await h.call('dossiers.receive', wed({ parties: [] }));
    expect(none.error.code).toBe('VALIDATION');
    expect(none.error.fields.filter((f: any) => f.severity === 'error').map((f: any) => f.field)).toEqual(
      ['parties.0.fullName', 'parties.0.birthDate', 'parties.0.idNumber', 'parties.0.address']);
    expect(none.error.fields[0].message).toContain('người cùng đăng ký kết hôn');
    const bad = await h.call('dossiers.receive', wed({ parties: [{ ...SPOUSE, idNumber: '012345678', birthDate: '31/02/1990' }] }));
    expect(bad.error.fields.map((f: any) => f.field)).toEqual(['parties.0.birthDate', 'parties.0.idNumber']);
    expect(bad.error.fields[1].message).toContain('Chứng minh nhân dân cũ');
    // The same person on both sides is refused; so is a role the procedure does not have.
    const twin = await h.call('dossiers.receive', wed({ parties: [{ ...SPOUSE, idNumber: '001190012345' }] }));
    expect(twin.error.fields).toEqual([expect.objectContaining({ field: 'parties.0.idNumber', message: expect.stringContaining('trùng với số của người nộp hồ sơ') })]);
    const stranger = await h.call('dossiers.receive', intake(xnhn, { parties: [SPOUSE] }));
    expect(stranger.error.fields).toEqual([expect.objectContaining({ field: 'parties.0.role' })]);
    expect(raw().prepare('SELECT count(*) n FROM dossier').get()).toEqual(before);
    expect(raw().prepare('SELECT count(*) n FROM dossier_party').get()).toEqual({ n: 0 });
  });

  let id = '';
  it('saves the other spouse normalized with the dossier, once per operation id, and hands it out with the detail', async () => {
    const input = wed();
    const [a, b] = await Promise.all([h.must('dossiers.receive', input), h.must('dossiers.receive', input)]);
    expect(b.dossier.id).toBe(a.dossier.id);
    id = a.dossier.id;
    expect(a.dossier.parties).toEqual([{
      role: 'spouse', roleLabel: 'Người cùng đăng ký kết hôn', fullName: 'Lê Văn Cường', idNumber: '001090012346',
      birthDate: '1990-09-02', address: '5 Kim Mã, Ba Đình, Hà Nội', phone: '',
    }]);
    expect(raw().prepare('SELECT count(*) n FROM dossier_party WHERE dossier_id = ?').get(id)).toEqual({ n: 1 });
    expect((await h.must('dossiers.get', { id })).parties).toEqual(a.dossier.parties);
    const audit = raw().prepare(`SELECT after_json FROM audit_event WHERE action = 'dossier.receive' AND entity_id = ?`).get(id) as { after_json: string };
    expect(JSON.parse(audit.after_json).parties[0].idNumber).toBe('001090012346');
  });

  it('form 01 names both spouses', async () => {
    const d = await h.must('dossiers.get', { id });
    const { path: rel } = raw().prepare('SELECT path FROM document WHERE id = ?').get(d.documents[0].id) as { path: string };
    const text = execFileSync('pdftotext', ['-layout', path.join(h.dataDir, 'files', rel), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('tiếp nhận hồ sơ của: Trần Thị Hoà Bình và Lê Văn Cường');
    expect(text).toContain('Người cùng đăng ký kết hôn: Lê Văn Cường');
    expect(text).toContain('001090012346');
  });

  it('the register book (Mẫu 07) names both spouses, in its PDF and its workbook; a dossier of one applicant as before', async () => {
    const alone = await h.must('dossiers.receive', intake(xnhn));
    const d = await h.must('dossiers.get', { id });
    const day = vnDateKey(new Date(d.receivedAt));
    const book = await h.must('forms.registerBook', { from: day, to: day, bookNumber: `P-${crypto.randomUUID().slice(0, 6)}` });
    const { path: rel } = raw().prepare('SELECT path FROM document WHERE id = ?').get(book.document.id) as { path: string };
    // The narrow column wraps the names; -raw keeps a cell's lines together, in drawing order.
    const text = execFileSync('pdftotext', ['-raw', path.join(h.dataDir, 'files', rel), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Trần Thị Hoà Bình và Lê Văn Cường');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(book.xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const names = new Map<string, unknown>();
    // Column 2 is the number, with "(số tạm)" while it is provisional.
    ws.eachRow((row, n) => { if (n > 2) names.set(String(row.getCell(2).value).split(' ')[0]!, row.getCell(5).value); });
    expect(names.get(d.number)).toBe('Trần Thị Hoà Bình và Lê Văn Cường');
    expect(names.get(alone.dossier.number)).toBe('Trần Thị Hoà Bình');
  });

  it('the search finds the dossier by the other spouse\'s ID number (whole or its last digits) and name without tones', async () => {
    for (const q of ['001090012346', '12346', 'le van cuong', 'Lê Văn Cường']) {
      expect((await h.must('dossiers.list', { query: q })).map((d: any) => d.id), q).toEqual([id]);
    }
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    expect((await h.must('dossiers.list', { query: '001090012346', day: today })).map((d: any) => d.id)).toEqual([id]);
    expect(await h.must('dossiers.list', { query: '001090012346', day: '2026-01-01' })).toEqual([]);
  });

  it('a correction of the other spouse is checked, audited before/after, and the search follows it', async () => {
    const form = await h.must('dossiers.correctionForm', { id });
    const d = form.dossier;
    const base = {
      operationId: crypto.randomUUID(), dossierId: id, applicant: d.applicant, setCount: d.setCount, delivery: d.delivery, note: d.note,
      components: form.components.map((c: any) => ({ position: c.position, code: c.code, name: c.name, copyType: c.copyType, quantity: c.quantity })),
      reason: 'Người nộp báo sai số định danh của chồng.',
    };
    const bad = await h.call('dossiers.correct', { ...base, parties: [{ ...d.parties[0], birthDate: '02/09/1990', idNumber: '0010900' }] });
    expect(bad.error.fields.map((f: any) => f.field)).toEqual(['parties.0.idNumber']);
    const r = await h.must('dossiers.correct', { ...base, parties: [{ ...d.parties[0], birthDate: '02/09/1990', idNumber: '001090099999' }], reprint: true });
    expect(r.changed).toEqual(['parties.0.idNumber']);
    expect(r.dossier.parties[0].idNumber).toBe('001090099999');
    const audit = raw().prepare(`SELECT before_json, after_json FROM audit_event WHERE action = 'dossier.correct' AND entity_id = ?`).get(id) as { before_json: string; after_json: string };
    expect(JSON.parse(audit.before_json).parties[0].idNumber).toBe('001090012346');
    expect(JSON.parse(audit.after_json).parties[0].idNumber).toBe('001090099999');
    expect(await h.must('dossiers.list', { query: '001090012346' })).toEqual([]);
    expect((await h.must('dossiers.list', { query: '001090099999' })).map((x: any) => x.id)).toEqual([id]);
    // A correction that leaves the parties out keeps them as they are.
    const kept = await h.must('dossiers.correct', { ...base, operationId: crypto.randomUUID(), note: 'Hẹn đến cùng lúc.' });
    expect(kept.changed).toEqual(['note']);
    expect(kept.dossier.parties).toEqual(r.dossier.parties);
  });

  it('the province gets both spouses: ChuHoSo and DanhSachNguoiLienQuan, after the correction too', async () => {
    await h.must('sync.setConfig', {
      enabled: true, baseUrl: `http://127.0.0.1:${portal.port}/dvc`, agencyCode: OFFICE.agencyCode, username: 'motcua', password: PORTAL_PASSWORD,
      timeoutMs: 5000, inboundIntervalSec: 3600,
    });
    await until(async () => { const s = await h.must('sync.status'); return s.waiting === 0 && s.parked === 0; }, 60_000, 'drained');
    const number = (await h.must('dossiers.get', { id })).number;
    const record = portal.store.record(number)!;
    expect(record.ChuHoSo).toBe('Trần Thị Hoà Bình');
    expect(record.TrichYeuHoSo).toBe('Đăng ký kết hôn - Trần Thị Hoà Bình và Lê Văn Cường');
    expect(record.DanhSachNguoiLienQuan).toEqual([{
      VaiTro: 'spouse', TenVaiTro: 'Người cùng đăng ký kết hôn', HoTen: 'Lê Văn Cường', MaDoiTuong: '001090099999', NgaySinh: '19900902',
      DiaChi: '5 Kim Mã, Ba Đình, Hà Nội', SoDienThoai: '',
    }]);
  });
});

describe('the version form edits the parties', () => {
  it('a new version keeps the previous one\'s parties unless given its own; each role once', async () => {
    const [v] = await h.must('procedures.search', { query: '1.000894' });
    const base = {
      code: v.code, name: v.name, sector: v.sector, durationUnit: v.durationUnit, durationValue: v.durationValue, cutoff: v.cutoff,
      components: v.components, fees: v.fees.map((f: any) => ({ name: f.name, amount: f.amount, note: f.note })), feeNote: v.feeNote,
    };
    const kept = await h.must('procedures.createVersion', { ...base, validFrom: '2030-01-01' });
    expect(kept.parties).toEqual(v.parties);
    const spec = { role: 'spouse', label: 'Bên nam, nữ còn lại', required: { idNumber: false, birthDate: true, address: true, phone: false } };
    const own = await h.must('procedures.createVersion', { ...base, validFrom: '2030-02-01', parties: [spec] });
    expect(own.parties).toEqual([{ ...spec, basis: '' }]);
    const twice = await h.call('procedures.createVersion', { ...base, validFrom: '2030-03-01', parties: [spec, spec] });
    expect(twice.error.fields).toEqual([expect.objectContaining({ field: 'parties.1.role' })]);
    const none = await h.must('procedures.createVersion', { ...base, validFrom: '2030-04-01', parties: [] });
    expect(none.parties).toEqual([]);
  });
});

describe('an office installed before parties were recorded', () => {
  it('gets the asset\'s parties on the seed version at the next start, audited', async () => {
    const dataDir = h.dataDir;
    await h.must('sync.setConfig', { enabled: false, baseUrl: `http://127.0.0.1:${portal.port}/dvc`, agencyCode: OFFICE.agencyCode, username: 'motcua', password: PORTAL_PASSWORD, timeoutMs: 5000, inboundIntervalSec: 3600 });
    await h.core.services.db.write((em) => em.query(`UPDATE procedure_version SET parties_json = NULL WHERE source = 'seed'`));
    await h.close();
    h = await startCore({ dataDir });
    const seed = await h.core.services.db.read((em) => em.query(`SELECT parties_json FROM procedure_version WHERE source = 'seed' AND code = '1.000894'`));
    expect(JSON.parse(seed[0].parties_json)[0].role).toBe('spouse');
    const audits = await h.core.services.db.read((em) => em.query(`SELECT entity_id FROM audit_event WHERE action = 'procedure.version.parties'`));
    // One per seed procedure with parties in the asset (both marriages, 1.000894 and 2.000806): counted from it.
    const asset = JSON.parse(fs.readFileSync(path.join(__dirname, '../../assets/catalogue/procedures.json'), 'utf8')) as { procedures: { parties?: unknown[] }[] };
    expect(audits.length).toBe(asset.procedures.filter((p) => p.parties?.length).length);
  });
});

describe('the other forms of the counter', () => {
  it('the completion request (form 02) and the refusal (form 03) of a marriage name both spouses too', async () => {
    const slipText = async (r: { dossier: { id: string } }) => {
      const d = await h.must('dossiers.get', { id: r.dossier.id });
      const { path: rel } = raw().prepare('SELECT path FROM document WHERE id = ?').get(d.documents[0].id) as { path: string };
      return execFileSync('pdftotext', ['-layout', path.join(h.dataDir, 'files', rel), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    };
    const asked = await h.must('dossiers.receive', wed({
      outcome: 'request-completion', reason: 'Thiếu giấy xác nhận tình trạng hôn nhân',
      missingItems: [{ name: 'Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 }],
    }));
    const form02 = await slipText(asked);
    expect(form02).toContain('PHIẾU YÊU CẦU BỔ SUNG');
    expect(form02).toContain('Hồ sơ của: Trần Thị Hoà Bình và Lê Văn Cường');
    const refused = await h.must('dossiers.receive', wed({ outcome: 'refuse', reason: 'Không thuộc thẩm quyền giải quyết' }));
    const form03 = await slipText(refused);
    expect(form03).toContain('PHIẾU TỪ CHỐI');
    expect(form03).toContain('tiếp nhận hồ sơ của: Trần Thị Hoà Bình và Lê Văn Cường');
    // One applicant alone: the line as before, nothing added.
    const alone = await slipText(await h.must('dossiers.receive', intake(xnhn, { outcome: 'refuse', reason: 'Không thuộc thẩm quyền giải quyết' })));
    expect(alone).toMatch(/tiếp nhận hồ sơ của: Trần Thị Hoà Bình Số định danh/);
  });
});
