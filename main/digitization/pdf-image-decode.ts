// The pixels of one PDF image XObject, as sharp takes them, without rendering the page: a DCTDecode stream is
// a JPEG file as it is; a CCITTFaxDecode stream becomes the single strip of a TIFF (libtiff in sharp decodes
// fax G3/G4); any other stream (FlateDecode, LZW, ASCII85…) is decoded to samples, its predictor undone
// (ISO 32000-1 §7.4.4.4) and its colour space applied, then handed to sharp as raw 8-bit pixels.
// Anything this does not know (JBIG2, JPEG 2000, CMYK or Lab samples, a /Decode that is not plain or
// inverted, a soft mask) answers null: the page is then rendered or kept as a vector page instead.
import { inflateSync, constants as zlibConstants } from 'node:zlib';
import { decodePDFRawStream, PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, PDFString, PDFHexString, type PDFObject } from 'pdf-lib';
import type { ColorMode } from './types';

/** An image as sharp opens it: an encoded file (JPEG, TIFF) or raw 8-bit pixels. */
export type ImagePixels =
  | { kind: 'encoded'; bytes: Buffer; colorMode: ColorMode }
  | { kind: 'raw'; data: Buffer; width: number; height: number; channels: 1 | 3; colorMode: ColorMode };

const name = (o: PDFObject | undefined): string | undefined => (o instanceof PDFName ? o.decodeText() : undefined);
const num = (o: PDFObject | undefined, fallback: number): number => (o instanceof PDFNumber ? o.asNumber() : fallback);

function filtersOf(dict: PDFDict): { filter: string; parms?: PDFDict }[] {
  const filter = dict.lookup(PDFName.of('Filter'));
  const parms = dict.lookup(PDFName.of('DecodeParms')) ?? dict.lookup(PDFName.of('DP'));
  if (filter === undefined) return [];
  if (filter instanceof PDFName) return [{ filter: filter.decodeText(), parms: parms instanceof PDFDict ? parms : undefined }];
  if (!(filter instanceof PDFArray)) throw new Error('bad /Filter');
  return filter.asArray().map((_, i) => {
    const p = parms instanceof PDFArray ? parms.lookup(i) : undefined;
    return { filter: name(filter.lookup(i)) ?? '', parms: p instanceof PDFDict ? p : undefined };
  });
}

/** Largest decoded stream: an A3 page at 600 dpi in RGB with a PNG filter byte per row, and some slack. */
const MAX_DECODED = 7100 * 10000 * 3 + 10000 + (1 << 20);

/**
 * One general-purpose filter: zlib for Flate (tolerant of a missing end, as readers are; never more than
 * MAX_DECODED bytes, so a small bomb cannot take the core's memory), pdf-lib for the rest.
 */
function applyFilter(bytes: Uint8Array, filter: string, parms: PDFDict | undefined, dict: PDFDict): Uint8Array {
  let out: Uint8Array;
  if (filter === 'FlateDecode' || filter === 'Fl') {
    out = inflateSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: MAX_DECODED });
  } else {
    const one = dict.context.obj({ Filter: filter });
    out = decodePDFRawStream(PDFRawStream.of(one, bytes)).decode();
  }
  const predictor = num(parms?.lookup(PDFName.of('Predictor')), 1);
  if (predictor > 1 && (filter === 'FlateDecode' || filter === 'Fl' || filter === 'LZWDecode' || filter === 'LZW')) {
    out = undoPredictor(out, predictor, {
      colors: num(parms?.lookup(PDFName.of('Colors')), 1),
      bpc: num(parms?.lookup(PDFName.of('BitsPerComponent')), 8),
      columns: num(parms?.lookup(PDFName.of('Columns')), 1),
    });
  }
  return out;
}

/** PNG predictors (10–15: a filter byte per row) and TIFF predictor 2 (8 and 16 bits). */
export function undoPredictor(data: Uint8Array, predictor: number, p: { colors: number; bpc: number; columns: number }): Uint8Array {
  const bpp = Math.max(1, Math.ceil((p.colors * p.bpc) / 8));
  const rowBytes = Math.ceil((p.colors * p.bpc * p.columns) / 8);
  if (predictor === 2) {
    if (p.bpc !== 8 && p.bpc !== 16) throw new Error(`TIFF predictor with ${p.bpc} bits`);
    const out = Buffer.from(data);
    const step = p.colors * (p.bpc / 8);
    for (let row = 0; row + rowBytes <= out.length; row += rowBytes) {
      if (p.bpc === 8) for (let i = step; i < rowBytes; i++) out[row + i] = (out[row + i] + out[row + i - step]) & 0xff;
      else for (let i = step; i + 1 < rowBytes; i += 2) out.writeUInt16BE((out.readUInt16BE(row + i) + out.readUInt16BE(row + i - step)) & 0xffff, row + i);
    }
    return out;
  }
  if (predictor < 10) throw new Error(`predictor ${predictor}`);
  const rows = Math.floor(data.length / (rowBytes + 1));
  const out = Buffer.alloc(rows * rowBytes);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowBytes + 1)];
    const src = r * (rowBytes + 1) + 1;
    const at = r * rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const left = i >= bpp ? out[at + i - bpp] : 0;
      const up = r > 0 ? out[at - rowBytes + i] : 0;
      const upLeft = r > 0 && i >= bpp ? out[at - rowBytes + i - bpp] : 0;
      let v = data[src + i];
      if (type === 1) v += left;
      else if (type === 2) v += up;
      else if (type === 3) v += (left + up) >> 1;
      else if (type === 4) {
        const base = left + up - upLeft;
        const pa = Math.abs(base - left), pb = Math.abs(base - up), pc = Math.abs(base - upLeft);
        v += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (type !== 0) throw new Error(`PNG row filter ${type}`);
      out[at + i] = v & 0xff;
    }
  }
  return out;
}

interface ColourSpace { components: 1 | 3; palette?: Buffer; paletteChannels?: 1 | 3 }

/** DeviceGray/RGB, CalGray/RGB, ICCBased with 1 or 3 components, Indexed over one of them; null otherwise. */
function colourSpaceOf(cs: PDFObject | undefined, named: PDFDict | undefined, depth = 0): ColourSpace | null {
  if (depth > 3 || cs === undefined) return null;
  const n = name(cs);
  if (n === 'DeviceGray' || n === 'G' || n === 'CalGray') return { components: 1 };
  if (n === 'DeviceRGB' || n === 'RGB' || n === 'CalRGB') return { components: 3 };
  if (n !== undefined) return colourSpaceOf(named?.lookup(PDFName.of(n)), named, depth + 1);
  if (!(cs instanceof PDFArray) || cs.size() === 0) return null;
  const family = name(cs.lookup(0));
  if (family === 'CalGray') return { components: 1 };
  if (family === 'CalRGB') return { components: 3 };
  if (family === 'ICCBased') {
    const profile = cs.lookup(1);
    const components = profile instanceof PDFRawStream ? num(profile.dict.lookup(PDFName.of('N')), 0) : 0;
    return components === 1 || components === 3 ? { components } : null;
  }
  if (family === 'Indexed' || family === 'I') {
    const base = colourSpaceOf(cs.lookup(1), named, depth + 1);
    const lookup = cs.lookup(3);
    if (!base || base.palette) return null;
    const table = lookup instanceof PDFRawStream ? Buffer.from(decodeStreamData(lookup))
      : lookup instanceof PDFString || lookup instanceof PDFHexString ? Buffer.from(lookup.asBytes()) : null;
    return table ? { components: 1, palette: table, paletteChannels: base.components } : null;
  }
  return null;
}

/** A stream's data through all its filters (content streams, palettes). */
export function decodeStreamData(stream: PDFRawStream): Uint8Array {
  let bytes: Uint8Array = stream.contents;
  for (const f of filtersOf(stream.dict)) bytes = applyFilter(bytes, f.filter, f.parms, stream.dict);
  return bytes;
}

/** 'plain' for the default /Decode, 'inverted' for [1 0 …], null for anything else. */
function decodeArray(dict: PDFDict, components: number, bpc: number, indexed: boolean): 'plain' | 'inverted' | null {
  const d = dict.lookup(PDFName.of('Decode'));
  if (!(d instanceof PDFArray)) return 'plain';
  const v = d.asArray().map((x) => num(x, NaN));
  const max = indexed ? 2 ** bpc - 1 : 1;
  if (v.length !== components * 2) return null;
  if (v.every((x, i) => x === (i % 2 ? max : 0))) return 'plain';
  if (!indexed && v.every((x, i) => x === (i % 2 ? 0 : 1))) return 'inverted';
  return null;
}

/** A TIFF around the fax data (one strip), so libtiff decodes it: CCITT G3 1-D, G3 2-D or G4. */
export function ccittTiff(data: Uint8Array, p: { width: number; height: number; k: number; byteAlign: boolean; whiteIsZero: boolean }): Buffer {
  const compression = p.k < 0 ? 4 : 3;
  const tags: [number, number, number][] = [ // tag, type (3 SHORT, 4 LONG), value
    [256, 4, p.width], [257, 4, p.height], [258, 3, 1], [259, 3, compression],
    [262, 3, p.whiteIsZero ? 0 : 1], [273, 4, 0], [277, 3, 1], [278, 4, p.height], [279, 4, data.length],
  ];
  // T4Options: bit 0 two-dimensional coding, bit 2 fill bits before each EOL (PDF's EncodedByteAlign).
  if (compression === 3) tags.push([292, 4, (p.k > 0 ? 1 : 0) | (p.byteAlign ? 4 : 0)]);
  tags.sort((a, b) => a[0] - b[0]);
  const ifdSize = 2 + tags.length * 12 + 4;
  const dataAt = 8 + ifdSize;
  const out = Buffer.alloc(dataAt + data.length);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(tags.length, 8);
  tags.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(1, at + 4);
    const v = tag === 273 ? dataAt : value;
    if (type === 3) out.writeUInt16LE(v, at + 8);
    else out.writeUInt32LE(v, at + 8);
  });
  out.set(data, dataAt);
  return out;
}

/** The image's pixels, or null when this image needs a renderer. `named`: the page's /ColorSpace resources. */
export function imagePixels(image: PDFRawStream, named?: PDFDict): ImagePixels | null {
  const dict = image.dict;
  if (dict.lookup(PDFName.of('ImageMask'))?.toString() === 'true') return null;
  if (dict.lookup(PDFName.of('SMask')) || dict.lookup(PDFName.of('Mask'))) return null;
  const filters = filtersOf(dict);
  const last = filters.at(-1)?.filter;
  const width = num(dict.lookup(PDFName.of('Width')), 0);
  const height = num(dict.lookup(PDFName.of('Height')), 0);
  // Bigger than A3 at 600 dpi: left to the renderer, which draws it at the profile's resolution.
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && width * height <= 7100 * 10000)) return null;

  // Every filter before an image codec is a general-purpose one (a JPEG inside Flate, say).
  let bytes: Uint8Array = image.contents;
  const codec = last === 'DCTDecode' || last === 'DCT' || last === 'CCITTFaxDecode' || last === 'CCF' ? filters.pop() : undefined;
  for (const f of filters) {
    if (/^(JBIG2Decode|JPXDecode|DCTDecode|DCT|CCITTFaxDecode|CCF|Crypt)$/.test(f.filter)) return null;
    bytes = applyFilter(bytes, f.filter, f.parms, dict);
  }

  if (codec?.filter === 'DCTDecode' || codec?.filter === 'DCT') {
    // The JPEG says its own colour; an inverted CMYK or any /Decode would need a renderer.
    if (dict.lookup(PDFName.of('Decode'))) return null;
    return { kind: 'encoded', bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), colorMode: 'color' };
  }
  if (codec) {
    const p = codec.parms;
    const k = num(p?.lookup(PDFName.of('K')), 0);
    const byteAlign = p?.lookup(PDFName.of('EncodedByteAlign'))?.toString() === 'true';
    if (k < 0 && byteAlign) return null; // no TIFF equivalent for byte-aligned G4
    const blackIs1 = p?.lookup(PDFName.of('BlackIs1'))?.toString() === 'true';
    const decode = decodeArray(dict, 1, 1, false);
    if (!decode) return null;
    // Decoded fax runs are black or white; BlackIs1 and an inverting /Decode each swap what is shown.
    const inverted = blackIs1 !== (decode === 'inverted');
    const tiff = ccittTiff(bytes, { width: num(p?.lookup(PDFName.of('Columns')), width), height: num(p?.lookup(PDFName.of('Rows')), height), k, byteAlign, whiteIsZero: !inverted });
    return { kind: 'encoded', bytes: tiff, colorMode: 'bw' };
  }

  const bpc = num(dict.lookup(PDFName.of('BitsPerComponent')), 8);
  const cs = colourSpaceOf(dict.lookup(PDFName.of('ColorSpace')), named);
  if (!cs || ![1, 2, 4, 8, 16].includes(bpc)) return null;
  const decode = decodeArray(dict, cs.components, bpc, !!cs.palette);
  if (!decode) return null;
  const samples = unpack(bytes, width, height, cs.components, bpc, !cs.palette);
  if (!samples) return null;
  if (cs.palette) {
    const ch = cs.paletteChannels!;
    const data = Buffer.alloc(width * height * ch);
    for (let i = 0; i < width * height; i++) {
      const at = samples[i] * ch;
      for (let c = 0; c < ch; c++) data[i * ch + c] = cs.palette[at + c] ?? 0;
    }
    return { kind: 'raw', data, width, height, channels: ch, colorMode: ch === 3 ? 'color' : 'gray' };
  }
  const data = decode === 'inverted' ? Buffer.from(samples.map((v) => 255 - v)) : samples;
  const colorMode: ColorMode = cs.components === 3 ? 'color' : bpc === 1 ? 'bw' : 'gray';
  return { kind: 'raw', data, width, height, channels: cs.components, colorMode };
}

/**
 * Rows of packed samples (each row starts on a byte) as one byte per sample: scaled to 0–255 for colour
 * values, left as indexes for a palette; 16-bit samples keep their high byte. Null when the data is short.
 */
function unpack(bytes: Uint8Array, width: number, height: number, components: number, bpc: number, scale: boolean): Buffer | null {
  const perRow = width * components;
  const rowBytes = Math.ceil((perRow * bpc) / 8);
  if (bytes.length < rowBytes * height) return null;
  if (bpc === 8) return Buffer.from(bytes.buffer, bytes.byteOffset, perRow * height);
  const out = Buffer.alloc(perRow * height);
  const max = 2 ** Math.min(bpc, 8) - 1;
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    for (let x = 0; x < perRow; x++) {
      let v: number;
      if (bpc === 16) v = bytes[row + x * 2];
      else {
        const bit = x * bpc;
        v = (bytes[row + (bit >> 3)] >> (8 - bpc - (bit & 7))) & max;
        if (scale) v = Math.round((v * 255) / max);
      }
      out[y * perRow + x] = v;
    }
  }
  return out;
}
