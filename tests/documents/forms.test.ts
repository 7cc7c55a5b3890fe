// Renders forms 01–03 and reads them back with poppler (pdftotext, pdffonts, pdfinfo, pdftoppm) and zbar.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormRenderer } from '../../main/documents/form-renderer';
import { buildQrContent } from '../../main/documents/qr';
import type { ComponentLine } from '../../main/documents/types';
import {
  applicant,
  components,
  decodeQr,
  flat,
  form01,
  form02,
  form03,
  office,
  pdfFonts,
  pdfInfo,
  pdfText,
  removeWorkDirs,
  workDir,
  writePdf,
} from './fixtures';

let renderer: FormRenderer;

beforeAll(async () => {
  renderer = await FormRenderer.create();
});
afterAll(removeWorkDirs);

const MM = 72 / 25.4;
const PAGE_H = 841.89;
const PAGE_W = 595.28;

/** Words with their boxes (pdftotext -bbox), per page; y grows downwards from the top edge. */
function wordBoxes(path: string): { page: number; text: string; xMin: number; xMax: number; yMin: number; yMax: number }[][] {
  const html = execFileSync('pdftotext', ['-bbox', path, '-'], { encoding: 'utf8' });
  return html.split('<page ').slice(1).map((pageHtml, i) =>
    [...pageHtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      page: i + 1,
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: m[5],
    })),
  );
}

/** Every word lies inside the Nghị định 30 margins, except the footer line kept in the bottom margin. */
function expectInsideMargins(path: string, footerWords: Set<string>): void {
  for (const words of wordBoxes(path)) {
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) {
      expect(w.xMin, `${w.text} on page ${w.page}`).toBeGreaterThanOrEqual(30 * MM - 0.5);
      expect(w.xMax, `${w.text} on page ${w.page}`).toBeLessThanOrEqual(PAGE_W - 15 * MM + 0.5);
      expect(w.yMin, `${w.text} on page ${w.page}`).toBeGreaterThanOrEqual(20 * MM - 1);
      if (w.yMax > PAGE_H - 20 * MM + 1) expect(footerWords.has(w.text), `${w.text} below the margin on page ${w.page}`).toBe(true);
    }
  }
}

/** Neither the ID number (nor any run of 9+ of its digits), the name (with or without tones), the phone nor the e-mail. */
function expectNothingPersonal(content: string): void {
  const decoded = decodeURIComponent(content.replace(/\+/g, ' ')).normalize('NFC');
  const folded = decoded.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  expect(decoded).not.toMatch(/\d{9,}/);
  for (const word of applicant.fullName.split(' ')) {
    expect(decoded.toLowerCase()).not.toContain(word.toLowerCase());
  }
  expect(folded).not.toContain('hoa binh');
  expect(decoded.replace(/\s/g, '')).not.toContain(applicant.phone.replace(/\s/g, ''));
  expect(decoded).not.toContain(applicant.email);
}

function footerWords(legalBasis: string, copies: string[], pages: number): Set<string> {
  const words = `${legalBasis} ${copies.join(' ')} – Trang`.split(/\s+/);
  for (let a = 1; a <= pages; a++) for (let b = 1; b <= pages; b++) words.push(`${a}/${b}`);
  return new Set(words);
}

describe('Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả', () => {
  it('prints every field, with its diacritics, on both copies', async () => {
    const dir = workDir();
    const data = form01();
    const path = writePdf(dir, 'mau01.pdf', await renderer.renderForm01(data));

    const info = pdfInfo(path);
    expect(info['Pages']).toBe('2');
    expect(info['Page size']).toBe('595.28 x 841.89 pts (A4)');

    const expected = [
      'UBND PHƯỜNG BA ĐÌNH',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Ba Đình, ngày 28 tháng 11 năm 2026',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Mã hồ sơ: 000.00.13.H42-261128-0001 (số tạm)',
      'tiếp nhận hồ sơ của: Nguyễn Thị Hoà Bình',
      'Số định danh cá nhân: 001190012345',
      'Địa chỉ: Số 12 ngõ 45 phố Đội Cấn, Hà Nội',
      'Số điện thoại: 0912 345 678',
      'Email: hoa_binh@example.vn',
      'Nội dung yêu cầu giải quyết: Giấy xác nhận tình trạng hôn nhân',
      '1.004873',
      'STT',
      'Tên giấy tờ',
      'Bản chính',
      ...components.map((c) => c.name),
      '2. Số lượng hồ sơ: 01 (bộ)',
      '3. Thời gian giải quyết hồ sơ theo quy định: 03 ngày làm việc',
      '4. Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 28 tháng 11 năm 2026',
      '5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 03 tháng 12 năm 2026',
      'Dịch vụ bưu chính công ích, địa chỉ: Số 7 phố Kim Mã, Hà Nội',
      'Phí, lệ phí (nếu có): 8.000 đồng',
      'Quyển số: 03/2026',
      'Số thứ tự: 1234',
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Trần Văn Minh',
      'Ghi chú:',
      'Mẫu số 01 – Thông tư 01/2018/TT-VPCP; Thông tư 03/2025/TT-VPCP',
    ];
    const copies = ['Liên 1: Lưu', 'Liên 2: Giao người nộp'];
    copies.forEach((copy, i) => {
      const text = flat(pdfText(path, i + 1));
      for (const phrase of [...expected, `(${copy})`, `${copy} – Trang 1/1`]) expect(text, phrase).toContain(phrase.normalize('NFC'));
      expect(text).not.toContain(copies[1 - i]);
    });
    expectInsideMargins(path, footerWords('Mẫu số 01 – Thông tư 01/2018/TT-VPCP; Thông tư 03/2025/TT-VPCP', copies, 1));
  });

  it('prints each quantity in the column of its copy type', async () => {
    const dir = workDir();
    const path = writePdf(dir, 'cols.pdf', await renderer.renderForm01(form01()));
    const lines = pdfText(path, 1).split('\n');
    const header = lines.find((l) => l.includes('Bản chính')) as string;
    const columnOf = (line: string) => {
      const m = /\s(0\d)\s*$/.exec(line);
      if (!m) return -1;
      const x = line.lastIndexOf(m[1]);
      const centres = [header.indexOf('Bản chính') + 4, header.indexOf('Bản sao') + 3, header.indexOf('Bản sao/Bản') + 5];
      const distances = centres.map((c) => Math.abs(c - x));
      return distances.indexOf(Math.min(...distances));
    };
    const rowOf = (name: string) => lines.find((l) => l.includes(name)) as string;
    expect(columnOf(rowOf('Tờ khai cấp Giấy xác nhận'))).toBe(0);
    expect(columnOf(rowOf('Giấy khai sinh'))).toBe(1);
    expect(columnOf(rowOf('Căn cước công dân'))).toBe(2);
    expect(rowOf('Giấy khai sinh')).toMatch(/\s02\s*$/);
  });

  it('embeds subsetted Tinos fonts and no base-14 font', async () => {
    const dir = workDir();
    const path = writePdf(dir, 'fonts.pdf', await renderer.renderForm01(form01()));
    const fonts = pdfFonts(path);
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['Tinos', 'Tinos-Bold', 'Tinos-Italic']);
    for (const f of fonts) {
      expect(f.name).toMatch(/^[A-Z]{6}\+Tinos(-Bold|-Italic)?$/);
      expect(f.emb).toBe('yes');
      expect(f.sub).toBe('yes');
    }
  });

  it('writes the metadata', async () => {
    const dir = workDir();
    const path = writePdf(dir, 'meta.pdf', await renderer.renderForm01(form01()));
    const info = pdfInfo(path);
    expect(info['Title'].normalize('NFC')).toBe('Giấy tiếp nhận hồ sơ và hẹn trả kết quả – 000.00.13.H42-261128-0001');
    expect(info['Author'].normalize('NFC')).toBe('Một Cửa Desk');
    expect(info['Creator'].normalize('NFC')).toBe('Một Cửa Desk');
    expect(info['Subject'].normalize('NFC')).toContain('Mẫu số 01');
    expect(info['Keywords']).toContain('000.00.13.H42-261128-0001');
    expect(info['Keywords']).toContain('1.004873');
    // 14:06 in Vietnam is 07:06 UTC; pdfinfo prints the date in the machine's zone, so compare the instant.
    expect(info['CreationDate']).toBeTruthy();
    const raw = execFileSync('pdfinfo', ['-isodates', path], { encoding: 'utf8' });
    const iso = /CreationDate:\s+(\S+)/.exec(raw)?.[1] as string;
    expect(new Date(iso).toISOString()).toBe('2026-11-28T07:06:00.000Z');
  });

  it('has a QR at the top left with the dossier number, procedure code and look-up code, and nothing personal', async () => {
    const dir = workDir();
    const path = writePdf(dir, 'qr.pdf', await renderer.renderForm01(form01()));
    const expected = buildQrContent({ dossierNumber: '000.00.13.H42-261128-0001', procedureCode: '1.004873', lookupCode: 'K7M2Q9XR4T1B' });
    expect(expected).toBe('maHoSo=000.00.13.H42-261128-0001&maTTHC=1.004873&maTraCuu=K7M2Q9XR4T1B');
    for (const page of [1, 2]) {
      const decoded = decodeQr(path, page, dir);
      expect(decoded).toEqual([expected]);
      expectNothingPersonal(decoded[0]);
    }
    // The ID number is still printed in the form's text, where the citizen reads it.
    expect(pdfText(path, 1)).toContain('Số định danh cá nhân: 001190012345');
  });

  it('encodes a look-up URL when the office has one, with the look-up code instead of the ID number', async () => {
    const dir = workDir();
    const data = form01({ office: { ...office, lookupUrl: 'https://dichvucong.example.vn/tra-cuu' } });
    const path = writePdf(dir, 'url.pdf', await renderer.renderForm01(data));
    const [content] = decodeQr(path, 1, dir);
    const url = new URL(content);
    expect(url.origin + url.pathname).toBe('https://dichvucong.example.vn/tra-cuu');
    expect(url.searchParams.get('maHoSo')).toBe('000.00.13.H42-261128-0001');
    expect(url.searchParams.get('maTTHC')).toBe('1.004873');
    expect(url.searchParams.get('maTraCuu')).toBe('K7M2Q9XR4T1B');
    expect(url.searchParams.has('soDinhDanh')).toBe(false);
    expectNothingPersonal(content);
  });

  it('puts nothing personal in the QR of forms 02 and 03 either', async () => {
    const dir = workDir();
    const data = { office: { ...office, lookupUrl: 'https://dichvucong.example.vn/tra-cuu?lang=vi' } };
    for (const [name, bytes] of [['02', await renderer.renderForm02(form02(data))], ['03', await renderer.renderForm03(form03(data))]] as const) {
      const [content] = decodeQr(writePdf(dir, `p${name}.pdf`, bytes), 1, dir);
      expect(new URL(content).searchParams.get('maTraCuu')).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
      expectNothingPersonal(content);
    }
  });

  it('prints no provisional mark for a confirmed number, the counter for counter delivery, blanks for missing fields', async () => {
    const dir = workDir();
    const data = form01({
      provisional: false,
      delivery: { method: 'counter' },
      feeText: undefined,
      applicant: { fullName: 'Phạm Đức Anh' },
    });
    const text = flat(pdfText(writePdf(dir, 'confirmed.pdf', await renderer.renderForm01(data)), 1));
    expect(text).toContain('Mã hồ sơ: 000.00.13.H42-261128-0001');
    expect(text).not.toContain('số tạm');
    expect(text).toContain('Đăng ký nhận kết quả tại: BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ – UBND PHƯỜNG BA ĐÌNH');
    expect(text).toContain('Phí, lệ phí (nếu có): ………………');
    expect(text).toContain('Email: ………………');
  });

  it('prints decomposed (NFD) input as composed text', async () => {
    const dir = workDir();
    const data = form01({ applicant: { ...applicant, fullName: 'Nguyễn Thị Hoà Bình'.normalize('NFD') } });
    const text = pdfText(writePdf(dir, 'nfd.pdf', await renderer.renderForm01(data)), 1);
    expect(text).toContain('Nguyễn Thị Hoà Bình'.normalize('NFC'));
  });

  it('flows a 40-item component list onto further pages of each copy', async () => {
    const dir = workDir();
    const long: ComponentLine[] = Array.from({ length: 40 }, (_, i) => ({
      name: `Giấy tờ chứng minh số ${String(i + 1).padStart(2, '0')} của hộ gia đình`,
      copyType: (['original', 'certified-copy', 'copy'] as const)[i % 3],
      quantity: 1 + (i % 3),
    }));
    long[7] = { name: 'Bản sao trích lục ' + 'rất dài '.repeat(30) + 'kết thúc', copyType: 'copy', quantity: 1 };
    const path = writePdf(dir, 'long.pdf', await renderer.renderForm01(form01({ components: long })));
    const pages = Number(pdfInfo(path)['Pages']);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(pages % 2).toBe(0);
    const perCopy = pages / 2;

    for (const [copy, first] of [['Liên 1: Lưu', 1], ['Liên 2: Giao người nộp', 1 + perCopy]] as const) {
      const text = flat(Array.from({ length: perCopy }, (_, i) => pdfText(path, first + i)).join('\n'));
      for (const [i, c] of long.entries()) if (i !== 7) expect(text, c.name).toContain(c.name);
      expect(text).toContain('Bản sao trích lục rất dài');
      expect(text).toContain('rất dài kết thúc');
      for (let p = 1; p <= perCopy; p++) expect(text).toContain(`${copy} – Trang ${p}/${perCopy}`);
      // Continuation pages repeat the table header, carry a running head and a QR.
      expect(pdfText(path, first + 1)).toContain('(tiếp theo)');
      // The running head prints the number, so it marks it provisional too.
      expect(flat(pdfText(path, first + 1))).toContain('Mã hồ sơ: 000.00.13.H42-261128-0001 (số tạm)');
      expect(pdfText(path, first + 1)).toContain('Tên giấy tờ');
      expect(decodeQr(path, first + 1, dir)[0]).toContain('000.00.13.H42-261128-0001');
      // Fields after the table and the signatures still come out.
      expect(text).toContain('16 giờ 30 phút, ngày 03 tháng 12 năm 2026');
      expect(text).toContain('NGƯỜI TIẾP NHẬN HỒ SƠ');
    }
    expectInsideMargins(path, footerWords('Mẫu số 01 – Thông tư 01/2018/TT-VPCP; Thông tư 03/2025/TT-VPCP', ['Liên 1: Lưu', 'Liên 2: Giao người nộp'], perCopy));
  });

  it('logs the render time of form 01 (cold and warm)', async () => {
    const cold = performance.now();
    const fresh = await FormRenderer.create();
    const created = performance.now() - cold;
    let t = performance.now();
    await fresh.renderForm01(form01());
    const first = performance.now() - t;
    const times: number[] = [];
    for (let i = 0; i < 30; i++) {
      t = performance.now();
      await fresh.renderForm01(form01({ dossierNumber: `000.00.13.H42-261128-${String(i).padStart(4, '0')}` }));
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const p50 = times[15];
    const p95 = times[Math.floor(times.length * 0.95)];
    console.log(
      `form 01 (2 copies, 3 components): create ${created.toFixed(0)} ms, first render ${first.toFixed(0)} ms, ` +
        `warm p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms`,
    );
    expect(times).toHaveLength(30);
  });
});

describe('Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', () => {
  it('prints the number, the applicant, every item with its note, the reason and the help line', async () => {
    const dir = workDir();
    const path = writePdf(dir, 'mau02.pdf', await renderer.renderForm02(form02()));
    expect(pdfInfo(path)['Pages']).toBe('1');
    expect(pdfInfo(path)['Page size']).toBe('595.28 x 841.89 pts (A4)');
    const text = flat(pdfText(path));
    for (const phrase of [
      'Số: 15/PYCBS',
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      'Mã hồ sơ: 000.00.13.H42-261128-0002',
      'Ba Đình, ngày 28 tháng 11 năm 2026',
      'Hồ sơ của: Nguyễn Thị Hoà Bình',
      'Địa chỉ: Số 12 ngõ 45 phố Đội Cấn, Hà Nội',
      'Số điện thoại: 0912 345 678',
      'Email: hoa_binh@example.vn',
      'Đăng ký khai sinh',
      'Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung như sau:',
      'Giấy chứng sinh',
      'Bản đã nộp bị mờ số hiệu',
      'Văn bản ủy quyền',
      'Lý do: Thiếu giấy chứng sinh bản chính',
      'Lê Thị Thu Hà',
      '024 3823 9999',
      'https://badinh.example.vn',
      'NGƯỜI HƯỚNG DẪN',
      'Mẫu số 02',
    ]) {
      expect(text, phrase).toContain(phrase);
    }
    expect(pdfFonts(path).every((f) => f.emb === 'yes' && f.sub === 'yes' && /^[A-Z]{6}\+Tinos/.test(f.name))).toBe(true);
    expect(decodeQr(path, 1, dir)[0]).toContain('maHoSo=000.00.13.H42-261128-0002');
    expectInsideMargins(path, footerWords('Mẫu số 02 – Thông tư 01/2018/TT-VPCP; Thông tư 03/2025/TT-VPCP', [], 1));
  });

  it('marks a provisional dossier number "(số tạm)", and a confirmed one not', async () => {
    const dir = workDir();
    const provisional = flat(pdfText(writePdf(dir, 'm02p.pdf', await renderer.renderForm02(form02({ provisional: true })))));
    expect(provisional).toContain('Mã hồ sơ: 000.00.13.H42-261128-0002 (số tạm)');
    const confirmed = flat(pdfText(writePdf(dir, 'm02c.pdf', await renderer.renderForm02(form02({ provisional: false })))));
    expect(confirmed).toContain('Mã hồ sơ: 000.00.13.H42-261128-0002');
    expect(confirmed).not.toContain('số tạm');
  });

  it('leaves "Số" to fill by hand and omits the dossier line when there is none', async () => {
    const dir = workDir();
    const data = form02({ documentNumber: undefined, dossierNumber: undefined });
    const path = writePdf(dir, 'mau02b.pdf', await renderer.renderForm02(data));
    const text = flat(pdfText(path));
    expect(text).toContain('Số: ……/……');
    expect(text).not.toContain('Mã hồ sơ');
    expect(text).not.toContain('số tạm');
    const [qr] = decodeQr(path, 1, dir);
    expect(qr).toBe('maTTHC=1.001193&maTraCuu=P3W8ZD6N0CFH');
    expect(pdfInfo(path)['Title'].normalize('NFC')).toBe('Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ');
  });
});

describe('Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ', () => {
  it('prints the applicant, the procedure, the reason and both signatures', async () => {
    const dir = workDir();
    const path = writePdf(dir, 'mau03.pdf', await renderer.renderForm03(form03()));
    const info = pdfInfo(path);
    expect(info['Pages']).toBe('1');
    expect(info['Page size']).toBe('595.28 x 841.89 pts (A4)');
    const text = flat(pdfText(path));
    for (const phrase of [
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      'Mã hồ sơ: 000.00.13.H42-261128-0003',
      'hồ sơ của: Nguyễn Thị Hoà Bình',
      'Địa chỉ: Số 12 ngõ 45 phố Đội Cấn, Hà Nội',
      'Số điện thoại: 0912 345 678',
      'Email: hoa_binh@example.vn',
      'Nội dung yêu cầu giải quyết: Đăng ký kết hôn',
      'thông báo không tiếp nhận, giải quyết hồ sơ này',
      'Thủ tục không thuộc thẩm quyền giải quyết của cấp xã',
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN HỒ SƠ',
      'Trần Văn Minh',
      'Mẫu số 03',
    ]) {
      expect(text, phrase).toContain(phrase);
    }
    expect(pdfFonts(path).every((f) => f.emb === 'yes' && f.sub === 'yes')).toBe(true);
    expect(decodeQr(path, 1, dir)[0]).toContain('000.00.13.H42-261128-0003');
    expectInsideMargins(path, footerWords('Mẫu số 03 – Thông tư 01/2018/TT-VPCP; Thông tư 03/2025/TT-VPCP', [], 1));
  });

  it('marks a provisional dossier number "(số tạm)", and a confirmed one not', async () => {
    const dir = workDir();
    const provisional = flat(pdfText(writePdf(dir, 'm03p.pdf', await renderer.renderForm03(form03({ provisional: true })))));
    expect(provisional).toContain('Mã hồ sơ: 000.00.13.H42-261128-0003 (số tạm)');
    const confirmed = flat(pdfText(writePdf(dir, 'm03c.pdf', await renderer.renderForm03(form03({ provisional: false })))));
    expect(confirmed).not.toContain('số tạm');
  });

  it('wraps a long reason inside the margins', async () => {
    const dir = workDir();
    const reason = 'Hồ sơ đề nghị giải quyết thủ tục không thuộc thẩm quyền của Ủy ban nhân dân cấp xã theo quy định hiện hành. '.repeat(6);
    const path = writePdf(dir, 'mau03long.pdf', await renderer.renderForm03(form03({ reason })));
    const text = flat(pdfText(path));
    expect(text).toContain('Hồ sơ đề nghị giải quyết thủ tục không thuộc thẩm quyền');
    expectInsideMargins(path, footerWords('Mẫu số 03 – Thông tư 01/2018/TT-VPCP; Thông tư 03/2025/TT-VPCP', [], 1));
  });
});

// Real ward and commune names after the 2025 reorganisation, long enough to need two or three header lines.
const LONG_HEADERS: { governingBody: string; officeName: string; units: string[] }[] = [
  { governingBody: 'UBND PHƯỜNG TRƯỜNG VINH', officeName: 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ', units: ['PHƯỜNG TRƯỜNG VINH'] },
  { governingBody: 'UBND PHƯỜNG ĐÔNG HƯNG THUẬN', officeName: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG ĐÔNG HƯNG THUẬN', units: ['PHƯỜNG ĐÔNG HƯNG THUẬN'] },
  { governingBody: 'UBND XÃ NGUYỄN VIỆT KHÁI', officeName: 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ NGUYỄN VIỆT KHÁI', units: ['XÃ NGUYỄN VIỆT KHÁI'] },
  { governingBody: 'ỦY BAN NHÂN DÂN PHƯỜNG THỦ DẦU MỘT', officeName: 'BỘ PHẬN MỘT CỬA', units: ['PHƯỜNG THỦ DẦU MỘT'] },
];

type Box = ReturnType<typeof wordBoxes>[number][number];

/** The left header block of page 1 as lines of words (left of the national title, above the form's title). */
function leftHeaderLines(path: string, title: string): { text: string; words: Box[] }[] {
  const words = wordBoxes(path)[0];
  const nation = words.find((w) => w.text === 'CỘNG') as Box;
  const titleTop = (words.find((w) => w.text === title.split(' ')[0] && w.yMin > nation.yMax) as Box).yMin;
  const left = words.filter((w) => w.xMax < nation.xMin && w.yMax < titleTop).sort((a, b) => a.yMin - b.yMin || a.xMin - b.xMin);
  const lines: { text: string; words: Box[] }[] = [];
  for (const w of left) {
    const line = lines.find((l) => Math.abs(l.words[0].yMin - w.yMin) < 2);
    if (line) line.words.push(w);
    else lines.push({ text: '', words: [w] });
  }
  for (const l of lines) l.text = l.words.sort((a, b) => a.xMin - b.xMin).map((w) => w.text).join(' ').normalize('NFC');
  return lines;
}

/** Horizontal dark runs of a page rasterised at `dpi` (grey), in points from the top left: [y, x0, x1]. */
function darkRuns(path: string, dir: string, dpi = 150): [number, number, number][] {
  const prefix = join(dir, `rule-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-gray', '-r', String(dpi), '-f', '1', '-l', '1', path, prefix]);
  const file = readdirSync(dir).map((f) => join(dir, f)).find((f) => f.startsWith(prefix) && f.endsWith('.pgm')) as string;
  const pgm = readFileSync(file);
  // P5 header: magic, width, height, maxval, each separated by white space.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 50).toString('latin1')) as RegExpExecArray;
  const [width, height] = [Number(header[1]), Number(header[2])];
  const data = pgm.subarray(header[0].length);
  const pt = 72 / dpi;
  const runs: [number, number, number][] = [];
  for (let y = 0; y < height; y++) {
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const dark = x < width && data[y * width + x] < 160;
      if (dark && start < 0) start = x;
      if (!dark && start >= 0) {
        runs.push([y * pt, start * pt, x * pt]);
        start = -1;
      }
    }
  }
  return runs;
}

describe('the office lines of the header', () => {
  for (const { governingBody, officeName, units } of LONG_HEADERS) {
    it(`keeps "${units[0]}" on one line, beside the QR, with the rule under the last line`, async () => {
      const dir = workDir();
      const data = form01({ office: { ...office, governingBody, officeName } });
      const path = writePdf(dir, 'header.pdf', await renderer.renderForm01(data));
      const lines = leftHeaderLines(path, 'GIẤY TIẾP NHẬN');
      // Every word is there, in order, and no line starts or ends inside an administrative unit's name.
      expect(lines.map((l) => l.text).join(' ')).toBe(`${governingBody} ${officeName}`);
      const expected = `${governingBody} ${officeName}`.split(units[0]).length - 1;
      expect(lines.filter((l) => l.text.includes(units[0])).length, lines.map((l) => l.text).join(' | ')).toBe(expected);
      for (const l of lines) expect(l.words[0].xMin).toBeGreaterThanOrEqual(30 * MM + 20 * MM);

      // The rule: a dark run under the last line (nothing else is drawn between it and the title), centred
      // under it, 1/3 to 1/2 of its length (Nghị định 30/2020).
      const last = lines[lines.length - 1].words;
      const [lx0, lx1, lyMax] = [last[0].xMin, last[last.length - 1].xMax, Math.max(...last.map((w) => w.yMax))];
      const rules = darkRuns(path, dir).filter(([y, x0, x1]) => y > lyMax - 1 && y < lyMax + 8 && x0 > lx0 - 2 && x1 < lx1 + 2 && x1 - x0 > 10);
      expect(rules.length, `no rule under "${lines[lines.length - 1].text}"`).toBeGreaterThan(0);
      const [, x0, x1] = rules[0];
      expect(Math.abs((x0 + x1) / 2 - (lx0 + lx1) / 2)).toBeLessThan(3);
      expect((x1 - x0) / (lx1 - lx0)).toBeGreaterThan(1 / 3 - 0.03);
      expect((x1 - x0) / (lx1 - lx0)).toBeLessThan(1 / 2 + 0.03);
    });
  }

  it('does the same on forms 02 and 03', async () => {
    const dir = workDir();
    const { governingBody, officeName, units } = LONG_HEADERS[0];
    const o = { ...office, governingBody, officeName };
    for (const [bytes, title] of [[await renderer.renderForm02(form02({ office: o })), 'PHIẾU'], [await renderer.renderForm03(form03({ office: o })), 'PHIẾU']] as const) {
      const lines = leftHeaderLines(writePdf(dir, `h-${Math.random()}.pdf`, bytes), title);
      expect(lines.some((l) => l.text.includes(units[0])), lines.map((l) => l.text).join(' | ')).toBe(true);
    }
  });
});
