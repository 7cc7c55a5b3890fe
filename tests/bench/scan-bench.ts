// Scan pipeline benchmark (not part of the test suite):
//   node --import tsx tests/bench/scan-bench.ts [--pages 100] [--rounds 3] [--keep]
// 100 generated A4 pages at 200 dpi (text, stamps, handwriting, some skewed, every tenth a blank back) are
// turned into one PDF per 10-page component by the app's pipeline (blank detection and deskew included,
// OCR excluded) and, side by side, by ImageMagick (`convert … -compress jpeg -quality 75 out.pdf`, per
// component). Prints pages per second, KB per page, peak memory, memory after 25/50/100 pages, JPEG quality
// (PSNR) on a few pages, and OCR seconds per page with its character error rate on a few pages.
// With --rounds N both are run N times, alternating, and the median speeds are reported: one round on a
// shared machine can be off by a third either way.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ocrPage } from '../../main/digitization/ocr';
import { ScanJob } from '../../main/digitization/pipeline';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import type { ScannedPage } from '../../main/digitization/types';
import { characterErrorRate } from '../digitization/helpers';
import { type PageImageSpec, pageText, writePageImage } from '../support/page-images';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const PAGES = option('--pages', 100);
const ROUNDS = option('--rounds', 1);
const GROUP = 10;
const ROOT = join(tmpdir(), 'mcd-scan-bench');
const SRC = join(ROOT, `pages-v2-${PAGES}`);
const MB = 1024 * 1024;

function specFor(i: number): PageImageSpec {
  if (i % GROUP === GROUP - 1) return { kind: i % 20 === 19 ? 'near-blank' : 'blank', seed: 1000 + i, side: 'back', paperEdge: i % 20 === 19 };
  return {
    seed: 1000 + i,
    stamp: i % 4 === 0,
    handwriting: i % 7 === 3,
    rotateDeg: i % 3 === 1 ? ((i % 5) - 2) * 0.9 + 0.4 : 0,
    side: 'front',
  };
}

async function generate(): Promise<ScannedPage[]> {
  mkdirSync(SRC, { recursive: true });
  const pages: ScannedPage[] = new Array(PAGES);
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    for (let i = next++; i < PAGES; i = next++) {
      const file = join(SRC, `page-${String(i + 1).padStart(3, '0')}.png`);
      const spec = specFor(i);
      pages[i] = existsSync(file)
        ? { filePath: file, format: 'png', widthPx: 1654, heightPx: 2339, dpi: 200, colorMode: 'color', ...(spec.side ? { side: spec.side } : {}) }
        : await writePageImage(file, spec);
    }
  };
  await Promise.all([worker(), worker()]);
  console.log(`source pages: ${PAGES} PNG in ${SRC} (${((Date.now() - started) / 1000).toFixed(0)} s to generate or find)`);
  return pages;
}

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 10);
  return { peak: () => Math.max(peak, process.memoryUsage().rss), stop: () => clearInterval(timer), reset: () => { peak = process.memoryUsage().rss; } };
}

async function runOurs(pages: ScannedPage[]) {
  const dir = join(ROOT, 'ours');
  rmSync(dir, { recursive: true, force: true });
  const components = Array.from({ length: Math.ceil(PAGES / GROUP) }, (_, g) => ({ code: `TP${String(g + 1).padStart(2, '0')}`, name: `Thành phần ${g + 1}` }));
  const sampler = rssSampler();
  const checkpoints: { pages: number; rssMb: number }[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const job = await ScanJob.create(join(dir, 'job'), BUILT_IN_PROFILES[0], components);
  let committed = 0;
  await Promise.all(pages.map((p, i) =>
    job.addPage(p, { component: components[Math.floor(i / GROUP)].code }).then(() => {
      committed++;
      if (committed === 25 || committed === 50 || committed === PAGES) checkpoints.push({ pages: committed, rssMb: process.memoryUsage().rss / MB });
    }),
  ));
  const tProcessed = performance.now();
  const peakProcessing = sampler.peak();
  const built = await job.buildComponentPdfs({ dossierNumber: 'BENCH-0001', scannedBy: 'Người đo', outDir: join(dir, 'pdf') });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  sampler.stop();
  const jobPages = job.pages();
  return {
    seconds,
    processSeconds: (tProcessed - t0) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    pdfBytes: built.reduce((n, b) => n + b.bytes, 0),
    pdfPages: built.reduce((n, b) => n + b.record.pageCount, 0),
    blankFound: jobPages.filter((p) => p.blank).length,
    deskewed: jobPages.filter((p) => Math.abs(p.skewAngle) >= 0.15).length,
    peakProcessingMb: peakProcessing / MB,
    peakMb: sampler.peak() / MB,
    checkpoints,
    jobPages,
    jobDir: join(dir, 'job'),
  };
}

/** ImageMagick with a private policy allowing PDF *writing* (Debian's policy forbids the PDF coder). */
function imageMagickCommand(): { cmd: string; pre: string[]; note: string } | null {
  const policy = '/etc/ImageMagick-6/policy.xml';
  const probe = join(ROOT, 'probe.pdf');
  const plain = spawnSync('convert', ['-size', '8x8', 'xc:white', probe]);
  if (plain.status === 0) return { cmd: 'convert', pre: [], note: 'convert' };
  if (!existsSync(policy) || process.getuid?.() !== 0) return null;
  const mine = join(ROOT, 'policy.xml');
  writeFileSync(mine, readFileSync(policy, 'utf8').replace(/<policy domain="coder" rights="none" pattern="PDF" \/>/, '<policy domain="coder" rights="write" pattern="PDF" />'));
  const pre = ['-m', 'sh', '-c', `mount --bind ${mine} ${policy} && exec "$0" "$@"`, 'convert'];
  const viaNs = spawnSync('unshare', [...pre, '-size', '8x8', 'xc:white', probe]);
  if (viaNs.status !== 0) return null;
  return { cmd: 'unshare', pre, note: 'convert (in a private mount namespace whose policy.xml allows writing PDF; the system file is untouched)' };
}

function runImageMagick(pages: ScannedPage[]) {
  const im = imageMagickCommand();
  if (!im) return null;
  const dir = join(ROOT, 'imagemagick');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let peakKb = 0;
  let cpuSeconds = 0;
  let bytes = 0;
  const t0 = performance.now();
  for (let g = 0; g * GROUP < pages.length; g++) {
    const out = join(dir, `TP${String(g + 1).padStart(2, '0')}.pdf`);
    const files = pages.slice(g * GROUP, (g + 1) * GROUP).map((p) => p.filePath);
    const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', im.cmd, ...im.pre, ...files, '-compress', 'jpeg', '-quality', '75', out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ImageMagick failed: ${r.stderr}`);
    const [maxKb, user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    peakKb = Math.max(peakKb, maxKb);
    cpuSeconds += user + sys;
    bytes += statSync(out).size;
  }
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds, peakMb: peakKb / 1024, bytes, dir, note: im.note };
}

/** JPEG stream sizes of ImageMagick's pages, in page order, taken out of its PDFs verbatim. */
function imageMagickJpegSizes(dir: string): number[] {
  const sizes: number[] = [];
  for (const pdf of readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort()) {
    const prefix = join(dir, `x-${pdf}`);
    execFileSync('pdfimages', ['-j', join(dir, pdf), prefix]);
    const files = readdirSync(dir).filter((f) => f.startsWith(`x-${pdf}-`) && f.endsWith('.jpg')).sort();
    for (const f of files) sizes.push(statSync(join(dir, f)).size);
  }
  return sizes;
}

function psnr(reference: string, candidate: string): number {
  const r = spawnSync('compare', ['-metric', 'PSNR', reference, candidate, 'null:'], { encoding: 'utf8' });
  return Number.parseFloat(r.stderr);
}

async function main() {
  mkdirSync(ROOT, { recursive: true });
  const pages = await generate();
  const fmt = (n: number, d = 1) => n.toFixed(d);

  // Warm up code paths (module load, font parse) outside the measurement, as in a running app.
  const warm = await ScanJob.create(join(ROOT, `warm-${Date.now()}`), BUILT_IN_PROFILES[0], [{ code: 'W', name: 'W' }]);
  await warm.addPage(pages[0], { component: 'W' });
  await warm.buildComponentPdfs({ dossierNumber: 'W', scannedBy: 'W', outDir: join(warm.dir, 'pdf') });
  rmSync(warm.dir, { recursive: true, force: true });

  const rounds: { ours: number; im: number | null }[] = [];
  let ours!: Awaited<ReturnType<typeof runOurs>>;
  let im: ReturnType<typeof runImageMagick> = null;
  for (let r = 0; r < ROUNDS; r++) {
    ours = await runOurs(pages);
    im = runImageMagick(pages);
    rounds.push({ ours: PAGES / ours.seconds, im: im ? PAGES / im.seconds : null });
    if (ROUNDS > 1) console.log(`round ${r + 1}: app ${fmt(PAGES / ours.seconds, 2)} pages/s, ImageMagick ${im ? fmt(PAGES / im.seconds, 2) : '–'} pages/s${im ? ` (${fmt(im.seconds / ours.seconds, 2)}×)` : ''}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  console.log(`\n== ${PAGES} A4 pages at 200 dpi, colour, JPEG quality 75, ${Math.ceil(PAGES / GROUP)} PDFs of ${GROUP} pages ==`);
  console.log(`app pipeline: ${fmt(ours.seconds, 2)} s → ${fmt(PAGES / ours.seconds, 2)} pages/s (processing ${fmt(ours.processSeconds, 2)} s, PDFs ${fmt(ours.seconds - ours.processSeconds, 2)} s; CPU ${fmt((ours.cpuSeconds / PAGES) * 1000, 0)} ms/page in this process + libvips threads)`);
  console.log(`  blank pages found ${ours.blankFound} (left out of the PDFs), pages deskewed ${ours.deskewed}; PDFs ${fmt(ours.pdfBytes / 1024 / ours.pdfPages, 0)} KB per page over ${ours.pdfPages} pages`);
  console.log(`  peak RSS ${fmt(ours.peakProcessingMb, 0)} MB while processing pages, ${fmt(ours.peakMb, 0)} MB overall; RSS after ${ours.checkpoints.map((c) => `${c.pages} pages: ${fmt(c.rssMb, 0)} MB`).join(', ')}`);
  if (!im) {
    console.log('ImageMagick: not run (convert cannot write PDF here and no private policy could be used).');
  } else {
    console.log(`ImageMagick ${im.note}: ${fmt(im.seconds, 2)} s → ${fmt(PAGES / im.seconds, 2)} pages/s (CPU ${fmt((im.cpuSeconds / PAGES) * 1000, 0)} ms/page), ${fmt(im.bytes / 1024 / PAGES, 0)} KB per page, peak RSS ${fmt(im.peakMb, 0)} MB (largest child, /usr/bin/time)`);
    console.log(`speed: app ${fmt(im.seconds / ours.seconds, 2)}× ImageMagick's pages per second`);
    if (ROUNDS > 1) {
      const ratios = rounds.map((r) => r.ours / r.im!);
      console.log(`over ${ROUNDS} rounds: app median ${fmt(median(rounds.map((r) => r.ours)), 2)} pages/s, ImageMagick median ${fmt(median(rounds.map((r) => r.im!)), 2)} pages/s; ratio median ${fmt(median(ratios), 2)}× (range ${fmt(Math.min(...ratios), 2)}–${fmt(Math.max(...ratios), 2)}×)`);
    }
    // Same pages, same quality number: compare the JPEG streams of the non-blank pages.
    const imSizes = imageMagickJpegSizes(im.dir);
    const kept = ours.jobPages.map((p, i) => ({ p, i })).filter(({ p }) => !p.blank);
    const oursBytes = kept.reduce((n, { p }) => n + p.bytes, 0);
    const imBytes = kept.reduce((n, { i }) => n + (imSizes[i] ?? 0), 0);
    console.log(`size on the same ${kept.length} non-blank pages: app ${fmt(oursBytes / 1024 / kept.length, 0)} KB/page, ImageMagick ${fmt(imBytes / 1024 / kept.length, 0)} KB/page (${fmt((oursBytes / imBytes) * 100, 0)} %)`);
    // Quality at that size, on pages that were not deskewed (a straightened page no longer lines up with its source).
    const sample = kept.filter(({ p }) => Math.abs(p.skewAngle) < 0.15).slice(0, 3);
    const imJpegs = readdirSync(im.dir).filter((f) => f.startsWith('x-') && f.endsWith('.jpg')).sort();
    const q = sample.map(({ p, i }) => ({ page: i + 1, ours: psnr(pages[i].filePath, join(ours.jobDir, p.file)), im: psnr(pages[i].filePath, join(im.dir, imJpegs[i])) }));
    console.log(`PSNR against the source (dB): ${q.map((x) => `page ${x.page}: app ${fmt(x.ours, 2)}, ImageMagick ${fmt(x.im, 2)}`).join('; ')}`);
  }

  // OCR, separately, on a few pages (skewed ones included), one Tesseract at a time.
  const ocrSample = ours.jobPages.map((p, i) => ({ p, i })).filter(({ p }) => !p.blank).filter((_, k) => k % 20 === 0).slice(0, 4);
  const ocrResults = [];
  for (const { p, i } of ocrSample) {
    const t = performance.now();
    const { text } = await ocrPage({ path: join(ours.jobDir, p.file), dpi: p.dpi });
    ocrResults.push({ page: i + 1, seconds: (performance.now() - t) / 1000, cer: characterErrorRate(pageText(specFor(i)).join('\n'), text), skew: p.skewAngle });
  }
  const ocrSeconds = ocrResults.reduce((n, r) => n + r.seconds, 0) / ocrResults.length;
  console.log(`OCR (tesseract -l vie, 1 thread): ${fmt(ocrSeconds, 2)} s per page over ${ocrResults.length} pages; character error rate ${ocrResults.map((r) => `page ${r.page}${r.skew ? ` (deskewed ${r.skew}°)` : ''}: ${fmt(r.cer * 100, 2)} %`).join(', ')}`);

  if (!args.includes('--keep')) {
    rmSync(join(ROOT, 'ours'), { recursive: true, force: true });
    rmSync(join(ROOT, 'imagemagick'), { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
