// A receipt on paper: rendered from the receipt as recorded (main/documents/receipt-pdf.ts: A5, two liên when
// printed — Lưu and Giao người nộp tiền) and sent to the printer configured for receipts through the same
// PrinterDriver as the forms. A cancelled receipt prints marked "ĐÃ HỦY". Every print is audited.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OfficeView } from '../../../shared/contract';
import { PrintError, type PrinterDriver } from '../../devices/printing';
import { ReceiptPdfRenderer } from '../../documents/receipt-pdf';
import { AppError } from '../../base/errors';
import type { Database } from '../../persistence/database';
import { writeAudit } from '../audit';
import type { FeeService } from './fee-service';
import { receiptDocument } from './payment-qr';

export interface ReceiptOutputDeps {
  db: Database; fees: FeeService; printerDriver: PrinterDriver; office: () => Promise<OfficeView>; fontDir: string;
}

export class ReceiptOutput {
  private renderer: ReceiptPdfRenderer | null = null;

  constructor(private readonly d: ReceiptOutputDeps) {}

  /** The receipt as an A5 PDF: one liên to look at, both liên to print. */
  async pdf(receiptId: string, copies: 1 | 2 = 1): Promise<{ bytes: Uint8Array; fileName: string }> {
    const [{ row, receipt }, office] = await Promise.all([this.d.fees.receipt(receiptId), this.d.office()]);
    this.renderer ??= ReceiptPdfRenderer.create({ fontDir: this.d.fontDir });
    const bytes = await this.renderer.render(receiptDocument(row, office, receipt.collectorName, receipt.dossierNumber), { copies });
    return { bytes, fileName: `bien-lai-${receipt.series.replace(/[^0-9A-Za-z-]/g, '')}-${receipt.numberText}.pdf` };
  }

  async print(receiptId: string, printer: string, user: { id: string }, now: Date): Promise<{ printer: string; message: string }> {
    const settings = await this.d.fees.settings();
    const { bytes, fileName } = await this.pdf(receiptId, 2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-receipt-'));
    const file = path.join(dir, fileName);
    try {
      fs.writeFileSync(file, bytes);
      const outcome = await this.d.printerDriver.print({
        printer: printer || settings.printers.a5 || undefined, filePath: file, copies: 1, paper: 'A5', duplex: 'one-sided', title: fileName,
      });
      await this.d.db.write((em) => writeAudit(em, { at: now, userId: user.id, action: 'fee.receipt.print', entity: 'receipt', entityId: receiptId, after: { printer: outcome.printer, paper: 'a5' } }));
      return { printer: outcome.printer, message: `Đã gửi biên lai (2 liên, khổ A5) tới máy in ${outcome.printer}.` };
    } catch (e) {
      const message = e instanceof PrintError ? e.message : `In không thành công: ${(e as Error).message}`;
      throw new AppError('PRINT_FAILED', `${message} Biên lai đã được lưu; có thể in lại sau.`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
