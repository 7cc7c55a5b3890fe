// CUPS (Linux, macOS): lpstat to list, lp to submit. execFile only (file names never meet a shell).
import { execFile } from 'node:child_process';
import { basename } from 'node:path';
import { classifyCupsError, parseLpRequestId, parseLpstat, type LpstatSnapshot } from './cups-parse';
import {
  PrintError,
  printErrors,
  validatePrintRequest,
  type Duplex,
  type PrinterDriver,
  type PrinterInfo,
  type PrintOutcome,
  type PrintRequest,
} from './printer';

export interface CupsDriverOptions {
  lpPath?: string;
  lpstatPath?: string;
  /** Value for CUPS_SERVER in the children (host[:port] or a socket path); the system's choice when absent. */
  cupsServer?: string;
  /** Extra environment for the children (e.g. LPDEST to pick a default destination). */
  env?: NodeJS.ProcessEnv;
  /** Per command; the child is killed when it runs out. */
  timeoutMs?: number;
}

const SIDES: Record<Duplex, string> = {
  'one-sided': 'one-sided',
  'long-edge': 'two-sided-long-edge',
  'short-edge': 'two-sided-short-edge',
};

const spoolerDown = (detail: string) =>
  new PrintError(
    'SPOOLER_UNAVAILABLE',
    'Dịch vụ in (CUPS) chưa chạy hoặc không phản hồi. Hãy khởi động lại máy tính hoặc báo cán bộ kỹ thuật.',
    detail,
  );

interface RunResult {
  stdout: string;
  stderr: string;
}

/** A child that failed: exit status, time-out, or missing binary. */
class RunFailure extends Error {
  constructor(
    readonly kind: 'missing' | 'timeout' | 'exit',
    readonly output: string,
  ) {
    super(output);
  }
}

export class CupsDriver implements PrinterDriver {
  readonly kind = 'cups';
  private readonly lp: string;
  private readonly lpstat: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly timeoutMs: number;

  constructor(opts: CupsDriverOptions = {}) {
    this.lp = opts.lpPath ?? 'lp';
    this.lpstat = opts.lpstatPath ?? 'lpstat';
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    // LANG/LC_ALL=C: the parsers match lpstat's English wording; UTF-8 queue text still passes through.
    this.env = { ...process.env, ...opts.env, LANG: 'C', LC_ALL: 'C' };
    if (opts.cupsServer) this.env.CUPS_SERVER = opts.cupsServer;
  }

  async listPrinters(): Promise<PrinterInfo[]> {
    return (await this.snapshot()).printers;
  }

  async print(req: PrintRequest): Promise<PrintOutcome> {
    await validatePrintRequest(req);
    const snap = await this.snapshot();
    const wanted = req.printer ?? snap.defaultName;
    if (!wanted) throw printErrors.noPrinter('lpstat: no system default destination');
    // CUPS queue names are case-insensitive.
    const info = snap.printers.find((p) => p.name.toLowerCase() === wanted.toLowerCase());
    if (!info) throw printErrors.notFound(wanted, `not in lpstat output: ${snap.printers.map((p) => p.name).join(', ')}`);
    // A stopped queue accepts jobs and holds them silently (lp still prints a request id), so refuse up front.
    if (info.state === 'disabled') throw printErrors.disabled(info.name, info.stateMessage);

    const args = [
      '-d', info.name,
      '-n', String(req.copies),
      // Copies of a multi-page file come out as whole sets (Mẫu 01: Lưu, Giao, Lưu, Giao), not page by page.
      '-o', 'collate=true',
      // A thermal roll: the page is the document's own size, the queue's roll stays as set up.
      ...(req.paper === 'roll-80mm' ? [] : ['-o', `media=${req.paper}`]),
      '-o', `sides=${SIDES[req.duplex]}`,
      '-t', req.title?.trim() || basename(req.filePath),
      '--', req.filePath,
    ];
    let out: RunResult;
    try {
      out = await this.run(this.lp, args);
    } catch (err) {
      throw await this.mapLpFailure(err, info.name, req.filePath);
    }
    const jobId = parseLpRequestId(out.stdout);
    if (!jobId) {
      throw new PrintError('FAILED', 'Không xác nhận được lệnh in đã được gửi. Hãy kiểm tra máy in trước khi in lại.', out.stdout + out.stderr);
    }
    return { printer: info.name, jobId };
  }

  private async snapshot(): Promise<LpstatSnapshot> {
    try {
      const out = await this.run(this.lpstat, ['-d', '-l', '-p', '-a']);
      return parseLpstat(out.stdout);
    } catch (err) {
      if (!(err instanceof RunFailure)) throw err;
      if (err.kind === 'timeout') throw printErrors.timeout(this.timeoutMs / 1000, err.output);
      if (err.kind === 'missing') throw spoolerDown(err.output);
      const kind = classifyCupsError(err.output);
      if (kind === 'no-destinations') return { printers: [] };
      if (kind === 'scheduler-down') throw spoolerDown(err.output);
      throw new PrintError('FAILED', 'Không đọc được danh sách máy in. Hãy thử lại hoặc báo cán bộ kỹ thuật.', err.output);
    }
  }

  private async mapLpFailure(err: unknown, printer: string, filePath: string): Promise<unknown> {
    if (!(err instanceof RunFailure)) return err;
    if (err.kind === 'timeout') return printErrors.timeout(this.timeoutMs / 1000, err.output);
    if (err.kind === 'missing') return spoolerDown(err.output);
    switch (classifyCupsError(err.output)) {
      case 'scheduler-down':
        return spoolerDown(err.output);
      case 'not-accepting':
        return printErrors.disabled(printer, err.output);
      case 'no-default':
        return printErrors.noPrinter(err.output);
      case 'file-unreadable':
        return printErrors.fileMissing(filePath, err.output);
      case 'not-found':
        // lp says "does not exist" also when it cannot reach the scheduler: ask the scheduler directly.
        return (await this.schedulerRunning()) ? printErrors.notFound(printer, err.output) : spoolerDown(err.output);
      default:
        return new PrintError('FAILED', `Máy in "${printer}" không nhận lệnh in. Hãy thử lại hoặc báo cán bộ kỹ thuật.`, err.output);
    }
  }

  private async schedulerRunning(): Promise<boolean> {
    try {
      const out = await this.run(this.lpstat, ['-r']);
      return /^scheduler is running/m.test(out.stdout);
    } catch {
      return false;
    }
  }

  private run(file: string, args: string[]): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      execFile(
        file,
        args,
        { env: this.env, timeout: this.timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8', windowsHide: true },
        (error, stdout, stderr) => {
          if (!error) return resolve({ stdout, stderr });
          const output = `${stderr}${stdout}`.trim() || error.message;
          const code = (error as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') return reject(new RunFailure('missing', `${file}: ${error.message}`));
          if (error.killed) return reject(new RunFailure('timeout', `${file} killed after ${this.timeoutMs} ms. ${output}`));
          reject(new RunFailure('exit', output));
        },
      );
    });
  }
}
