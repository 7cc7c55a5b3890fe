// Scan pipeline benchmark (not part of the test suite):
//   node --import tsx tests/bench/scan-bench.ts [--pages 100] [--rounds 3] [--sets png,pnm,jpeg]
//     [--escl-quality 80] [--out DIR] [--keep] [--launch shipped|default]
// The same generated A4 pages at 200 dpi (scan-bench-inputs.ts) as PNG, PNM and eSCL JPEG go, each set in
// turn, through three contenders, alternating within every round, each in its own process:
//   app          the scan job (blank detection and deskew on, OCR off), one PDF per 10-page component;
//   bare         sharp decode → JPEG q75 → pdf-lib, no analysis (scan-bench-run.ts);
//   ImageMagick  `convert <10 pages> -compress jpeg -quality 75 out.pdf` per component.
// Per round and as medians: pages per second (wall), CPU per page (user + sys of the process and its
// threads; ImageMagick's from /usr/bin/time), and the ratios app/ImageMagick and app/bare. Then, once per
// set: peak RSS of the app at 30 pages and at --pages (flat means independent of the count), KB per page and
// PSNR against the source on the same pages, and the deskew's accuracy (found vs drawn skew, skew left in
// the stored page). OCR has its own benchmark (ocr-bench.ts); the low-spec profile is lowspec.sh.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { GROUP, type ImageMagick, imageMagickCommand, type InputSet, inputPages, psnr, residualSkew, specFor } from './scan-bench-inputs';
import type { RunResult } from './scan-bench-run';
import type { ScannedPage } from '../../main/digitization/types';
import { coreEnv, coreNodeFlags } from '../../main/base/core-heap';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const PAGES = option('--pages', 100);
const ROUNDS = option('--rounds', 3);
const ESCL_QUALITY = option('--escl-quality', 80);
const SETS = (args.includes('--sets') ? args[args.indexOf('--sets') + 1] : 'png,pnm,jpeg').split(',') as InputSet[];
const ROOT = join(tmpdir(), 'mcd-scan-bench');
/** Where the contenders write (the input pages stay in ROOT): two runs at once each need their own. */
const OUT = args.includes('--out') ? args[args.indexOf('--out') + 1] : ROOT;
const RUNNER = join(__dirname, 'scan-bench-run.ts');
const LAUNCH = args.includes('--launch') ? args[args.indexOf('--launch') + 1] : 'shipped';
const fmt = (n: number, d = 1) => n.toFixed(d);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

function runChild(contender: 'app' | 'bare', pages: ScannedPage[], out: string): RunResult {
  const list = join(OUT, `list-${contender}.json`);
  writeFileSync(list, JSON.stringify(pages));
  // The app runs as the core is started (its heap limit, and glibc's malloc arenas on Linux: core-heap.ts) unless
  // --launch default; the bare comparator runs as plain Node.
  const shipped = contender === 'app' && LAUNCH === 'shipped';
  const r = spawnSync(process.execPath, [...(shipped ? coreNodeFlags() : []), '--import', 'tsx', RUNNER, contender, list, out], {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: shipped ? coreEnv() : process.env,
  });
  if (r.status !== 0) throw new Error(`${contender} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as RunResult;
}

interface ImResult { seconds: number; cpuSeconds: number; maxRssMb: number; bytes: number; dir: string }

function runImageMagick(im: ImageMagick, pages: ScannedPage[], dir: string): ImResult {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let maxKb = 0;
  let cpuSeconds = 0;
  let bytes = 0;
  const t0 = performance.now();
  for (let g = 0; g * GROUP < pages.length; g++) {
    const out = join(dir, `TP${String(g + 1).padStart(2, '0')}.pdf`);
    const files = pages.slice(g * GROUP, (g + 1) * GROUP).map((p) => p.filePath);
    const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', im.cmd, ...im.pre, ...files, '-compress', 'jpeg', '-quality', '75', out], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ImageMagick failed: ${r.stderr}`);
    const [kb, user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
    maxKb = Math.max(maxKb, kb);
    cpuSeconds += user + sys;
    bytes += statSync(out).size;
  }
  return { seconds: (performance.now() - t0) / 1000, cpuSeconds, maxRssMb: maxKb / 1024, bytes, dir };
}

/** JPEG streams of ImageMagick's pages, in page order, taken out of its PDFs verbatim. */
function imageMagickJpegs(dir: string): string[] {
  const files: string[] = [];
  for (const pdf of readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort()) {
    const prefix = join(dir, `x-${pdf}`);
    execFileSync('pdfimages', ['-j', join(dir, pdf), prefix]);
    files.push(...readdirSync(dir).filter((f) => f.startsWith(`x-${pdf}-`) && f.endsWith('.jpg')).sort().map((f) => join(dir, f)));
  }
  return files;
}

async function benchSet(set: InputSet, im: ImageMagick | null) {
  const pages = await inputPages(ROOT, PAGES, set, ESCL_QUALITY);
  const label = set === 'jpeg' ? `eSCL JPEG q${ESCL_QUALITY}` : set.toUpperCase();
  console.log(`\n== ${label}: ${PAGES} A4 pages at 200 dpi, colour → JPEG q75, ${Math.ceil(PAGES / GROUP)} PDFs of ${GROUP} pages; load average ${loadavg().map((l) => fmt(l, 2)).join(' ')} ==`);
  runChild('app', pages.slice(0, 2), join(OUT, 'warm')); // disk cache and module compilation, outside the figures
  const rounds: { app: RunResult; bare: RunResult; im: ImResult | null }[] = [];
  let last!: { app: RunResult; im: ImResult | null };
  for (let r = 0; r < ROUNDS; r++) {
    // The order turns every round, so neither contender always runs on the other's warm cache.
    const order = r % 2 ? ['im', 'bare', 'app'] : ['app', 'bare', 'im'];
    const got: Partial<(typeof rounds)[number]> = {};
    for (const c of order) {
      if (c === 'app') got.app = runChild('app', pages, join(OUT, 'app'));
      else if (c === 'bare') got.bare = runChild('bare', pages, join(OUT, 'bare'));
      else got.im = im ? runImageMagick(im, pages, join(OUT, 'imagemagick')) : null;
    }
    const x = got as (typeof rounds)[number];
    rounds.push(x);
    last = { app: x.app, im: x.im };
    const ps = (s: number) => fmt(PAGES / s, 2);
    const cpu = (s: number) => fmt((s / PAGES) * 1000, 0);
    console.log(`round ${r + 1}: app ${ps(x.app.seconds)} pages/s ${cpu(x.app.cpuSeconds)} ms CPU/page | bare ${ps(x.bare.seconds)} pages/s ${cpu(x.bare.cpuSeconds)} ms | ImageMagick ${x.im ? `${ps(x.im.seconds)} pages/s ${cpu(x.im.cpuSeconds)} ms` : '–'}; load ${fmt(loadavg()[0], 2)}`);
  }
  const m = (f: (x: (typeof rounds)[number]) => number) => median(rounds.map(f));
  const appPs = m((x) => PAGES / x.app.seconds);
  const barePs = m((x) => PAGES / x.bare.seconds);
  console.log(`median pages/s: app ${fmt(appPs, 2)}, bare sharp+pdf-lib ${fmt(barePs, 2)}${im ? `, ImageMagick ${fmt(m((x) => PAGES / x.im!.seconds), 2)}` : ''}`);
  console.log(`median CPU ms/page: app ${fmt(m((x) => x.app.cpuSeconds / PAGES) * 1000, 0)}, bare ${fmt(m((x) => x.bare.cpuSeconds / PAGES) * 1000, 0)}${im ? `, ImageMagick ${fmt(m((x) => x.im!.cpuSeconds / PAGES) * 1000, 0)}` : ''}`);
  console.log(`ratios (median of the rounds' own ratios): pages/s app/bare ${fmt(m((x) => x.bare.seconds / x.app.seconds), 2)}×${im ? `, app/ImageMagick ${fmt(m((x) => x.im!.seconds / x.app.seconds), 2)}× (target ≥ 3); CPU per page app/ImageMagick ${fmt(m((x) => x.app.cpuSeconds / x.im!.cpuSeconds), 2)}× (target ≤ 0.5)` : ''}`);

  // Memory: the app at 30 pages against the full count, in fresh processes.
  const at30 = runChild('app', pages.slice(0, 30), join(OUT, 'app30'));
  console.log(`peak RSS app (launched ${LAUNCH === 'shipped' ? 'as the core ships' : 'as plain Node'}): ${fmt(at30.maxRssMb, 0)} MB at 30 pages, ${fmt(Math.max(...rounds.map((x) => x.app.maxRssMb)), 0)} MB at ${PAGES} (Node with modules before the first page: ${fmt(at30.baseRssMb, 0)} MB); bare ${fmt(Math.max(...rounds.map((x) => x.bare.maxRssMb)), 0)} MB${im ? `; ImageMagick ${fmt(Math.max(...rounds.map((x) => x.im!.maxRssMb)), 0)} MB (largest convert)` : ''}`);

  const jobPages = last.app.jobPages!;
  const kept = jobPages.map((p, i) => ({ p, i })).filter(({ p }) => !p.blank);
  const shouldBeBlank = pages.map((_, i) => specFor(i).kind === 'blank' || specFor(i).kind === 'near-blank');
  const blankRight = jobPages.every((p, i) => p.blank === shouldBeBlank[i]);
  console.log(`blank pages found ${jobPages.filter((p) => p.blank).length} of ${shouldBeBlank.filter(Boolean).length} (${blankRight ? 'exactly the blank backs' : 'NOT the blank backs'}); stored as ${[...new Set(kept.map(({ p }) => p.encoding))].join(', ')}; PDFs ${fmt(last.app.pdfBytes / 1024 / kept.length, 0)} KB per page`);
  const skewed = kept.filter(({ i }) => specFor(i).rotateDeg);
  const found = skewed.map(({ p, i }) => Math.abs(p.skewAngle - specFor(i).rotateDeg!));
  const left = await Promise.all(skewed.map(({ p }) => residualSkew(join(last.app.jobDir!, p.file), 200)));
  console.log(`deskew on ${skewed.length} skewed pages: |found − drawn| mean ${fmt(found.reduce((a, b) => a + b, 0) / found.length, 3)}°, max ${fmt(Math.max(...found), 2)}°; skew left in the stored page mean ${fmt(left.reduce((a, b) => a + Math.abs(b), 0) / left.length, 3)}°, max ${fmt(Math.max(...left.map(Math.abs)), 2)}°`);
  if (last.im) {
    const imJpegs = imageMagickJpegs(last.im.dir);
    const oursBytes = kept.reduce((n, { p }) => n + p.bytes, 0);
    const imBytes = kept.reduce((n, { i }) => n + statSync(imJpegs[i]).size, 0);
    console.log(`size on the same ${kept.length} non-blank pages: app ${fmt(oursBytes / 1024 / kept.length, 0)} KB/page, ImageMagick ${fmt(imBytes / 1024 / kept.length, 0)} KB/page (${fmt(oursBytes / imBytes, 2)}×, target ≤ 0.8)`);
    // Quality on pages that were not deskewed (a straightened page no longer lines up with its source).
    const sample = kept.filter(({ p }) => p.skewAngle === 0 || Math.abs(p.skewAngle) < 0.15).slice(0, 4);
    const q = sample.map(({ p, i }) => ({ page: i + 1, ours: psnr(pages[i].filePath, join(last.app.jobDir!, p.file)), im: psnr(pages[i].filePath, imJpegs[i]) }));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`PSNR against the ${label} source (dB; inf = the scanner's own bytes): app ${fmt(mean(q.map((x) => Math.min(x.ours, 99))), 2)}, ImageMagick ${fmt(mean(q.map((x) => x.im)), 2)} (pages ${q.map((x) => `${x.page}: ${fmt(x.ours, 2)}/${fmt(x.im, 2)}`).join(', ')})`);
  }
}

async function main() {
  mkdirSync(ROOT, { recursive: true });
  mkdirSync(OUT, { recursive: true });
  const im = imageMagickCommand(ROOT);
  if (!im) console.log('ImageMagick: not run (convert cannot write PDF here and no private policy could be used).');
  else console.log(`ImageMagick: ${im.note}`);
  for (const set of SETS) await benchSet(set, im);
  if (!args.includes('--keep')) for (const d of ['app', 'app30', 'bare', 'imagemagick', 'warm']) rmSync(join(OUT, d), { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
