// One scanned page → one stored page image, with sharp (libvips): decode once to raw pixels, measure a
// ~100 dpi grey copy (blank, skew, content box), then rotate/crop and encode from the same pixels — or,
// for a scanner's JPEG that needs no turn, deskew, crop or resampling and is no finer than the profile's
// quality, keep the scanner's own bytes. Only one page's pixels are alive at a time; nothing is kept.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import type { JpegOptions, Sharp } from 'sharp';
import { sharp } from '../base/lazy-module';
import { writeFileAtomic } from '../base/atomic-write';
import { analysisFactor, greyBoxShrink } from './analysis-image';
import { encodeBilevelPng } from './bilevel-png';
import { readJpegHeader } from './jpeg-header';
import { readPooled } from './read-pool';
import { shearAvailable, shearRotate } from './shear-rotate';
import { extractPageImage, type ExtractedPageImage } from './pdf-image-extract';
import { PageProblem, RasterUnavailable, rasterizePdfPage, type RasterOptions } from './pdf-raster';
import { keepVectorPage } from './pdf-vector-page';
import { analysePage, MIN_CORRECTED_SKEW, type PageAnalysis } from './page-analysis';
import type { CropSetting, ScanProfile } from './profiles';
import { MAX_PIXELS, openExtracted, openSource, parsePnm, type PnmImage } from './source-image';
import type { ColorMode, PageEncoding, ProcessedPage, QuarterTurn, ScannedPage } from './types';

// libvips' cache (off) and threads (two where there are two cores) are set where sharp is loaded: base/lazy-module.ts.

const WHITE = { r: 255, g: 255, b: 255 };
/** Largest page turned by the shears (12 Mpx: A4 at 300 dpi and smaller); larger ones by libvips. */
const SHEAR_MAX_PIXELS = 12_000_000;
/**
 * The analysis copy of every page (~1 MB at 200 dpi): made and measured in one synchronous stretch, nothing
 * keeps it after (only its size), so pages in flight at once can share it.
 */
let analysisScratch = new Uint8Array(0);
const MM_PER_INCH = 25.4;

/**
 * The JPEG encoding of every stored colour or grey page (also a page turned later). mozjpeg's table 2
 * (tuned for MS-SSIM on photographs) without Huffman optimisation: on the benchmark's pages it matched
 * ImageMagick's PSNR at q75 (37.25 against 37.24 dB) where table 3 gave 36.99, and the optimised Huffman
 * tables cost 20 ms CPU a page (34 against 13 ms) for 6 % of size.
 */
export function jpegOptions(quality: number, trellis = false): JpegOptions {
  return {
    quality,
    chromaSubsampling: '4:2:0',
    optimiseCoding: false,
    quantisationTable: 2,
    trellisQuantisation: trellis,
    overshootDeringing: trellis,
  };
}

export interface ProcessOptions {
  profile: ScanProfile;
  /** Output path without extension; '.jpg' or '.png' is added by encoding. */
  outputBase: string;
  /** Extra clockwise turn requested by the clerk (a landscape page, a page fed upside down). */
  rotation?: QuarterTurn;
  /** How PDF pages are rendered (pdftoppm path, per-page time limit). */
  raster?: RasterOptions;
}

/** Colour/grey/bi-level output: the profile decides, but a grey scan never becomes colour. */
export function outputMode(profile: ScanProfile, page: ScannedPage): ColorMode {
  if (profile.bilevel) return 'bw';
  return profile.colorMode === 'color' && page.colorMode === 'color' ? 'color' : 'gray';
}

export function isBlankCandidate(profile: ScanProfile, page: Pick<ScannedPage, 'side'>): boolean {
  const mode = profile.blankDetection.mode;
  return mode === 'all' || (mode === 'backs' && page.side === 'back');
}

interface Box { left: number; top: number; width: number; height: number }

function cropBox(crop: CropSetting | undefined, a: PageAnalysis, scale: number, dpi: number, w: number, h: number): Box | null {
  if (!crop) return null;
  const mm = (v: number) => (v * dpi) / MM_PER_INCH;
  let box: Box;
  if (crop.mode === 'box') {
    box = { left: mm(crop.leftMm), top: mm(crop.topMm), width: mm(crop.widthMm), height: mm(crop.heightMm) };
  } else {
    if (!a.inkBox) return null;
    const m = mm(crop.marginMm);
    const left = a.inkBox.left * scale - m;
    const top = a.inkBox.top * scale - m;
    box = { left, top, width: a.inkBox.right * scale + m - left, height: a.inkBox.bottom * scale + m - top };
  }
  const left = Math.max(0, Math.floor(box.left));
  const top = Math.max(0, Math.floor(box.top));
  const width = Math.min(w - left, Math.ceil(box.width));
  const height = Math.min(h - top, Math.ceil(box.height));
  if (width < 16 || height < 16) throw new PageProblem('Vùng cắt của cấu hình quét nằm ngoài trang hoặc quá nhỏ nên trang không được lưu. Hãy sửa vùng cắt trong Quản trị → Máy quét, hoặc quét trang này bằng cấu hình khác.');
  return { left, top, width, height };
}

/**
 * One page. A PDF page that is one scanned image is taken as that image (pdf-image-extract.ts: no rendering,
 * no external program); any other PDF page is rendered with pdftoppm at the profile's resolution, or kept as
 * a vector page where pdftoppm is missing (Windows without poppler) instead of being refused.
 */
export async function processPage(page: ScannedPage, opts: ProcessOptions): Promise<ProcessedPage> {
  if (page.format === 'jpeg') {
    // Read once: sharp decodes these bytes, and they are what is kept when the page passes through.
    const bytes = await readFile(page.filePath);
    return processImage(page, sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }), 0, opts, bytes);
  }
  if (page.format === 'pnm') {
    // Already raw pixels: measured and encoded from the file's own bytes, without a copy through libvips,
    // in a buffer the next page reuses once every libvips call on this one has ended (read-pool.ts).
    const file = await readPooled(page.filePath);
    try {
      const pnm = parsePnm(file.bytes);
      const image = sharp(pnm.data, { raw: { width: pnm.width, height: pnm.height, channels: pnm.channels }, limitInputPixels: MAX_PIXELS });
      return await processImage(page, image, 0, opts, undefined, pnm);
    } finally {
      file.release();
    }
  }
  if (page.format !== 'pdf') return processImage(page, await openSource(page), 0, opts);
  const pdf = await readFile(page.filePath);
  let image: ExtractedPageImage | null;
  try {
    image = await extractPageImage(pdf);
  } catch (e) {
    throw new PageProblem('Trang PDF bị hỏng hoặc không đọc được nên không được lưu. Hãy quét hoặc nhập lại trang này.', (e as Error).message);
  }
  if (image) {
    try {
      const opened = await openExtracted(image);
      const source: ScannedPage = { ...opened.page, filePath: page.filePath, ...(page.side ? { side: page.side } : {}) };
      return await processImage(source, opened.image, opened.turn, opts);
    } catch (e) {
      // A crop outside the page is the profile's fault, not the image's. A codec variant libvips does not
      // take (a fax flavour libtiff refuses, say) is left to the renderer, or kept as a vector page.
      if (e instanceof PageProblem) throw e;
    }
  }
  const gray = outputMode(opts.profile, page) !== 'color';
  let rendering: string;
  try {
    rendering = await rasterizePdfPage(page.filePath, `${opts.outputBase}.raster`, opts.profile.dpi, gray, opts.raster);
  } catch (e) {
    if (e instanceof RasterUnavailable) return keepVectorPage(page, { outputBase: opts.outputBase, dpi: opts.profile.dpi, rotation: opts.rotation });
    throw e;
  }
  try {
    const meta = await sharp(rendering).metadata();
    const rendered: ScannedPage = {
      filePath: rendering, format: 'tiff', widthPx: meta.width ?? 1, heightPx: meta.height ?? 1, dpi: opts.profile.dpi,
      colorMode: gray ? 'gray' : 'color', ...(page.side ? { side: page.side } : {}),
    };
    return await processImage(rendered, await openSource(rendered), 0, opts);
  } finally {
    await rm(rendering, { force: true });
  }
}

/**
 * `src` is the page's image as opened; `sourceTurn` turns it further before the clerk's turn (a PDF page's
 * own orientation), in the same single rotation. `page.widthPx`/`heightPx` are `src`'s, before any turn.
 */
async function processImage(
  page: ScannedPage, source: Sharp, sourceTurn: QuarterTurn, opts: ProcessOptions, jpegBytes?: Buffer, pixels?: PnmImage,
): Promise<ProcessedPage> {
  const { profile } = opts;
  const rotation = opts.rotation ?? 0;
  const turn = ((sourceTurn + rotation) % 360) as QuarterTurn;
  const mode = outputMode(profile, page);

  // Decode once. A file imported at a higher resolution than the profile asks is brought down to it.
  let src = source;
  const meta = await src.metadata(); // header only
  if (turn) src = src.rotate(turn);
  if (meta.hasAlpha) src = src.flatten({ background: WHITE });
  if (mode !== 'color') src = src.toColourspace('b-w');
  else if (meta.space !== 'srgb' || meta.channels !== 3) src = src.toColourspace('srgb');
  let dpi = page.dpi;
  if (page.dpi > profile.dpi * 1.01) {
    const turned = turn === 90 || turn === 270;
    const width = Math.round(((turned ? page.heightPx : page.widthPx) * profile.dpi) / page.dpi);
    src = src.resize({ width });
    dpi = profile.dpi;
  }
  // Every full-size buffer costs the garbage collector too (V8 counts external memory): PNM pixels that
  // need no turn, flattening, conversion or resampling are used as they are.
  const asIs = pixels && !turn && dpi === page.dpi && (mode === 'color' ? pixels.channels === 3 : pixels.channels === 1);
  const raw = asIs
    ? { data: pixels.data, info: { width: pixels.width, height: pixels.height, channels: pixels.channels } }
    : await src.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const { width: w, height: h, channels } = raw.info;
  const rawInput = { raw: { width: w, height: h, channels } };

  // Measure on a small grey copy, averaged from the pixels in hand (analysis-image.ts).
  const k = Math.max(1, Math.min(analysisFactor(dpi), w, h));
  const size = Math.floor(w / k) * Math.floor(h / k);
  if (analysisScratch.length < size) analysisScratch = new Uint8Array(size);
  const small = greyBoxShrink(raw.data, w, h, channels, k, analysisScratch);
  const analysis = analysePage(small, { skew: profile.deskew });
  const blank = isBlankCandidate(profile, page) && analysis.inkPercent < profile.blankDetection.maxInkPercent;
  const skew = profile.deskew && !blank && Math.abs(analysis.skewAngle) >= MIN_CORRECTED_SKEW ? analysis.skewAngle : 0;

  // Deskew turns the page about its centre within its own frame: by three SIMD shear passes
  // (shear-rotate.ts), or by libvips' rotate for a very large page (it streams; the shears hold the page
  // twice over) and on a CPU without WebAssembly SIMD. The crop box is then cut from the turned page.
  const crop = cropBox(profile.crop, analysis, w / small.width, dpi, w, h) ?? { left: 0, top: 0, width: w, height: h };
  let out: Sharp;
  const sheared = skew && w * h <= SHEAR_MAX_PIXELS && shearAvailable() ? turnByShears(raw.data, w, h, channels, -skew) : null;
  if (sheared) {
    out = sharp(sheared, rawInput);
    if (profile.crop) out = out.extract(crop);
  } else {
    out = sharp(raw.data, rawInput);
    let frameLeft = 0;
    let frameTop = 0;
    if (skew) {
      out = out.rotate(-skew, { background: WHITE });
      const t = (skew * Math.PI) / 180;
      frameLeft = Math.floor((Math.round(w * Math.abs(Math.cos(t)) + h * Math.abs(Math.sin(t))) - w) / 2);
      frameTop = Math.floor((Math.round(w * Math.abs(Math.sin(t)) + h * Math.abs(Math.cos(t))) - h) / 2);
    }
    if (skew || profile.crop) out = out.extract({ left: frameLeft + crop.left, top: frameTop + crop.top, width: crop.width, height: crop.height });
  }

  let bytes: Buffer;
  let encoding: PageEncoding;
  if (jpegBytes && !skew && !profile.crop && !turn && dpi === page.dpi && !meta.hasAlpha && (meta.orientation ?? 1) === 1 && passesThrough(jpegBytes, profile, mode)) {
    bytes = jpegBytes;
    encoding = 'jpeg';
  } else if (mode === 'bw') {
    const bits = await out.threshold(profile.bilevelThreshold).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    bytes = encodeBilevelPng(bits.data, bits.info.width, bits.info.height, dpi);
    encoding = 'png1';
  } else {
    // sharp writes JPEG as sRGB unless told otherwise: a grey page would become three equal channels.
    if (mode === 'gray') out = out.toColourspace('b-w');
    bytes = await out
      .jpeg(jpegOptions(profile.jpegQuality, profile.jpegTrellis))
      // No withDensity(): it sends the page through sharp's metadata path (an ICC transform, ~100 ms a
      // page). The dpi lives in the manifest and sets the PDF page size; OCR gets it as --dpi.
      .toBuffer();
    encoding = 'jpeg';
  }
  const processedPath = `${opts.outputBase}${encoding === 'jpeg' ? '.jpg' : '.png'}`;
  await writeFileAtomic(processedPath, bytes);
  return {
    processedPath,
    encoding,
    widthPx: crop.width,
    heightPx: crop.height,
    dpi,
    colorMode: mode,
    blank,
    blankScore: Math.round(analysis.inkPercent * 10_000) / 10_000,
    skewAngle: analysis.skewAngle,
    rotation,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...(page.side ? { side: page.side } : {}),
  };
}

/** The shears' turn, or null when the module cannot have the memory for it (a PC short of it): libvips then. */
function turnByShears(data: Uint8Array, w: number, h: number, channels: number, deg: number): Buffer | null {
  try {
    return shearRotate(data, w, h, channels, deg);
  } catch (e) {
    if (e instanceof RangeError) return null; // WebAssembly.Memory.grow refused
    throw e;
  }
}

/**
 * Whether a scanner's JPEG can be stored as it is: 8-bit Huffman (baseline, extended or progressive: what
 * PDF's DCTDecode reads), YCbCr colour for a colour page or one grey component for a grey page, no Adobe
 * colour transform to interpret, and made at no finer quality than the profile's (a finer one is
 * re-encoded, so a page is never bigger than the profile allows). Geometry was checked by the caller.
 */
export function passesThrough(bytes: Uint8Array, profile: ScanProfile, mode: ColorMode): boolean {
  if (mode === 'bw' || profile.jpegTrellis) return false;
  const header = readJpegHeader(bytes);
  if (!header || header.frame === 'other' || header.precision !== 8 || header.adobe || header.quality === null) return false;
  const c = header.components;
  const shape = mode === 'color'
    ? c.length === 3 && c[1].h === 1 && c[1].v === 1 && c[2].h === 1 && c[2].v === 1
    : c.length === 1;
  return shape && header.quality <= profile.jpegQuality;
}
