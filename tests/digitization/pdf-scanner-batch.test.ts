// A feeder batch as a PDF-only scanner (or scan-to-folder) sends it, one multi-page PDF, imported on a PC
// without pdftoppm: every page is taken as its image and then goes through the normal pipeline like a scan
// (a 300 dpi page brought to the profile's 200 dpi, a crooked page straightened, a blank back left out of
// the component PDF). The code before this refused every page of it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesDriver } from '../../main/devices/scanning/files-driver';
import { ScanJob } from '../../main/digitization/pipeline';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import { toPipelinePage } from '../../main/services/digitization-pages';
import { a4Pixels, writePageImage } from '../support/page-images';
import { collect } from '../support/scan-collect';
import { pdfImages, pdfPageCount, tempDir } from './helpers';
import { addImagePage, ccittImage, dctImage, flateImage, savePdf, withoutPdftoppm } from './pdf-fixtures';

const tmp = tempDir('batch');
const at = (name: string) => join(tmp.dir, name);
const profile = { ...BUILT_IN_PROFILES[0], blankDetection: { mode: 'backs' as const, maxInkPercent: 0.02 } };
const pt = (px: number, dpi: number) => (px * 72) / dpi;

beforeAll(async () => {
  const doc = await PDFDocument.create();
  const a4 = (dpi: number) => a4Pixels(dpi);
  // 1: colour front, 200 dpi JPEG.
  const front = await writePageImage(at('front.png'), { seed: 91, stamp: true, handwriting: true });
  addImagePage(doc, dctImage(await sharp(front.filePath).jpeg({ quality: 88 }).toBuffer(), { ...a4(200), channels: 3 }), pt(a4(200).width, 200), pt(a4(200).height, 200));
  // 2: its blank back.
  const back = await writePageImage(at('back.png'), { kind: 'blank', seed: 92 });
  addImagePage(doc, dctImage(await sharp(back.filePath).jpeg({ quality: 88 }).toBuffer(), { ...a4(200), channels: 3 }), pt(a4(200).width, 200), pt(a4(200).height, 200));
  // 3: a grey page fed 3° crooked, 300 dpi JPEG (one channel).
  const crooked = await writePageImage(at('crooked.png'), { seed: 93, dpi: 300, colorMode: 'gray', rotateDeg: 3 });
  addImagePage(doc, dctImage(await sharp(crooked.filePath).toColourspace('b-w').jpeg({ quality: 88 }).toBuffer(), { ...a4(300), channels: 1 }), pt(a4(300).width, 300), pt(a4(300).height, 300));
  // 4: a bi-level page, CCITT G4 at 300 dpi.
  const bw = await writePageImage(at('bw.png'), { seed: 94, dpi: 300, colorMode: 'bw' });
  const bits = await sharp(bw.filePath).toColourspace('b-w').raw().toBuffer();
  addImagePage(doc, ccittImage({ data: bits, ...a4(300), channels: 1 }), pt(a4(300).width, 300), pt(a4(300).height, 300));
  // 5: a photo ID page at 150 dpi, Flate with PNG predictors.
  const id = await writePageImage(at('id.png'), { seed: 95, dpi: 150 });
  const raw = await sharp(id.filePath).raw().toBuffer();
  addImagePage(doc, await flateImage({ data: raw, ...a4(150), channels: 3 }, 'png'), pt(a4(150).width, 150), pt(a4(150).height, 150));
  await savePdf(doc, at('scan_0001.pdf'));
}, 120_000);
afterAll(() => tmp.cleanup());

describe('a scanner-made multi-page PDF without pdftoppm', () => {
  it('gives every page as an image, through blank detection, deskew and the profile resolution, in order', async () => {
    const job = await ScanJob.create(at('job'), profile, [{ code: 'TP01', name: 'Tờ khai' }]);
    mkdirSync(at('work'), { recursive: true });
    const pages = await withoutPdftoppm(async () => {
      const { pages: delivered, error } = await collect(new FilesDriver().importFiles([at('scan_0001.pdf')], at('work'), { dpi: 200 }));
      expect(error).toBeUndefined();
      // The driver says front and back as a duplex feeder would.
      return Promise.all(delivered.map((p, i) => job.addPage({ ...toPipelinePage(p), side: i === 1 ? 'back' : 'front' }, { component: 'TP01' })));
    });
    expect(pages.map((p) => p.encoding)).toEqual(['jpeg', 'jpeg', 'jpeg', 'jpeg', 'jpeg']);
    // 300 dpi pages are brought down to 200 dpi as a 300 dpi JPEG scan would be (2480 → 1653 px).
    expect(pages.map((p) => [p.widthPx, p.heightPx, p.dpi])).toEqual([[1654, 2339, 200], [1654, 2339, 200], [1653, 2338, 200], [1653, 2338, 200], [1240, 1754, 150]]);
    expect(pages.map((p) => p.colorMode)).toEqual(['color', 'color', 'gray', 'gray', 'color']);
    expect(pages.map((p) => p.blank)).toEqual([false, true, false, false, false]);
    expect(Math.abs(pages[2]!.skewAngle - 3)).toBeLessThan(0.5);

    const [built] = await job.buildComponentPdfs({ dossierNumber: 'H42-260218-0021', scannedBy: 'Lê Văn Tâm', outDir: at('out') });
    expect(pdfPageCount(built!.path)).toBe(4); // the blank back is left out
    expect(pdfImages(built!.path).map((r) => [r.enc, r.xppi])).toEqual([['jpeg', 200], ['jpeg', 200], ['jpeg', 200], ['jpeg', 150]]);
  });
});
