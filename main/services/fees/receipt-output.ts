// A receipt on paper, rendered from the receipt as recorded: on A5 (main/documents/receipt-pdf.ts, two liên
// when printed — Lưu and Giao người nộp tiền) or on an 80 mm thermal roll (receipt-thermal.ts: a 1-bit raster
// 576 dots wide, so Vietnamese diacritics print on any printer; sent as an 80 mm PDF of that raster through
// the printer's own driver, like every other document). The paper is the receipt template's unless asked.
// Sent through the same PrinterDriver as the forms; a cancelled receipt prints marked "ĐÃ HỦY"; every print
// is audited, and a failed one keeps the receipt.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OfficeView } from '../../../shared/contract';
import { PrintError, type PrinterDriver } from '../../devices/printing';
import { ReceiptPdfRenderer } from '../../documents/receipt-pdf';
import { ThermalReceiptRenderer, thermalPdf } from '../../documents/receipt-thermal';
import { AppError } from '../../base/errors';
import type { Database } from '../../persistence/database';
import { writeAudit } from '../audit';
import type { FeeService } from './fee-service';
import { receiptDocument } from './payment-qr';

export type ReceiptPaper = 'a5' | 'thermal';

export interface ReceiptOutputDeps {
  db: Database; fees: FeeService; printerDriver: PrinterDriver; office: () => Promise<OfficeView>; fontDir: string;
}

export class ReceiptOutput {
  private a5: ReceiptPdfRenderer | null = null;
  private thermal: ThermalReceiptRenderer | null = null;

  constructor(private readonly d: ReceiptOutputDeps) {}

  /**
   * The receipt as a file: A5 PDF (one liên to look at, both to print), or the thermal raster as a PNG 576 px
   * wide at 203 dpi to look at (`print`: as an 80 mm PDF of the same raster).
   */
  async file(receiptId: string, paper?: ReceiptPaper, opts: { print?: boolean } = {}): Promise<{ bytes: Uint8Array; fileName: string; mime: string; paper: ReceiptPaper }> {
    const [{ row, receipt }, office] = await Promise.all([this.d.fees.receipt(receiptId), this.d.office()]);
    const doc = receiptDocument(row, office, receipt.collectorName, receipt.dossierNumber);
    const name = `bien-lai-${receipt.series.replace(/[^0-9A-Za-z-]/g, '')}-${receipt.numberText}`;
    const which = paper ?? row.paper;
    if (which === 'thermal') {
      this.thermal ??= ThermalReceiptRenderer.create({ fontDir: this.d.fontDir });
      const t = await this.thermal.render(doc);
      if (opts.print) return { bytes: await thermalPdf(t), fileName: `${name}-80mm.pdf`, mime: 'application/pdf', paper: which };
      return { bytes: t.png, fileName: `${name}-80mm.png`, mime: 'image/png', paper: which };
    }
    this.a5 ??= ReceiptPdfRenderer.create({ fontDir: this.d.fontDir });
    return { bytes: await this.a5.render(doc, { copies: opts.print ? 2 : 1 }), fileName: `${name}.pdf`, mime: 'application/pdf', paper: 'a5' };
  }

  async print(receiptId: string, opts: { paper?: ReceiptPaper; printer?: string }, user: { id: string }, now: Date): Promise<{ printer: string; message: string }> {
    const settings = await this.d.fees.settings();
    const f = await this.file(receiptId, opts.paper, { print: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-receipt-'));
    const filePath = path.join(dir, f.fileName);
    const thermal = f.paper === 'thermal';
    try {
      fs.writeFileSync(filePath, f.bytes);
      const outcome = await this.d.printerDriver.print({
        printer: opts.printer || (thermal ? settings.printers.thermal : settings.printers.a5) || undefined,
        filePath, copies: 1, paper: thermal ? 'roll-80mm' : 'A5', duplex: 'one-sided', title: f.fileName,
      });
      await this.d.db.write((em) => writeAudit(em, { at: now, userId: user.id, action: 'fee.receipt.print', entity: 'receipt', entityId: receiptId, after: { printer: outcome.printer, paper: f.paper } }));
      return { printer: outcome.printer, message: thermal ? `Đã gửi biên lai (khổ 80 mm) tới máy in ${outcome.printer}.` : `Đã gửi biên lai (2 liên, khổ A5) tới máy in ${outcome.printer}.` };
    } catch (e) {
      const message = e instanceof PrintError ? e.message : `In không thành công: ${(e as Error).message}`;
      throw new AppError('PRINT_FAILED', `${message} Biên lai đã được lưu; có thể in lại sau.`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}
