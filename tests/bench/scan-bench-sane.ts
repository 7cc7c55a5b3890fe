// SANE input benchmark (not part of the test suite): the real `scanimage` with SANE's test backend feeding the
// app's scan job, scanimage asked for PNG against PNM, alternating in every round.
//   node --import tsx tests/bench/scan-bench-sane.ts [--batches 3] [--rounds 3] [--dpi 200] [--picture "Color pattern"]
// Each batch is one feeder job of the test backend (10 A4 colour pages). Per contender and round: CPU of
// scanimage (user + sys, from /usr/bin/time around each scanimage child) and of this process (the driver and
// the pipeline: blank detection and deskew on, OCR off; process.resourceUsage counts libvips' threads too),
// per page, and pages/s. The test backend draws its picture in both cases, so the difference between the two
// is the PNG compression in scanimage and the PNG decode in the pipeline.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSpawn, type SpawnFn } from '../../main/devices/scanning/child';
import { SaneDriver } from '../../main/devices/scanning/sane-driver';
import { ScanJob } from '../../main/digitization/pipeline';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import { makeSaneConfig } from '../support/sane';
import { collect } from '../support/scan-collect';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const BATCHES = Number(option('--batches', '3'));
const ROUNDS = Number(option('--rounds', '3'));
const DPI = Number(option('--dpi', '200'));
const PICTURE = option('--picture', 'Color pattern');
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

type Format = 'png' | 'pnm';
interface Run { pages: number; seconds: number; scanimageCpu: number; appCpu: number }

async function run(format: Format, configDir: string, root: string): Promise<Run> {
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
  const r0 = process.resourceUsage();
  const t0 = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const raw = join(root, `raw-${format}-${b}`);
    const added: Promise<unknown>[] = [];
    const { error } = await collect(driver.startScan('sane:test:0', { source: 'feeder', resolution: DPI, colorMode: 'color', paper: 'A4' }, mkdir(raw)), (p) => {
      pages++;
      // As the service does: the page goes to the job at once and its raw file goes when it is stored.
      added.push(job.addPage(p, { component: 'TP01' }).finally(() => rmSync(p.filePath, { force: true })));
    });
    if (error) throw error;
    await Promise.all(added);
  }
  const seconds = (performance.now() - t0) / 1000;
  const r1 = process.resourceUsage();
  const scanimageCpu = timings.reduce((n, f) => n + readFileSync(f, 'utf8').trim().split('\n').pop()!.split(' ').map(Number).reduce((a, b) => a + b, 0), 0);
  return { pages, seconds, scanimageCpu, appCpu: (r1.userCPUTime - r0.userCPUTime + r1.systemCPUTime - r0.systemCPUTime) / 1e6 };
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
    await run('pnm', cfg.configDir, mkdtempSync(join(tmpdir(), 'mcd-sane-bench-warm-'))); // module compilation, disk cache
    const got: Record<Format, Run[]> = { png: [], pnm: [] };
    for (let r = 0; r < ROUNDS; r++) {
      for (const format of (r % 2 ? ['pnm', 'png'] : ['png', 'pnm']) as Format[]) {
        const root = mkdtempSync(join(tmpdir(), `mcd-sane-bench-${format}-`));
        try {
          const x = await run(format, cfg.configDir, root);
          got[format].push(x);
          console.log(`round ${r + 1} ${format}: ${x.pages} pages, ${(x.pages / x.seconds).toFixed(2)} pages/s, CPU ms/page scanimage ${ms(x.scanimageCpu, x.pages)} + app ${ms(x.appCpu, x.pages)} = ${ms(x.scanimageCpu + x.appCpu, x.pages)}; load ${loadavg()[0].toFixed(2)}`);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }
    }
    for (const f of ['png', 'pnm'] as Format[]) {
      const m = (g: (x: Run) => number) => median(got[f].map(g));
      console.log(`median ${f}: ${m((x) => x.pages / x.seconds).toFixed(2)} pages/s, CPU ms/page scanimage ${m((x) => (x.scanimageCpu / x.pages) * 1000).toFixed(0)} + app ${m((x) => (x.appCpu / x.pages) * 1000).toFixed(0)} = ${m((x) => ((x.scanimageCpu + x.appCpu) / x.pages) * 1000).toFixed(0)}`);
    }
    const ratio = median(got.pnm.map((x, i) => (x.scanimageCpu + x.appCpu) / x.pages / ((got.png[i].scanimageCpu + got.png[i].appCpu) / got.png[i].pages)));
    console.log(`CPU per page, scanimage + app, PNM / PNG (median of the rounds' ratios): ${ratio.toFixed(2)}×; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    cfg.cleanup();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
