// TWAIN (Windows) through NAPS2's console program, never inside our process: most TWAIN data sources are
// 32-bit DLLs, and NAPS2 runs them in its own 32-bit worker. Command line from NAPS2's documentation
// (https://www.naps2.com/doc/command-line) and its option table, cyanfish/naps2
// NAPS2.Lib/Automation/AutomatedScanningOptions.cs: --listdevices, --driver twain, --device <name>,
// --source glass|feeder|duplex, --dpi N, --bitdepth color|gray|bw, --pagesize a4…, -o <path with $(nnnn)>,
// --noprofile, -f (overwrite), -v (progress lines).
// NAPS2 writes the image files only after the whole batch is scanned (AutomatedScanning.cs exports after
// PerformScan), so pages are picked up from the output folder as they appear, and a crash of NAPS2
// mid-batch loses that batch (NAPS2 keeps its own recovery copy, which the clerk can open in NAPS2).
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, rename, stat } from 'node:fs/promises';
import { join, win32 } from 'node:path';
import { defaultSpawn, delay, killTree, readLines, runHelper, waitExit, type SpawnFn } from './child';
import { probeImage } from './image-info';
import { PageChannel } from './job';
import {
  papersThatFit,
  scanError,
  ScanError,
  type ScanErrorCode,
  type ScanJob,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
  type ScanRequest,
} from './scanner';
import { nextPageNumber, pageName, removeLeftovers } from './workdir';

export interface TwainDriverOptions {
  /** Configured path to NAPS2.Console.exe; otherwise the usual install folders are tried. */
  naps2Path?: string;
  env?: NodeJS.ProcessEnv;
  exists?: (p: string) => boolean;
  spawn?: SpawnFn;
  platform?: NodeJS.Platform;
  listTimeoutMs?: number;
  /** Longest wait for the next page; NAPS2 writes pages at the end, so this covers the whole batch. */
  pageTimeoutMs?: number;
  pollMs?: number;
  killGraceMs?: number;
}

/** Where NAPS2.Console.exe is, or undefined when NAPS2 is not installed. */
export function findNaps2(opts: Pick<TwainDriverOptions, 'naps2Path' | 'env' | 'exists'> = {}): string | undefined {
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? existsSync;
  const candidates = [
    opts.naps2Path,
    env['ProgramFiles'] && win32.join(env['ProgramFiles'], 'NAPS2', 'NAPS2.Console.exe'),
    env['ProgramFiles(x86)'] && win32.join(env['ProgramFiles(x86)'], 'NAPS2', 'NAPS2.Console.exe'),
    env['LOCALAPPDATA'] && win32.join(env['LOCALAPPDATA'], 'Programs', 'NAPS2', 'NAPS2.Console.exe'),
  ].filter((p): p is string => !!p);
  return candidates.find((p) => exists(p));
}

/** `--listdevices` prints one device name per line. */
export function parseNaps2Devices(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^(NAPS2|Usage|Error|An error)/i.test(l));
}

const RULES: [RegExp, ScanErrorCode][] = [
  [/jam/i, 'PAPER_JAM'],
  [/no (more )?pages? (are )?in the feeder|feeder is empty|out of paper|no scanned pages/i, 'FEEDER_EMPTY'],
  [/cover.*open|open.*cover|lid/i, 'COVER_OPEN'],
  [/busy|in use/i, 'BUSY'],
  [/offline|not (be )?found|not connected|disconnected|no (scanning )?device/i, 'DISCONNECTED'],
  [/not supported|unsupported|invalid (value|dpi|source)/i, 'UNSUPPORTED'],
];

/** NAPS2 reports errors as text (its exit code is not reliable), in English or the Windows UI language. */
export function classifyNaps2Output(text: string): ScanErrorCode | undefined {
  const errors = text.split(/\r?\n/).filter((l) => /error|jam|feeder|cover|busy|offline|found|connect|support|pages/i.test(l) && !/^Scanned page|^Starting scan|^Beginning|^Exporting|^Finished/i.test(l.trim()));
  for (const line of errors) for (const [re, code] of RULES) if (re.test(line)) return code;
  return undefined;
}

const SOURCE = { flatbed: 'glass', feeder: 'feeder', duplex: 'duplex' } as const;
const BITDEPTH = { color: 'color', gray: 'gray', bw: 'bw' } as const;
const PAGESIZE = { A4: 'a4', A5: 'a5', Letter: 'letter', Legal: 'legal' } as const;
const PREFIX = 'twain:';
const OUT_RE = /^naps2-(\d+)\.png$/;

export class TwainDriver implements ScannerDriver {
  readonly kind = 'twain' as const;
  private readonly spawn: SpawnFn;

  constructor(private readonly opts: TwainDriverOptions = {}) {
    this.spawn = opts.spawn ?? defaultSpawn;
  }

  get naps2(): string | undefined {
    return findNaps2(this.opts);
  }

  scanArgs(deviceName: string, req: ScanRequest, workDir: string): string[] {
    return [
      '--noprofile',
      '--driver', 'twain',
      '--device', deviceName,
      '--source', SOURCE[req.source],
      '--dpi', String(req.resolution),
      '--bitdepth', BITDEPTH[req.colorMode],
      '--pagesize', PAGESIZE[req.paper],
      // $(nnnn) is NAPS2's auto-incrementing number placeholder; one PNG per page.
      '-o', join(workDir, 'naps2-$(nnnn).png'),
      '-f',
      '-v',
    ];
  }

  async listDevices(): Promise<ScannerDevice[]> {
    const exe = this.naps2;
    if (!exe) return [];
    const r = await runHelper(this.spawn, exe, ['--listdevices', '--driver', 'twain'], { timeoutMs: this.opts.listTimeoutMs ?? 60_000, platform: this.opts.platform });
    if (r.spawnError || r.timedOut) throw scanError(r.timedOut ? 'TIMEOUT' : 'FAILED', 0, `NAPS2 --listdevices: ${r.spawnError?.message ?? 'no answer'}`);
    return parseNaps2Devices(r.stdout).map((name) => ({ id: PREFIX + name, driver: 'twain' as const, name }));
  }

  /** NAPS2's console cannot ask a TWAIN source for its limits: these are the settings we let the clerk pick. */
  async capabilities(): Promise<ScannerCapabilities> {
    return { sources: ['flatbed', 'feeder', 'duplex'], resolutions: [100, 150, 200, 300, 400, 600], colorModes: ['color', 'gray', 'bw'], paperSizes: papersThatFit() };
  }

  startScan(deviceId: string, req: ScanRequest, workDir: string): ScanJob {
    const job = new PageChannel(undefined, req.signal);
    void this.scan(job, deviceId, req, workDir).catch((err: unknown) =>
      job.fail(err instanceof ScanError ? err : scanError('FAILED', job.count, String(err))),
    );
    return job;
  }

  private async scan(job: PageChannel, deviceId: string, req: ScanRequest, workDir: string): Promise<void> {
    const exe = this.naps2;
    if (!exe) throw scanError('UNSUPPORTED', 0, 'NAPS2.Console.exe not found', 'máy quét TWAIN cần cài NAPS2');
    const name = deviceId.startsWith(PREFIX) ? deviceId.slice(PREFIX.length) : deviceId;
    if (job.isCancelled) return job.fail(scanError('CANCELLED'));
    const child: ChildProcess = this.spawn(exe, this.scanArgs(name, req, workDir), { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const exited = waitExit(child);
    let output = '';
    readLines(child.stdout, (l) => (output = (output + l + '\n').slice(-16_384)));
    readLines(child.stderr, (l) => (output = (output + l + '\n').slice(-16_384)));
    const kill = () => killTree(child, { graceMs: this.opts.killGraceMs ?? 3000, platform: this.opts.platform, spawn: this.spawn });
    let running = true;
    job.onCancel = async () => {
      await kill();
    };
    const timeoutMs = req.timeoutMs ?? this.opts.pageTimeoutMs ?? 300_000;
    let lastProgress = Date.now();
    let timedOut = false;
    let bad: ScanError | undefined;
    let n = await nextPageNumber(workDir);
    const taken = new Set<string>();

    // Takes the pages NAPS2 has finished: every output file but the newest while NAPS2 runs, all of them after.
    const pick = async (final: boolean) => {
      const names = (await readdir(workDir).catch(() => [] as string[])).filter((f) => OUT_RE.test(f) && !taken.has(f));
      names.sort((a, b) => Number(OUT_RE.exec(a)![1]) - Number(OUT_RE.exec(b)![1]));
      const ready = final ? names : names.slice(0, -1);
      for (const f of ready) {
        if (bad || job.isCancelled) return;
        taken.add(f);
        const from = join(workDir, f);
        const to = join(workDir, pageName(n, 'png'));
        try {
          if (!(await stat(from)).size) throw new Error('empty file');
          const info = await probeImage(from);
          await rename(from, to);
          n++;
          job.push({ filePath: to, format: info.format, widthPx: info.width, heightPx: info.height, dpi: req.resolution, colorMode: req.colorMode, side: req.source === 'duplex' ? (job.count % 2 === 0 ? 'front' : 'back') : undefined });
          lastProgress = Date.now();
        } catch (err) {
          bad = scanError('BAD_OUTPUT', job.count, `${from}: ${String(err)}`);
        }
      }
    };

    void exited.then(() => (running = false));
    while (running) {
      await Promise.race([exited, delay(this.opts.pollMs ?? 250)]);
      if (!running) break;
      await pick(false);
      if (bad) await kill();
      if (Date.now() - lastProgress > timeoutMs) {
        timedOut = true;
        await kill();
      }
    }
    const exit = await exited;
    if (!job.isCancelled && !timedOut && !bad) await pick(true);
    await removeLeftovers(workDir);
    const detail = `exit ${exit.code ?? exit.signal}: ${output.trim().slice(-2000)}`;
    if (exit.spawnError) return job.fail(scanError('FAILED', job.count, `NAPS2: ${exit.spawnError.message}`));
    if (job.isCancelled) return job.fail(scanError('CANCELLED', job.count));
    if (bad) return job.fail(bad);
    if (timedOut) return job.fail(scanError('TIMEOUT', job.count, detail));
    const code = classifyNaps2Output(output);
    if (code && !(code === 'FEEDER_EMPTY' && job.count > 0)) return job.fail(scanError(code, job.count, detail));
    if (exit.code !== 0 && job.count === 0) return job.fail(scanError(exit.signal ? 'DRIVER_CRASHED' : 'FAILED', 0, detail));
    if (job.count === 0) return job.fail(scanError(req.source === 'flatbed' ? 'FAILED' : 'FEEDER_EMPTY', 0, detail));
    job.end();
  }
}
