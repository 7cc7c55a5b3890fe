// A scanner's PDF page is taken as the image it holds, not rendered: the JPEG of a DCTDecode page as it is,
// the samples of a FlateDecode page (grey and RGB, with and without predictors) pixel for pixel, a CCITT G4
// page decoded by libtiff; its resolution is its pixels over its page size, its /Rotate and drawing matrix
// turn it as it is read. poppler is the independent reader here: pdftoppm's rendering of each page at the
// image's own resolution must show what we extracted. The pipeline runs with pdftoppm hidden from the PATH,
// as on a Windows counter PC, where the code before this refused every PDF page.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp, { type OutputInfo } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processPage } from '../../main/digitization/page-processor';
import { extractPageImage } from '../../main/digitization/pdf-image-extract';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import { openExtracted } from '../../main/digitization/source-image';
import type { ScannedPage } from '../../main/digitization/types';
import { a4Pixels, writePageImage } from '../support/page-images';
import { tempDir } from './helpers';
import { addImagePage, ccittImage, dctImage, flateImage, helvetica, psnr, type RawPixels, savePdf, withoutPdftoppm } from './pdf-fixtures';

const colour = BUILT_IN_PROFILES[0];
const bw300 = BUILT_IN_PROFILES[2];
const tmp = tempDir('pdfx');
const at = (name: string) => join(tmp.dir, name);
const pt = (px: number, dpi: number) => (px * 72) / dpi;
const pdfPage = (filePath: string, dpi = 200): ScannedPage => ({ filePath, format: 'pdf', widthPx: 1, heightPx: 1, dpi, colorMode: 'color' });

let rgb: RawPixels;
let grey: RawPixels;
let small: RawPixels; // an asymmetric page at 100 dpi for the orientation cases

/** What pdftoppm shows of page 1 at `dpi`, as raw pixels (grey or RGB). */
function popplerPixels(pdf: string, dpi: number, gray: boolean): Promise<{ data: Buffer; info: OutputInfo }> {
  const png = execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', ...(gray ? ['-gray'] : []), pdf], { maxBuffer: 256 * 1024 * 1024 });
  return sharp(png).raw().toBuffer({ resolveWithObject: true });
}

/**
 * PSNR of our image against poppler's rendering of the page at a lower resolution (poppler draws a 150 dpi
 * grey scan at 150 dpi in ~9 s, and smooths it anyway): the page is compared, not the noise.
 */
async function pagePsnr(shown: { data: Buffer; info: OutputInfo }, ours: { data: Buffer; info: OutputInfo }): Promise<number> {
  const scaled = await sharp(ours.data, { raw: ours.info }).resize({ width: shown.info.width, height: shown.info.height, fit: 'fill', kernel: 'cubic' }).raw().toBuffer();
  return psnr(shown.data, scaled);
}

/** The image of page 1 as poppler decodes it (pdfimages: no drawing, so exact), as raw pixels. */
async function popplerDecoded(pdf: string, gray: boolean): Promise<Buffer> {
  execFileSync('pdfimages', ['-png', '-f', '1', '-l', '1', pdf, `${pdf}-img`]);
  const img = sharp(`${pdf}-img-000.png`);
  return (gray ? img.toColourspace('b-w') : img).raw().toBuffer();
}

/** The extracted image of page 1, turned as it is read, as raw pixels. */
async function extractedPixels(pdf: string): Promise<{ data: Buffer; info: OutputInfo; dpi: number }> {
  const x = await extractPageImage(readFileSync(pdf));
  if (!x) throw new Error(`${pdf}: not taken as an image`);
  const o = await openExtracted(x);
  let image = o.turn ? o.image.rotate(o.turn) : o.image;
  if (o.page.colorMode !== 'color') image = image.toColourspace('b-w');
  const img = await image.raw().toBuffer({ resolveWithObject: true });
  return { ...img, dpi: o.page.dpi };
}

async function rawOf(file: string, channels: 1 | 3): Promise<RawPixels> {
  let img = sharp(file);
  if (channels === 1) img = img.toColourspace('b-w');
  const { data, info } = await img.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels };
}

beforeAll(async () => {
  await writePageImage(at('rgb.png'), { seed: 71, dpi: 150, stamp: true, handwriting: true });
  await writePageImage(at('grey.png'), { seed: 72, dpi: 150, colorMode: 'gray' });
  rgb = await rawOf(at('rgb.png'), 3);
  grey = await rawOf(at('grey.png'), 1);
  // 100 dpi, 120 × 80 mm, a dark block at the top left: any wrong turn or mirror moves it.
  const w = 472, h = 315;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="#f4f2ea"/>` +
    `<rect x="10" y="10" width="120" height="60" fill="#202060"/><rect x="300" y="200" width="60" height="90" fill="#b02020"/></svg>`;
  small = { data: await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer(), width: w, height: h, channels: 3 };
}, 60_000);
afterAll(() => tmp.cleanup());

describe('a scanner PDF page is taken as its image', () => {
  it.each([['colour', 'color'], ['grey', 'gray']] as const)('DCTDecode (%s): the JPEG bytes as they are, stored exactly as the JPEG scan itself would be', async (label, colorMode) => {
    // A grey scanner JPEG has one channel (sharp would write three unless told).
    const png = await writePageImage(at(`scan-${label}.png`), { seed: 73, colorMode });
    const { width, height } = a4Pixels(200);
    const jpeg = await (colorMode === 'gray' ? sharp(png.filePath).toColourspace('b-w') : sharp(png.filePath)).jpeg({ quality: 90 }).toBuffer();
    const jpegPage: ScannedPage = { ...png, filePath: at(`scan-${label}.jpg`), format: 'jpeg' };
    writeFileSync(jpegPage.filePath, jpeg);
    const doc = await PDFDocument.create();
    addImagePage(doc, dctImage(jpeg, { width, height, channels: colorMode === 'color' ? 3 : 1 }), pt(width, 200), pt(height, 200));
    const pdf = at(`scan-${label}.pdf`);
    await savePdf(doc, pdf);

    const x = await extractPageImage(readFileSync(pdf));
    expect(x?.pixels.kind).toBe('encoded');
    expect(x?.pixels.kind === 'encoded' && Buffer.compare(x.pixels.bytes, jpeg)).toBe(0);
    expect([x?.dpiX, x?.dpiY].map((d) => Math.round(d!))).toEqual([200, 200]);

    const [fromPdf, fromJpeg] = await withoutPdftoppm(() => Promise.all([
      processPage(pdfPage(pdf, 300), { profile: colour, outputBase: at(`out-pdf-${label}`) }),
      processPage(jpegPage, { profile: colour, outputBase: at(`out-jpg-${label}`) }),
    ]));
    expect({ ...fromPdf, processedPath: '' }).toEqual({ ...fromJpeg, processedPath: '' });
    expect(fromPdf).toMatchObject({ encoding: 'jpeg', widthPx: width, heightPx: height, dpi: 200, colorMode });
  });

  it.each([
    ['grey', 'none'], ['grey', 'png'], ['grey', 'tiff'], ['RGB', 'none'], ['RGB', 'png'], ['RGB', 'tiff'],
  ] as const)('FlateDecode %s, predictor %s: the same pixels, as poppler shows them, and the same stored page as the PNG', async (kind, predictor) => {
    const p = kind === 'grey' ? grey : rgb;
    const doc = await PDFDocument.create();
    addImagePage(doc, await flateImage(p, predictor), pt(p.width, 150), pt(p.height, 150));
    const pdf = at(`flate-${kind}-${predictor}.pdf`);
    await savePdf(doc, pdf);

    const got = await extractedPixels(pdf);
    expect([got.info.width, got.info.height, got.info.channels, got.dpi]).toEqual([p.width, p.height, p.channels, 150]);
    expect(Buffer.compare(got.data, p.data)).toBe(0);
    expect(Buffer.compare(await popplerDecoded(pdf, p.channels === 1), got.data)).toBe(0);
    const shown = await popplerPixels(pdf, 50, p.channels === 1);
    expect(await pagePsnr(shown, got)).toBeGreaterThan(26);
    // The check sees a page upside down (so it would see a wrong turn or a wrong predictor).
    const upsideDown = await sharp(got.data, { raw: got.info }).rotate(180).raw().toBuffer({ resolveWithObject: true });
    expect(await pagePsnr(shown, upsideDown)).toBeLessThan(20);

    const png = at(`flate-${kind}-${predictor}.png`);
    await sharp(p.data, { raw: p }).toColourspace(p.channels === 3 ? 'srgb' : 'b-w').png().toFile(png);
    const pngPage: ScannedPage = { filePath: png, format: 'png', widthPx: p.width, heightPx: p.height, dpi: 150, colorMode: p.channels === 3 ? 'color' : 'gray' };
    const [fromPdf, fromPng] = await withoutPdftoppm(() => Promise.all([
      processPage(pdfPage(pdf), { profile: colour, outputBase: at(`out-flate-${kind}-${predictor}`) }),
      processPage(pngPage, { profile: colour, outputBase: at(`out-png-${kind}-${predictor}`) }),
    ]));
    expect(fromPdf.sha256).toBe(fromPng.sha256);
    expect(fromPdf).toMatchObject({ dpi: 150, widthPx: p.width, colorMode: pngPage.colorMode });
  });

  it('CCITT G4 bi-level: decoded without poppler to the same black and white pixels, stored as a 1-bit page', async () => {
    const bits: RawPixels = { ...grey, data: Buffer.from(grey.data.map((v) => (v < 150 ? 0 : 255))) };
    const doc = await PDFDocument.create();
    addImagePage(doc, ccittImage(bits), pt(bits.width, 150), pt(bits.height, 150));
    const pdf = at('ccitt.pdf');
    await savePdf(doc, pdf);

    const got = await extractedPixels(pdf);
    const gotGrey = await sharp(got.data, { raw: got.info }).toColourspace('b-w').raw().toBuffer();
    expect(Buffer.compare(gotGrey, bits.data)).toBe(0);
    expect(Buffer.compare(await popplerDecoded(pdf, true), gotGrey)).toBe(0);
    expect(await pagePsnr(await popplerPixels(pdf, 50, true), { data: gotGrey, info: { ...got.info, channels: 1 } })).toBeGreaterThan(22);

    const stored = await withoutPdftoppm(() => processPage(pdfPage(pdf), { profile: bw300, outputBase: at('out-ccitt') }));
    expect(stored).toMatchObject({ encoding: 'png1', colorMode: 'bw', dpi: 150, widthPx: bits.width, heightPx: bits.height, blank: false });
  });

  it.each([
    ['/Rotate 90', { rotate: 90 }],
    ['/Rotate 270', { rotate: 270 }],
    ['/Rotate 180', { rotate: 180 }],
    ['drawn turned a quarter (landscape image on a portrait page)', { turnedDrawing: true }],
    ['drawn mirrored', { mirrored: true }],
  ] as const)('a page %s comes out as poppler shows it, with its resolution', async (label, how) => {
    const p = small;
    const wPt = pt(p.width, 100);
    const hPt = pt(p.height, 100);
    const doc = await PDFDocument.create();
    if ('turnedDrawing' in how) {
      // The page is portrait (hPt × wPt); the image's columns go up the page: u → +y, v → −x.
      addImagePage(doc, await flateImage(p, 'none'), hPt, wPt, { cm: [0, wPt, -hPt, 0, hPt, 0] });
    } else if ('mirrored' in how) {
      addImagePage(doc, await flateImage(p, 'png'), wPt, hPt, { cm: [-wPt, 0, 0, hPt, wPt, 0] });
    } else {
      addImagePage(doc, await flateImage(p, 'png'), wPt, hPt, { rotate: how.rotate });
    }
    const pdf = at(`turn-${label.replace(/\W+/g, '-')}.pdf`);
    await savePdf(doc, pdf);
    const got = await extractedPixels(pdf);
    const shown = await popplerPixels(pdf, 100, false);
    expect([got.info.width, got.info.height, got.dpi]).toEqual([shown.info.width, shown.info.height, 100]);
    expect(await pagePsnr(shown, got)).toBeGreaterThan(35);
  });
});

describe('a PDF page that is not one scanned image is not taken as one', () => {
  const page = async (make: (doc: PDFDocument, wPt: number, hPt: number) => Promise<unknown>) => {
    const doc = await PDFDocument.create();
    await make(doc, pt(small.width, 100), pt(small.height, 100));
    return Buffer.from(await doc.save());
  };
  const image = () => flateImage(small, 'none');

  it('text, a drawing, an image with visible text over it, an image on part of the page, two images', async () => {
    const cases = {
      text: await page(async (doc, w, h) => doc.addPage([w, h]).drawText('Don de nghi')),
      drawing: await page(async (doc, w, h) => doc.addPage([w, h]).drawRectangle({ x: 10, y: 10, width: 50, height: 50 })),
      visibleText: await page(async (doc, w, h) => addImagePage(doc, await image(), w, h, { font: await helvetica(doc), after: 'BT /F0 12 Tf 20 20 Td (Ho so) Tj ET' })),
      filledPath: await page(async (doc, w, h) => addImagePage(doc, await image(), w, h, { after: '0 0 20 20 re f' })),
      partOfPage: await page(async (doc, w, h) => addImagePage(doc, await image(), w * 2, h, { cm: [w, 0, 0, h, 0, 0] })),
      twoImages: await page(async (doc, w, h) => addImagePage(doc, await image(), w, h, { after: 'q 10 0 0 10 0 0 cm $IM Do Q' })),
    };
    for (const [name, bytes] of Object.entries(cases)) expect(await extractPageImage(bytes), name).toBeNull();
  });

  it('an image under invisible OCR text (render mode 3) or a clip to the page is still the page image', async () => {
    const ocrLayer = await page(async (doc, w, h) => addImagePage(doc, await image(), w, h, {
      font: await helvetica(doc), after: 'BT 3 Tr /F0 12 Tf 20 20 Td (Ho so mot cua) Tj [(so) -250 (hoa)] TJ ET',
    }));
    const clipped = await page(async (doc, w, h) => addImagePage(doc, await image(), w, h, { before: `0 0 ${w} ${h} re W n` }));
    for (const bytes of [ocrLayer, clipped]) expect((await extractPageImage(bytes))?.pixels.kind).toBe('raw');
  });

  it('an image the decoder refuses (a truncated JPEG) goes to pdftoppm, or is kept as it came without it', async () => {
    const jpeg = await sharp(small.data, { raw: small }).jpeg({ quality: 90 }).toBuffer();
    const doc = await PDFDocument.create();
    addImagePage(doc, dctImage(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), small), pt(small.width, 100), pt(small.height, 100));
    const pdf = at('truncated.pdf');
    await savePdf(doc, pdf);
    expect((await extractPageImage(readFileSync(pdf)))?.pixels.kind).toBe('encoded');
    const kept = await withoutPdftoppm(() => processPage(pdfPage(pdf), { profile: colour, outputBase: at('out-truncated-kept') }));
    expect(kept.encoding).toBe('pdf');
    const rendered = await processPage(pdfPage(pdf), { profile: colour, outputBase: at('out-truncated-rendered') });
    expect([rendered.encoding, rendered.dpi]).toEqual(['jpeg', 200]);
  });
});
