// Realistic scanned-page images for the digitization tests and the benchmark: A4 at a chosen dpi, Vietnamese
// text drawn by librsvg (through sharp) in Tinos, scanner-like paper tone and noise, optional skew, paper
// edge shadow, red stamp and a handwritten-looking blue note. Blank and near-blank pages (noise, dust, faint
// bleed-through) exercise blank detection. Everything is seeded, so a page is the same on every run.
import { writeFile } from 'node:fs/promises';
import sharp, { type OverlayOptions } from 'sharp';
import type { ColorMode, ScannedPage, SourceFormat } from '../../main/digitization/types';

export type PageKind = 'text' | 'blank' | 'near-blank' | 'one-line';

export interface PageImageSpec {
  kind?: PageKind;
  dpi?: number;
  colorMode?: ColorMode;
  format?: SourceFormat;
  /** Title line (bold, centred); defaults to a form title chosen by the seed. */
  title?: string;
  /** Body lines; defaults to seeded paragraphs of administrative Vietnamese. */
  lines?: string[];
  /** Text font size in points (12 pt like a typed form). */
  fontPt?: number;
  seed?: number;
  /** Clockwise skew in degrees, as a page fed slightly crooked. */
  rotateDeg?: number;
  handwriting?: boolean;
  stamp?: boolean;
  /** Standard deviation of the scanner noise (0–255 scale). */
  noiseSigma?: number;
  /** A dark strip at the right edge where the scan area is wider than the paper. */
  paperEdge?: boolean;
  side?: 'front' | 'back';
}

export const MM_PER_INCH = 25.4;
export function a4Pixels(dpi: number): { width: number; height: number } {
  return { width: Math.round((210 / MM_PER_INCH) * dpi), height: Math.round((297 / MM_PER_INCH) * dpi) };
}

export const KNOWN_TITLE = 'Giấy xác nhận tình trạng hôn nhân';

const TITLES = [
  KNOWN_TITLE,
  'Tờ khai đăng ký khai sinh',
  'Đơn đề nghị cấp bản sao trích lục',
  'Giấy ủy quyền',
  'Tờ khai đăng ký thường trú',
];

const SENTENCES = [
  'Ủy ban nhân dân xã xác nhận ông Nguyễn Văn Hùng, sinh ngày 12 tháng 3 năm 1985,',
  'hiện cư trú tại thôn Đông Hòa, xã Yên Thường, huyện Gia Lâm, thành phố Hà Nội.',
  'Trong thời gian cư trú tại địa phương, người có tên trên chưa đăng ký kết hôn với ai.',
  'Giấy này có giá trị sử dụng trong thời hạn sáu tháng kể từ ngày cấp.',
  'Mục đích sử dụng: làm thủ tục đăng ký kết hôn tại Ủy ban nhân dân cấp xã.',
  'Người yêu cầu cam đoan những nội dung khai trên đây là đúng sự thật.',
  'Số định danh cá nhân: 001085012345, cấp ngày 10 tháng 8 năm 2021.',
  'Quan hệ với người được cấp giấy: bản thân. Nơi đăng ký: xã Yên Thường.',
  'Kèm theo hồ sơ gồm bản sao giấy khai sinh và giấy xác nhận thông tin cư trú.',
  'Đề nghị cơ quan có thẩm quyền xem xét, giải quyết theo quy định của pháp luật.',
  'Ông bà Trần Thị Mỹ Dung và Lê Quốc Việt đã được hướng dẫn hoàn thiện hồ sơ.',
  'Thời gian tiếp nhận: ngày 18 tháng 2 năm 2026; hẹn trả kết quả sau ba ngày làm việc.',
];

/** Small seeded PRNG (mulberry32): the same seed draws the same page. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Seeded paragraphs wrapped at about 72 characters (12 pt Tinos between 25 mm margins). */
function bodyLines(rand: () => number, count: number): string[] {
  const lines: string[] = [];
  let line = '';
  while (lines.length < count) {
    for (const word of SENTENCES[Math.floor(rand() * SENTENCES.length)].split(' ')) {
      if (line && line.length + 1 + word.length > 72) { lines.push(line); line = ''; }
      line = line ? `${line} ${word}` : word;
    }
  }
  return lines.slice(0, count);
}

/** The page as SVG: text, optional stamp and handwriting, on a transparent sheet (the paper comes later). */
function pageSvg(spec: Required<Pick<PageImageSpec, 'kind' | 'dpi' | 'seed' | 'fontPt'>> & PageImageSpec, w: number, h: number): string {
  const px = (pt: number) => (pt * spec.dpi) / 72;
  const mm = (v: number) => (v * spec.dpi) / MM_PER_INCH;
  const rand = seeded(spec.seed * 7919 + 1);
  const parts: string[] = [];
  const size = px(spec.fontPt);
  if (spec.kind === 'text') {
    const title = spec.title ?? TITLES[spec.seed % TITLES.length];
    // (same draws as textLines below)
    rand();
    parts.push(`<text x="${w / 2}" y="${mm(30)}" font-family="Tinos" font-weight="bold" font-size="${px(14)}" text-anchor="middle">${xml(title.toUpperCase())}</text>`);
    parts.push(`<text x="${w / 2}" y="${mm(38)}" font-family="Tinos" font-style="italic" font-size="${px(12)}" text-anchor="middle">Độc lập - Tự do - Hạnh phúc</text>`);
    const lines = spec.lines ?? bodyLines(rand, 24 + Math.floor(seeded(spec.seed * 7919 + 1)() * 8));
    lines.forEach((line, i) => {
      parts.push(`<text x="${mm(25)}" y="${mm(55) + i * size * 1.5}" font-family="Tinos" font-size="${size}">${xml(line)}</text>`);
    });
    if (spec.stamp) {
      const cx = w - mm(60), cy = h - mm(45), r = mm(18);
      parts.push(`<g fill="none" stroke="#d0202a" stroke-width="${mm(0.8)}" opacity="0.85"><circle cx="${cx}" cy="${cy}" r="${r}"/><circle cx="${cx}" cy="${cy}" r="${r * 0.7}"/></g>`);
      parts.push(`<text x="${cx}" y="${cy + px(3)}" fill="#d0202a" font-family="Tinos" font-weight="bold" font-size="${px(8)}" text-anchor="middle">UBND XÃ</text>`);
    }
  } else if (spec.kind === 'one-line') {
    parts.push(`<text x="${mm(25)}" y="${mm(40)}" font-family="Tinos" font-size="${size}">${xml(spec.lines?.[0] ?? 'Ghi chú: trang này để trống.')}</text>`);
  } else if (spec.kind === 'near-blank') {
    // Bleed-through of the front side: mirrored, very faint text.
    const faint = bodyLines(rand, 20)
      .map((line, i) => `<text x="${mm(25)}" y="${mm(55) + i * size * 1.5}" font-family="Tinos" font-size="${size}">${xml(line)}</text>`)
      .join('');
    parts.push(`<g fill="#e4e4e4" transform="translate(${w} 0) scale(-1 1)">${faint}</g>`);
    for (let i = 0; i < 6; i++) {
      parts.push(`<circle cx="${mm(20) + rand() * (w - mm(40))}" cy="${mm(20) + rand() * (h - mm(40))}" r="${0.6 + rand() * 1.2}" fill="#555"/>`);
    }
  }
  if (spec.handwriting && spec.kind !== 'blank') {
    const x0 = mm(110), y0 = h - mm(60);
    let d = `M ${x0} ${y0}`;
    for (let i = 0; i < 9; i++) {
      const dx = mm(6 + rand() * 4);
      d += ` c ${dx * 0.3} ${-mm(8 + rand() * 6)}, ${dx * 0.7} ${mm(6 + rand() * 6)}, ${dx} ${mm(rand() * 2 - 1)}`;
    }
    parts.push(`<path d="${d}" fill="none" stroke="#1a3fa0" stroke-width="${mm(0.45)}" stroke-linecap="round"/>`);
    parts.push(`<path d="M ${x0} ${y0 + mm(6)} q ${mm(30)} ${mm(4)} ${mm(62)} ${-mm(2)}" fill="none" stroke="#1a3fa0" stroke-width="${mm(0.35)}"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${parts.join('')}</svg>`;
}

/** The text printed on a page, line by line, as OCR should read it (title in capitals as drawn). */
export function pageText(input: PageImageSpec): string[] {
  const spec = { kind: 'text' as PageKind, seed: 1, ...input };
  if (spec.kind === 'one-line') return [spec.lines?.[0] ?? 'Ghi chú: trang này để trống.'];
  if (spec.kind !== 'text') return [];
  const rand = seeded(spec.seed * 7919 + 1);
  rand();
  const lines = spec.lines ?? bodyLines(rand, 24 + Math.floor(seeded(spec.seed * 7919 + 1)() * 8));
  return [(spec.title ?? TITLES[spec.seed % TITLES.length]).toUpperCase(), 'Độc lập - Tự do - Hạnh phúc', ...lines];
}

/**
 * Renders one page and writes it as a scanner would (PNG, JPEG, TIFF or binary PNM), returning the
 * descriptor a scanner driver hands to the page pipeline.
 */
export async function writePageImage(filePath: string, input: PageImageSpec = {}): Promise<ScannedPage> {
  const spec = { kind: 'text' as PageKind, dpi: 200, seed: 1, fontPt: 12, colorMode: 'color' as ColorMode, format: 'png' as SourceFormat, noiseSigma: 5, ...input };
  const { width: w, height: h } = a4Pixels(spec.dpi);
  const rand = seeded(spec.seed);
  const paper = 246 - Math.floor(rand() * 6);

  // Ink on paper: composite the transparent SVG over a white sheet, then skew as the paper went in crooked.
  let inked = await sharp({ create: { width: w, height: h, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([{ input: Buffer.from(pageSvg(spec, w, h)) }])
    .removeAlpha()
    .png({ compressionLevel: 0 })
    .toBuffer();
  if (spec.rotateDeg) {
    const rotated = await sharp(inked).rotate(spec.rotateDeg, { background: '#ffffff' }).raw().toBuffer({ resolveWithObject: true });
    const left = Math.floor((rotated.info.width - w) / 2);
    const top = Math.floor((rotated.info.height - h) / 2);
    inked = await sharp(rotated.data, { raw: rotated.info }).extract({ left, top, width: w, height: h }).png({ compressionLevel: 0 }).toBuffer();
  }

  // Paper tone and sensor noise: multiply by a noisy field around the paper's brightness.
  const noise = await sharp({
    create: { width: w, height: h, channels: 3, background: { r: paper, g: paper, b: paper - 4 }, noise: { type: 'gaussian', mean: paper, sigma: spec.noiseSigma } },
  })
    .png({ compressionLevel: 0 })
    .toBuffer();
  const overlays: OverlayOptions[] = [{ input: noise, blend: 'multiply' }];
  if (spec.paperEdge) {
    const stripW = Math.round(spec.dpi / 25);
    overlays.push({ input: { create: { width: stripW, height: h, channels: 3, background: { r: 70, g: 70, b: 70 } } }, left: w - stripW, top: 0 });
  }
  // Scanners deliver opaque pages; optics soften edges a little (and make the noise less harsh than per-pixel).
  // (Blur in its own pass: sharp runs blur before composite inside one pipeline.)
  const composed = await sharp(inked).composite(overlays).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const flat = await sharp(composed.data, { raw: composed.info }).blur(0.6).raw().toBuffer({ resolveWithObject: true });
  let img = sharp(flat.data, { raw: flat.info }).withDensity(spec.dpi);
  if (spec.colorMode !== 'color') img = img.greyscale();
  if (spec.colorMode === 'bw') img = img.threshold(150);

  switch (spec.format) {
    case 'png': await img.png({ compressionLevel: 1 }).toFile(filePath); break;
    case 'jpeg': await img.jpeg({ quality: 92 }).toFile(filePath); break;
    case 'tiff': await img.tiff({ compression: 'lzw', xres: spec.dpi / MM_PER_INCH, yres: spec.dpi / MM_PER_INCH }).toFile(filePath); break;
    case 'pnm': {
      const channels = spec.colorMode === 'color' ? 3 : 1;
      const raw = await (channels === 1 ? img.toColourspace('b-w') : img).raw().toBuffer({ resolveWithObject: true });
      const header = Buffer.from(`${channels === 3 ? 'P6' : 'P5'}\n# scanimage-like\n${w} ${h}\n255\n`, 'latin1');
      await writeFile(filePath, Buffer.concat([header, raw.data]));
      break;
    }
  }
  return { filePath, format: spec.format, widthPx: w, heightPx: h, dpi: spec.dpi, colorMode: spec.colorMode, ...(spec.side ? { side: spec.side } : {}) };
}
