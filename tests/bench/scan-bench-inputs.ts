// Input sets and quality measures of scan-bench.ts. The same generated A4 pages at 200 dpi (text, stamps,
// handwriting, a third skewed, every tenth a blank back) in three forms: PNG (WIA, SANE's --format=png),
// binary PNM (SANE's default) and JPEG as an eSCL scanner sends it (quality 80 with its resolution, as the
// eSCL emulator in tests/support does; --escl-quality changes it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { analysePage } from '../../main/digitization/page-analysis';
import type { ScannedPage } from '../../main/digitization/types';
import { type PageImageSpec, writePageImage } from '../support/page-images';

/** Pages per component PDF. */
export const GROUP = 10;

export type InputSet = 'png' | 'pnm' | 'jpeg';

export function specFor(i: number): PageImageSpec {
  if (i % GROUP === GROUP - 1) return { kind: i % 20 === 19 ? 'near-blank' : 'blank', seed: 1000 + i, side: 'back', paperEdge: i % 20 === 19 };
  return {
    seed: 1000 + i,
    stamp: i % 4 === 0,
    handwriting: i % 7 === 3,
    rotateDeg: i % 3 === 1 ? ((i % 5) - 2) * 0.9 + 0.4 : 0,
    side: 'front',
  };
}

async function pool(n: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => { for (let i = next++; i < n; i = next++) await work(i); };
  await Promise.all([worker(), worker()]);
}

/** The PNG pages (generated once, then found in ROOT), and the same pixels as PNM or eSCL JPEG. */
export async function inputPages(root: string, count: number, set: InputSet, esclQuality: number): Promise<ScannedPage[]> {
  const pngDir = join(root, `pages-v2-${count}`);
  mkdirSync(pngDir, { recursive: true });
  const png: ScannedPage[] = new Array(count);
  await pool(count, async (i) => {
    const file = join(pngDir, `page-${String(i + 1).padStart(3, '0')}.png`);
    const spec = specFor(i);
    png[i] = existsSync(file)
      ? { filePath: file, format: 'png', widthPx: 1654, heightPx: 2339, dpi: 200, colorMode: 'color', ...(spec.side ? { side: spec.side } : {}) }
      : await writePageImage(file, spec);
  });
  if (set === 'png') return png;
  const dir = join(root, set === 'pnm' ? `pages-v2-${count}-pnm` : `pages-v2-${count}-jpeg${esclQuality}`);
  mkdirSync(dir, { recursive: true });
  const out: ScannedPage[] = new Array(count);
  await pool(count, async (i) => {
    const src = png[i];
    const file = join(dir, `page-${String(i + 1).padStart(3, '0')}.${set === 'pnm' ? 'pnm' : 'jpg'}`);
    if (!existsSync(file)) {
      if (set === 'pnm') {
        const raw = await sharp(src.filePath).raw().toBuffer({ resolveWithObject: true });
        writeFileSync(file, Buffer.concat([Buffer.from(`P6\n${raw.info.width} ${raw.info.height}\n255\n`, 'latin1'), raw.data]));
      } else {
        await sharp(src.filePath).jpeg({ quality: esclQuality }).withMetadata({ density: src.dpi }).toFile(file);
      }
    }
    out[i] = { ...src, filePath: file, format: set };
  });
  return out;
}

/** ImageMagick's PSNR of `candidate` against `reference` (dB). */
export function psnr(reference: string, candidate: string): number {
  const r = spawnSync('compare', ['-metric', 'PSNR', reference, candidate, 'null:'], { encoding: 'utf8' });
  const db = Number.parseFloat(r.stderr);
  return Number.isNaN(db) && /inf/i.test(r.stderr) ? Infinity : db;
}

/** Skew left in a stored page, measured the way the pipeline measures it (on a 100 dpi grey copy). */
export async function residualSkew(file: string, dpi: number): Promise<number> {
  const meta = await sharp(file).metadata();
  const small = await sharp(file).toColourspace('b-w').resize({ width: Math.round(((meta.width ?? 0) * 100) / dpi), kernel: 'linear' }).raw().toBuffer({ resolveWithObject: true });
  return analysePage({ data: small.data, width: small.info.width, height: small.info.height }, { skew: true }).skewAngle;
}

export interface ImageMagick { cmd: string; pre: string[]; note: string }

/** ImageMagick with a private policy allowing PDF *writing* (Debian's policy forbids the PDF coder). */
export function imageMagickCommand(root: string): ImageMagick | null {
  const policy = '/etc/ImageMagick-6/policy.xml';
  const probe = join(root, 'probe.pdf');
  if (spawnSync('convert', ['-size', '8x8', 'xc:white', probe]).status === 0) return { cmd: 'convert', pre: [], note: 'convert' };
  if (!existsSync(policy) || process.getuid?.() !== 0) return null;
  const mine = join(root, 'policy.xml');
  writeFileSync(mine, readFileSync(policy, 'utf8').replace(/<policy domain="coder" rights="none" pattern="PDF" \/>/, '<policy domain="coder" rights="write" pattern="PDF" />'));
  const pre = ['-m', 'sh', '-c', `mount --bind ${mine} ${policy} && exec "$0" "$@"`, 'convert'];
  if (spawnSync('unshare', [...pre, '-size', '8x8', 'xc:white', probe]).status !== 0) return null;
  return { cmd: 'unshare', pre, note: 'convert in a private mount namespace whose policy.xml allows writing PDF' };
}
