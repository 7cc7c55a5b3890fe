// A PDF a citizen brings (text, not a scan) on a PC without pdftoppm, as a Windows counter PC without
// poppler: the code before refused each such page. Now it is kept as it is, a vector page copied into the
// component PDF, whose text poppler still reads (pdftotext), with the "Số hóa bởi" mark at the top left of
// the page as it is read, turned by /Rotate when the clerk turns it, left alone by OCR, with a preview for
// the screen. Where pdftoppm exists, the same page is rendered and processed like a scan, as before.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from '@pdf-lib/fontkit';
import { PDFDocument, degrees } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesDriver } from '../../main/devices/scanning/files-driver';
import { addTextLayer, ocrAvailable } from '../../main/digitization/ocr';
import { ScanJob } from '../../main/digitization/pipeline';
import { vectorPagePreview } from '../../main/digitization/pdf-vector-page';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import { toPipelinePage } from '../../main/services/digitization-pages';
import { collect } from '../support/scan-collect';
import { writePageImage } from '../support/page-images';
import { pdfImages, pdfPageCount, run, squash, tempDir } from './helpers';
import { withoutPdftoppm } from './pdf-fixtures';

const colour = BUILT_IN_PROFILES[0];
const tmp = tempDir('vector');
const at = (name: string) => join(tmp.dir, name);
const A4: [number, number] = [595.28, 841.89];
const LINES = ['ĐƠN ĐỀ NGHỊ CẤP BẢN SAO TRÍCH LỤC', 'Kính gửi: Ủy ban nhân dân xã Yên Thường', 'Tôi là Nguyễn Thị Hường, số định danh 001085012345.'];
const LANDSCAPE = 'Bảng kê giấy tờ kèm theo hồ sơ';

/** A citizen's two-page text PDF: an A4 letter, and a landscape table stored as a portrait page turned 90°. */
async function citizenPdf(file: string): Promise<void> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(join('assets', 'fonts', 'Tinos-Regular.ttf')), { subset: true });
  const letter = doc.addPage(A4);
  LINES.forEach((line, i) => letter.drawText(line, { x: 70, y: 760 - i * 24, size: 13, font }));
  const table = doc.addPage(A4);
  table.setRotation(degrees(90));
  // Drawn turned so it reads upright once the page is shown turned clockwise.
  table.drawText(LANDSCAPE, { x: 60, y: 60, size: 14, font, rotate: degrees(90) });
  writeFileSync(file, await doc.save());
}

async function importPages(job: ScanJob, file: string, workDir: string) {
  mkdirSync(workDir, { recursive: true });
  const { pages, error } = await collect(new FilesDriver().importFiles([file], workDir, { dpi: 200 }));
  expect(error).toBeUndefined();
  return Promise.all(pages.map((p) => job.addPage(toPipelinePage(p), { component: 'TP01' })));
}

beforeAll(() => citizenPdf(at('don.pdf')), 60_000);
afterAll(() => tmp.cleanup());

describe('a text PDF on a PC without pdftoppm', () => {
  it('is kept page by page as vector pages, in order, and the saved PDF carries their text and the mark', async () => {
    const job = await ScanJob.create(at('job'), colour, [{ code: 'TP01', name: 'Đơn đề nghị' }]);
    const added = await withoutPdftoppm(() => importPages(job, at('don.pdf'), at('work')));
    expect(added.map((p) => [p.encoding, p.file.endsWith('.pdf'), p.blank, p.skewAngle])).toEqual([['pdf', true, false, 0], ['pdf', true, false, 0]]);
    // Sizes as read, at the profile's resolution: A4 portrait, then the turned page as landscape.
    expect(added.map((p) => [p.widthPx, p.heightPx, p.dpi])).toEqual([[1654, 2339, 200], [2339, 1654, 200]]);

    const [built] = await job.buildComponentPdfs({ dossierNumber: 'H42-260218-0011', scannedBy: 'Lê Văn Tâm', outDir: at('out') });
    expect(pdfPageCount(built!.path)).toBe(2);
    expect(built!.record).toMatchObject({ pageCount: 2, dpi: 200 });
    const page = (n: number) => squash(run('pdftotext', ['-f', String(n), '-l', String(n), built!.path, '-']));
    for (const line of LINES) expect(page(1)).toContain(line);
    expect(page(2)).toContain(LANDSCAPE);
    expect(page(1)).toContain('Số hóa bởi Lê Văn Tâm');
    expect(pdfImages(built!.path)).toEqual([]); // nothing was rasterised
    expect(run('pdfinfo', ['-f', '2', '-l', '2', built!.path])).toMatch(/Page\s+2 rot:\s+90/);
  });

  it('turned by the clerk: its /Rotate changes, nothing is re-encoded, and the mark stays at the top left as read', async () => {
    const job = await ScanJob.create(at('job-turn'), colour, [{ code: 'TP01', name: 'Đơn đề nghị' }]);
    const [first] = await withoutPdftoppm(() => importPages(job, at('don.pdf'), at('work-turn')));
    const turned = await job.rotate(first!.id, 90);
    expect([turned.encoding, turned.rotation, turned.widthPx, turned.heightPx]).toEqual(['pdf', 90, 2339, 1654]);
    const [built] = await job.buildComponentPdfs({ dossierNumber: 'H42-260218-0012', scannedBy: 'Lê Văn Tâm', outDir: at('out-turn') });
    expect(run('pdfinfo', ['-f', '1', '-l', '1', built!.path])).toMatch(/Page\s+1 rot:\s+90/);
    // Shown landscape; pdftotext -bbox gives word positions on the page as shown: the mark is at its top left.
    const shown = await sharp(Buffer.from(execFileSync('pdftoppm', ['-r', '20', '-f', '1', '-l', '1', '-png', '-singlefile', built!.path]))).metadata();
    expect(shown.width).toBeGreaterThan(shown.height!);
    const bbox = run('pdftotext', ['-f', '1', '-l', '1', '-bbox', built!.path, '-']);
    const mark = /<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>Số<\/word>/.exec(bbox);
    expect(mark).not.toBeNull();
    expect(Number(mark![1])).toBeLessThan(30);
    expect(Number(mark![2])).toBeLessThan(30);
    for (const line of LINES) expect(squash(run('pdftotext', ['-f', '1', '-l', '1', built!.path, '-']))).toContain(line);
  });

  it('has a preview of its shape for the screen, without poppler', async () => {
    const job = await ScanJob.create(at('job-preview'), colour, [{ code: 'TP01', name: 'Đơn đề nghị' }]);
    const pages = await withoutPdftoppm(() => importPages(job, at('don.pdf'), at('work-preview')));
    const previews = await withoutPdftoppm(() => Promise.all(pages.map((p) => vectorPagePreview(job.pagePath(p), 220))));
    const sizes = await Promise.all(previews.map(async (b) => { const m = await sharp(b).metadata(); return [m.width, m.height]; }));
    expect(sizes).toEqual([[220, 311], [220, 156]]);
    // Not a blank square: the card has a border and its "PDF" strokes.
    const stats = await sharp(previews[0]).stats();
    expect(stats.channels[0]!.min).toBeLessThan(200);
  });

  it('is left alone by OCR, which still reads the scanned page next to it', async () => {
    const ocr = await ocrAvailable();
    expect(ocr.ok, ocr.message).toBe(true);
    const scan = await writePageImage(at('scan.png'), { seed: 81, lines: ['Giấy xác nhận thông tin cư trú của hộ gia đình'] });
    const job = await ScanJob.create(at('job-ocr'), colour, [{ code: 'TP01', name: 'Đơn đề nghị' }]);
    const kept = await withoutPdftoppm(() => importPages(job, at('don.pdf'), at('work-ocr')));
    await job.addPage(scan, { component: 'TP01' });
    const [built] = await job.buildComponentPdfs({ dossierNumber: 'H42-260218-0013', scannedBy: 'Lê Văn Tâm', outDir: at('out-ocr') });
    const result = await addTextLayer(readFileSync(built!.path), built!.pageImages);
    expect(kept).toHaveLength(2);
    expect(result.errors).toEqual([]);
    expect(result.status).toBe('done');
    expect(result.pageTexts.slice(0, 2)).toEqual(['', '']);
    expect(squash(result.pageTexts[2]!)).toContain('cư trú');
    writeFileSync(at('ocr.pdf'), result.pdfBytes);
    for (const line of LINES) expect(squash(run('pdftotext', ['-f', '1', '-l', '1', at('ocr.pdf'), '-']))).toContain(line);
  });
});

describe('the same text PDF where pdftoppm is installed', () => {
  it('is rendered and stored like a scan, as before', async () => {
    const job = await ScanJob.create(at('job-raster'), colour, [{ code: 'TP01', name: 'Đơn đề nghị' }]);
    const added = await importPages(job, at('don.pdf'), at('work-raster'));
    expect(added.map((p) => [p.encoding, p.widthPx, p.heightPx, p.dpi])).toEqual([['jpeg', 1654, 2339, 200], ['jpeg', 2339, 1654, 200]]);
  });
});
