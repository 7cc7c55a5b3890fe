// Windows: PDF files go to the printer through SumatraPDF, shipped inside the npm package pdf-to-printer.
//
// Why not Electron's webContents.print(): it prints the HTML page of a window, not a given PDF file,
// and its copies/duplex/paper settings are not reliably honoured by every driver. Our documents are
// already final PDFs (same bytes as archived); SumatraPDF prints them silently with explicit
// paper ("paper=A4") and duplex ("duplexlong") settings. Copies are separate runs, one copy each: whether
// "2x" comes out collated depends on the printer's driver, and a copy of Mẫu 01 must be a whole set
// (Lưu + Giao người nộp), never two Lưu then two Giao.
//
// Packaging notes:
// - electron-builder must unpack the executable from the asar: `asarUnpack: ["node_modules/pdf-to-printer/dist/*.exe"]`.
//   pdf-to-printer then rewrites "app.asar" to "app.asar.unpacked" itself.
// - Keep pdf-to-printer external when bundling main/ (it locates the .exe next to its own bundle.js via
//   __dirname), or pass `sumatraPdfPath` explicitly.
import { pdfToPrinter } from '../../base/lazy-module';
import type { PrintOptions, Printer } from 'pdf-to-printer';
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

/** The three functions of pdf-to-printer we use; injected so the mapping can be tested off Windows. */
export interface PdfToPrinterApi {
  print(pdf: string, options?: PrintOptions): Promise<void>;
  getPrinters(): Promise<Printer[]>;
  getDefaultPrinter(): Promise<Printer | null>;
}

export interface WindowsDriverOptions {
  api?: PdfToPrinterApi;
  /** A SumatraPDF.exe other than the bundled one. */
  sumatraPdfPath?: string;
  /** For print() and for the printer queries (PowerShell start-up alone can take seconds). */
  timeoutMs?: number;
}

const SIDES: Record<Duplex, NonNullable<PrintOptions['side']>> = {
  'one-sided': 'simplex',
  'long-edge': 'duplexlong',
  'short-edge': 'duplexshort',
};

/** The pdf-to-printer options of ONE copy of a validated request sent to `printer` (see print() for copies). */
export function toPdfToPrinterOptions(req: PrintRequest, printer: string, sumatraPdfPath?: string): PrintOptions {
  const options: PrintOptions = {
    printer,
    copies: 1,
    // A thermal roll: the driver's own roll size (SumatraPDF knows no 80 mm paper name).
    ...(req.paper === 'roll-80mm' ? {} : { paperSize: req.paper }),
    side: SIDES[req.duplex],
    // Forms are laid out at their final size: never enlarge, shrink only if the page is larger than the paper.
    scale: 'shrink',
    silent: true,
  };
  if (sumatraPdfPath) options.sumatraPdfPath = sumatraPdfPath;
  return options;
}

const spoolerDown = (detail: string) =>
  new PrintError(
    'SPOOLER_UNAVAILABLE',
    'Không đọc được danh sách máy in của Windows. Hãy kiểm tra dịch vụ Print Spooler (khởi động lại máy tính) rồi thử lại.',
    detail,
  );

function describe(err: unknown): string {
  if (err instanceof Error) {
    const extra = err as Error & { code?: unknown; stderr?: unknown };
    return [err.message, extra.code !== undefined ? `code=${String(extra.code)}` : '', typeof extra.stderr === 'string' ? extra.stderr : '']
      .filter(Boolean)
      .join(' | ');
  }
  return String(err); // pdf-to-printer throws a bare string for an unsupported OS
}

/** Maps a failure of pdf-to-printer's print() (SumatraPDF run through execFile) to a PrintError. */
export function mapWindowsPrintError(err: unknown, printer: string, filePath: string): PrintError {
  if (err instanceof PrintError) return err;
  const detail = describe(err);
  if (typeof err === 'string' && /not supported/i.test(err)) {
    return new PrintError('SPOOLER_UNAVAILABLE', 'Trình in cho Windows chỉ chạy được trên Windows.', detail);
  }
  const code = err instanceof Error ? (err as NodeJS.ErrnoException).code : undefined;
  if (code === 'ENOENT') {
    return new PrintError(
      'SPOOLER_UNAVAILABLE',
      'Thiếu chương trình in SumatraPDF đi kèm ứng dụng. Hãy cài đặt lại Một Cửa Desk hoặc báo cán bộ kỹ thuật.',
      detail,
    );
  }
  if (err instanceof Error && /no such file|no pdf specified/i.test(err.message)) return printErrors.fileMissing(filePath, detail);
  return new PrintError('FAILED', `Máy in "${printer}" không nhận lệnh in. Hãy kiểm tra máy in rồi in lại.`, detail);
}

export class WindowsDriver implements PrinterDriver {
  readonly kind = 'windows';
  private readonly api: PdfToPrinterApi;
  private readonly sumatraPdfPath?: string;
  private readonly timeoutMs: number;

  constructor(opts: WindowsDriverOptions = {}) {
    this.api = opts.api ?? pdfToPrinter;
    this.sumatraPdfPath = opts.sumatraPdfPath;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
  }

  async listPrinters(): Promise<PrinterInfo[]> {
    const [printers, def] = await this.query();
    // Win32_Printer via pdf-to-printer carries no status: say so rather than guess 'idle'.
    return printers.map((p) => ({
      name: p.name,
      ...(p.deviceId && p.deviceId !== p.name ? { description: p.deviceId } : {}),
      isDefault: def !== null && (p.deviceId === def.deviceId || p.name === def.name),
      state: 'unknown' as const,
    }));
  }

  async print(req: PrintRequest): Promise<PrintOutcome> {
    await validatePrintRequest(req);
    const [printers, def] = await this.query();
    let printer: string;
    if (req.printer === undefined) {
      if (!def) throw printErrors.noPrinter('Win32_Printer: no default printer');
      printer = def.name;
    } else {
      // Checked up front so an unknown name gives PRINTER_NOT_FOUND, not a generic SumatraPDF failure.
      // Windows printer names are case-insensitive.
      const wanted = req.printer.toLowerCase();
      const found = printers.find((p) => p.name.toLowerCase() === wanted || p.deviceId.toLowerCase() === wanted);
      if (!found) throw printErrors.notFound(req.printer, `installed: ${printers.map((p) => p.name).join(', ')}`);
      printer = found.name;
    }
    const options = toPdfToPrinterOptions(req, printer, this.sumatraPdfPath);
    for (let sent = 0; sent < req.copies; sent++) {
      try {
        await this.withTimeout(this.api.print(req.filePath, options), 'SumatraPDF');
      } catch (err) {
        const mapped = mapWindowsPrintError(err, printer, req.filePath);
        if (sent === 0) throw mapped;
        // Part of the request already went out: say how much, so nobody reprints all of it blindly.
        throw new PrintError(mapped.code, `${mapped.message} (Đã gửi ${sent}/${req.copies} bản trước khi lỗi.)`, mapped.detail);
      }
    }
    return { printer };
  }

  private async query(): Promise<[Printer[], Printer | null]> {
    try {
      return await this.withTimeout(Promise.all([this.api.getPrinters(), this.api.getDefaultPrinter()]), 'PowerShell Get-CimInstance');
    } catch (err) {
      if (err instanceof PrintError) throw err;
      throw spoolerDown(describe(err));
    }
  }

  // pdf-to-printer does not expose its child process, so it cannot be killed here: we stop waiting and
  // report TIMEOUT; a hung SumatraPDF/PowerShell exits on its own or with the app.
  private withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(printErrors.timeout(Math.round(this.timeoutMs / 1000), `${what} still running after ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      work.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e); // may be a bare string from pdf-to-printer; mapWindowsPrintError handles it
        },
      );
    });
  }
}
