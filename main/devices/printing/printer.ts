// One printing interface for every platform: CUPS (Linux, macOS) and Windows (SumatraPDF via pdf-to-printer).
import { open } from 'node:fs/promises';

/** 'roll-80mm': an 80 mm thermal roll, the page as long as the document (no media asked of the queue). */
export type PaperSize = 'A4' | 'A5' | 'roll-80mm';
export type Duplex = 'one-sided' | 'long-edge' | 'short-edge';

export interface PrinterInfo {
  name: string;
  description?: string;
  isDefault: boolean;
  state: 'idle' | 'printing' | 'disabled' | 'unknown';
  /** The spooler's own words (e.g. why a queue was paused); not translated. */
  stateMessage?: string;
}

export interface PrintRequest {
  /** Queue name; the system default printer when absent. */
  printer?: string;
  filePath: string;
  copies: number;
  paper: PaperSize;
  duplex: Duplex;
  title?: string;
}

export interface PrintOutcome {
  printer: string;
  /** Spooler job id where the platform reports one (CUPS: "Queue-42"). */
  jobId?: string;
}

export interface PrinterDriver {
  readonly kind: string;
  listPrinters(): Promise<PrinterInfo[]>;
  /** Resolves once the spooler has accepted the job (not when paper comes out). */
  print(req: PrintRequest): Promise<PrintOutcome>;
}

export type PrintErrorCode =
  | 'NO_PRINTER'
  | 'PRINTER_NOT_FOUND'
  | 'PRINTER_DISABLED'
  | 'SPOOLER_UNAVAILABLE'
  | 'FILE_MISSING'
  | 'INVALID_REQUEST'
  | 'TIMEOUT'
  | 'FAILED';

/** `message` is a Vietnamese sentence the clerk can act on; `detail` keeps the raw tool output for support. */
export class PrintError extends Error {
  override readonly name = 'PrintError';
  constructor(
    readonly code: PrintErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

export const MAX_COPIES = 20;
const PAPERS: readonly PaperSize[] = ['A4', 'A5', 'roll-80mm'];
const DUPLEXES: readonly Duplex[] = ['one-sided', 'long-edge', 'short-edge'];
// The PDF spec lets readers accept the header anywhere in the first 1024 bytes.
const HEADER_WINDOW = 1024;

/** Shared messages so both drivers say the same thing for the same situation. */
export const printErrors = {
  noPrinter: (detail?: string) =>
    new PrintError('NO_PRINTER', 'Chưa chọn máy in và máy tính chưa có máy in mặc định. Hãy chọn máy in trong phần Cài đặt.', detail),
  notFound: (printer: string, detail?: string) =>
    new PrintError(
      'PRINTER_NOT_FOUND',
      `Không tìm thấy máy in "${printer}". Hãy kiểm tra máy in đã được cài trên máy tính hoặc chọn máy in khác.`,
      detail,
    ),
  disabled: (printer: string, detail?: string) =>
    new PrintError(
      'PRINTER_DISABLED',
      `Máy in "${printer}" đang tạm dừng hoặc không nhận lệnh in. Hãy bật lại máy in (hoặc nhờ cán bộ kỹ thuật) rồi in lại.`,
      detail,
    ),
  timeout: (seconds: number, detail?: string) =>
    new PrintError('TIMEOUT', `Máy in không phản hồi sau ${seconds} giây. Hãy kiểm tra máy in rồi in lại.`, detail),
  fileMissing: (filePath: string, detail?: string) =>
    new PrintError('FILE_MISSING', `Không tìm thấy tệp cần in (${filePath}). Hãy tạo lại giấy tờ rồi in lại.`, detail),
};

/** Checks a request before it reaches a spooler; throws PrintError('INVALID_REQUEST' | 'FILE_MISSING'). */
export async function validatePrintRequest(req: PrintRequest): Promise<void> {
  if (!Number.isInteger(req.copies) || req.copies < 1 || req.copies > MAX_COPIES) {
    throw new PrintError('INVALID_REQUEST', `Số bản in phải là số nguyên từ 1 đến ${MAX_COPIES}.`, `copies=${String(req.copies)}`);
  }
  if (!PAPERS.includes(req.paper)) {
    throw new PrintError('INVALID_REQUEST', 'Khổ giấy chỉ được chọn A4, A5 hoặc cuộn 80 mm.', `paper=${String(req.paper)}`);
  }
  if (!DUPLEXES.includes(req.duplex)) {
    throw new PrintError('INVALID_REQUEST', 'Chế độ in hai mặt không hợp lệ.', `duplex=${String(req.duplex)}`);
  }
  if (req.printer !== undefined && req.printer.trim() === '') {
    throw new PrintError('INVALID_REQUEST', 'Tên máy in đang để trống. Hãy chọn máy in.');
  }
  if (!req.filePath) throw printErrors.fileMissing('(chưa có đường dẫn)');

  let head: Buffer;
  try {
    const fh = await open(req.filePath, 'r');
    try {
      if (!(await fh.stat()).isFile()) throw printErrors.fileMissing(req.filePath, 'not a regular file');
      const buf = Buffer.alloc(HEADER_WINDOW);
      const { bytesRead } = await fh.read(buf, 0, HEADER_WINDOW, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (err) {
    if (err instanceof PrintError) throw err;
    throw printErrors.fileMissing(req.filePath, String(err));
  }
  if (!head.includes('%PDF-')) {
    throw new PrintError('INVALID_REQUEST', 'Tệp cần in không phải là tệp PDF. Hãy tạo lại giấy tờ rồi in lại.', req.filePath);
  }
}
