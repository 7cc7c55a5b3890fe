// Pure pieces of the documents module: QR content, markup, wrapping, template selection, date wording.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitHeaderLine, headerPieces } from '../../main/documents/header-layout';
import { buildQrContent } from '../../main/documents/qr';
import { toRuns } from '../../main/documents/rich-text';
import { TemplateStore } from '../../main/documents/template-store';
import { wrapRuns } from '../../main/documents/text-layout';
import { countText, dateParts, timeAndDateWords } from '../../main/documents/vn-format';
import { fromVnParts } from '../../shared/time/vn-time';

describe('buildQrContent', () => {
  const subject = { dossierNumber: '000.00.13.H42-261128-0001', procedureCode: '1.004873', lookupCode: 'K7M2Q9XR4T1B' };

  it('is a query string of the dossier number, procedure code and look-up code', () => {
    expect(buildQrContent(subject)).toBe('maHoSo=000.00.13.H42-261128-0001&maTTHC=1.004873&maTraCuu=K7M2Q9XR4T1B');
  });

  it('appends the parameters to a look-up URL, keeping an existing query', () => {
    expect(buildQrContent(subject, 'https://a.vn/tra-cuu')).toBe(`https://a.vn/tra-cuu?${buildQrContent(subject)}`);
    expect(buildQrContent(subject, 'https://a.vn/tc?lang=vi')).toMatch(/^https:\/\/a\.vn\/tc\?lang=vi&maHoSo=/);
  });

  it('leaves out what is unknown and escapes what must be escaped', () => {
    expect(buildQrContent({ procedureCode: '1.001193' })).toBe('maTTHC=1.001193');
    expect(buildQrContent({ dossierNumber: 'G09 20&x', procedureCode: '1' })).toBe('maHoSo=G09+20%26x&maTTHC=1');
  });

  it('has no place for anything personal', () => {
    // Whatever else a caller has at hand, the subject's type only takes these three.
    const withExtras = { ...subject, ownerId: '001190012345', fullName: 'Nguyễn Thị Hoà Bình' } as Parameters<typeof buildQrContent>[0];
    expect(buildQrContent(withExtras)).toBe(buildQrContent(subject));
  });
});

describe('toRuns', () => {
  it('parses bold and italic and substitutes variables without reading markup inside values', () => {
    const runs = toRuns('Của: **{name}** _{mark}_ {email}', { name: 'Bình', mark: '(số tạm)', email: 'a_b*c@x.vn' }, '…');
    expect(runs).toEqual([
      { text: 'Của: ', style: 'regular' },
      { text: 'Bình', style: 'bold' },
      { text: ' ', style: 'regular' },
      { text: '(số tạm)', style: 'italic' },
      { text: ' a_b*c@x.vn', style: 'regular' },
    ]);
  });

  it('prints undefined as the blank filler, an empty string as nothing, and rejects unknown variables', () => {
    expect(toRuns('Phí: {fee}.', { fee: undefined }, '……')).toEqual([{ text: 'Phí: …….', style: 'regular' }]);
    expect(toRuns('A{mark}B', { mark: '' }, '……')).toEqual([{ text: 'AB', style: 'regular' }]);
    expect(() => toRuns('{typo}', {}, '…')).toThrow(/Unknown template variable/);
  });
});

describe('wrapRuns', () => {
  const measure = (text: string) => Array.from(text).length; // one unit a character

  it('breaks at spaces and never exceeds the width', () => {
    const lines = wrapRuns([{ text: 'Giấy xác nhận tình trạng hôn nhân', style: 'regular' }], 12, measure);
    expect(lines.map((l) => l.pieces.map((p) => p.text).join(''))).toEqual(['Giấy xác', 'nhận tình', 'trạng hôn', 'nhân']);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(12);
  });

  it('keeps a styled word and its punctuation together and offsets pieces', () => {
    const lines = wrapRuns([{ text: 'của: ', style: 'regular' }, { text: 'Bình', style: 'bold' }, { text: ', Hà', style: 'regular' }], 20, measure);
    expect(lines).toHaveLength(1);
    expect(lines[0].pieces).toEqual([
      { text: 'của:', style: 'regular', x: 0 },
      { text: ' Bình', style: 'bold', x: 4 },
      { text: ', Hà', style: 'regular', x: 9 },
    ]);
  });

  it('breaks a token longer than the line between characters, and honours line breaks', () => {
    const lines = wrapRuns([{ text: 'https://example.vn/abc x\nmới', style: 'regular' }], 8, measure);
    expect(lines.map((l) => l.pieces.map((p) => p.text).join(''))).toEqual(['https://', 'example.', 'vn/abc x', 'mới']);
  });

  it('composes decomposed input', () => {
    const [line] = wrapRuns([{ text: 'Hoà'.normalize('NFD'), style: 'regular' }], 10, measure);
    expect(line.pieces[0].text).toBe('Hoà'.normalize('NFC'));
  });
});

describe('header lines', () => {
  const measure = () => (text: string) => Array.from(text).length; // one unit a character at every size
  const scaled = (size: number) => (text: string) => (Array.from(text).length * size) / 12;
  const texts = (fit: ReturnType<typeof fitHeaderLine>) => fit.lines.map((l) => l.pieces.map((p) => p.text).join(''));
  const opts = { size: 12, oneLineMin: 11, min: 9, maxLines: 3 };

  it('keeps an administrative unit with its name as one piece', () => {
    expect(headerPieces('UBND PHƯỜNG TRƯỜNG VINH')).toEqual(['UBND', 'PHƯỜNG TRƯỜNG VINH']);
    expect(headerPieces('Ủy ban nhân dân thị xã Sa Pa')).toEqual(['Ủy', 'ban', 'nhân', 'dân', 'thị xã Sa Pa']);
    expect(headerPieces('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG ĐẶC KHU CÔN ĐẢO')).toEqual(['TRUNG', 'TÂM', 'PHỤC', 'VỤ', 'HÀNH', 'CHÍNH', 'CÔNG', 'ĐẶC KHU CÔN ĐẢO']);
    expect(headerPieces('UBND TỈNH NGHỆ AN PHƯỜNG VINH PHÚ')).toEqual(['UBND', 'TỈNH NGHỆ AN', 'PHƯỜNG VINH PHÚ']);
  });

  it('breaks before the unit, never inside it', () => {
    // 23 characters in 20: greedy wrapping gave "UBND PHƯỜNG TRƯỜNG" / "VINH".
    expect(texts(fitHeaderLine('UBND PHƯỜNG TRƯỜNG VINH', 'regular', 20, measure, opts))).toEqual(['UBND', 'PHƯỜNG TRƯỜNG VINH']);
  });

  it('shrinks a little to stay on one line, and shrinks further before breaking inside a name', () => {
    const one = fitHeaderLine('UBND PHƯỜNG TRƯỜNG VINH', 'regular', 22, scaled, opts); // 23 units at 12 pt → 21.1 at 11 pt
    expect(texts(one)).toEqual(['UBND PHƯỜNG TRƯỜNG VINH']);
    expect(one.size).toBe(11);
    const shrunk = fitHeaderLine('UBND PHƯỜNG ĐÔNG HƯNG THUẬN', 'regular', 20, scaled, opts); // the unit: 22 units at 12 pt
    expect(texts(shrunk)).toEqual(['UBND', 'PHƯỜNG ĐÔNG HƯNG THUẬN']);
    expect(shrunk.size).toBeLessThanOrEqual(10.5);
    const broken = fitHeaderLine('UBND PHƯỜNG ĐÔNG HƯNG THUẬN', 'regular', 12, scaled, opts); // too long even at 9 pt
    expect(broken.size).toBe(9);
    expect(texts(broken).join(' ')).toBe('UBND PHƯỜNG ĐÔNG HƯNG THUẬN');
  });
});

describe('TemplateStore', () => {
  const json = JSON.parse(readFileSync(join(__dirname, '../../assets/templates/forms.json'), 'utf8'));

  it('loads the shipped templates and picks the one in force on the Vietnam date', () => {
    const v2 = { ...json.templates[0], version: '2027.1', validFrom: '2027-01-01', title: 'TIÊU ĐỀ MỚI' };
    const store = TemplateStore.fromJson({ ...json, templates: [...json.templates, v2] });
    // 31/12/2026 23:30 in Vietnam is still 2026 there (16:30 UTC).
    expect(store.select('01', fromVnParts(2026, 12, 31, 23, 30)).version).toBe('2025.2');
    expect(store.select('01', fromVnParts(2027, 1, 1, 0, 10)).title).toBe('TIÊU ĐỀ MỚI');
    expect(store.select('02', fromVnParts(2027, 6, 1)).id).toBe('mau-02');
    expect(() => store.select('03', fromVnParts(2020, 1, 1))).toThrow(/No template/);
  });

  it('rejects malformed files and duplicate versions', () => {
    expect(() => TemplateStore.fromJson({ ...json, formatVersion: 2 })).toThrow();
    expect(() => TemplateStore.fromJson({ ...json, templates: [json.templates[0], json.templates[0]] })).toThrow(/Two templates/);
    const badBlock = { ...json.templates[0], body: [{ table: 'components', columns: [] }] };
    expect(() => TemplateStore.fromJson({ ...json, templates: [badBlock] })).toThrow();
  });

  it('refuses a template that prints the dossier number without the provisional mark', () => {
    const form03 = json.templates.find((t: { kind: string }) => t.kind === '03');
    const unmarked = { ...form03, subtitle: [{ text: 'Mã hồ sơ: **{dossierNumber}**', if: 'dossierNumber' }] };
    expect(() => TemplateStore.fromJson({ ...json, templates: [unmarked] })).toThrow(/mau-03.*subtitle\.0.*\{provisionalMark\}/);
    const inBody = { ...form03, body: [...form03.body, { text: 'Số hồ sơ {dossierNumber}' }] };
    expect(() => TemplateStore.fromJson({ ...json, templates: [inBody] })).toThrow(/body\.\d+/);
    const head = { ...json.common, continuedHead: '{documentName} – {dossierNumber}' };
    expect(() => TemplateStore.fromJson({ ...json, common: head })).toThrow(/continuedHead/);
  });
});

describe('vn-format', () => {
  it('pads days below 10 and months 1–2 only (Nghị định 30/2020)', () => {
    expect(dateParts(fromVnParts(2026, 3, 5))).toEqual({ day: '05', month: '3', year: '2026' });
    expect(dateParts(fromVnParts(2026, 2, 14))).toEqual({ day: '14', month: '02', year: '2026' });
  });

  it('writes time and date in Vietnam time whatever the instant', () => {
    expect(timeAndDateWords(new Date('2026-11-28T07:05:00Z'))).toBe('14 giờ 05 phút, ngày 28 tháng 11 năm 2026');
    expect(timeAndDateWords(new Date('2026-12-31T17:30:00Z'))).toBe('00 giờ 30 phút, ngày 01 tháng 01 năm 2027');
  });

  it('writes counts with two digits and rejects non-counts', () => {
    expect(countText(1)).toBe('01');
    expect(countText(12)).toBe('12');
    expect(() => countText(1.5)).toThrow();
  });
});
