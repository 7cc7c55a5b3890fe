// Fees, receipts and the day's collection (issue 11): the facade the core's handlers call.
import path from 'node:path';
import type { OfficeView } from '../../../shared/contract';
import type { PrinterDriver } from '../../devices/printing';
import type { Database } from '../../persistence/database';
import type { SettingsService } from '../settings-service';
import { DayReports } from './day-report';
import { dayReportPdf, dayReportWorkbook } from './day-report-files';
import { dossierFacts } from './dossier-line';
import { FeeService } from './fee-service';
import { paymentPayload, qrPng } from './payment-qr';
import { quoteFee, quantityIssues } from '../../../shared/fees/pricing';
import { AppError, notFound } from '../../base/errors';
import { ReceiptOutput } from './receipt-output';

export interface FeesDeps {
  db: Database; settings: SettingsService; printerDriver: PrinterDriver; assetsDir: string; office: () => Promise<OfficeView>;
}

export class Fees {
  readonly service: FeeService;
  readonly days: DayReports;
  readonly receipts: ReceiptOutput;

  constructor(private readonly d: FeesDeps) {
    this.service = new FeeService(d.db, d.settings);
    this.days = new DayReports(d.db);
    this.receipts = new ReceiptOutput({ db: d.db, fees: this.service, printerDriver: d.printerDriver, office: d.office, fontDir: path.join(d.assetsDir, 'fonts') });
  }

  /** The VietQR code for the dossier's fee as counted now. */
  async paymentQr(dossierId: string, q: { pages?: number[]; copies?: number }) {
    const facts = await this.d.db.read((em) => dossierFacts(em, dossierId));
    if (!facts) throw notFound('hồ sơ');
    if (!facts.line) throw new AppError('CONFLICT', `Hồ sơ ${facts.number} không có khoản phí, lệ phí nào phải thu.`);
    const problems = quantityIssues(facts.line, q);
    if (problems.length) throw new AppError('VALIDATION', problems[0]!);
    const amount = quoteFee(facts.line, q).amount;
    if (amount <= 0) throw new AppError('CONFLICT', 'Khoản này không phải nộp tiền (0 đ): không cần mã chuyển khoản.');
    const { payload, content } = paymentPayload(await this.service.settings(), amount, facts.number);
    return { payload, content, amount, pngBase64: (await qrPng(payload)).toString('base64') };
  }

  async dayReportFile(day: string, format: 'pdf' | 'xlsx', now: Date) {
    const [report, office] = await Promise.all([this.days.report(day), this.d.office()]);
    const name = `thu-phi-${day}`;
    if (format === 'xlsx') {
      return { base64: (await dayReportWorkbook(report, office.officeName, now)).toString('base64'), fileName: `${name}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };
    }
    return { base64: (await dayReportPdf(report, office.officeName, path.join(this.d.assetsDir, 'fonts'), now)).toString('base64'), fileName: `${name}.pdf`, mime: 'application/pdf' };
  }
}
