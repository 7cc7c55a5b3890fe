import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { monoPng, pack } from '../../main/documents/receipt-raster';

describe('1-bit raster and its PNG', () => {
  it('packs black pixels as 1 bits, MSB first, rows padded to whole bytes', () => {
    // 10 × 2: row 0 black at x = 0 and 9; row 1 all black.
    const px = new Uint8Array(20).fill(255);
    px[0] = 0;
    px[9] = 0;
    px.fill(0, 10, 20);
    expect(pack(px, 10, 2)).toEqual({ width: 10, height: 2, data: Uint8Array.from([0x80, 0x40, 0xff, 0xc0]) });
  });

  it('the PNG decodes (sharp/libpng) to the same pixels, 1-bit greyscale, 203 dpi', async () => {
    const width = 13;
    const height = 5;
    const px = new Uint8Array(width * height).map((_, i) => ((i * 7) % 3 === 0 ? 0 : 255));
    const raster = pack(px, width, height);
    const png = monoPng(raster, 203);
    expect([png[24], png[25]]).toEqual([1, 0]); // bit depth 1, colour type 0
    const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([width, height]);
    expect([...data]).toEqual([...px]);
    expect(Math.round((await sharp(png).metadata()).density ?? 0)).toBe(203);
  });
});
