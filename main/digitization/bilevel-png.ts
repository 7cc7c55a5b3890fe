// Bi-level pages are stored as 1-bit greyscale PNG. Its IDAT stream is exactly what a PDF image with
// /FlateDecode and PNG predictors (/Predictor 15, /Colors 1, /BitsPerComponent 1) decodes, so the PDF
// embeds the stored bytes without decoding or re-compressing them. pdf-lib's own embedPng would expand a
// 1-bit page to 8-bit RGB; sharp's 1-bit PNG goes through palette quantisation, about 10× slower than
// packing the already thresholded pixels here. CCITT G4 (smaller still) is not available this way: libvips
// writes it only inside multi-strip TIFFs.
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Encodes thresholded 8-bit grey pixels (one channel, 0 or 255) as a 1-bit PNG: 0 = black, 1 = white,
 * as in PDF's DeviceGray. `dpi` goes into the pHYs chunk so viewers show the paper size.
 */
export function encodeBilevelPng(grey: Uint8Array, width: number, height: number, dpi: number): Buffer {
  const rowBytes = Math.ceil(width / 8);
  const stride = rowBytes + 1; // PNG filter-type byte (0, none) before each row
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    let src = y * width;
    let dst = y * stride + 1;
    for (let x = 0; x < width; x += 8, dst++) {
      let byte = 0;
      const end = Math.min(8, width - x);
      for (let k = 0; k < 8; k++) byte = (byte << 1) | (k < end && grey[src + k] >= 128 ? 1 : 0);
      raw[dst] = byte;
      src += 8;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const phys = Buffer.alloc(9);
  const ppm = Math.round(dpi / 0.0254);
  phys.writeUInt32BE(ppm, 0);
  phys.writeUInt32BE(ppm, 4);
  phys[8] = 1; // metre
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('pHYs', phys),
    chunk('IDAT', deflateSync(raw, { level: 6 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export interface BilevelPngData {
  width: number;
  height: number;
  /** Concatenated IDAT payloads: one zlib stream of predictor-prefixed rows. */
  idat: Buffer;
}

/** Reads back a 1-bit greyscale, non-interlaced PNG (ours) for embedding; anything else is refused. */
export function readBilevelPng(png: Uint8Array): BilevelPngData {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('Tệp trang đen trắng không phải PNG.');
  let pos = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (pos + 8 <= buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 1 || data[9] !== 0 || data[12] !== 0) throw new Error('PNG đen trắng phải là ảnh xám 1 bit, không xen kẽ.');
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + len;
  }
  if (!width || idat.length === 0) throw new Error('Tệp PNG đen trắng bị hỏng.');
  return { width, height, idat: Buffer.concat(idat) };
}
