// Collecting a dossier's fee (issue 11, fees items 2–3): priced from what the counter counted (shared/fees),
// exempt with a reason or paid by a method, with a receipt numbered in its template's series — one serialized
// transaction writes the fee, the receipt, the audit and the dossier's update for the province. Cancelling
// keeps the receipt, marked, with its reason. A closed day's receipts never change (day-report.ts closes it).
import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { DossierFee, FeeMethod, FeeSettings, Receipt } from '../../../shared/contract/api-fees';
import { DEFAULT_EXEMPTIONS } from '../../../shared/fees/exemptions';
import { dueBeforeReturn, quantityIssues, quoteFee, type Exemption, type FeeQuantities } from '../../../shared/fees/pricing';
import { formatReceiptNumber, seriesFor } from '../../../shared/fees/receipt-series';
import { amountInWords, DEFAULT_AMOUNT_WORDS_VARIANT, resolveAmountWordsVariant } from '../../../shared/text/amount-words';
import { formatDateVn, formatDateTimeVn, toVnParts, vnDateKey } from '../../../shared/time/vn-time';
import { AppError, notFound } from '../../base/errors';
import type { Database } from '../../persistence/database';
import { enqueueDossierUpdate } from '../../sync/outbox';
import { writeAudit } from '../audit';
import type { SettingsService } from '../settings-service';
import { dossierFacts, type DossierFacts } from './dossier-line';
import { eReceiptProvider } from './e-receipt';
import { paymentPayload } from './payment-qr';
import {
  cancelReceiptRow, closedDay, feeRecordOf, insertReceipt, markUnpaid, nextReceiptNumber, putFeeRecord, receiptById,
  receiptByOperation, receiptsOfDossier, recordOverride, type FeeRecordRow, type ReceiptRow,
} from './fee-store';

export const FEE_SETTINGS_KEY = 'fees';

export const DEFAULT_FEE_SETTINGS: FeeSettings = {
  bank: { bin: '', account: '', accountName: '' },
  exemptions: [...DEFAULT_EXEMPTIONS],
  templates: [],
  printers: { a5: '', thermal: '' },
  eReceiptProvider: 'local',
  amountWords: { ...DEFAULT_AMOUNT_WORDS_VARIANT },
};

export interface CollectInput {
  operationId: string; dossierId: string; pages?: number[]; copies?: number;
  exemption?: { code: string; reason: string }; method?: FeeMethod; templateId?: string;
  payer?: { name: string; address: string };
}

interface Actor { id: string; fullName: string }

const vnDay = (day: string) => formatDateVn(new Date(`${day}T05:00:00Z`));

/** The refusal for a closed day, the same wherever a change of it is asked. */
export function closedDayError(day: string, closedAt: string): AppError {
  return new AppError('CONFLICT', `Sổ thu ngày ${vnDay(day)} đã được lãnh đạo khóa lúc ${formatDateTimeVn(new Date(closedAt))}: biên lai của ngày này không thể lập thêm, hủy hay sửa. Khoản cần điều chỉnh hãy lập trong ngày làm việc đang mở và ghi rõ lý do.`);
}

export class FeeService {
  constructor(private readonly db: Database, private readonly settingsStore: SettingsService) {}

  async settings(): Promise<FeeSettings> {
    const stored = await this.settingsStore.get<Partial<FeeSettings>>(FEE_SETTINGS_KEY, {});
    return {
      ...DEFAULT_FEE_SETTINGS, ...stored, bank: { ...DEFAULT_FEE_SETTINGS.bank, ...stored.bank }, printers: { ...DEFAULT_FEE_SETTINGS.printers, ...stored.printers },
      // A damaged or partial stored choice falls back field by field: a receipt always prints.
      amountWords: resolveAmountWordsVariant(stored.amountWords),
    };
  }

  async setSettings(s: FeeSettings, userId: string, at: Date): Promise<FeeSettings> {
    const codes = new Set<string>(), ids = new Set<string>();
    const fields = [
      ...s.exemptions.flatMap((e, i) => (codes.has(e.code) ? [{ field: `exemptions.${i}.code`, message: `Mã "${e.code}" đã dùng ở dòng trên: mỗi đối tượng một mã.`, severity: 'error' as const }] : (codes.add(e.code), []))),
      ...s.templates.flatMap((t, i) => (ids.has(t.id) ? [{ field: `templates.${i}.id`, message: `Mã mẫu "${t.id}" đã dùng ở dòng trên.`, severity: 'error' as const }] : (ids.add(t.id), []))),
    ];
    if ((s.bank.bin === '') !== (s.bank.account === '')) {
      fields.push({ field: s.bank.bin ? 'bank.account' : 'bank.bin', message: 'Nhập cả mã BIN ngân hàng và số tài khoản (hoặc để trống cả hai nếu không nhận chuyển khoản).', severity: 'error' });
    }
    if (fields.length) throw new AppError('VALIDATION', 'Cấu hình thu phí chưa hợp lệ: sửa các ô được đánh dấu.', fields);
    await this.settingsStore.set(FEE_SETTINGS_KEY, s, userId, at);
    return this.settings();
  }

  /** The dossier's fee as the counter sees it. */
  view(dossierId: string): Promise<DossierFee> {
    return this.db.read((em) => this.viewIn(em, dossierId));
  }

  private async viewIn(em: EntityManager, dossierId: string): Promise<DossierFee> {
    const facts = await dossierFacts(em, dossierId);
    if (!facts) throw notFound('hồ sơ');
    const [record, receipts, names] = await Promise.all([feeRecordOf(em, dossierId), receiptsOfDossier(em, dossierId), userNames(em)]);
    const free = !facts.line || (facts.line.pricing.kind !== 'per-page' && facts.line.amount === 0);
    const settled = !!record && (record.paid === 1 || !!record.exemption_code || record.gross === 0);
    return {
      dossierId, dossierNumber: facts.number, payerName: facts.applicantName, payerAddress: facts.applicantAddress,
      line: facts.line ? { name: facts.line.name, amount: facts.line.amount, pricing: facts.line.pricing, collect: facts.line.collect, note: facts.line.note } : null,
      record: record ? {
        pages: JSON.parse(record.pages_json) as number[], copies: record.copies, quantity: record.quantity, detail: record.detail,
        gross: record.gross, amount: record.amount,
        exemption: record.exemption_code ? { code: record.exemption_code, name: record.exemption_name ?? '', reason: record.exemption_reason ?? '' } : null,
        paid: record.paid === 1, method: record.method, paidAt: record.paid_at, collectorName: record.collector_id ? names.get(record.collector_id) ?? record.collector_id : null,
        override: record.override_at ? { reason: record.override_reason ?? '', byName: names.get(record.override_by ?? '') ?? '', at: record.override_at } : null,
      } : null,
      owed: !free && !settled && received(facts),
      receipts: receipts.map((r) => toReceipt(r, names, facts.number)),
      stage: facts.stage,
    };
  }

  /** Prices and collects the dossier's fee; a receipt unless exempt. Idempotent by operationId. */
  async collect(input: CollectInput, user: Actor, now: Date): Promise<{ fee: DossierFee; receipt: Receipt | null }> {
    const settings = await this.settings();
    const provider = eReceiptProvider(settings.eReceiptProvider);
    const receiptId = await this.db.write(async (em) => {
      const twin = await receiptByOperation(em, input.operationId);
      if (twin) {
        if (twin.dossier_id !== input.dossierId) throw new AppError('CONFLICT', 'Mã thao tác này đã dùng cho hồ sơ khác — hãy tải lại màn hình rồi thu lại.');
        return twin.id;
      }
      const facts = await dossierFacts(em, input.dossierId);
      if (!facts) throw notFound('hồ sơ');
      const line = facts.line;
      if (!line) throw new AppError('CONFLICT', `Hồ sơ ${facts.number} không có khoản phí, lệ phí nào phải thu.`);
      if (!received(facts)) throw new AppError('CONFLICT', `Hồ sơ ${facts.number} chưa được tiếp nhận (đang yêu cầu bổ sung hoặc đã từ chối) nên chưa thu phí.`);
      const existing = await feeRecordOf(em, input.dossierId);
      if (existing?.paid) throw new AppError('CONFLICT', `Phí của hồ sơ ${facts.number} đã thu${existing.paid_at ? ` lúc ${formatDateTimeVn(new Date(existing.paid_at))}` : ''}. Muốn thu lại, hãy hủy biên lai cũ (kèm lý do) trước.`);
      if (existing?.exemption_code && input.exemption) return null;

      const q: FeeQuantities = { pages: input.pages, copies: input.copies };
      const problems = quantityIssues(line, q);
      if (problems.length) throw new AppError('VALIDATION', problems[0]!, [{ field: line.pricing.kind === 'per-page' ? 'pages' : 'copies', message: problems[0]!, severity: 'error' }]);
      const exemption = input.exemption ? exemptionOf(settings, input.exemption) : null;
      const quote = quoteFee(line, q, exemption);
      const at = now.toISOString();
      const day = vnDateKey(now);
      if (quote.gross === 0 && !exemption) throw new AppError('CONFLICT', `"${line.name}" của hồ sơ ${facts.number} được miễn (0 đ): không có gì phải thu.`);
      const closed = await closedDay(em, day);
      const paying = quote.amount > 0;
      if (paying && closed) throw closedDayError(day, closed.closed_at);
      if (paying && !input.method) throw new AppError('VALIDATION', 'Chọn hình thức nộp: tiền mặt, chuyển khoản hoặc trực tuyến.', [{ field: 'method', message: 'Chọn hình thức nộp', severity: 'error' }]);
      const template = paying ? templateOf(settings, input.templateId) : null;

      const record: FeeRecordRow = {
        dossier_id: facts.id, line_name: line.name, fee_kind: line.kind, collect_at: line.collect,
        pages_json: JSON.stringify(line.pricing.kind === 'per-page' ? q.pages ?? [] : []), copies: line.pricing.kind === 'per-copy' ? q.copies ?? null : null,
        quantity: quote.quantity, detail: quote.detail, gross: quote.gross, amount: quote.amount,
        exemption_code: exemption?.code ?? null, exemption_name: exemption?.name ?? null, exemption_reason: exemption?.reason ?? null,
        paid: paying ? 1 : 0, method: paying ? input.method! : null, paid_at: paying ? at : null, collector_id: paying ? user.id : null,
        override_reason: existing?.override_reason ?? null, override_by: existing?.override_by ?? null, override_at: existing?.override_at ?? null, updated_at: at,
      };
      await putFeeRecord(em, record);
      let receipt: ReceiptRow | null = null;
      if (paying && template) {
        const series = seriesFor(template.seriesPattern, toVnParts(now).year);
        receipt = {
          id: crypto.randomUUID(), dossier_id: facts.id, form_symbol: template.formSymbol, series,
          number: await nextReceiptNumber(em, template.formSymbol, series), issued_at: at, day, collector_id: user.id,
          ...payerOf(input.payer, facts),
          description: `${line.name} (hồ sơ ${facts.number})`, quantity: quote.quantity,
          unit_amount: line.pricing.kind === 'per-copy' ? line.amount : null, amount: quote.amount, amount_words: amountInWords(quote.amount, { variant: settings.amountWords }),
          method: input.method!, vietqr_payload: input.method === 'transfer' ? paymentPayload(settings, quote.amount, facts.number).payload : null, paper: template.paper, provider: provider.name, provider_ref: null,
          cancelled_at: null, cancelled_by: null, cancel_reason: null, operation_id: input.operationId,
        };
        const issued = provider.issue(receipt);
        receipt = { ...receipt, provider: issued.provider, provider_ref: issued.providerRef };
        await insertReceipt(em, receipt);
      }
      await writeAudit(em, {
        at: now, userId: user.id, action: exemption ? 'fee.exempt' : 'fee.collect', entity: 'dossier', entityId: facts.id,
        before: existing ?? undefined, after: { record, receipt: receipt && { id: receipt.id, formSymbol: receipt.form_symbol, series: receipt.series, number: receipt.number } },
      });
      // The province hears of the payment with the dossier (DanhSachLePhi, main/sync/mapping.ts).
      enqueueDossierUpdate(em, now, facts.id);
      return receipt?.id ?? null;
    });
    const fee = await this.view(input.dossierId);
    return { fee, receipt: receiptId ? fee.receipts.find((r) => r.id === receiptId) ?? null : null };
  }

  /** Cancels a receipt: it stays in the book, marked, with its reason; the dossier's fee is unpaid again. */
  async cancel(receiptId: string, reason: string, user: Actor, now: Date): Promise<Receipt> {
    const settings = await this.settings();
    const dossierId = await this.db.write(async (em) => {
      const r = await receiptById(em, receiptId);
      if (!r) throw notFound('biên lai');
      if (r.cancelled_at) throw new AppError('CONFLICT', `Biên lai ${r.series} số ${formatReceiptNumber(r.number)} đã hủy lúc ${formatDateTimeVn(new Date(r.cancelled_at))}.`);
      const closed = await closedDay(em, r.day);
      if (closed) throw closedDayError(r.day, closed.closed_at);
      const at = now.toISOString();
      await cancelReceiptRow(em, r.id, reason, user.id, at);
      eReceiptProvider(settings.eReceiptProvider).cancel(r, reason);
      await markUnpaid(em, r.dossier_id, at);
      await writeAudit(em, { at: now, userId: user.id, action: 'fee.receipt.cancel', entity: 'receipt', entityId: r.id, before: { cancelled: false }, after: { cancelled: true, reason } });
      enqueueDossierUpdate(em, now, r.dossier_id);
      return r.dossier_id;
    });
    return (await this.view(dossierId)).receipts.find((x) => x.id === receiptId)!;
  }

  /** The leader lets the dossier be returned with its fee due on return unpaid; audited with the reason. */
  async overrideReturn(dossierId: string, reason: string, user: Actor, now: Date): Promise<DossierFee> {
    await this.db.write(async (em) => {
      const facts = await dossierFacts(em, dossierId);
      if (!facts) throw notFound('hồ sơ');
      if (!facts.line || !dueBeforeReturn(facts.line.collect)) throw new AppError('CONFLICT', `Hồ sơ ${facts.number} không có khoản phí thu sau khi tiếp nhận (khi giải quyết xong hoặc khi trả kết quả): không cần cho phép.`);
      const at = now.toISOString();
      let record = await feeRecordOf(em, dossierId);
      if (!record) {
        // Not yet priced: the line as it stands (its amount for a fixed line), unpaid, so the override has a row to sit on.
        const quote = quoteFee(facts.line, {});
        record = {
          dossier_id: dossierId, line_name: facts.line.name, fee_kind: facts.line.kind, collect_at: 4, pages_json: '[]', copies: null,
          quantity: quote.quantity, detail: quote.detail, gross: quote.gross, amount: quote.amount, exemption_code: null, exemption_name: null,
          exemption_reason: null, paid: 0, method: null, paid_at: null, collector_id: null, override_reason: null, override_by: null, override_at: null, updated_at: at,
        };
        await putFeeRecord(em, record);
      }
      await recordOverride(em, dossierId, reason, user.id, at);
      await writeAudit(em, { at: now, userId: user.id, action: 'fee.return.override', entity: 'dossier', entityId: dossierId, before: { override: null }, after: { override: { reason } } });
    });
    return this.view(dossierId);
  }

  async receipt(receiptId: string): Promise<{ row: ReceiptRow; receipt: Receipt }> {
    return this.db.read(async (em) => {
      const row = await receiptById(em, receiptId);
      if (!row) throw notFound('biên lai');
      const [d] = await em.query(`SELECT number FROM dossier WHERE id = ?`, [row.dossier_id]) as { number: string }[];
      return { row, receipt: toReceipt(row, await userNames(em), d?.number ?? '') };
    });
  }
}

/** Received at the counter (or accepted online): not refused, not only asked to complete its papers. */
function received(f: DossierFacts): boolean {
  return f.status !== 1 && f.status !== 3 && !(f.status === 5 && f.stage === 'received');
}

function exemptionOf(settings: FeeSettings, e: { code: string; reason: string }): Exemption {
  const c = settings.exemptions.find((x) => x.code === e.code && x.active);
  if (!c) throw new AppError('VALIDATION', 'Đối tượng miễn không có trong danh sách của cơ quan — hãy chọn lại.', [{ field: 'exemption.code', message: 'Chọn đối tượng miễn trong danh sách', severity: 'error' }]);
  return { code: c.code, name: c.name, reason: e.reason };
}

function templateOf(settings: FeeSettings, id: string | undefined) {
  const active = settings.templates.filter((t) => t.active);
  const t = id ? active.find((x) => x.id === id) : active[0];
  if (!t) {
    throw new AppError('CONFLICT', id ? 'Mẫu biên lai đã chọn không còn dùng — hãy chọn mẫu khác.'
      : 'Chưa có mẫu biên lai (mẫu số, ký hiệu): quản trị khai báo ở màn hình Thu phí → Cấu hình, rồi thu lại.');
  }
  return t;
}

export async function userNames(em: Pick<EntityManager, 'query'>): Promise<Map<string, string>> {
  const rows = await em.query(`SELECT id, full_name FROM app_user`) as { id: string; full_name: string }[];
  return new Map(rows.map((u) => [u.id, u.full_name]));
}

export function toReceipt(r: ReceiptRow, names: Map<string, string>, dossierNumber: string): Receipt {
  return {
    id: r.id, dossierId: r.dossier_id, dossierNumber, formSymbol: r.form_symbol, series: r.series, number: r.number, numberText: formatReceiptNumber(r.number),
    issuedAt: r.issued_at, day: r.day, collectorId: r.collector_id, collectorName: names.get(r.collector_id) ?? r.collector_id,
    payerName: r.payer_name, payerAddress: r.payer_address, description: r.description, quantity: r.quantity, amount: r.amount,
    amountWords: r.amount_words, method: r.method, paper: r.paper,
    cancelledAt: r.cancelled_at, cancelledByName: r.cancelled_by ? names.get(r.cancelled_by) ?? r.cancelled_by : null, cancelReason: r.cancel_reason,
  };
}

/** The receipt's payer: the one the clerk typed (the address only with the name), else the applicant. */
function payerOf(payer: CollectInput['payer'], facts: { applicantName: string; applicantAddress: string }): { payer_name: string; payer_address: string } {
  const name = payer?.name.trim() ?? '';
  if (!name) return { payer_name: facts.applicantName, payer_address: facts.applicantAddress };
  return { payer_name: name, payer_address: payer?.address.trim() ?? '' };
}
