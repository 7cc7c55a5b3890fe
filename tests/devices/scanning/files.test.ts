// File import (every format, multi-page TIFF, corrupt files) and the watched scan-to-folder.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesDriver } from '../../../main/devices/scanning/files-driver';
import { FAILED_DIR, FolderWatcher, isTempName, PROCESSED_DIR, type WatchedImport } from '../../../main/devices/scanning/folder-watcher';
import { makeWorkDir } from '../../support/sane';
import { collect } from '../../support/scan-collect';


/** A small page image whose grey level names it. */
function page(level: number, w = 400, h = 566) {
  return sharp({ create: { width: w, height: h, channels: 3, background: { r: level, g: level, b: level } } });
}

async function meanOf(file: string): Promise<number> {
  return (await sharp(file).stats()).channels[0]!.mean;
}

const dirs: string[] = [];
const work = () => {
  const d = makeWorkDir();
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('file import', () => {
  let src: string;
  const f = (n: string) => join(src, n);

  beforeAll(async () => {
    src = work();
    await page(30).jpeg().withMetadata({ density: 300 }).toFile(f('a.jpg'));
    await page(60).png().toFile(f('b.png'));
    await page(90).toColourspace('b-w').png().toFile(f('gray.png')); // one channel
    // A 3-page TIFF made by ImageMagick (an independent writer): grey levels 100, 150, 200.
    for (const [i, l] of [100, 150, 200].entries()) await page(l).png().toFile(f(`t${i}.png`));
    execFileSync('convert', [f('t0.png'), f('t1.png'), f('t2.png'), '-compress', 'lzw', f('multi.tif')]);
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([595.28, 841.89]).drawText('Page one', { x: 50, y: 780, font, size: 24 });
    pdf.addPage([419.53, 595.28]).drawText('Page two (A5)', { x: 50, y: 540, font, size: 24 });
    writeFileSync(f('doc.pdf'), await pdf.save());
    const jpeg = readFileSync(f('a.jpg'));
    writeFileSync(f('truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 3)));
    writeFileSync(f('notes.pdf'), '%PDF-1.7\nthis is not really a PDF\n');
    writeFileSync(f('letter.docx'), 'PK\u0003\u0004 not a scan');
    writeFileSync(f('p.pgm'), Buffer.concat([Buffer.from('P5\n# made by a test\n4 3\n255\n'), Buffer.alloc(12, 128)]));
  });

  it('imports JPEG, PNG, a 3-page TIFF, a 2-page PDF and PNM, pages in order', async () => {
    const dir = work();
    const files = ['a.jpg', 'b.png', 'multi.tif', 'doc.pdf', 'gray.png', 'p.pgm'].map(f);
    const { pages, error } = await collect(new FilesDriver().importFiles(files, dir, { dpi: 200 }));
    expect(error).toBeUndefined();
    expect(pages.map((p) => [p.format, p.sourceFile!.split('/').pop()])).toEqual([
      ['jpeg', 'a.jpg'],
      ['png', 'b.png'],
      ['png', 'multi.tif'],
      ['png', 'multi.tif'],
      ['png', 'multi.tif'],
      ['pdf', 'doc.pdf'],
      ['pdf', 'doc.pdf'],
      ['png', 'gray.png'],
      ['pnm', 'p.pgm'],
    ]);
    expect(pages.map((p) => p.index)).toEqual([...Array(9).keys()]);
    expect(pages[0]).toMatchObject({ widthPx: 400, heightPx: 566, dpi: 300, colorMode: 'color' }); // density from the JPEG
    expect(pages[1]!.dpi).toBe(200); // no density in the PNG: the requested one
    // The TIFF pages, split in order (grey levels survive the lossless PNG).
    const levels = await Promise.all(pages.slice(2, 5).map((p) => meanOf(p.filePath)));
    expect(levels.map(Math.round)).toEqual([100, 150, 200]);
    // PDF pages stay PDF: one page each, original size, text kept.
    const one = await PDFDocument.load(readFileSync(pages[5]!.filePath));
    expect(one.getPageCount()).toBe(1);
    expect(Math.round(one.getPage(0).getWidth())).toBe(595);
    expect(pages[5]).toMatchObject({ widthPx: 1654, heightPx: 2339 }); // A4 at 200 dpi
    expect(pages[6]).toMatchObject({ widthPx: 1165, heightPx: 1654 }); // A5: 419.5 × 595.3 pt
    expect(execFileSync('pdftotext', [pages[6]!.filePath, '-']).toString()).toContain('Page two (A5)');
    expect(pages[7]!.colorMode).toBe('gray');
    expect(pages[8]).toMatchObject({ widthPx: 4, heightPx: 3, colorMode: 'gray' });
    expect(readdirSync(dir).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('corrupt and unsupported files → BAD_OUTPUT naming them; the other files are all imported', async () => {
    const dir = work();
    const files = ['truncated.jpg', 'a.jpg', 'notes.pdf', 'letter.docx', 'b.png'].map(f);
    const { pages, error } = await collect(new FilesDriver().importFiles(files, dir));
    expect(pages.map((p) => p.sourceFile!.split('/').pop())).toEqual(['a.jpg', 'b.png']);
    expect(error?.code).toBe('BAD_OUTPUT');
    expect(error?.pagesDelivered).toBe(2);
    expect(error?.message).toContain('"truncated.jpg", "notes.pdf", "letter.docx"');
    expect(error?.message).toContain('Các tệp khác vẫn được nhập');
    expect(error?.detail).toContain('truncated.jpg');
    // Nothing of the failed files is left in the job folder.
    expect(readdirSync(dir).sort()).toEqual(['p0001.jpg', 'p0002.png']);
  });

  it('a missing file is reported like a damaged one', async () => {
    const { error } = await collect(new FilesDriver().importFiles([f('nope.jpg')], work()));
    expect(error?.code).toBe('BAD_OUTPUT');
    expect(error?.message).toContain('nope.jpg');
  });
});

describe('watched scan-to-folder', () => {
  it('recognises temporary names', () => {
    for (const n of ['~$scan.pdf', 'scan.tmp', 'scan.pdf.part', '.hidden', 'x.crdownload']) expect(isTempName(n)).toBe(true);
    for (const n of ['scan.pdf', 'SCAN0001.JPG', 'tmp.pdf']) expect(isTempName(n)).toBe(false);
  });

  it('imports complete files once, ignores temp files and files still growing, moves them to da-nhap', async () => {
    const watched = work();
    const out = work();
    const results: WatchedImport[] = [];
    const w = new FolderWatcher({ dir: watched, workDir: out, importer: new FilesDriver(), onImport: (r) => results.push(r), stableMs: 300, pollMs: 100 });
    await w.start();
    try {
      await page(40).jpeg().toFile(join(watched, 'scan1.jpg'));
      writeFileSync(join(watched, '~$lock.pdf'), 'office lock');
      await page(80).png().toFile(join(watched, 'scan2.png.part'));
      // A file that keeps growing is not complete yet.
      const growing = join(watched, 'growing.jpg');
      const jpeg = await page(120).jpeg().toBuffer();
      writeFileSync(growing, jpeg.subarray(0, 100));
      for (let i = 0; i < 6; i++) {
        await new Promise((r) => setTimeout(r, 100));
        writeFileSync(growing, jpeg.subarray(0, 100 + Math.floor(((jpeg.length - 100) * (i + 1)) / 12)));
      }
      expect(results.map((r) => r.file.split('/').pop())).toEqual(['scan1.jpg']);
      // The scanner finishes: writes the rest, renames the .part into place.
      writeFileSync(growing, jpeg);
      const { renameSync } = await import('node:fs');
      renameSync(join(watched, 'scan2.png.part'), join(watched, 'scan2.png'));
      await waitFor(() => results.length >= 3, 5000);
      expect(results.map((r) => r.file.split('/').pop()).sort()).toEqual(['growing.jpg', 'scan1.jpg', 'scan2.png']);
      for (const r of results) {
        expect(r.error).toBeUndefined();
        expect(r.pages).toHaveLength(1);
        expect(r.movedTo).toBe(join(watched, PROCESSED_DIR, r.file.split('/').pop()!));
        expect(existsSync(r.file)).toBe(false);
      }
      expect(existsSync(join(watched, '~$lock.pdf'))).toBe(true);
      // The same name again (next day's scan) is imported again — it is a new file — and kept apart.
      await page(40).jpeg().toFile(join(watched, 'scan1.jpg'));
      await waitFor(() => results.length >= 4, 5000);
      expect(results[3]!.movedTo).toBe(join(watched, PROCESSED_DIR, 'scan1 (2).jpg'));
      // Nothing is imported twice.
      await new Promise((r) => setTimeout(r, 600));
      expect(results).toHaveLength(4);
      expect(readdirSync(out).filter((n) => /^p\d{4}\./.test(n))).toHaveLength(4);
    } finally {
      await w.stop();
    }
  });

  it('a damaged file goes to khong-nhap-duoc with a BAD_OUTPUT error', async () => {
    const watched = work();
    const results: WatchedImport[] = [];
    const w = new FolderWatcher({ dir: watched, workDir: work(), importer: new FilesDriver(), onImport: (r) => results.push(r), stableMs: 100, pollMs: 50 });
    await w.start();
    try {
      writeFileSync(join(watched, 'broken.pdf'), '%PDF-1.4 garbage');
      await waitFor(() => results.length >= 1, 5000);
      expect(results[0]!.error?.code).toBe('BAD_OUTPUT');
      expect(results[0]!.error?.message).toContain('broken.pdf');
      expect(results[0]!.movedTo).toBe(join(watched, FAILED_DIR, 'broken.pdf'));
    } finally {
      await w.stop();
    }
  });
});

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
