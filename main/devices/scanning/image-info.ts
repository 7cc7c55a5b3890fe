// Recognises a page file by its first bytes and reads its pixel size, so garbage from a helper is caught
// (BAD_OUTPUT) before the pipeline sees it. PNM is read here because sharp's libvips build has no PNM loader.
import { open, stat } from 'node:fs/promises';
import { sharp } from '../../base/lazy-module';
import type { PageFormat } from './scanner';

export interface ImageInfo {
  format: PageFormat;
  width: number;
  height: number;
  /** Pages in the file (multi-page TIFF); 1 otherwise. */
  pages: number;
  /** The resolution the file states (JFIF/EXIF, PNG pHYs, TIFF), when it states one (see statedDpi). */
  dpi?: number;
}

export function sniffFormat(head: Buffer): PageFormat | undefined {
  if (head.length >= 8 && head.readUInt32BE(0) === 0x89504e47) return 'png';
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 4 && (head.toString('latin1', 0, 4) === 'II*\0' || head.toString('latin1', 0, 4) === 'MM\0*')) return 'tiff';
  if (head.length >= 2 && head[0] === 0x50 && head[1]! >= 0x31 && head[1]! <= 0x36) return 'pnm';
  if (head.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  return undefined;
}

async function readHead(file: string, bytes = 1024): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * A binary PNM header (P4 bitmap, P5 grey, P6 colour; comments allowed): the pixel size and how many bytes
 * the whole file must have. ASCII P1–P3 give a size only (their length varies).
 */
export function pnmHeader(head: Buffer): { width: number; height: number; fileBytes?: number } | undefined {
  const text = head.toString('latin1');
  let pos = 2;
  const token = (): number => {
    for (;;) {
      while (pos < text.length && /\s/.test(text[pos]!)) pos++;
      if (text[pos] !== '#') break;
      while (pos < text.length && text[pos] !== '\n') pos++;
    }
    const start = pos;
    while (pos < text.length && /\d/.test(text[pos]!)) pos++;
    return pos > start ? Number(text.slice(start, pos)) : NaN;
  };
  const kind = text[1];
  const width = token();
  const height = token();
  if (!/^P[1-6]$/.test(text.slice(0, 2)) || !(width > 0 && height > 0)) return undefined;
  if (kind === '4') return { width, height, fileBytes: pos + 1 + Math.ceil(width / 8) * height };
  if (kind !== '5' && kind !== '6') return { width, height };
  const maxval = token();
  if (!(maxval > 0 && maxval < 65536)) return undefined;
  // One whitespace byte ends the header; samples are 1 byte, or 2 above maxval 255.
  return { width, height, fileBytes: pos + 1 + width * height * (kind === '6' ? 3 : 1) * (maxval > 255 ? 2 : 1) };
}

/** Throws an Error (the caller turns it into BAD_OUTPUT) when the file is not a readable page image. */
export async function probeImage(file: string): Promise<ImageInfo> {
  const head = await readHead(file);
  const format = sniffFormat(head);
  if (!format) throw new Error(`unknown file signature ${head.subarray(0, 8).toString('hex')}`);
  if (format === 'pdf') throw new Error('a PDF is not a page image');
  if (format === 'pnm') {
    const h = pnmHeader(head);
    if (!h) throw new Error('bad PNM header');
    // scanimage writes the header first: a scan that ended early (an EOF on the first read, a killed helper)
    // leaves a PNM with fewer pixels than its header promises, and no decoder runs before the pipeline.
    const bytes = h.fileBytes !== undefined ? (await stat(file)).size : 0;
    if (h.fileBytes !== undefined && bytes < h.fileBytes) throw new Error(`PNM truncated: ${bytes} of ${h.fileBytes} bytes`);
    return { format, width: h.width, height: h.height, pages: 1 };
  }
  const meta = await sharp(file).metadata();
  if (!meta.width || !meta.height) throw new Error(`${format}: no image size in the header`);
  const dpi = statedDpi(meta.density);
  return { format, width: meta.width, height: meta.height, pages: meta.pages ?? 1, ...(dpi ? { dpi } : {}) };
}

/**
 * The resolution an image file states, or undefined. libvips reports 72 dpi for a JPEG without a JFIF or
 * EXIF resolution, so 72 and below count as "not stated" (no document scanner scans at 72 dpi).
 */
export function statedDpi(density: number | undefined): number | undefined {
  return density && density > 72 && density <= 9600 ? Math.round(density) : undefined;
}

/**
 * Decodes the whole image once (at 1/8 scale where JPEG allows it, so it stays cheap) to catch a truncated
 * or damaged page before it is handed over, and reads its size and stated resolution. Throws an Error with
 * the decoder's words (the caller turns it into BAD_OUTPUT; the words only go to `detail`).
 */
export async function inspectPageImage(file: string): Promise<ImageInfo> {
  const info = await probeImage(file);
  if (info.format !== 'pnm') await sharp(file, { failOn: 'truncated' }).resize({ width: 64, kernel: 'nearest' }).raw().toBuffer();
  return info;
}
