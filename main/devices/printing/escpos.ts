// ESC/POS bytes for a receipt printed as a raster image (Epson ESC/POS command reference: ESC @, GS v 0,
// ESC d, GS V). Pure: the bytes go to the printer through the printing layer's raw transport.
// Text is never sent as characters: printers' code pages lack most Vietnamese letters, so the receipt is
// drawn as a 1-bit image (main/documents/receipt-thermal.ts) and sent in horizontal bands, because many
// printers' buffers take only a limited number of rows per GS v 0 command.

/** A 1-bit image: `height` rows of ceil(width / 8) bytes, most significant bit first, 1 = black dot. */
export interface EscPosRaster {
  width: number;
  height: number;
  data: Uint8Array;
}

export type EscPosCut = 'full' | 'partial' | 'none';

export interface EscPosOptions {
  /** Rows per GS v 0 command (default 256; at most 2303 per the command reference for most models). */
  bandHeight?: number;
  /** Lines fed after the image so the last rows clear the cutter (ESC d n, default 4). */
  feedLines?: number;
  /** GS V after the feed: partial (default, the paper stays attached at one point), full, or none. */
  cut?: EscPosCut;
}

const ESC = 0x1b;
const GS = 0x1d;

export const ESCPOS_INIT = [ESC, 0x40];

/** ESC @, then the image in GS v 0 bands (mode 0: normal density), ESC d n, GS V m. */
export function escPosRaster(image: EscPosRaster, opts: EscPosOptions = {}): Uint8Array {
  const rowBytes = Math.ceil(image.width / 8);
  const band = opts.bandHeight ?? 256;
  const feed = opts.feedLines ?? 4;
  if (!Number.isInteger(image.width) || image.width < 1 || rowBytes > 0xffff) {
    throw new RangeError(`Ảnh in nhiệt có chiều rộng không hợp lệ (${image.width} chấm).`);
  }
  if (!Number.isInteger(image.height) || image.height < 0 || image.data.length !== rowBytes * image.height) {
    throw new RangeError(`Dữ liệu ảnh in nhiệt không khớp kích thước ${image.width}×${image.height} chấm.`);
  }
  if (!Number.isInteger(band) || band < 1 || band > 0xffff) throw new RangeError(`Số dòng mỗi dải ảnh không hợp lệ: ${band}.`);
  if (!Number.isInteger(feed) || feed < 0 || feed > 255) throw new RangeError(`Số dòng đẩy giấy phải từ 0 đến 255: ${feed}.`);

  const chunks: Uint8Array[] = [Uint8Array.from(ESCPOS_INIT)];
  for (let top = 0; top < image.height; top += band) {
    const rows = Math.min(band, image.height - top);
    chunks.push(Uint8Array.from([GS, 0x76, 0x30, 0x00, rowBytes & 0xff, rowBytes >> 8, rows & 0xff, rows >> 8]));
    chunks.push(image.data.subarray(top * rowBytes, (top + rows) * rowBytes));
  }
  if (feed > 0) chunks.push(Uint8Array.from([ESC, 0x64, feed]));
  const cut = opts.cut ?? 'partial';
  if (cut !== 'none') chunks.push(Uint8Array.from([GS, 0x56, cut === 'full' ? 0x00 : 0x01]));

  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
