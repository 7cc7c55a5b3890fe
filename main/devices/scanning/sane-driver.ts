// SANE (Linux, macOS) through scanimage. Feeder/duplex jobs use --batch with --batch-print: scanimage writes
// each page as "<name>.part", renames it when complete and prints the name, which is when we hand it over.
import type { ChildProcess } from 'node:child_process';
import { rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSpawn, killTree, readLines, runHelper, waitExit, type SpawnFn } from './child';
import { probeImage } from './image-info';
import { saneConnection } from './device-label';
import { PageChannel } from './job';
import { nextPageNumber, pageName, removeLeftovers } from './workdir';
import { classifySaneExit, parseSaneDeviceList, parseSaneOptions, saneCapabilities, SANE_LIST_FORMAT, type SaneDeviceModel } from './sane-parse';
import {
  PAPER_MM,
  scanError,
  ScanError,
  type ScanJob,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
  type ScanRequest,
} from './scanner';

export interface SaneDriverOptions {
  scanimagePath?: string;
  /** SANE_CONFIG_DIR for the children (a private configuration, e.g. the test backend). */
  saneConfigDir?: string;
  env?: NodeJS.ProcessEnv;
  /** For `-L`/`-A`; network backends can take a while to answer. */
  listTimeoutMs?: number;
  /** Default for ScanRequest.timeoutMs: longest wait for the next page. */
  pageTimeoutMs?: number;
  /** SIGTERM → SIGKILL grace period. */
  killGraceMs?: number;
  /**
   * File format scanimage writes (default pnm). PNM is scanimage's own: the pixels as the backend gives them,
   * so scanimage spends no CPU compressing and the pipeline none decoding (PNG cost ~120 ms of scanimage's
   * CPU and ~60 ms of the pipeline's per colour A4 page at 200 dpi). The price is disk: ~11.6 MB per such
   * page in the job's raw folder until the pipeline has stored it (it then removes it).
   */
  format?: 'png' | 'tiff' | 'pnm';
  /** Extra device options appended to every scan (site settings, or test-backend switches in the tests). */
  extraArgs?: readonly string[];
  spawn?: SpawnFn;
}

const PREFIX = 'sane:';
const EXT = { png: 'png', tiff: 'tif', pnm: 'pnm' } as const;

export class SaneDriver implements ScannerDriver {
  readonly kind = 'sane' as const;
  private readonly bin: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly spawn: SpawnFn;
  private readonly models = new Map<string, Promise<SaneDeviceModel>>();

  constructor(private readonly opts: SaneDriverOptions = {}) {
    this.bin = opts.scanimagePath ?? 'scanimage';
    this.spawn = opts.spawn ?? defaultSpawn;
    // LC_ALL=C: the parsers match SANE's English status strings.
    this.env = { ...process.env, ...opts.env, LANG: 'C', LC_ALL: 'C' };
    if (opts.saneConfigDir) this.env.SANE_CONFIG_DIR = opts.saneConfigDir;
  }

  async listDevices(): Promise<ScannerDevice[]> {
    const r = await this.run(['-f', SANE_LIST_FORMAT]);
    return parseSaneDeviceList(r.stdout).map((d) => ({
      id: PREFIX + d.name,
      driver: 'sane',
      name: `${d.vendor} ${d.model}`.trim() || d.name,
      model: d.model || undefined,
      connection: saneConnection(d.name, d.type),
      address: d.name,
    }));
  }

  async capabilities(deviceId: string): Promise<ScannerCapabilities> {
    return (await this.model(deviceId)).caps;
  }

  startScan(deviceId: string, req: ScanRequest, workDir: string): ScanJob {
    const job = new PageChannel(undefined, req.signal);
    void this.scan(job, deviceId, req, workDir).catch((err: unknown) =>
      job.fail(err instanceof ScanError ? err : scanError('FAILED', job.count, String(err))),
    );
    return job;
  }

  private model(deviceId: string): Promise<SaneDeviceModel> {
    let m = this.models.get(deviceId);
    if (!m) {
      m = this.run(['-d', saneName(deviceId), '-A']).then((r) => saneCapabilities(parseSaneOptions(r.stdout)));
      m.catch(() => this.models.delete(deviceId));
      this.models.set(deviceId, m);
    }
    return m;
  }

  private async run(args: string[]) {
    const r = await runHelper(this.spawn, this.bin, args, { env: this.env, timeoutMs: this.opts.listTimeoutMs ?? 30_000 });
    if (r.spawnError) throw scanError('FAILED', 0, `${this.bin}: ${r.spawnError.message} (SANE chưa được cài?)`);
    if (r.timedOut) throw scanError('TIMEOUT', 0, `${this.bin} ${args.join(' ')}: no answer`);
    const code = classifySaneExit(r.code, r.signal, r.stderr);
    if (code) throw scanError(code, 0, r.stderr.trim());
    return r;
  }

  private async scan(job: PageChannel, deviceId: string, req: ScanRequest, workDir: string): Promise<void> {
    const model = await this.model(deviceId);
    const args = ['-d', saneName(deviceId), ...this.requestArgs(model, req)];
    const fmt = this.opts.format ?? 'pnm';
    const ext = EXT[fmt];
    const start = await nextPageNumber(workDir);
    const batch = req.source !== 'flatbed';
    const single = join(workDir, pageName(start, ext));
    if (batch) {
      // scanimage runs the pattern through printf: a '%' in the folder name must be doubled.
      const pattern = join(workDir.replace(/%/g, '%%'), `p%04d.${ext}`);
      args.push(`--format=${fmt}`, `--batch=${pattern}`, `--batch-start=${start}`, '--batch-print');
    } else {
      args.push(`--format=${fmt}`, `--output-file=${single}.part`);
    }
    args.push(...(this.opts.extraArgs ?? []));
    if (job.isCancelled) return job.fail(scanError('CANCELLED'));

    const child = this.spawn(this.bin, args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const exited = waitExit(child);
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (d: string) => (stderr = (stderr + d).slice(-16_384)));

    let timedOut = false;
    const timeoutMs = req.timeoutMs ?? this.opts.pageTimeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        void this.kill(child);
      }, timeoutMs);
    };
    arm();
    // A cancel is over once the helper is gone AND the page it was writing is removed: the job says CANCELLED
    // as soon as onCancel resolves, and nothing may appear in the folder after that.
    let cleanedUp!: () => void;
    const cleaned = new Promise<void>((resolve) => (cleanedUp = resolve));
    job.onCancel = async () => {
      clearTimeout(timer);
      await this.kill(child);
      await cleaned;
    };

    let badOutput: ScanError | undefined;
    let chain = Promise.resolve();
    const side = (i: number) => (req.source === 'duplex' ? (i % 2 === 0 ? 'front' : 'back') : undefined);
    const deliver = async (file: string) => {
      if (job.isCancelled || job.isClosed || badOutput) return void (await unlink(file).catch(() => undefined));
      try {
        const info = await probeImage(file);
        job.push({ filePath: file, format: info.format, widthPx: info.width, heightPx: info.height, dpi: req.resolution, colorMode: req.colorMode, side: side(job.count) });
        arm();
      } catch (err) {
        badOutput = scanError('BAD_OUTPUT', job.count, `${file}: ${String(err)}`);
        await this.kill(child);
      }
    };
    if (batch) readLines(child.stdout, (line) => {
      const file = line.trim();
      if (file) chain = chain.then(() => deliver(file));
    });
    else child.stdout?.resume();

    const exit = await exited;
    clearTimeout(timer);
    if (!batch && exit.code === 0 && !job.isCancelled) {
      chain = chain.then(async () => {
        await rename(`${single}.part`, single).catch(() => undefined);
        await deliver(single);
      });
    }
    try {
      await chain;
      await removeLeftovers(workDir);
    } finally {
      cleanedUp();
    }

    if (exit.spawnError) return job.fail(scanError('FAILED', job.count, `${this.bin}: ${exit.spawnError.message}`));
    if (badOutput) return job.fail(badOutput);
    if (job.isCancelled) return job.fail(scanError('CANCELLED', job.count));
    if (timedOut) return job.fail(scanError('TIMEOUT', job.count, `no page for ${timeoutMs} ms; ${stderr.trim()}`));
    const code = classifySaneExit(exit.code, exit.signal, stderr);
    const detail = `exit ${exit.code ?? exit.signal}: ${stderr.trim()}`;
    // A feeder that runs out after at least one page is the normal end of a batch.
    if (!code || (code === 'FEEDER_EMPTY' && job.count > 0)) {
      if (job.count === 0) return job.fail(scanError(batch ? 'FEEDER_EMPTY' : 'BAD_OUTPUT', 0, detail));
      return job.end();
    }
    job.fail(scanError(code, job.count, detail));
  }

  private requestArgs(model: SaneDeviceModel, req: ScanRequest): string[] {
    const args: string[] = [];
    const source = model.sourceNames[req.source];
    if (source === undefined) throw scanError('UNSUPPORTED', 0, `source ${req.source}`, nguon(req.source));
    if (source) args.push(`--source=${source}`);
    const mode = model.modeNames[req.colorMode];
    if (mode === undefined) {
      if (model.caps.colorModes.length > 0) throw scanError('UNSUPPORTED', 0, `mode ${req.colorMode}`, 'chế độ màu');
    } else args.push(`--mode=${mode}`);
    const r = model.resolution;
    if (r?.kind === 'list' && !r.values.map(Number).includes(req.resolution)) {
      throw scanError('UNSUPPORTED', 0, `resolution ${req.resolution} not in ${r.values.join('|')}`, `${req.resolution} dpi`);
    }
    if (r?.kind === 'range' && (req.resolution < r.min || req.resolution > r.max)) {
      throw scanError('UNSUPPORTED', 0, `resolution ${req.resolution} outside ${r.min}..${r.max}`, `${req.resolution} dpi`);
    }
    args.push(`--resolution=${req.resolution}`);
    // The scan area is the paper, clipped to what the device can do (a Legal page on an A4 flatbed).
    const paper = PAPER_MM[req.paper];
    const w = Math.min(paper.w, model.caps.maxWidthMm ?? paper.w);
    const h = Math.min(paper.h, model.caps.maxHeightMm ?? paper.h);
    if (model.geometry.l) args.push('-l', '0');
    if (model.geometry.t) args.push('-t', '0');
    if (model.geometry.x) args.push('-x', String(w));
    if (model.geometry.y) args.push('-y', String(h));
    return args;
  }

  private kill(child: ChildProcess): Promise<void> {
    return killTree(child, { graceMs: this.opts.killGraceMs ?? 3000, spawn: this.spawn });
  }
}

function saneName(deviceId: string): string {
  return deviceId.startsWith(PREFIX) ? deviceId.slice(PREFIX.length) : deviceId;
}

const nguon = (s: string) => ({ flatbed: 'mặt kính', feeder: 'khay nạp giấy', duplex: 'quét hai mặt' })[s] ?? s;
