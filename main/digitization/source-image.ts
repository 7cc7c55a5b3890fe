// Opens a scanner's page image with sharp. libvips in sharp reads PNG, JPEG and TIFF but not PNM, the
// default output of `scanimage`, so binary PNM (P4 bitmap, P5 grey, P6 colour; 8 or 16 bits) is parsed
// here and handed to sharp as raw pixels.
import { readFile } from 'node:fs/promises';
import sharp, { type Sharp } from 'sharp';
import type { ScannedPage } from './types';

/** Refuses absurd images (a corrupt header claiming gigapixels) before decoding: A3 at 1200 dpi fits. */
const MAX_PIXELS = 14_000 * 20_000;

export async function openSource(page: ScannedPage): Promise<Sharp> {
  if (page.format !== 'pnm') return sharp(page.filePath, { limitInputPixels: MAX_PIXELS, failOn: 'error' });
  const pnm = parsePnm(await readFile(page.filePath));
  return sharp(pnm.data, { raw: { width: pnm.width, height: pnm.height, channels: pnm.channels }, limitInputPixels: MAX_PIXELS });
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
