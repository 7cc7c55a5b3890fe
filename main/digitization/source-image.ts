// Opens a scanner's page image with sharp. libvips in sharp reads PNG, JPEG and TIFF but not PNM, the
// default output of `scanimage`, so binary PNM (P4 bitmap, P5 grey, P6 colour; 8 or 16 bits) is parsed
// here and handed to sharp as raw pixels. A PDF page's own image (pdf-image-extract.ts) is opened here too.
import { readFile } from 'node:fs/promises';
import type { Sharp } from 'sharp';
import { sharp } from '../base/lazy-module';
import type { ExtractedPageImage } from './pdf-image-extract';
import type { ColorMode, QuarterTurn, ScannedPage } from './types';

/** Refuses absurd images (a corrupt header claiming gigapixels) before decoding: A3 at 1200 dpi fits. */
export const MAX_PIXELS = 14_000 * 20_000;

export async function openSource(page: ScannedPage): Promise<Sharp> {
  if (page.format !== 'pnm') return sharp(page.filePath, { limitInputPixels: MAX_PIXELS, failOn: 'error' });
  const pnm = parsePnm(await readFile(page.filePath));
  return sharp(pnm.data, { raw: { width: pnm.width, height: pnm.height, channels: pnm.channels }, limitInputPixels: MAX_PIXELS });
}

/** A resolution within 0.5% of a whole number is that number (595 pt pages make 2480 px "300.1 dpi"). */
function tidyDpi(dpi: number): number {
  const whole = Math.round(dpi);
  return Math.abs(dpi - whole) <= whole * 0.005 ? whole : Math.round(dpi * 100) / 100;
}

/**
 * A PDF page's image as sharp input, with the size, resolution and colour the pipeline needs. `turn` is
 * left to the pipeline's single rotation; a mirror is applied here. Pixels that are not square (a fax at
 * 204×98 dpi) are made square at the finer resolution, in one extra pass.
 */
export async function openExtracted(x: ExtractedPageImage): Promise<{ image: Sharp; turn: QuarterTurn; page: Omit<ScannedPage, 'filePath'> }> {
  const px = x.pixels;
  let image = px.kind === 'encoded'
    ? sharp(px.bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
    : sharp(px.data, { raw: { width: px.width, height: px.height, channels: px.channels }, limitInputPixels: MAX_PIXELS });
  const meta = await image.metadata();
  const width = meta.width ?? x.widthPx;
  const height = meta.height ?? x.heightPx;
  // The codec's own size wins over the dictionary's; the page's size in inches is what it is.
  const sideways = x.turn % 180 !== 0;
  let dpiX = x.dpiX * ((sideways ? height : width) / (sideways ? x.heightPx : x.widthPx));
  let dpiY = x.dpiY * ((sideways ? width : height) / (sideways ? x.widthPx : x.heightPx));
  const colorMode: ColorMode = px.colorMode === 'bw' ? 'bw' : (meta.channels ?? 3) >= 3 ? 'color' : 'gray';
  if (x.flop) image = image.flop();
  let turn = x.turn;
  let size = { width, height };
  if (Math.abs(dpiX - dpiY) > Math.max(dpiX, dpiY) * 0.01) {
    const dpi = Math.max(dpiX, dpiY);
    const across = sideways ? height : width;
    const down = sideways ? width : height;
    const w = Math.round((across * dpi) / dpiX);
    const h = Math.round((down * dpi) / dpiY);
    const raw = await (turn ? image.rotate(turn) : image).resize({ width: w, height: h, fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
    image = sharp(raw.data, { raw: { width: raw.info.width, height: raw.info.height, channels: raw.info.channels }, limitInputPixels: MAX_PIXELS });
    dpiX = dpiY = dpi;
    turn = 0;
    size = { width: w, height: h };
  }
  return { image, turn, page: { format: 'png', widthPx: size.width, heightPx: size.height, dpi: tidyDpi(dpiX), colorMode } };
}

export interface PnmImage {
  width: number;
  height: number;
  channels: 1 | 3;
  /** 8-bit samples (16-bit files are reduced to their high byte). */
  data: Buffer;
}

export function parsePnm(file: Buffer): PnmImage {
  let pos = 0;
  const token = (): string => {
    for (;;) {
      while (pos < file.length && /\s/.test(String.fromCharCode(file[pos]))) pos++;
      if (file[pos] === 0x23) { while (pos < file.length && file[pos] !== 0x0a) pos++; continue; }
      break;
    }
    const start = pos;
    while (pos < file.length && !/\s/.test(String.fromCharCode(file[pos]))) pos++;
    return file.toString('latin1', start, pos);
  };
  const magic = token();
  if (magic !== 'P4' && magic !== 'P5' && magic !== 'P6') throw new Error('Tệp PNM không hợp lệ hoặc không được hỗ trợ (chỉ P4, P5, P6).');
  const width = Number(token());
  const height = Number(token());
  const maxval = magic === 'P4' ? 1 : Number(token());
  pos++; // the single whitespace before the pixels
  if (!(width > 0 && height > 0 && maxval > 0 && maxval < 65536)) throw new Error('Tiêu đề tệp PNM bị hỏng.');
  const channels = magic === 'P6' ? 3 : 1;
  const pixels = file.subarray(pos);
  if (magic === 'P4') {
    const rowBytes = Math.ceil(width / 8);
    if (pixels.length < rowBytes * height) throw new Error('Tệp PNM bị cắt cụt (thiếu dữ liệu ảnh).');
    const data = Buffer.alloc(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const bit = (pixels[y * rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1;
        data[y * width + x] = bit ? 0 : 255; // in PBM 1 is black
      }
    }
    return { width, height, channels: 1, data };
  }
  const wide = maxval > 255;
  const samples = width * height * channels;
  if (pixels.length < samples * (wide ? 2 : 1)) throw new Error('Tệp PNM bị cắt cụt (thiếu dữ liệu ảnh).');
  if (!wide && maxval === 255) return { width, height, channels, data: pixels.subarray(0, samples) };
  const data = Buffer.alloc(samples);
  for (let i = 0; i < samples; i++) {
    const v = wide ? pixels.readUInt16BE(i * 2) : pixels[i];
    data[i] = Math.round((v * 255) / maxval);
  }
  return { width, height, channels, data };
}
