// OCR benchmark (not part of the test suite):
//   node --import tsx tests/bench/ocr-bench.ts [--pages 6] [--rounds 2] [--psm 3]
// Vietnamese pages of the scan benchmark (scan-bench-inputs.ts: generated A4 at 200 dpi, text with stamps,
// handwriting, some skewed), stored as the app stores them (colour JPEG q75, deskewed), read by
//   app      ocrPage() as the OCR queue runs it: a grey PGM on stdin, --psm 3 (or --psm), no inverted-text pass,
//            at the lowest priority, one thread (OMP_THREAD_LIMIT=1);
//   before   the same Tesseract on the colour JPEG with the previous arguments (automatic layout, --psm 3),
// alternating page by page. Prints CPU seconds per page (Tesseract's own from /usr/bin/time, plus, for the
// app, what its process spends preparing the page), wall seconds, and the character error rate against the
// text drawn on the page.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ocrPage } from '../../main/digitization/ocr';
import { processPage } from '../../main/digitization/page-processor';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import { characterErrorRate } from '../digitization/helpers';
import { pageText } from '../support/page-images';
import { inputPages, specFor } from './scan-bench-inputs';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) || fallback : fallback);
const PAGES = option('--pages', 6);
const ROUNDS = option('--rounds', 2);
/** The app's page segmentation mode (its default when not given). */
const PSM = args.includes('--psm') ? Number(args[args.indexOf('--psm') + 1]) : undefined;
const ROOT = join(tmpdir(), 'mcd-scan-bench');
const WORK = join(ROOT, 'ocr');
const TIMES = join(WORK, 'times.txt');
const fmt = (n: number, d = 2) => n.toFixed(d);
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

/** Tesseract behind /usr/bin/time, appending "user sys" per run to TIMES. */
function timedTesseract(): string {
  const path = join(WORK, 'tesseract-timed.sh');
  writeFileSync(path, `#!/bin/sh\nexec /usr/bin/time -a -o '${TIMES}' -f '%U %S' tesseract "$@"\n`, { mode: 0o755 });
  return path;
}

function lastTesseractCpu(): number {
  const [u, s] = readFileSync(TIMES, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return u + s;
}

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  writeFileSync(TIMES, '');
  const source = await inputPages(ROOT, Math.max(30, PAGES * 2), 'png', 80);
  const picked = source.map((p, i) => ({ p, i })).filter(({ i }) => specFor(i).kind === undefined).slice(0, PAGES);
  const stored = [];
  for (const { p, i } of picked) stored.push({ i, page: await processPage(p, { profile: BUILT_IN_PROFILES[0], outputBase: join(WORK, `p${i}`) }) });
  const tesseract = timedTesseract();
  process.env.OMP_THREAD_LIMIT = '1';
  console.log(`== OCR, tesseract -l vie (${spawnSync('tesseract', ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]}), ${stored.length} pages × ${ROUNDS} rounds; load average ${loadavg().map((l) => fmt(l)).join(' ')} ==`);
  const rows: Record<'app' | 'before', { cpu: number; wall: number; cer: number }[]> = { app: [], before: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const { i, page } of stored) {
      const expected = pageText(specFor(i)).join('\n');
      const order: ('app' | 'before')[] = (r + i) % 2 ? ['before', 'app'] : ['app', 'before'];
      for (const who of order) {
        const t0 = performance.now();
        let text: string;
        let cpu: number;
        if (who === 'app') {
          const c0 = process.cpuUsage();
          ({ text } = await ocrPage({ path: page.processedPath, dpi: page.dpi }, { tesseractPath: tesseract, ...(PSM === undefined ? {} : { pageSegMode: PSM }) }));
          const c = process.cpuUsage(c0);
          cpu = lastTesseractCpu() + (c.user + c.system) / 1e6;
        } else {
          const out = join(WORK, 'before');
          spawnSync(tesseract, [page.processedPath, out, '-l', 'vie', '--dpi', String(page.dpi), '-c', 'textonly_pdf=1', 'pdf', 'txt'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
          text = readFileSync(`${out}.txt`, 'utf8').normalize('NFC');
          cpu = lastTesseractCpu();
        }
        rows[who].push({ cpu, wall: (performance.now() - t0) / 1000, cer: characterErrorRate(expected, text) });
      }
    }
    const last = (who: 'app' | 'before') => rows[who].slice(-stored.length);
    console.log(`round ${r + 1}: app ${fmt(median(last('app').map((x) => x.cpu)))} s CPU/page, before ${fmt(median(last('before').map((x) => x.cpu)))}; load ${fmt(loadavg()[0])}`);
  }
  for (const who of ['app', 'before'] as const) {
    const x = rows[who];
    console.log(`${who.padEnd(6)}: CPU ${fmt(median(x.map((y) => y.cpu)))} s/page (median; mean ${fmt(x.reduce((a, y) => a + y.cpu, 0) / x.length)}), wall ${fmt(median(x.map((y) => y.wall)))} s/page, character error rate mean ${fmt((x.reduce((a, y) => a + y.cer, 0) / x.length) * 100)} %, worst ${fmt(Math.max(...x.map((y) => y.cer)) * 100)} %`);
  }
  const ratio = median(rows.app.map((y, k) => y.cpu / rows.before[k].cpu));
  console.log(`CPU per page app/before ${fmt(ratio)}× (median of page pairs); target ≤ 1.0 s per page at ≤ 1 % character error`);
  if (!args.includes('--keep')) rmSync(WORK, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
