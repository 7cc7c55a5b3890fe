// One scanning interface for every driver (SANE, eSCL, WIA, TWAIN via NAPS2, files). Drivers write each page
// into the job folder and hand it over as soon as it is complete on disk, so the pipeline can persist it at once.

export type ScanSource = 'flatbed' | 'feeder' | 'duplex';
export type ColorMode = 'color' | 'gray' | 'bw';
export type PaperSize = 'A4' | 'A5' | 'Letter' | 'Legal';
export type DriverKind = 'sane' | 'escl' | 'wia' | 'twain' | 'files' | 'folder';

export interface ScannerDevice {
  /** Unique across drivers: "sane:<name>", an eSCL base URL, "wia:<id>", "twain:<name>", "files". */
  id: string;
  driver: DriverKind;
  name: string;
  model?: string;
  /** How the device is reached, when the driver knows (device-label.ts guesses it otherwise). */
  connection?: 'usb' | 'network' | 'folder' | 'file' | 'virtual' | 'local';
  /** The device's own address, shown to tell two of one model apart (SANE name, host, folder path). */
  address?: string;
}

export interface ScannerCapabilities {
  sources: ScanSource[];
  resolutions: number[];
  colorModes: ColorMode[];
  paperSizes: PaperSize[];
  maxWidthMm?: number;
  maxHeightMm?: number;
}

export interface ScanRequest {
  source: ScanSource;
  resolution: number;
  colorMode: ColorMode;
  paper: PaperSize;
  signal?: AbortSignal;
  /** Longest wait for the next page (the first one included); the helper is killed when it runs out. */
  timeoutMs?: number;
  /** Files driver only: the files to import, in order. */
  files?: readonly string[];
  /**
   * The JPEG quality the page will be stored at (the profile's, libjpeg 1–100). A driver whose device can be
   * asked for its JPEG compression (eSCL CompressionFactor) asks for this one, so the page can be stored as
   * sent; left out, the device keeps its own setting.
   */
  jpegQuality?: number;
}

export type PageFormat = 'png' | 'jpeg' | 'tiff' | 'pnm' | 'pdf';

export interface ScannedPage {
  /** 0-based, in arrival order. */
  index: number;
  /** Complete file in the job folder (written under a temporary name, then renamed into place). */
  filePath: string;
  /** 'pdf': a one-page PDF kept as it was (imported PDFs, eSCL devices that only send PDF). */
  format: PageFormat;
  widthPx: number;
  heightPx: number;
  dpi: number;
  colorMode: ColorMode;
  side?: 'front' | 'back';
  /** Where the page came from when it is not the scanner itself (imported or watched files). */
  sourceFile?: string;
}

export interface ScanProgress {
  pagesDone: number;
  pagesExpected?: number;
  phase: 'starting' | 'scanning' | 'finishing';
}

/**
 * `pages` yields each page once it is on disk and ends normally when the job is complete. A failure (or a
 * cancel) ends it by throwing ScanError; pages already yielded stay valid. Iterate it once.
 */
export interface ScanJob {
  pages: AsyncIterable<ScannedPage>;
  progress(listener: (p: ScanProgress) => void): void;
  /** Stops the device, kills the helper if needed; resolves once it has stopped. */
  cancel(): Promise<void>;
}

export interface ScannerDriver {
  readonly kind: DriverKind;
  listDevices(): Promise<ScannerDevice[]>;
  capabilities(deviceId: string): Promise<ScannerCapabilities>;
  startScan(deviceId: string, req: ScanRequest, workDir: string): ScanJob;
}

export type ScanErrorCode =
  | 'PAPER_JAM'
  | 'FEEDER_EMPTY'
  | 'COVER_OPEN'
  | 'BUSY'
  | 'DISCONNECTED'
  | 'TIMEOUT'
  | 'CANCELLED'
  | 'UNSUPPORTED'
  | 'DRIVER_CRASHED'
  | 'BAD_OUTPUT'
  /** The device ended the job early without naming a jam, a cover or the feeder (Stop on its panel, an error). */
  | 'STOPPED_AT_DEVICE'
  /** The address answers HTTP but is not an eSCL scanner (no readable ScannerCapabilities). */
  | 'NOT_A_SCANNER'
  | 'FAILED';

/** `message` is a Vietnamese sentence the clerk can act on; `detail` keeps the raw device/tool words for support. */
export class ScanError extends Error {
  override readonly name = 'ScanError';
  constructor(
    readonly code: ScanErrorCode,
    message: string,
    readonly detail?: string,
    /** Pages handed over before the failure; they are complete and stay valid. */
    public pagesDelivered = 0,
  ) {
    super(message);
  }
}

const nextPage = (delivered: number) => (delivered > 0 ? ` Các trang đã quét (${delivered}) vẫn được giữ.` : '');
const resumeFrom = (delivered: number) =>
  delivered > 0 ? `quét tiếp từ trang ${delivered + 1}` : 'quét lại';

/** One Vietnamese sentence per situation, shared by every driver. */
export function scanError(code: ScanErrorCode, pagesDelivered = 0, detail?: string, subject?: string): ScanError {
  const n = pagesDelivered;
  const messages: Record<ScanErrorCode, string> = {
    PAPER_JAM: `Giấy bị kẹt trong khay nạp. Hãy gỡ giấy kẹt rồi ${resumeFrom(n)}.${nextPage(n)}`,
    FEEDER_EMPTY:
      n > 0
        ? `Khay nạp giấy đã hết giấy sau ${n} trang. Hãy đặt thêm giấy rồi quét tiếp.`
        : 'Khay nạp giấy không có giấy. Hãy đặt giấy vào khay (mặt cần quét theo hướng dẫn trên máy) rồi quét lại.',
    COVER_OPEN: `Nắp máy quét hoặc nắp khay nạp đang mở. Hãy đóng nắp rồi ${resumeFrom(n)}.${nextPage(n)}`,
    BUSY: 'Máy quét đang bận (đang quét cho người khác hoặc chưa xong lệnh trước). Hãy chờ một lát rồi quét lại.',
    DISCONNECTED: `Không kết nối được với máy quét${subject ? ` (${subject})` : ''}. Hãy kiểm tra máy quét đã bật, cáp USB hoặc mạng rồi thử lại.${nextPage(n)}`,
    TIMEOUT: `Máy quét không phản hồi quá lâu nên đã dừng lệnh quét. Hãy kiểm tra máy quét rồi ${resumeFrom(n)}.${nextPage(n)}`,
    CANCELLED: `Đã hủy lệnh quét.${nextPage(n)}`,
    UNSUPPORTED: `Máy quét không hỗ trợ thiết lập đã chọn${subject ? ` (${subject})` : ''}. Hãy chọn nguồn giấy, độ phân giải hoặc chế độ màu khác.`,
    DRIVER_CRASHED: `Chương trình điều khiển máy quét bị dừng đột ngột. Hãy tắt bật lại máy quét rồi ${resumeFrom(n)}.${nextPage(n)}`,
    BAD_OUTPUT: subject
      ? `Tệp "${subject}" bị hỏng hoặc không phải ảnh/PDF được hỗ trợ nên không nhập được. Các tệp khác vẫn được nhập.`
      : `Máy quét trả về dữ liệu ảnh bị hỏng. Hãy ${resumeFrom(n)}.${nextPage(n)}`,
    STOPPED_AT_DEVICE: `Máy quét đã tự dừng lệnh quét giữa chừng (do nút Dừng trên máy hoặc máy báo lỗi). Hãy xem màn hình của máy quét, xử lý rồi ${resumeFrom(n)}.${nextPage(n)}`,
    NOT_A_SCANNER: `Địa chỉ${subject ? ` ${subject}` : ''} có trả lời nhưng không phải máy quét eSCL. Hãy kiểm tra lại địa chỉ máy quét (thường là http://<địa chỉ IP của máy>/eSCL) trong Quản trị → Máy quét.`,
    FAILED: `Quét không thành công do lỗi của máy quét. Hãy thử lại; nếu vẫn lỗi, báo cán bộ kỹ thuật.${nextPage(n)}`,
  };
  return new ScanError(code, messages[code], detail, n);
}

/** Paper sizes in millimetres (width × height, portrait). */
export const PAPER_MM: Record<PaperSize, { w: number; h: number }> = {
  A4: { w: 210, h: 297 },
  A5: { w: 148, h: 210 },
  Letter: { w: 215.9, h: 279.4 },
  Legal: { w: 215.9, h: 355.6 },
};

/** Papers that fit a scan area (1 mm of slack: many flatbeds are 216 × 297 mm). */
export function papersThatFit(maxWidthMm?: number, maxHeightMm?: number): PaperSize[] {
  const all = Object.keys(PAPER_MM) as PaperSize[];
  if (maxWidthMm === undefined || maxHeightMm === undefined) return all;
  return all.filter((p) => PAPER_MM[p].w <= maxWidthMm + 1 && PAPER_MM[p].h <= maxHeightMm + 1);
}

/** Common scanner resolutions, used to turn a range ("50..1200dpi") into a short list for the clerk. */
export const COMMON_DPI = [75, 100, 150, 200, 240, 300, 400, 600, 1200];

export function resolutionsInRange(min: number, max: number, step = 1): number[] {
  return COMMON_DPI.filter((d) => d >= min && d <= max && (step <= 1 || (d - min) % step === 0));
}
