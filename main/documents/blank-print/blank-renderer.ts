// Draws civil-status certificates at the template's positions with pdf-lib and the project's Tinos fonts:
// on a pre-printed blank only the fields (plus the printer's calibration offset), on plain paper the whole
// page (static words and lines too). The preview draws the same text over an image of the blank.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { degrees, PDFDocument, rgb, type PDFImage, type PDFPage } from 'pdf-lib';
import type { CalibrationOffset, CertificateTemplate, StaticText } from '../../../shared/certificates/template';
import { FontLibrary, type EmbeddedFonts } from '../font-library';
import { drawCalibrationPage } from './calibration-page';
import { fitField, MM, type FittedField } from './fit';

const PRODUCT = 'Một Cửa Desk';
const INK = rgb(0, 0, 0);

export interface PlacedField {
  key: string;
  size: number;
  /** Each line's left end and baseline, mm from the sheet's top-left corner (offset included unless turned). */
  lines: { text: string; x: number; baseline: number; width: number }[];
}

export interface RenderOptions {
  /** The printer's calibration (printing); none for a preview or a plain page. */
  offset?: CalibrationOffset;
  /** The blank's image drawn under the text (the preview), PNG or JPEG bytes. */
  background?: Uint8Array;
  /**
   * For the printer: a landscape sheet is drawn turned on an upright page (template.landscapeFeed) and the
   * offset added in the upright sheet's frame, the one the calibration page was measured in.
   */
  forPrinter?: boolean;
  /** Document title (the PDF's metadata). */
  title?: string;
  /** The PDF's dates: the same data gives the same document. */
  at?: Date;
}

export interface RenderedCertificate {
  bytes: Uint8Array;
  placed: PlacedField[];
}

/** Finds assets/fonts above this module (sources and dist/). */
function defaultFontDir(): string {
  const start = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'assets', 'fonts', 'Tinos-Regular.ttf'))) return join(dir, 'assets', 'fonts');
    if (dirname(dir) === dir) throw new Error(`assets/fonts not found above ${start}`);
  }
}

export class BlankRenderer {
  private constructor(private readonly fonts: FontLibrary) {}

  /** Parses the fonts once; keep one renderer per process. */
  static create(opts: { fontDir?: string } = {}): BlankRenderer {
    return new BlankRenderer(FontLibrary.load(opts.fontDir ?? defaultFontDir()));
  }

  /**
   * Lays every field out first (so a value that does not fit is refused before any PDF exists), then draws.
   * Values are by field key; keys the template does not print are ignored, fields without a value stay empty.
   */
  layout(template: CertificateTemplate, values: Record<string, string>, offset: CalibrationOffset = { x: 0, y: 0 }): PlacedField[] {
    const placed: PlacedField[] = [];
    for (const field of template.fields) {
      const fitted: FittedField | null = fitField(field, values[field.key] ?? '', this.fonts.measure);
      if (!fitted) continue;
      placed.push({
        key: field.key,
        size: fitted.size,
        lines: fitted.lines.map((line, i) => {
          const widthMm = line.width / MM;
          const slack = field.width - widthMm;
          const left = field.align === 'center' ? slack / 2 : field.align === 'right' ? slack : 0;
          return { text: line.text, x: field.x + left + offset.x, baseline: field.y + i * fitted.lineHeight + offset.y, width: widthMm };
        }),
      });
    }
    return placed;
  }

  async render(template: CertificateTemplate, values: Record<string, string>, opts: RenderOptions = {}): Promise<RenderedCertificate> {
    const offset = opts.offset ?? { x: 0, y: 0 };
    const turn = opts.forPrinter && template.page.width > template.page.height ? template.landscapeFeed : null;
    // Laid out in the template's frame; the offset is added there, or after turning onto the upright sheet.
    const placed = this.layout(template, values, turn ? { x: 0, y: 0 } : offset);
    const doc = await PDFDocument.create({ updateMetadata: false });
    const fonts = await this.fonts.embedInto(doc);
    const [w, h] = turn ? [template.page.height, template.page.width] : [template.page.width, template.page.height];
    const page = doc.addPage([w * MM, h * MM]);
    const at = sheetMapper(template, turn, turn ? offset : { x: 0, y: 0 }, h);
    if (opts.background && !turn) drawBackground(page, await embedImage(doc, opts.background));
    if (template.mode === 'full-page') drawStatics(page, fonts, template, turn ? { x: 0, y: 0 } : offset, this.fonts.measure, at);
    const fieldOf = new Map(template.fields.map((f) => [f.key, f]));
    for (const p of placed) {
      const font = fonts[fieldOf.get(p.key)!.font];
      for (const line of p.lines) page.drawText(line.text, { ...at.point(line.x, line.baseline), rotate: at.rotate, size: p.size, font, color: INK });
    }
    setMetadata(doc, opts.title ?? template.name, `${template.id}@${template.version}`, opts.at);
    return { bytes: await doc.save(), placed };
  }

  /** The calibration page (A4): a ruled millimetre grid and cross marks at known positions, see calibration-page.ts. */
  async calibrationPage(opts: { printer: string; offset?: CalibrationOffset; at?: Date }): Promise<Uint8Array> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const fonts = await this.fonts.embedInto(doc);
    drawCalibrationPage(doc, fonts, this.fonts.measure, opts);
    setMetadata(doc, `Trang căn chỉnh máy in ${opts.printer}`, 'calibration', opts.at);
    return doc.save();
  }
}

async function embedImage(doc: PDFDocument, bytes: Uint8Array): Promise<PDFImage> {
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50;
  return isPng ? doc.embedPng(bytes) : doc.embedJpg(bytes);
}

function drawBackground(page: PDFPage, image: PDFImage): void {
  page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
}

type Turn = CertificateTemplate['landscapeFeed'] | null;

/**
 * From the template's millimetres (top-left origin, y down) to the PDF page's points: as drawn, or turned a
 * quarter onto an upright sheet — 'cw': the template's top edge along the sheet's right edge, its text running
 * down the sheet; 'ccw': its top edge along the left, text running up. `offset` is added on the sheet.
 */
function sheetMapper(t: CertificateTemplate, turn: Turn, offset: CalibrationOffset, sheetHeight: number) {
  const sheet = (x: number, y: number): [number, number] =>
    turn === 'cw' ? [t.page.height - y, x] : turn === 'ccw' ? [y, t.page.width - x] : [x, y];
  return {
    rotate: degrees(turn === 'cw' ? -90 : turn === 'ccw' ? 90 : 0),
    point(x: number, y: number) {
      const [sx, sy] = sheet(x, y);
      return { x: (sx + offset.x) * MM, y: (sheetHeight - (sy + offset.y)) * MM };
    },
  };
}

function drawStatics(page: PDFPage, fonts: EmbeddedFonts, t: CertificateTemplate, offset: CalibrationOffset, measure: FontLibrary['measure'],
  at: ReturnType<typeof sheetMapper>): void {
  for (const s of t.statics) {
    const x = staticLeft(s, measure) + offset.x;
    page.drawText(s.text, { ...at.point(x, s.y + offset.y), rotate: at.rotate, size: s.size, font: fonts[s.font], color: INK });
  }
  for (const l of t.lines) {
    page.drawLine({
      start: at.point(l.x1 + offset.x, l.y1 + offset.y), end: at.point(l.x2 + offset.x, l.y2 + offset.y),
      thickness: l.thickness, color: INK, dashArray: l.dotted ? [0.6, 1.8] : undefined,
    });
  }
}

/** A static text's left end: x is its left end, centre or right end by its alignment. */
export function staticLeft(s: StaticText, measure: FontLibrary['measure']): number {
  const width = measure(s.text.normalize('NFC'), s.font, s.size) / MM;
  return s.align === 'center' ? s.x - width / 2 : s.align === 'right' ? s.x - width : s.x;
}

function setMetadata(doc: PDFDocument, title: string, keyword: string, at: Date | undefined): void {
  doc.setTitle(title, { showInWindowTitleBar: true });
  doc.setAuthor(PRODUCT);
  doc.setCreator(PRODUCT);
  doc.setProducer(`${PRODUCT} (pdf-lib)`);
  doc.setKeywords([keyword, 'hộ tịch']);
  doc.setLanguage('vi-VN');
  if (at) {
    doc.setCreationDate(at);
    doc.setModificationDate(at);
  }
}

/** Reads a blank's image shipped in assets/blanks (null when the template names none or it is missing). */
export function readBlankImage(dir: string, name: string | undefined): Uint8Array | null {
  if (!name || name.includes('/') || name.includes('\\')) return null;
  const file = join(dir, name);
  return existsSync(file) ? new Uint8Array(readFileSync(file)) : null;
}
