// Turning what a driver hands over into what the page pipeline takes, and page images for the screen.
import fs from 'node:fs';
import path from 'node:path';
import { sharp } from '../base/lazy-module';
import { writeFileAtomicSync } from '../base/atomic-write';
import type { ScannedPage as DriverPage } from '../devices/scanning';
import { vectorPagePreview, type ScannedPage as PipelinePage } from '../digitization';

/**
 * What a driver hands over, as the page pipeline takes it. A PDF page stays a PDF here: the pipeline takes
 * its image (or renders it) in its page slot, so the job's order is the arrival order whatever each costs.
 */
export function toPipelinePage(page: DriverPage): PipelinePage {
  return { filePath: page.filePath, format: page.format, widthPx: page.widthPx, heightPx: page.heightPx, dpi: page.dpi, colorMode: page.colorMode, ...(page.side ? { side: page.side } : {}) };
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
    // A kept PDF page has no pixels: its preview (rendered by sharp where it can, else a card) stands in.
    const source = pagePath.endsWith('.pdf') ? await vectorPagePreview(pagePath, s.width) : pagePath;
    bytes = await sharp(source).resize({ width: s.width, withoutEnlargement: true }).jpeg({ quality: s.quality }).toBuffer();
    fs.mkdirSync(cacheDir, { recursive: true });
    // A cache that can be remade: no fsync, but never a torn image under the final name.
    writeFileAtomicSync(cached, bytes, { durable: false });
  }
  const meta = await sharp(bytes).metadata();
  return { base64: bytes.toString('base64'), mime: 'image/jpeg' as const, width: meta.width ?? 0, height: meta.height ?? 0 };
}
