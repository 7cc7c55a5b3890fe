// Sample data for the document tests, and helpers that read a PDF back with poppler and zbar.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromVnParts } from '../../shared/time/vn-time';
import type { ComponentLine, Form01Data, Form02Data, Form03Data, OfficeHeader } from '../../main/documents/types';

export const office: OfficeHeader = {
  governingBody: 'UBND PHƯỜNG BA ĐÌNH',
  officeName: 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ',
  place: 'Ba Đình',
  agencyCode: '000.00.13.H42',
  phone: '024 3823 4567',
  website: 'https://badinh.example.vn',
};

export const applicant = {
  fullName: 'Nguyễn Thị Hoà Bình',
  idNumber: '001190012345',
  address: 'Số 12 ngõ 45 phố Đội Cấn, Hà Nội',
  phone: '0912 345 678',
  email: 'hoa_binh@example.vn',
};

export const components: ComponentLine[] = [
  { name: 'Tờ khai cấp Giấy xác nhận', copyType: 'original', quantity: 1 },
  { name: 'Giấy khai sinh', copyType: 'certified-copy', quantity: 2 },
  { name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
];

export function form01(overrides: Partial<Form01Data> = {}): Form01Data {
  return {
    office,
    dossierNumber: '000.00.13.H42-261128-0001',
    provisional: true,
    lookupCode: 'K7M2Q9XR4T1B',
    procedureCode: '1.004873',
    procedureName: 'Giấy xác nhận tình trạng hôn nhân',
    applicant,
    components,
    setCount: 1,
    durationText: '03 ngày làm việc',
    receivedAt: fromVnParts(2026, 11, 28, 14, 5),
    dueAt: fromVnParts(2026, 12, 3, 16, 30),
    delivery: { method: 'post', address: 'Số 7 phố Kim Mã, Hà Nội' },
    feeText: '8.000 đồng',
    registerBook: { book: '03/2026', entry: '1234' },
    receiverName: 'Trần Văn Minh',
    issuedAt: fromVnParts(2026, 11, 28, 14, 6),
    ...overrides,
  };
}

export function form02(overrides: Partial<Form02Data> = {}): Form02Data {
  return {
    office,
    documentNumber: '15/PYCBS',
    dossierNumber: '000.00.13.H42-261128-0002',
    provisional: false,
    lookupCode: 'P3W8ZD6N0CFH',
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    applicant,
    items: [
      { name: 'Giấy chứng sinh', copyType: 'original', quantity: 1, note: 'Bản đã nộp bị mờ số hiệu' },
      { name: 'Văn bản ủy quyền', copyType: 'certified-copy', quantity: 1 },
    ],
    reason: 'Thiếu giấy chứng sinh bản chính',
    help: { officerName: 'Lê Thị Thu Hà', phone: '024 3823 9999' },
    issuedAt: fromVnParts(2026, 11, 28, 9, 30),
    ...overrides,
  };
}

export function form03(overrides: Partial<Form03Data> = {}): Form03Data {
  return {
    office,
    dossierNumber: '000.00.13.H42-261128-0003',
    provisional: false,
    lookupCode: 'R5V1JG9SA2EY',
    procedureCode: '1.001022',
    procedureName: 'Đăng ký kết hôn',
    applicant,
    reason: 'Thủ tục không thuộc thẩm quyền giải quyết của cấp xã',
    receiverName: 'Trần Văn Minh',
    issuedAt: fromVnParts(2026, 11, 28, 10, 15),
    ...overrides,
  };
}

const dirs: string[] = [];

/** A fresh folder for one test's files (removed by removeWorkDirs). */
export function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mcd-forms-'));
  dirs.push(dir);
  return dir;
}

/** Set MCD_KEEP_PDFS=1 to keep the rendered files for a look. */
export function removeWorkDirs(): void {
  if (process.env.MCD_KEEP_PDFS) return;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writePdf(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

/** `pdftotext -layout`, NFC-normalised; `page` limits it to one page. */
export function pdfText(path: string, page?: number): string {
  const range = page ? ['-f', String(page), '-l', String(page)] : [];
  return run('pdftotext', ['-layout', ...range, path, '-']).normalize('NFC');
}

export function pdfInfo(path: string): Record<string, string> {
  const info: Record<string, string> = {};
  for (const line of run('pdfinfo', [path]).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) info[m[1].trim()] = m[2].trim();
  }
  return info;
}

export interface FontRow {
  name: string;
  type: string;
  emb: string;
  sub: string;
}

/** Rows of `pdffonts`; columns are cut at the header's dashes. */
export function pdfFonts(path: string): FontRow[] {
  const lines = run('pdffonts', [path]).split('\n').filter(Boolean);
  const dashes = lines[1];
  const spans: [number, number][] = [];
  for (const m of dashes.matchAll(/-+/g)) spans.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  const header = spans.map(([a, b]) => lines[0].slice(a, b).trim());
  return lines.slice(2).map((line) => {
    const col = (title: string) => {
      const [a, b] = spans[header.indexOf(title)];
      return line.slice(a, b + 1).trim();
    };
    return { name: col('name'), type: col('type'), emb: col('emb'), sub: col('sub') };
  });
}

/** Rasterises a page at 150 dpi and decodes every QR symbol on it. */
export function decodeQr(path: string, page: number, dir: string): string[] {
  const prefix = join(dir, `qr-${page}`);
  run('pdftoppm', ['-r', '150', '-png', '-f', String(page), '-l', String(page), path, prefix]);
  const png = readdirSync(dir).find((f) => f.startsWith(`qr-${page}`) && f.endsWith('.png'));
  if (!png) throw new Error('pdftoppm wrote no image');
  return run('zbarimg', ['-q', '--raw', join(dir, png)]).trim().split('\n').filter(Boolean);
}

/** All whitespace, line breaks included, as one space: a phrase wrapped onto two lines of a
 * single-column paragraph reads back whole. */
export const flat = (s: string) => s.replace(/\s+/g, ' ');
