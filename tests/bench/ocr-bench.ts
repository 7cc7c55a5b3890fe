// OCR benchmark (not part of the test suite):
//   node --import tsx tests/bench/ocr-bench.ts [--pages 6] [--rounds 2] [--psm 3] [--pages-per-run 8]
// Vietnamese pages of the scan benchmark (scan-bench-inputs.ts: generated A4 at 200 dpi, text with stamps,
// handwriting, some skewed), stored as the app stores them (colour JPEG q75, deskewed), read by
//   app       ocrPages() as the OCR queue runs a document: the pages as grey uncompressed TIFFs, one
//             Tesseract run for up to --pages-per-run of them, --psm 3 (or --psm), no inverted-text pass;
//   previous  the previous call: one Tesseract a page, the page as a grey PGM on stdin, same arguments;
//   jpeg      the first call: one Tesseract a page on the colour JPEG, automatic layout, inverted-text pass on;
// all at the lowest priority and one thread (OMP_THREAD_LIMIT=1), the three in turn in every round (the
// order rotating). Prints CPU seconds per page (Tesseract's own from /usr/bin/time, plus what the app's
// process spends preparing the pages), wall seconds, and the character error rate against the text drawn on
// the page; the ratios are medians over the rounds of the same round's means.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharp } from '../../main/base/lazy-module';
import { ocrPages } from '../../main/digitization/ocr';
import { processPage } from '../../main/digitization/page-processor';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import type { ProcessedPage } from '../../main/digitization/types';
import { characterErrorRate } from '../digitization/helpers';
import { pageText } from '../support/page-images';
import { inputPages, specFor } from './scan-bench-inputs';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const PAGES = option('--pages', 6);
const ROUNDS = option('--rounds', 2);
const PSM = option('--psm', 3);
const PER_RUN = option('--pages-per-run', 8);
const ROOT = join(tmpdir(), 'mcd-scan-bench');
const WORK = join(ROOT, 'ocr');
const TIMES = join(WORK, 'times.txt');
const fmt = (n: number, d = 2) => n.toFixed(d);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cpuOf = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;

/** Tesseract behind /usr/bin/time, appending "user sys" per run to TIMES. */
function timedTesseract(): string {
  const path = join(WORK, 'tesseract-timed.sh');
  writeFileSync(path, `#!/bin/sh\nexec /usr/bin/time -a -o '${TIMES}' -f '%U %S' tesseract "$@"\n`, { mode: 0o755 });
  return path;
}

/** CPU seconds of the Tesseract runs logged since line `from`. */
function tesseractCpuSince(from: number): { cpu: number; lines: number } {
  const lines = readFileSync(TIMES, 'utf8').trim().split('\n').filter(Boolean);
  const cpu = lines.slice(from).reduce((a, l) => { const [u, s] = l.split(' ').map(Number); return a + u + s; }, 0);
  return { cpu, lines: lines.length };
}

/** One Tesseract at the lowest priority, `input` on stdin (the way the app started it before). */
function tesseractAt19(tesseract: string, argv: string[], input?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('nice', ['-n', '19', tesseract, ...argv], { stdio: [input ? 'pipe' : 'ignore', 'ignore', 'pipe'], env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    if (input) child.stdin!.end(input);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tesseract ${code}: ${err}`))));
  });
}

type Who = 'app' | 'previous' | 'jpeg';
interface Row { cpu: number; prep: number; wall: number; cers: number[] }

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  writeFileSync(TIMES, '');
  const source = await inputPages(ROOT, Math.max(30, PAGES * 2), 'png', 80);
  const picked = source.map((p, i) => ({ p, i })).filter(({ i }) => specFor(i).kind === undefined).slice(0, PAGES);
  const stored: { i: number; page: ProcessedPage }[] = [];
  for (const { p, i } of picked) stored.push({ i, page: await processPage(p, { profile: BUILT_IN_PROFILES[0], outputBase: join(WORK, `p${i}`) }) });
  const expected = stored.map(({ i }) => pageText(specFor(i)).join('\n'));
  const tesseract = timedTesseract();
  const common = ['-l', 'vie', '--dpi', String(stored[0].page.dpi)];
  let logged = 0;
  const contenders: Record<Who, () => Promise<{ texts: string[]; prepCpu: number }>> = {
    app: async () => {
      const c0 = process.cpuUsage();
      const { texts } = await ocrPages(stored.map(({ page }) => ({ path: page.processedPath, dpi: page.dpi })), { tesseractPath: tesseract, pageSegMode: PSM, pagesPerRun: PER_RUN });
      return { texts, prepCpu: cpuOf(process.cpuUsage(c0)) };
    },
    previous: async () => {
      const texts: string[] = [];
      let prepCpu = 0;
      for (const { page } of stored) {
        const c0 = process.cpuUsage();
        const { data, info } = await sharp(page.processedPath).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
        const pgm = Buffer.concat([Buffer.from(`P5\n${info.width} ${info.height}\n255\n`, 'latin1'), data]);
        prepCpu += cpuOf(process.cpuUsage(c0));
        const out = join(WORK, 'previous');
        await tesseractAt19(tesseract, ['stdin', out, ...common, '--psm', String(PSM), '-c', 'tessedit_do_invert=0', '-c', 'textonly_pdf=1', 'pdf', 'txt'], pgm);
        texts.push(readFileSync(`${out}.txt`, 'utf8').normalize('NFC'));
      }
      return { texts, prepCpu };
    },
    jpeg: async () => {
      const texts: string[] = [];
      for (const { page } of stored) {
        const out = join(WORK, 'jpeg');
        await tesseractAt19(tesseract, [page.processedPath, out, ...common, '-c', 'textonly_pdf=1', 'pdf', 'txt']);
        texts.push(readFileSync(`${out}.txt`, 'utf8').normalize('NFC'));
      }
      return { texts, prepCpu: 0 };
    },
  };
  const names = Object.keys(contenders) as Who[];
  console.log(`== OCR, tesseract -l vie (${spawnSync('tesseract', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]}), ${stored.length} pages × ${ROUNDS} rounds, --psm ${PSM}, app ${PER_RUN} pages a run; load average ${loadavg().map((l) => fmt(l)).join(' ')} ==`);
  const rows: Record<Who, Row[]> = { app: [], previous: [], jpeg: [] };
  for (let r = 0; r < ROUNDS; r++) {
    const order = names.map((_, k) => names[(k + r) % names.length]);
    for (const who of order) {
      const t0 = performance.now();
      const { texts, prepCpu } = await contenders[who]();
      const t = tesseractCpuSince(logged);
      logged = t.lines;
      rows[who].push({ cpu: (t.cpu + prepCpu) / stored.length, prep: prepCpu / stored.length, wall: (performance.now() - t0) / 1000 / stored.length, cers: texts.map((text, k) => characterErrorRate(expected[k], text)) });
    }
    console.log(`round ${r + 1} (${order.join(', ')}): ${names.map((w) => `${w} ${fmt(rows[w][r].cpu)}`).join(', ')} s CPU/page; load ${fmt(loadavg()[0])}`);
  }
  for (const who of names) {
    const x = rows[who];
    const cers = x.flatMap((y) => y.cers);
    console.log(`${who.padEnd(8)}: CPU ${fmt(median(x.map((y) => y.cpu)))} s/page (median of rounds; mean ${fmt(mean(x.map((y) => y.cpu)))}; in the app's process ${fmt(mean(x.map((y) => y.prep)) * 1000, 0)} ms), wall ${fmt(median(x.map((y) => y.wall)))} s/page, character error rate mean ${fmt(mean(cers) * 100)} %, worst ${fmt(Math.max(...cers) * 100)} %`);
  }
  const ratio = (a: Who, b: Who) => fmt(median(rows[a].map((y, k) => y.cpu / rows[b][k].cpu)));
  console.log(`CPU per page app/previous ${ratio('app', 'previous')}×, app/jpeg ${ratio('app', 'jpeg')}×, previous/jpeg ${ratio('previous', 'jpeg')}× (medians of the rounds' ratios); load ${loadavg().map((l) => fmt(l)).join(' ')}; target ≤ 1.0 s per page at ≤ 1 % character error`);
  if (!args.includes('--keep')) rmSync(WORK, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
