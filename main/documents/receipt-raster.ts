// 1-bit rasters of receipts: packing thresholded pixels for the printer (1 = black dot, as ESC/POS GS v 0
// takes them) and writing the same bits as a PNG, without a second rasterisation or palette quantisation.
import { deflateSync } from 'node:zlib';

/** A 1-bit image: `data` holds `height` rows of width/8 bytes, most significant bit first, 1 = black dot. */
export interface MonoRaster {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Thresholded grey pixels (0 or 255, `channels` per pixel) → MonoRaster, 1 = black. */
export function pack(pixels: Uint8Array, width: number, height: number, channels = 1): MonoRaster {
  const rowBytes = Math.ceil(width / 8);
  const data = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (pixels[(y * width + x) * channels] < 128) data[y * rowBytes + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return { width, height, data };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/**
 * A 1-bit greyscale PNG (ISO/IEC 15948: colour type 0, bit depth 1, 0 = black) of the raster, with its
 * resolution in pHYs (dots per metre) so a viewer or printer driver prints it at its true 72 mm width.
 */
export function monoPng(raster: MonoRaster, dpi: number): Buffer {
  const rowBytes = Math.ceil(raster.width / 8);
  const rows = Buffer.alloc((rowBytes + 1) * raster.height); // filter byte 0 (None) before each row
  for (let y = 0; y < raster.height; y++) {
    for (let i = 0; i < rowBytes; i++) rows[y * (rowBytes + 1) + 1 + i] = ~raster.data[y * rowBytes + i] & 0xff;
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(raster.width, 0);
  ihdr.writeUInt32BE(raster.height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
  const phys = Buffer.alloc(9);
  const perMetre = Math.round(dpi / 0.0254);
  phys.writeUInt32BE(perMetre, 0);
  phys.writeUInt32BE(perMetre, 4);
  phys[8] = 1; // unit: metre
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('pHYs', phys), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', new Uint8Array(0)),
  ]);
}
