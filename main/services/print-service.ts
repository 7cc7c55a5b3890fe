import { PrintError, printErrors, type PrinterDriver, type PrinterInfo } from '../devices/printing';
import { AppError } from '../base/errors';
import type { Database } from '../persistence/database';
import { FORM_OF_KIND, isFormKind } from '../documents/kinds';
import { PrintJobEntity, type DocumentRow } from '../persistence/entities';
import type { DocumentService } from './document-service';
import type { SettingsService } from './settings-service';

export const PRINTER_SETTINGS_KEY = 'printers';

export interface PrintResult {
  printer: string;
  jobId?: string;
  /** Copies of the whole document sent to the spooler. */
  copies: number;
  /** Liên in one copy (Mẫu 01: 2, Lưu + Giao người nộp; the other forms: 1). */
  liens: number;
  /** Sheets the printer is asked for: pages of the file × copies (one-sided). */
  sheets: number;
  /** What was sent, in the clerk's words. */
  message: string;
}

/**
 * Prints stored documents on the printer chosen per kind of document, and logs every attempt with the
 * document's kind and whether it is a reprint (an earlier print of the same document went through).
 * A failed print never touches the saved dossier: the clerk sees why and can reprint.
 *
 * Copies and liên are different things: a form made in two liên (Mẫu 01) is ONE file holding both, so the
 * spooler gets `copies` copies of that file and prints pages × copies sheets. The answer states exactly that.
 */
export class PrintService {
  constructor(
    private readonly db: Database,
    private readonly driver: PrinterDriver,
    private readonly documents: DocumentService,
    private readonly settings: SettingsService,
  ) {}

  listPrinters(): Promise<PrinterInfo[]> {
    return this.driver.listPrinters().catch((e: unknown) => {
      throw new AppError('PRINT_FAILED', e instanceof PrintError ? e.message : 'Không đọc được danh sách máy in.');
    });
  }

  async print(documentId: string, opts: { copies?: number; printer?: string }, userId: string, now: () => Date): Promise<PrintResult> {
    const doc = await this.documents.get(documentId);
    const chosen = await this.settings.get<Record<string, string>>(PRINTER_SETTINGS_KEY, {});
    const printer = opts.printer || chosen[doc.kind] || undefined;
    const copies = opts.copies ?? 1;
    try {
      const { liens, pages } = await this.layout(doc);
      const outcome = await this.driver.print({
        printer, filePath: this.documents.filePath(doc), copies, paper: 'A4', duplex: 'one-sided', title: `${doc.kind} ${doc.id.slice(0, 8)}`,
      });
      await this.log(doc, outcome.printer, copies, true, outcome.jobId ?? '', '', userId, now());
      const sheets = pages * copies;
      return { printer: outcome.printer, jobId: outcome.jobId, copies, liens, sheets, message: sentMessage(outcome.printer, copies, liens, sheets) };
    } catch (e) {
      const message = e instanceof PrintError ? e.message : `In không thành công: ${(e as Error).message}`;
      await this.log(doc, printer ?? '(mặc định)', copies, false, '', message, userId, now());
      throw new AppError('PRINT_FAILED', `${message} Hồ sơ đã được lưu; có thể in lại sau.`);
    }
  }

  /** Liên per copy from the template that printed the document; pages from the stored file itself. */
  private async layout(doc: DocumentRow): Promise<{ liens: number; pages: number }> {
    const renderer = await this.documents.renderer();
    const liens = isFormKind(doc.kind) ? Math.max(1, renderer.templateFor(FORM_OF_KIND[doc.kind], new Date(doc.createdAt)).copies.length) : 1;
    try {
      // Loaded on first print, not at start-up (pdf-lib costs a few hundred ms to load; the renderer loads it too).
      const { PDFDocument } = await import('pdf-lib');
      const pdf = await PDFDocument.load(this.documents.content(doc), { updateMetadata: false });
      return { liens, pages: pdf.getPageCount() };
    } catch (e) {
      throw printErrors.fileMissing(this.documents.filePath(doc), String(e));
    }
  }

  private log(doc: DocumentRow, printer: string, copies: number, ok: boolean, jobId: string, error: string, userId: string, at: Date) {
    return this.db.write(async (em) => {
      const reprint = await em.exists(PrintJobEntity, { where: { documentId: doc.id, ok: true } });
      await em.insert(PrintJobEntity, {
        documentId: doc.id, dossierId: doc.dossierId, kind: doc.kind, reprint, printer, copies, ok, jobId, error, at: at.toISOString(), userId,
      });
    });
  }
}

/** "Đã gửi 2 liên tới máy in X (2 tờ A4)." — copies, liên and sheets as sent, never a count assumed by the UI. */
export function sentMessage(printer: string, copies: number, liens: number, sheets: number): string {
  const what = liens > 1 ? (copies > 1 ? `${copies} bộ, mỗi bộ ${liens} liên,` : `${liens} liên`) : `${copies} bản`;
  return `Đã gửi ${what} tới máy in ${printer} (${sheets} tờ A4).`;
}
