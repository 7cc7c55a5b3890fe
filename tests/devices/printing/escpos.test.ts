import { describe, expect, it } from 'vitest';
import { escPosRaster, type EscPosRaster } from '../../../main/devices/printing/escpos';
import { parseEscPos, rasterOf } from './escpos-parse';

/** A 576-dot-wide image with a recognisable pattern: row y has byte value y % 256 in every column. */
function pattern(height: number, width = 576): EscPosRaster {
  const rowBytes = Math.ceil(width / 8);
  const data = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) data.fill(y % 256, y * rowBytes, (y + 1) * rowBytes);
  return { width, height, data };
}

describe('escPosRaster', () => {
  it('ESC @, GS v 0 bands of 72 bytes a row, ESC d 4, GS V 1 (partial cut)', () => {
    const image = pattern(600);
    const commands = parseEscPos(escPosRaster(image));
    expect(commands[0]).toEqual({ kind: 'init' });
    const bands = commands.filter((c) => c.kind === 'raster');
    expect(bands.map((b) => [b.mode, b.rowBytes, b.rows])).toEqual([[0, 72, 256], [0, 72, 256], [0, 72, 88]]);
    expect(commands.slice(-2)).toEqual([{ kind: 'feed', lines: 4 }, { kind: 'cut', mode: 1 }]);
    const back = rasterOf(commands);
    expect(back.rowBytes).toBe(72);
    expect(back.height).toBe(600);
    expect(back.data).toEqual(image.data);
  });

  it('the header bytes as the command reference spells them', () => {
    const bytes = escPosRaster(pattern(300), { bandHeight: 300, feedLines: 3, cut: 'full' });
    expect([...bytes.subarray(0, 10)]).toEqual([0x1b, 0x40, 0x1d, 0x76, 0x30, 0x00, 72, 0, 300 & 0xff, 300 >> 8]);
    expect([...bytes.subarray(-6)]).toEqual([0x1b, 0x64, 3, 0x1d, 0x56, 0x00]);
    expect(bytes.length).toBe(2 + 8 + 72 * 300 + 3 + 3);
  });

  it('no feed and no cut when asked; a width not a multiple of 8 rounds up to whole bytes', () => {
    const image = pattern(10, 570);
    const commands = parseEscPos(escPosRaster(image, { feedLines: 0, cut: 'none' }));
    expect(commands.map((c) => c.kind)).toEqual(['init', 'raster']);
    expect(rasterOf(commands).rowBytes).toBe(72);
  });

  it('an empty image is just initialise, feed and cut', () => {
    expect(parseEscPos(escPosRaster({ width: 576, height: 0, data: new Uint8Array(0) })).map((c) => c.kind)).toEqual(['init', 'feed', 'cut']);
  });

  it.each([
    [{ width: 576, height: 2, data: new Uint8Array(100) }, {}, /không khớp/],
    [{ width: 0, height: 0, data: new Uint8Array(0) }, {}, /chiều rộng/],
    [pattern(2), { bandHeight: 0 }, /dải ảnh/],
    [pattern(2), { feedLines: 300 }, /đẩy giấy/],
  ])('refuses bad input in Vietnamese (%#)', (image, opts, message) => {
    expect(() => escPosRaster(image, opts)).toThrow(message);
  });
});
