import { PrintError, type PrinterDriver, type PrinterInfo } from '../devices/printing';
import { AppError } from '../base/errors';
import type { Database } from '../persistence/database';
import { PrintJobEntity } from '../persistence/entities';
import type { DocumentService } from './document-service';
import type { SettingsService } from './settings-service';

export const PRINTER_SETTINGS_KEY = 'printers';

/**
 * Prints stored documents on the printer chosen per kind of document, and logs every attempt.
 * A failed print never touches the saved dossier: the clerk sees why and can reprint.
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

  async print(documentId: string, opts: { copies?: number; printer?: string }, userId: string, now: () => Date) {
    const doc = await this.documents.get(documentId);
    const chosen = await this.settings.get<Record<string, string>>(PRINTER_SETTINGS_KEY, {});
    const printer = opts.printer || chosen[doc.kind] || undefined;
    // Form 01 already holds both copies (Liên 1, Liên 2) in one PDF, so one copy of the file is the default.
    const copies = opts.copies ?? 1;
    try {
      const outcome = await this.driver.print({
        printer, filePath: this.documents.filePath(doc), copies, paper: 'A4', duplex: 'one-sided', title: `${doc.kind} ${doc.id.slice(0, 8)}`,
      });
      await this.log(doc, outcome.printer, copies, true, outcome.jobId ?? '', '', userId, now());
      return { printer: outcome.printer, jobId: outcome.jobId, copies };
    } catch (e) {
      const message = e instanceof PrintError ? e.message : `In không thành công: ${(e as Error).message}`;
      await this.log(doc, printer ?? '(mặc định)', copies, false, '', message, userId, now());
      throw new AppError('PRINT_FAILED', `${message} Hồ sơ đã được lưu; có thể in lại sau.`);
    }
  }

  private log(doc: { id: string; dossierId: string }, printer: string, copies: number, ok: boolean, jobId: string, error: string, userId: string, at: Date) {
    return this.db.write((em) => em.insert(PrintJobEntity, {
      documentId: doc.id, dossierId: doc.dossierId, printer, copies, ok, jobId, error, at: at.toISOString(), userId,
    }));
  }
}
