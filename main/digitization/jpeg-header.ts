// Reads what the pass-through decision needs from a JPEG's markers (ITU-T T.81 Annex B), without decoding:
// the frame type, components and their sampling, an Adobe colour transform, and the quality the luminance
// table was made with. A scanner's JPEG that is already what the profile would write goes into the job as it
// is: no second generation of JPEG loss, and no encoding (page-processor.ts).

export interface JpegHeader {
  /** SOF0 baseline, SOF1 extended, SOF2 progressive (all Huffman, 8-bit: what PDF's DCTDecode takes). */
  frame: 'baseline' | 'extended' | 'progressive' | 'other';
  precision: number;
  width: number;
  height: number;
  /** Per component: horizontal and vertical sampling factors. */
  components: { h: number; v: number }[];
  /** An Adobe APP14 segment (its transform flag changes what three components mean). */
  adobe: boolean;
  /** libjpeg quality (1–100) whose scaled Annex K table has the same sum as table 0; null without one. */
  quality: number | null;
}

// ITU-T T.81 Annex K table K.1 (luminance); a sum ignores the zig-zag order the file stores it in.
const ANNEX_K_LUMA_SUM = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
].reduce((a, b) => a + b, 0);

/** The inverse of libjpeg's jpeg_quality_scaling: scale = q < 50 ? 5000 / q : 200 − 2q (percent). */
function qualityOfScale(scalePercent: number): number {
  const q = scalePercent <= 100 ? (200 - scalePercent) / 2 : 5000 / scalePercent;
  return Math.max(1, Math.min(100, Math.round(q)));
}

/** null when the bytes are not a JPEG this reader understands (then the page is simply re-encoded). */
export function readJpegHeader(bytes: Uint8Array): JpegHeader | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let pos = 2;
  let frame: JpegHeader['frame'] | null = null;
  let precision = 0;
  let width = 0;
  let height = 0;
  let components: JpegHeader['components'] = [];
  let adobe = false;
  let quality: number | null = null;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) return null;
    const marker = bytes[pos + 1];
    if (marker === 0xff) { pos++; continue; } // fill byte
    if (marker === 0xda) break; // SOS: the header is over
    const len = (bytes[pos + 2] << 8) | bytes[pos + 3];
    const seg = pos + 4;
    const end = pos + 2 + len;
    if (len < 2 || end > bytes.length) return null;
    if (marker === 0xdb) {
      for (let p = seg; p < end;) {
        const wide = bytes[p] >> 4;
        const id = bytes[p] & 15;
        let sum = 0;
        for (let i = 0; i < 64; i++) sum += wide ? (bytes[p + 1 + 2 * i] << 8) | bytes[p + 2 + 2 * i] : bytes[p + 1 + i];
        if (id === 0) quality = qualityOfScale((sum * 100) / ANNEX_K_LUMA_SUM);
        p += 1 + 64 * (wide ? 2 : 1);
      }
    } else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      frame = marker === 0xc0 ? 'baseline' : marker === 0xc1 ? 'extended' : marker === 0xc2 ? 'progressive' : 'other';
      precision = bytes[seg];
      height = (bytes[seg + 1] << 8) | bytes[seg + 2];
      width = (bytes[seg + 3] << 8) | bytes[seg + 4];
      const n = bytes[seg + 5];
      components = Array.from({ length: n }, (_, i) => ({ h: bytes[seg + 7 + 3 * i] >> 4, v: bytes[seg + 7 + 3 * i] & 15 }));
    } else if (marker === 0xee && len >= 7 && String.fromCharCode(...bytes.subarray(seg, seg + 5)) === 'Adobe') {
      adobe = true;
    }
    pos = end;
  }
  if (!frame) return null;
  return { frame, precision, width, height, components, adobe, quality };
}
