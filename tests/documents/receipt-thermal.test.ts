// The 80 mm receipt as the thermal printer gets it: a 1-bit PNG 576 dots wide at 203 dpi whose text OCRs
// back in Vietnamese (diacritics drawn, not left to the printer's code page), a QR zbar reads, and the
// ESC/POS bytes that carry exactly those pixels.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { escPosRaster } from '../../main/devices/printing/escpos';
import { thermalPdf, ThermalReceiptRenderer, THERMAL_WIDTH, type ThermalReceipt } from '../../main/documents/receipt-thermal';
import { foldForSearch } from '../../shared/text';
import { parseEscPos, rasterOf } from '../devices/printing/escpos-parse';
import { cashReceipt, DOSSIER, transferReceipt } from './receipt-fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'receipt-thermal-'));
let renderer: ThermalReceiptRenderer;
let transfer: ThermalReceipt;
let cancelled: ThermalReceipt;
beforeAll(async () => {
  renderer = ThermalReceiptRenderer.create();
  transfer = await renderer.render(transferReceipt());
  cancelled = await renderer.render(cashReceipt({ cancelled: { reason: 'Thu nhầm số tiền', at: '2026-12-06T03:00:00Z' } }));
});

function save(png: Buffer): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.png`);
  fs.writeFileSync(file, png);
  return file;
}

function ocr(png: Buffer): string {
  const r = spawnSync('tesseract', [save(png), '-', '-l', 'vie', '--dpi', '203'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tesseract failed: ${r.stderr}`);
  return r.stdout.normalize('NFC');
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/** The closest substring of any OCR line to `expected`, by edit distance (OCR slack for a dot or an accent). */
function closest(text: string, expected: string): number {
  let best = Infinity;
  for (const line of text.split('\n')) {
    for (let i = 0; i <= Math.max(0, line.length - expected.length); i++) {
      best = Math.min(best, levenshtein(line.slice(i, i + expected.length), expected));
    }
  }
  return best;
}

describe('thermal receipt raster', () => {
  it('is a 1-bit PNG 576 px wide at 203 dpi, its raster the same size', async () => {
    const png = transfer.png;
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(THERMAL_WIDTH); // IHDR width
    expect(png[24]).toBe(1); // IHDR bit depth
    const meta = await sharp(png).metadata();
    expect(meta.width).toBe(576);
    expect(Math.round(meta.density ?? 0)).toBe(203);
    expect(transfer.raster).toMatchObject({ width: 576, height: meta.height });
    expect(transfer.raster.data.length).toBe(72 * (meta.height ?? 0));
  });

  it('the raster is the PNG\'s pixels, black = 1', async () => {
    const { data, info } = await sharp(transfer.png).greyscale().raw().toBuffer({ resolveWithObject: true });
    let black = 0;
    const mismatches: string[] = [];
    for (let y = 0; y < info.height; y++) {
      for (let x = 0; x < info.width; x++) {
        const bit = (transfer.raster.data[y * 72 + (x >> 3)] >> (7 - (x & 7))) & 1;
        if (bit !== (data[y * info.width + x] < 128 ? 1 : 0)) mismatches.push(`${x},${y}`);
        black += bit;
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    // Text and QR, not a blank strip nor a black one.
    expect(black / (info.width * info.height)).toBeGreaterThan(0.02);
    expect(black / (info.width * info.height)).toBeLessThan(0.5);
  });

  it('OCR (tesseract, Vietnamese) reads the amount in words and figures, the payer and the title', () => {
    const text = ocr(transfer.png);
    expect(closest(text, 'Mười lăm nghìn đồng'), text).toBeLessThanOrEqual(1);
    expect(closest(text, '15.000 đ'), text).toBeLessThanOrEqual(1);
    expect(closest(text, 'Nguyễn Thị Hồng Nhung'), text).toBeLessThanOrEqual(2);
    expect(closest(text, 'Trần Văn Bình'), text).toBeLessThanOrEqual(2);
    expect(closest(foldForSearch(text), 'bien lai thu phi le phi'), text).toBeLessThanOrEqual(1);
  });

  it('a transfer receipt\'s QR is read back by zbarimg', () => {
    const r = spawnSync('zbarimg', ['-q', '--raw', save(transfer.png)], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(transferReceipt().vietQrPayload);
    expect(r.stdout).toContain(DOSSIER);
  });

  it('a cancelled receipt prints the ĐÃ HỦY stamp and the reason; a cash receipt has no QR', () => {
    const text = ocr(cancelled.png);
    // Tesseract drops the marks of large capitals ("ĐA HUY", also "BIEN LAI" in the title) although they are drawn:
    // the stamp is compared without marks, the reason (ordinary size) with them.
    expect(closest(foldForSearch(text), 'da huy'), text).toBe(0);
    expect(closest(text, 'Lý do hủy: Thu nhầm số tiền'), text).toBeLessThanOrEqual(2);
    const r = spawnSync('zbarimg', ['-q', '--raw', save(cancelled.png)], { encoding: 'utf8' });
    expect(r.status).toBe(4); // no symbol
  });

  it('long texts wrap inside the 576 dots and the strip grows', async () => {
    const long = await renderer.render(cashReceipt({
      payer: { fullName: 'Tôn Nữ Thị Hoàng Phương Quỳnh Như Ngọc Bích Trâm Anh Thư', address: 'Tổ dân phố số 12, khu phố Nguyễn Trãi Thượng, phường Thanh Xuân Trung, quận Thanh Xuân, thành phố Hà Nội' },
    }));
    expect(long.raster.width).toBe(576);
    expect(long.raster.height).toBeGreaterThan(cancelled.raster.height - 120);
    // Margins stay white: the 4 leftmost and rightmost dots of every row.
    for (let y = 0; y < long.raster.height; y++) {
      expect(long.raster.data[y * 72] & 0xf0, `row ${y}`).toBe(0);
      expect(long.raster.data[y * 72 + 71] & 0x0f, `row ${y}`).toBe(0);
    }
  });

  it('ESC/POS bytes of the receipt parse back: ESC @, GS v 0 bands 72 bytes wide summing to the height, feed, cut', () => {
    const commands = parseEscPos(escPosRaster(transfer.raster));
    expect(commands[0]).toEqual({ kind: 'init' });
    expect(commands.at(-1)).toMatchObject({ kind: 'cut' });
    const back = rasterOf(commands);
    expect(back.rowBytes).toBe(72);
    expect(back.height).toBe(transfer.raster.height);
    expect(back.data).toEqual(transfer.raster.data);
  });
});

describe('thermal receipt as a PDF for printers with a driver', () => {
  it('one page 80 mm wide holding the 576-dot image at 203 dpi; its QR still decodes', async () => {
    const file = path.join(dir, 'thermal.pdf');
    fs.writeFileSync(file, await thermalPdf(transfer));
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(/Pages:\s+1\n/);
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Number(w)).toBeCloseTo((80 * 72) / 25.4, 1);
    expect(Number(h)).toBeCloseTo((transfer.raster.height * 72) / 203, 1);
    const list = spawnSync('pdfimages', ['-list', file], { encoding: 'utf8' }).stdout.split('\n')[2].trim().split(/\s+/);
    expect(list.slice(3, 5).map(Number)).toEqual([576, transfer.raster.height]); // width, height of the image
    expect(Number(list[12])).toBe(203); // x-ppi
    const prefix = path.join(dir, 'thermal-page');
    spawnSync('pdftoppm', ['-r', '203', '-png', '-singlefile', file, prefix]);
    const r = spawnSync('zbarimg', ['-q', '--raw', `${prefix}.png`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe(transferReceipt().vietQrPayload);
  });
});
