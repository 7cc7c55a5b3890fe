// PDF page benchmark (not part of the test suite):
//   node --import tsx tests/bench/pdf-bench.ts [--pages 8] [--rounds 3] [--png-pages 2]
// Scanner-like PDF pages (one image over the whole page, as eSCL and scan-to-folder deliver them) through the
// page pipeline three ways, each ending in the same processing (blank detection, deskew, encoding), one
// page at a time:
//   taken as its image  pdf-image-extract.ts, what the app does now (no external program);
//   pdftoppm TIFF       rendered by poppler at the profile's resolution, as the app still does for pages that
//                       are not one image (uncompressed TIFF out);
//   pdftoppm PNG        the same with `-png`, the code before (poppler's PNG writer dominates on a scan).
// Three kinds of page: A4 colour JPEG at 200 dpi (the common eSCL case), A4 grey JPEG at 300 dpi, A4
// bi-level CCITT G4 at 300 dpi (1-bit profile). Prints pages per second and the ratios, plus the time to get
// the pixels alone. With --rounds N the first two ways alternate N times and the medians are reported (the
// machine is shared); the PNG way, seconds a page, runs once on --png-pages pages.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { processPage } from '../../main/digitization/page-processor';
import { extractPageImage } from '../../main/digitization/pdf-image-extract';
import { rasterizePdfPage } from '../../main/digitization/pdf-raster';
import { BUILT_IN_PROFILES, type ScanProfile } from '../../main/digitization/profiles';
import { openExtracted } from '../../main/digitization/source-image';
import type { ScannedPage } from '../../main/digitization/types';
import { addImagePage, ccittImage, dctImage, savePdf } from '../digitization/pdf-fixtures';
import { a4Pixels, writePageImage } from '../support/page-images';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const PAGES = option('--pages', 8);
const ROUNDS = option('--rounds', 3);
const PNG_PAGES = Math.min(option('--png-pages', 2), PAGES);
const ROOT = join(tmpdir(), 'mcd-pdf-bench');

interface Kind { name: string; dpi: number; profile: ScanProfile; make: (i: number, doc: PDFDocument) => Promise<void> }

const colour200 = BUILT_IN_PROFILES[0];
const grey300 = BUILT_IN_PROFILES[1];
const bw300 = BUILT_IN_PROFILES[2];

async function scanPng(i: number, dpi: number, colorMode: 'color' | 'gray' | 'bw'): Promise<string> {
  const file = join(ROOT, `src-${colorMode}-${dpi}-${i}.png`);
  await writePageImage(file, { seed: 500 + i, dpi, colorMode, stamp: i % 3 === 0, rotateDeg: i % 4 === 1 ? 1.2 : 0 });
  return file;
}

const KINDS: Kind[] = [
  { name: 'A4 colour JPEG 200 dpi', dpi: 200, profile: colour200, make: async (i, doc) => {
    const a4 = a4Pixels(200);
    const jpeg = await sharp(await scanPng(i, 200, 'color')).jpeg({ quality: 85 }).toBuffer();
    addImagePage(doc, dctImage(jpeg, { ...a4, channels: 3 }), (a4.width * 72) / 200, (a4.height * 72) / 200);
  } },
  { name: 'A4 grey JPEG 300 dpi', dpi: 300, profile: grey300, make: async (i, doc) => {
    const a4 = a4Pixels(300);
    const jpeg = await sharp(await scanPng(i, 300, 'gray')).toColourspace('b-w').jpeg({ quality: 85 }).toBuffer();
    addImagePage(doc, dctImage(jpeg, { ...a4, channels: 1 }), (a4.width * 72) / 300, (a4.height * 72) / 300);
  } },
  { name: 'A4 bi-level CCITT G4 300 dpi', dpi: 300, profile: bw300, make: async (i, doc) => {
    const a4 = a4Pixels(300);
    const bits = await sharp(await scanPng(i, 300, 'bw')).toColourspace('b-w').raw().toBuffer();
    addImagePage(doc, ccittImage({ data: bits, ...a4, channels: 1 }), (a4.width * 72) / 300, (a4.height * 72) / 300);
  } },
];

/** One-page PDFs of a kind, as the files driver and the eSCL driver hand them to the pipeline. */
async function pagesOf(kind: Kind, k: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < PAGES; i++) {
    const doc = await PDFDocument.create();
    await kind.make(i, doc);
    const file = join(ROOT, `k${k}-p${i}.pdf`);
    await savePdf(doc, file);
    files.push(file);
  }
  return files;
}

const page = (filePath: string, kind: Kind): ScannedPage => ({ filePath, format: 'pdf', widthPx: 1, heightPx: 1, dpi: kind.dpi, colorMode: kind.profile.colorMode });

/** The page taken as its image (what processPage does for a scanner's page). */
async function extracted(file: string, kind: Kind, out: string): Promise<void> {
  await processPage(page(file, kind), { profile: kind.profile, outputBase: out });
}

/** pdftoppm's PNG, as the code before asked for it (`-png`); the TIFF way is rasterizePdfPage itself. */
function pdftoppmPng(file: string, out: string, dpi: number, gray: boolean): string {
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', ...(gray ? ['-gray'] : []), file, `${out}.raster`]);
  return `${out}.raster.png`;
}

/** The page rendered by pdftoppm at the profile's resolution, then processed. */
async function rendered(file: string, kind: Kind, out: string, png: boolean): Promise<void> {
  const gray = kind.profile.bilevel || kind.profile.colorMode !== 'color';
  const image = png ? pdftoppmPng(file, out, kind.profile.dpi, gray) : await rasterizePdfPage(file, `${out}.raster`, kind.profile.dpi, gray);
  try {
    const meta = await sharp(image).metadata();
    const format = png ? 'png' : 'tiff';
    await processPage({ filePath: image, format, widthPx: meta.width!, heightPx: meta.height!, dpi: kind.profile.dpi, colorMode: gray ? 'gray' : 'color' }, { profile: kind.profile, outputBase: out });
  } finally {
    rmSync(image, { force: true });
  }
}

/** The pixels alone: decoded image vs pdftoppm's PNG, each read to raw pixels. */
async function pixelsExtracted(file: string): Promise<void> {
  const x = await extractPageImage(readFileSync(file));
  if (!x) throw new Error(`${file} was not taken as an image`);
  const o = await openExtracted(x);
  await o.image.raw().toBuffer();
}
async function pixelsRendered(file: string, kind: Kind, out: string): Promise<void> {
  const gray = kind.profile.bilevel || kind.profile.colorMode !== 'color';
  const image = await rasterizePdfPage(file, `${out}.raster`, kind.profile.dpi, gray);
  await sharp(image).raw().toBuffer();
  rmSync(image, { force: true });
}

async function pagesPerSecond(files: string[], work: (file: string, out: string) => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  for (const [i, file] of files.entries()) await work(file, join(ROOT, `out-${i}`));
  return files.length / (Number(process.hrtime.bigint() - started) / 1e9);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(ROOT, { recursive: true });
  console.log(`PDF pages: ${PAGES} per kind, ${ROUNDS} alternating rounds, one page at a time (medians); load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  for (const [k, kind] of KINDS.entries()) {
    const files = await pagesOf(kind, k);
    await extracted(files[0]!, kind, join(ROOT, 'warm')); // sharp's and pdf-lib's first-call costs
    const ways = {
      whole: { ext: [] as number[], tiff: [] as number[] },
      pixels: { ext: [] as number[], tiff: [] as number[] },
    };
    for (let r = 0; r < ROUNDS; r++) {
      ways.whole.ext.push(await pagesPerSecond(files, (f, o) => extracted(f, kind, o)));
      ways.whole.tiff.push(await pagesPerSecond(files, (f, o) => rendered(f, kind, o, false)));
      ways.pixels.ext.push(await pagesPerSecond(files, (f) => pixelsExtracted(f)));
      ways.pixels.tiff.push(await pagesPerSecond(files, (f, o) => pixelsRendered(f, kind, o)));
    }
    // The PNG way takes seconds a page: a few pages, once.
    const png = await pagesPerSecond(files.slice(0, PNG_PAGES), (f, o) => rendered(f, kind, o, true));
    const [ext, tiff, pxExt, pxTiff] = [median(ways.whole.ext), median(ways.whole.tiff), median(ways.pixels.ext), median(ways.pixels.tiff)];
    console.log(`${kind.name} (profile ${kind.profile.id}), pages/s:`);
    console.log(`  whole page   taken as its image ${ext.toFixed(2)} | pdftoppm TIFF ${tiff.toFixed(2)} (image ${(ext / tiff).toFixed(1)}x as fast) | pdftoppm PNG, before ${png.toFixed(3)} (image ${(ext / png).toFixed(0)}x as fast, ${PNG_PAGES} pages)`);
    console.log(`  pixels only  decoded ${pxExt.toFixed(2)} | pdftoppm TIFF ${pxTiff.toFixed(2)} (image ${(pxExt / pxTiff).toFixed(1)}x as fast)`);
  }
  rmSync(ROOT, { recursive: true, force: true });
}

void main();
