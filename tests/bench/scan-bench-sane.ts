// SANE input benchmark (not part of the test suite): the real `scanimage` with SANE's test backend feeding the
// app's scan job, scanimage asked for PNG against PNM, and the same PNM pages made into PDFs by ImageMagick,
// alternating in every round.
//   node --import tsx tests/bench/scan-bench-sane.ts [--batches 3] [--rounds 3] [--dpi 200] [--picture "Color pattern"]
// Each batch is one feeder job of the test backend (10 A4 colour pages). Per contender and round: CPU of
// scanimage (user + sys, from /usr/bin/time around each scanimage child) and of what takes the pages: this
// process (the driver and the pipeline: blank detection and deskew on, OCR off; process.resourceUsage counts
// libvips' threads too) or `convert <10 pages> -compress jpeg -quality 75 out.pdf` after the batch (no
// analysis; from /usr/bin/time), per page, and pages/s. The test backend draws its picture every time, so
// PNG against PNM is the PNG compression in scanimage and the PNG decode in the pipeline.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSpawn, type SpawnFn } from '../../main/devices/scanning/child';
import { SaneDriver } from '../../main/devices/scanning/sane-driver';
import { spawnSync } from 'node:child_process';
import { ScanJob } from '../../main/digitization/pipeline';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import { makeSaneConfig } from '../support/sane';
import { collect } from '../support/scan-collect';
import { type ImageMagick, imageMagickCommand } from './scan-bench-inputs';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const BATCHES = Number(option('--batches', '3'));
const ROUNDS = Number(option('--rounds', '3'));
const DPI = Number(option('--dpi', '200'));
const PICTURE = option('--picture', 'Color pattern');
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

type Contender = 'png' | 'pnm' | 'im';
type Format = 'png' | 'pnm';
interface Run { pages: number; seconds: number; scanimageCpu: number; appCpu: number }

/** CPU seconds of one /usr/bin/time report (its last line: user sys). */
const timeCpu = (text: string) => text.trim().split('\n').pop()!.split(' ').map(Number).reduce((a, b) => a + b, 0);

async function run(contender: Contender, configDir: string, root: string, im: ImageMagick | null): Promise<Run> {
  const format: Format = contender === 'png' ? 'png' : 'pnm';
  const timings: string[] = [];
  // Only the scans go through /usr/bin/time; the -A listing is cached per driver and warmed below.
  const spawn: SpawnFn = (c, a, o) => {
    if (!a.some((x) => x.startsWith('--format='))) return defaultSpawn(c, a, o);
    const file = join(root, `time-${timings.length}.txt`);
    timings.push(file);
    return defaultSpawn('/usr/bin/time', ['-f', '%U %S', '-o', file, c, ...a], o);
  };
  const driver = new SaneDriver({ saneConfigDir: configDir, format, spawn, extraArgs: [`--test-picture=${PICTURE}`] });
  await driver.capabilities('sane:test:0');
  const profile = BUILT_IN_PROFILES.find((p) => p.colorMode === 'color')!;
  const job = await ScanJob.create(join(root, `job-${format}`), { ...profile, dpi: DPI }, [{ code: 'TP01', name: 'Thành phần 1' }]);
  let pages = 0;
  let imCpu = 0;
  const r0 = process.resourceUsage();
  const t0 = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const raw = join(root, `raw-${format}-${b}`);
    const added: Promise<unknown>[] = [];
    const files: string[] = [];
    const { error } = await collect(driver.startScan('sane:test:0', { source: 'feeder', resolution: DPI, colorMode: 'color', paper: 'A4' }, mkdir(raw)), (p) => {
      pages++;
      files.push(p.filePath);
      // As the service does: the page goes to the job at once and its raw file goes when it is stored.
      if (contender !== 'im') added.push(job.addPage(p, { component: 'TP01' }).finally(() => rmSync(p.filePath, { force: true })));
    });
    if (error) throw error;
    await Promise.all(added);
    if (contender === 'im') {
      const r = spawnSync('/usr/bin/time', ['-f', '%U %S', im!.cmd, ...im!.pre, ...files, '-compress', 'jpeg', '-quality', '75', join(root, `b${b}.pdf`)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`ImageMagick failed: ${r.stderr}`);
      imCpu += timeCpu(r.stderr);
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  const r1 = process.resourceUsage();
  const scanimageCpu = timings.reduce((n, f) => n + timeCpu(readFileSync(f, 'utf8')), 0);
  // For ImageMagick only convert counts: this process just waited (and listed the pages).
  const appCpu = contender === 'im' ? imCpu : (r1.userCPUTime - r0.userCPUTime + r1.systemCPUTime - r0.systemCPUTime) / 1e6;
  return { pages, seconds, scanimageCpu, appCpu };
}

function mkdir(dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function main() {
  const cfg = makeSaneConfig();
  const ms = (s: number, pages: number) => ((s / pages) * 1000).toFixed(0);
  try {
    console.log(`SANE test backend, feeder, ${BATCHES} × 10 A4 colour pages at ${DPI} dpi (--test-picture "${PICTURE}"), ${ROUNDS} rounds; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    const warm = mkdtempSync(join(tmpdir(), 'mcd-sane-bench-warm-'));
    const im = imageMagickCommand(warm);
    console.log(im ? `ImageMagick: ${im.note}` : 'ImageMagick: not run (convert cannot write PDF here)');
    await run('pnm', cfg.configDir, warm, im); // module compilation, disk cache
    const label: Record<Contender, string> = { png: 'scanimage PNG + app', pnm: 'scanimage PNM + app', im: 'scanimage PNM + ImageMagick' };
    const contenders: Contender[] = im ? ['png', 'pnm', 'im'] : ['png', 'pnm'];
    const got: Record<Contender, Run[]> = { png: [], pnm: [], im: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const c of r % 2 ? [...contenders].reverse() : contenders) {
        const root = mkdtempSync(join(tmpdir(), `mcd-sane-bench-${c}-`));
        try {
          const x = await run(c, cfg.configDir, root, im);
          got[c].push(x);
          console.log(`round ${r + 1} ${label[c]}: ${x.pages} pages, ${(x.pages / x.seconds).toFixed(2)} pages/s, CPU ms/page ${ms(x.scanimageCpu, x.pages)} + ${ms(x.appCpu, x.pages)} = ${ms(x.scanimageCpu + x.appCpu, x.pages)}; load ${loadavg()[0].toFixed(2)}`);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }
    }
    const perPage = (x: Run) => (x.scanimageCpu + x.appCpu) / x.pages;
    for (const c of contenders) {
      const m = (g: (x: Run) => number) => median(got[c].map(g));
      console.log(`median ${label[c]}: ${m((x) => x.pages / x.seconds).toFixed(2)} pages/s, CPU ms/page ${m((x) => (x.scanimageCpu / x.pages) * 1000).toFixed(0)} + ${m((x) => (x.appCpu / x.pages) * 1000).toFixed(0)} = ${m((x) => perPage(x) * 1000).toFixed(0)}`);
    }
    const ratio = (a: Contender, b: Contender) => median(got[a].map((x, i) => perPage(x) / perPage(got[b][i]))).toFixed(2);
    const speed = (a: Contender, b: Contender) => median(got[a].map((x, i) => got[b][i].seconds / got[b][i].pages / (x.seconds / x.pages))).toFixed(2);
    console.log(`CPU per page (median of the rounds' ratios): PNM/PNG ${ratio('pnm', 'png')}×${im ? `, app/ImageMagick on PNM ${ratio('pnm', 'im')}×, app on PNG/ImageMagick on PNM ${ratio('png', 'im')}×; pages/s app/ImageMagick on PNM ${speed('pnm', 'im')}×` : ''}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    cfg.cleanup();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
