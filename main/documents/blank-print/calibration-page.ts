// The calibration page: an A4 sheet with a ruled millimetre grid and cross marks at known positions. The
// officer prints it on the certificate printer, measures with a ruler from the sheet's left and top edges to
// the centre of each cross, and enters the measurements: the offset is expected − measured (mean of the marks).
// The grid is grey and the marks black, so the marks stand out for the eye (and for a test reading pixels).
import { rgb, type PDFDocument, type PDFPage } from 'pdf-lib';
import { CALIBRATION_MARKS, type CalibrationOffset } from '../../../shared/certificates/template';
import type { EmbeddedFonts, TextMeasure } from '../font-library';
import { MM } from './fit';

export const A4_MM = { width: 210, height: 297 } as const;
const ARM = 6;
const RING = 3;

export function drawCalibrationPage(doc: PDFDocument, fonts: EmbeddedFonts, measure: TextMeasure,
  opts: { printer: string; offset?: CalibrationOffset }): void {
  const page = doc.addPage([A4_MM.width * MM, A4_MM.height * MM]);
  const off = opts.offset ?? { x: 0, y: 0 };
  const P = (x: number, y: number) => ({ x: (x + off.x) * MM, y: page.getHeight() - (y + off.y) * MM });
  drawGrid(page, P);
  const text = (s: string, x: number, y: number, size: number, style: 'regular' | 'bold' = 'regular', center = false) => {
    const w = measure(s, style, size) / MM;
    page.drawText(s, { ...P(center ? x - w / 2 : x, y), size, font: fonts[style], color: rgb(0, 0, 0) });
  };
  // Numbers along the top and left edges every 10 mm (on white boxes so the grid does not cross them).
  for (let x = 10; x < A4_MM.width; x += 10) numberBox(page, P, fonts, measure, String(x), x, 8);
  for (let y = 10; y < A4_MM.height; y += 10) numberBox(page, P, fonts, measure, String(y), 6, y + 1.2);

  const black = rgb(0, 0, 0);
  for (const m of CALIBRATION_MARKS) {
    page.drawLine({ start: P(m.x - ARM, m.y), end: P(m.x + ARM, m.y), thickness: 0.6, color: black });
    page.drawLine({ start: P(m.x, m.y - ARM), end: P(m.x, m.y + ARM), thickness: 0.6, color: black });
    page.drawCircle({ ...P(m.x, m.y), size: RING * MM, borderColor: black, borderWidth: 0.6 });
    const right = m.x < A4_MM.width / 2;
    const label = `${m.label} (${m.x}; ${m.y})`;
    const labelX = right ? m.x + ARM + 1.5 : m.x - ARM - 1.5 - measure(label, 'bold', 10) / MM;
    whiteBox(page, P, labelX - 0.5, m.y - 4.2, measure(label, 'bold', 10) / MM + 1, 5.2);
    text(label, labelX, m.y - 0.5, 10, 'bold');
  }

  const lines = [
    `TRANG CĂN CHỈNH MÁY IN: ${opts.printer}`,
    off.x || off.y ? `Đã cộng độ lệch đang lưu: ngang ${fmt(off.x)} mm, dọc ${fmt(off.y)} mm (để kiểm tra lại).` : 'In không cộng độ lệch (để đo).',
    'Đo bằng thước từ mép TRÁI và mép TRÊN tờ giấy tới tâm mỗi dấu chữ thập A–E (mm).',
    'Nhập số đo tại Quản trị → Máy in → Căn chỉnh phôi; độ lệch = vị trí chuẩn − số đo.',
  ];
  whiteBox(page, P, 38, 40, 134, 27);
  lines.forEach((l, i) => text(l, 105, 46 + i * 6, i === 0 ? 12 : 10, i === 0 ? 'bold' : 'regular', true));
}

const fmt = (v: number) => (v > 0 ? `+${v}` : String(v)).replace('.', ',');

type Place = (x: number, y: number) => { x: number; y: number };

function drawGrid(page: PDFPage, P: Place): void {
  const shade = (n: number) => (n % 10 === 0 ? { t: 0.45, c: 0.55 } : n % 5 === 0 ? { t: 0.3, c: 0.7 } : { t: 0.15, c: 0.82 });
  for (let x = 0; x <= A4_MM.width; x++) {
    const s = shade(x);
    page.drawLine({ start: P(x, 0), end: P(x, A4_MM.height), thickness: s.t, color: rgb(s.c, s.c, s.c) });
  }
  for (let y = 0; y <= A4_MM.height; y++) {
    const s = shade(y);
    page.drawLine({ start: P(0, y), end: P(A4_MM.width, y), thickness: s.t, color: rgb(s.c, s.c, s.c) });
  }
}

function whiteBox(page: PDFPage, P: Place, x: number, top: number, w: number, h: number): void {
  const corner = P(x, top + h);
  page.drawRectangle({ x: corner.x, y: corner.y, width: w * MM, height: h * MM, color: rgb(1, 1, 1) });
}

function numberBox(page: PDFPage, P: Place, fonts: EmbeddedFonts, measure: TextMeasure, s: string, x: number, y: number): void {
  const w = measure(s, 'regular', 7) / MM;
  whiteBox(page, P, x - w / 2 - 0.3, y - 2.6, w + 0.6, 3.3);
  page.drawText(s, { ...P(x - w / 2, y), size: 7, font: fonts.regular, color: rgb(0.2, 0.2, 0.2) });
}
