// Turning what a driver hands over into what the page pipeline takes, and page images for the screen.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { ScannedPage as DriverPage } from '../devices/scanning';
import type { ScannedPage as PipelinePage } from '../digitization';

/**
 * Imported PDF pages arrive as one-page PDFs; the pipeline works on images, so such a page is rendered at
 * the profile's resolution with poppler's pdftoppm (not bundled on Windows: there the clerk is told so).
 */
export async function toPipelinePage(page: DriverPage, dpi: number): Promise<PipelinePage> {
  if (page.format !== 'pdf') {
    return { filePath: page.filePath, format: page.format, widthPx: page.widthPx, heightPx: page.heightPx, dpi: page.dpi, colorMode: page.colorMode, ...(page.side ? { side: page.side } : {}) };
  }
  const base = page.filePath.replace(/\.pdf$/i, '');
  await new Promise<void>((resolve, reject) => {
    execFile('pdftoppm', ['-r', String(dpi), '-png', '-singlefile', page.filePath, base], { timeout: 120_000, windowsHide: true }, (err) => {
      if (err) reject(new Error((err as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'Máy này chưa có công cụ chuyển trang PDF thành ảnh (poppler pdftoppm); hãy nhập ảnh JPEG/PNG/TIFF hoặc quét trực tiếp.'
        : `Không chuyển được trang PDF "${path.basename(page.sourceFile ?? page.filePath)}" thành ảnh.`));
      else resolve();
    });
  });
  const out = `${base}.png`;
  const meta = await sharp(out).metadata();
  fs.rmSync(page.filePath, { force: true });
  return { filePath: out, format: 'png', widthPx: meta.width ?? page.widthPx, heightPx: meta.height ?? page.heightPx, dpi, colorMode: (meta.channels ?? 3) >= 3 ? 'color' : 'gray' };
}

export const IMAGE_SIZES = { thumb: { width: 220, quality: 70 }, large: { width: 1700, quality: 85 } } as const;

/** A JPEG of a page for the screen, cached next to the job (page ids change when a page changes). */
export async function pageImage(pagePath: string, cacheDir: string, pageId: string, size: keyof typeof IMAGE_SIZES) {
  const cached = path.join(cacheDir, `${pageId}-${size}.jpg`);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(cached);
  } catch {
    const s = IMAGE_SIZES[size];
    bytes = await sharp(pagePath).resize({ width: s.width, withoutEnlargement: true }).jpeg({ quality: s.quality }).toBuffer();
    fs.mkdirSync(cacheDir, { recursive: true });
    const temp = `${cached}.${process.pid}.tmp`;
    fs.writeFileSync(temp, bytes);
    fs.renameSync(temp, cached);
  }
  const meta = await sharp(bytes).metadata();
  return { base64: bytes.toString('base64'), mime: 'image/jpeg' as const, width: meta.width ?? 0, height: meta.height ?? 0 };
}
