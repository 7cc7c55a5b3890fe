// WIA 2.0 (built into Windows) through assets/scanning/wia-scan.ps1, run by powershell.exe as a child process.
// The script prints one JSON object per line; pages are saved as .part and renamed before their line.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';
import { findAssetsDir } from '../../base/assets';
import { defaultSpawn, killTree, readLines, runHelper, waitExit, type SpawnFn } from './child';
import { probeImage } from './image-info';
import { PageChannel } from './job';
import {
  PAPER_MM,
  papersThatFit,
  resolutionsInRange,
  scanError,
  ScanError,
  type ScanErrorCode,
  type ScanJob,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
  type ScanRequest,
} from './scanner';
import { nextPageNumber, removeLeftovers } from './workdir';

const CODES = ['PAPER_JAM', 'FEEDER_EMPTY', 'COVER_OPEN', 'BUSY', 'DISCONNECTED', 'TIMEOUT', 'CANCELLED', 'UNSUPPORTED', 'DRIVER_CRASHED', 'BAD_OUTPUT', 'FAILED'] as const;

const WiaLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('device'), id: z.string().min(1), name: z.string(), manufacturer: z.string().optional() }),
  z.object({
    type: z.literal('caps'),
    sources: z.array(z.enum(['flatbed', 'feeder', 'duplex'])),
    resolutions: z.array(z.number().int().positive()),
    resolutionKind: z.enum(['list', 'range']).optional(),
    colorModes: z.array(z.enum(['color', 'gray', 'bw'])),
    maxWidthMm: z.number().positive().nullable().optional(),
    maxHeightMm: z.number().positive().nullable().optional(),
  }),
  z.object({
    type: z.literal('page'),
    path: z.string().min(1),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    dpi: z.number().int().positive().optional(),
    side: z.enum(['front', 'back']).nullable().optional(),
  }),
  z.object({ type: z.literal('error'), hresult: z.string().optional(), code: z.enum(CODES).catch('FAILED'), message: z.string().optional() }),
  z.object({ type: z.literal('done'), pages: z.number().int().nonnegative() }),
]);
export type WiaLine = z.infer<typeof WiaLine>;

/** One stdout line of the script; undefined for anything that is not one of its JSON messages. */
export function parseWiaLine(line: string): WiaLine | undefined {
  const t = line.trim().replace(/^\uFEFF/, '');
  if (!t.startsWith('{')) return undefined;
  try {
    const r = WiaLine.safeParse(JSON.parse(t));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

export interface WiaDriverOptions {
  /** Defaults to <assets>/scanning/wia-scan.ps1. */
  scriptPath?: string;
  powershellPath?: string;
  spawn?: SpawnFn;
  platform?: NodeJS.Platform;
  listTimeoutMs?: number;
  pageTimeoutMs?: number;
  killGraceMs?: number;
}

const PREFIX = 'wia:';

export class WiaDriver implements ScannerDriver {
  readonly kind = 'wia' as const;
  private readonly spawn: SpawnFn;

  constructor(private readonly opts: WiaDriverOptions = {}) {
    this.spawn = opts.spawn ?? defaultSpawn;
  }

  /** powershell.exe arguments for one action of the script (exported for the tests and the README). */
  args(action: 'list' | 'caps' | 'scan', params: Record<string, string | number> = {}): string[] {
    const script = this.opts.scriptPath ?? join(findAssetsDir(), 'scanning', 'wia-scan.ps1');
    const out = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script, '-Action', action];
    for (const [k, v] of Object.entries(params)) out.push(`-${k}`, String(v));
    return out;
  }

  async listDevices(): Promise<ScannerDevice[]> {
    const lines = await this.runToEnd('list');
    return lines.flatMap((l) => (l.type === 'device' ? [{ id: PREFIX + l.id, driver: 'wia' as const, name: l.name || l.id, model: l.manufacturer ? `${l.manufacturer} ${l.name}`.trim() : undefined }] : []));
  }

  async capabilities(deviceId: string): Promise<ScannerCapabilities> {
    const lines = await this.runToEnd('caps', { DeviceId: wiaId(deviceId) });
    const caps = lines.find((l) => l.type === 'caps');
    if (!caps || caps.type !== 'caps') throw scanError('BAD_OUTPUT', 0, 'wia-scan.ps1 caps: no caps line');
    const [min, max] = caps.resolutions;
    const resolutions = caps.resolutionKind === 'range' && min !== undefined && max !== undefined ? resolutionsInRange(min, max) : caps.resolutions;
    const w = caps.maxWidthMm ?? undefined;
    const h = caps.maxHeightMm ?? undefined;
    return { sources: caps.sources, resolutions, colorModes: caps.colorModes, paperSizes: papersThatFit(w, h), maxWidthMm: w, maxHeightMm: h };
  }

  startScan(deviceId: string, req: ScanRequest, workDir: string): ScanJob {
    const job = new PageChannel(undefined, req.signal);
    void this.scan(job, deviceId, req, workDir).catch((err: unknown) =>
      job.fail(err instanceof ScanError ? err : scanError('FAILED', job.count, String(err))),
    );
    return job;
  }

  private async runToEnd(action: 'list' | 'caps', params: Record<string, string> = {}): Promise<WiaLine[]> {
    const r = await runHelper(this.spawn, this.opts.powershellPath ?? 'powershell.exe', this.args(action, params), {
      timeoutMs: this.opts.listTimeoutMs ?? 30_000,
      platform: this.opts.platform,
    });
    if (r.spawnError) throw scanError('FAILED', 0, `powershell.exe: ${r.spawnError.message}`);
    if (r.timedOut) throw scanError('TIMEOUT', 0, `wia-scan.ps1 ${action}: no answer`);
    const lines = r.stdout.split(/\r?\n/).map(parseWiaLine).filter((l): l is WiaLine => !!l);
    const err = lines.find((l) => l.type === 'error');
    if (err?.type === 'error') throw scanError(err.code, 0, `${err.hresult ?? ''} ${err.message ?? ''}`.trim());
    if (!lines.some((l) => l.type === 'done')) throw scanError(r.code === 0 ? 'BAD_OUTPUT' : 'DRIVER_CRASHED', 0, `exit ${r.code ?? r.signal}: ${r.stderr.slice(-2000)}`);
    return lines;
  }

  private async scan(job: PageChannel, deviceId: string, req: ScanRequest, workDir: string): Promise<void> {
    const paper = PAPER_MM[req.paper];
    const args = this.args('scan', {
      DeviceId: wiaId(deviceId),
      Source: req.source,
      Dpi: req.resolution,
      Color: req.colorMode,
      WidthMm: paper.w,
      HeightMm: paper.h,
      OutDir: workDir,
      StartIndex: await nextPageNumber(workDir),
    });
    if (job.isCancelled) return job.fail(scanError('CANCELLED'));
    const child = this.spawn(this.opts.powershellPath ?? 'powershell.exe', args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const exited = waitExit(child);
    await runJsonLinesJob(job, child, exited, {
      req,
      workDir,
      label: 'wia-scan.ps1',
      kill: () => killTree(child, { graceMs: this.opts.killGraceMs ?? 3000, platform: this.opts.platform, spawn: this.spawn }),
      timeoutMs: req.timeoutMs ?? this.opts.pageTimeoutMs ?? 120_000,
    });
  }
}

function wiaId(deviceId: string): string {
  return deviceId.startsWith(PREFIX) ? deviceId.slice(PREFIX.length) : deviceId;
}

/** Drives a helper that prints page/error/done JSON lines; shared shape with other line-based helpers. */
async function runJsonLinesJob(
  job: PageChannel,
  child: ChildProcess,
  exited: ReturnType<typeof waitExit>,
  o: { req: ScanRequest; workDir: string; label: string; kill: () => Promise<void>; timeoutMs: number },
): Promise<void> {
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (stderr = (stderr + d).slice(-8192)));
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      void o.kill();
    }, o.timeoutMs);
  };
  arm();
  job.onCancel = async () => {
    clearTimeout(timer);
    await o.kill();
  };
  let reported: { code: ScanErrorCode; detail: string } | undefined;
  let done = false;
  let bad: ScanError | undefined;
  const noise: string[] = [];
  let chain = Promise.resolve();
  readLines(child.stdout, (raw) => {
    const line = parseWiaLine(raw);
    if (!line) {
      if (raw.trim()) noise.push(raw.trim().slice(0, 200));
      return;
    }
    if (line.type === 'error') reported = { code: line.code, detail: `${line.hresult ?? ''} ${line.message ?? ''}`.trim() };
    if (line.type === 'done') done = true;
    if (line.type !== 'page') return;
    chain = chain.then(async () => {
      if (bad || job.isClosed || job.isCancelled) return;
      try {
        const info = await probeImage(line.path);
        job.push({ filePath: line.path, format: info.format, widthPx: info.width, heightPx: info.height, dpi: line.dpi ?? o.req.resolution, colorMode: o.req.colorMode, side: line.side ?? undefined });
        arm();
      } catch (err) {
        bad = scanError('BAD_OUTPUT', job.count, `${line.path}: ${String(err)}`);
        await o.kill();
      }
    });
  });
  const exit = await exited;
  clearTimeout(timer);
  await chain;
  await removeLeftovers(o.workDir);
  const tail = [stderr.trim(), ...noise.slice(-5)].filter(Boolean).join('\n');
  if (exit.spawnError) return job.fail(scanError('FAILED', job.count, `${o.label}: ${exit.spawnError.message}`));
  if (bad) return job.fail(bad);
  if (job.isCancelled) return job.fail(scanError('CANCELLED', job.count));
  if (timedOut) return job.fail(scanError('TIMEOUT', job.count, `${o.label}: no page for ${o.timeoutMs} ms`));
  if (reported) return job.fail(scanError(reported.code, job.count, reported.detail));
  if (exit.code !== 0 || !done) return job.fail(scanError('DRIVER_CRASHED', job.count, `${o.label} exit ${exit.code ?? exit.signal}: ${tail}`));
  if (job.count === 0) return job.fail(scanError('BAD_OUTPUT', 0, `${o.label}: finished without a page. ${tail}`));
  job.end();
}
