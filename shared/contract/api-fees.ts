// Fees, receipts and the day's collection (issue 11, "Fees and receipts"; domain: fees.md). A dossier's fee
// is priced from its procedure version's fee line (shared/fees/pricing.ts: fixed, per page in tiers with a
// cap, per copy), exemptions are categories the administrator lists, and a collected fee gets a receipt
// numbered within its form symbol and series, never reused. The leader closes a day, after which its receipts
// cannot change. Merged into the one API table.
import { z } from 'zod';
import { COLLECT_AT } from '../fees/pricing';
import { DEFAULT_AMOUNT_WORDS_VARIANT } from '../text/amount-words';
import { LIMITS } from '../validation/limits';
import { calendarDate, id, isoInstant, optionalMultilineText, optionalText, storedDate, text } from './common';
import { method, STAFF } from './method';

// ---------------------------------------------------------------------------------------------------------
// Pricing rules as data (a fee line's `pricing` and `collect`, procedure versions)

const dong = (what: string) => z.number(`${what}: nhập số tiền bằng số, VD 2000.`).int(`${what} là số nguyên đồng.`)
  .min(0, `${what} không âm.`).max(1_000_000_000, `${what} tối đa 1.000.000.000 đ.`);

export const pageTierSchema = z.object({
  fromPage: z.number('Nhập số trang bắt đầu, VD 3.').int('Số trang là số nguyên.').min(1, 'Số trang từ 1 trở lên.').max(10_000, 'Số trang tối đa 10.000.'),
  amount: dong('Giá mỗi trang'),
});

export const feePricingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed') }),
  z.object({ kind: z.literal('per-page'), tiers: z.array(pageTierSchema).max(10, 'Tối đa 10 mức giá theo trang.'), cap: dong('Mức thu tối đa').optional() })
    .superRefine((p, ctx) => {
      if (!p.tiers.length) ctx.addIssue({ code: 'custom', path: ['tiers'], message: 'Nhập ít nhất một mức giá theo trang, VD từ trang 1: 2.000 đ.' });
      else if (p.tiers[0]!.fromPage !== 1) ctx.addIssue({ code: 'custom', path: ['tiers', 0, 'fromPage'], message: 'Mức giá đầu tiên phải tính từ trang 1.' });
      for (let i = 1; i < p.tiers.length; i++) {
        if (p.tiers[i]!.fromPage <= p.tiers[i - 1]!.fromPage) {
          ctx.addIssue({ code: 'custom', path: ['tiers', i, 'fromPage'], message: `Mức ${i + 1} phải bắt đầu sau trang ${p.tiers[i - 1]!.fromPage}.` });
        }
      }
    }),
  z.object({ kind: z.literal('per-copy') }),
]);

/** When the fee is collected: at receipt 1, on completion 2, on return 4 (the portal's HinhThucThu). */
export const collectAtSchema = z.union(COLLECT_AT.map((n) => z.literal(n)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<4>],
  { message: 'Chọn thời điểm thu: khi tiếp nhận, khi giải quyết xong hoặc khi trả kết quả.' });

// ---------------------------------------------------------------------------------------------------------
// Settings (the administrator's): bank account for VietQR, exemption categories, receipt templates, printers

export const exemptionCategorySchema = z.object({
  code: z.string().max(40).regex(/^[a-z0-9-]{2,40}$/, 'Mã đối tượng 2–40 ký tự: chữ thường không dấu, số, dấu gạch ngang (VD ho-ngheo).'),
  name: text(200).pipe(z.string().min(1, 'Nhập tên đối tượng được miễn.')),
  basis: optionalText(300),
  active: z.boolean(),
});

export const receiptTemplateSchema = z.object({
  id: z.string().max(40).regex(/^[a-z0-9-]{1,40}$/, 'Mã mẫu biên lai: chữ thường không dấu, số, dấu gạch ngang.'),
  /** Mẫu số, e.g. "01BLP0-001". */
  formSymbol: text(40).pipe(z.string().min(1, 'Nhập mẫu số biên lai, VD 01BLP0-001.')),
  /** Ký hiệu; '{yy}' is the year of issue ("AA/{yy}P" → "AA/26P"), numbering restarts with each series. */
  seriesPattern: text(40).pipe(z.string().min(1, 'Nhập ký hiệu biên lai, VD AA/{yy}P.')),
  /** A5 sheet or 80 mm thermal roll. */
  paper: z.enum(['a5', 'thermal']),
  active: z.boolean(),
});
export type ReceiptTemplateSetting = z.infer<typeof receiptTemplateSchema>;

export const feeSettingsSchema = z.object({
  /** The office's account that transfers go to (VietQR): the bank's 6-digit NAPAS BIN, account, account name. */
  bank: z.object({
    bin: z.string().max(6).regex(/^(\d{6})?$/, 'Mã BIN ngân hàng gồm 6 chữ số (VD 970415 VietinBank).'),
    account: z.string().max(19).regex(/^[0-9A-Za-z]*$/, 'Số tài khoản chỉ gồm chữ số (và chữ cái không dấu), tối đa 19 ký tự.'),
    accountName: optionalText(70),
  }),
  exemptions: z.array(exemptionCategorySchema).max(50),
  templates: z.array(receiptTemplateSchema).max(20),
  /** Printer queue per paper ('' : the system default). */
  printers: z.object({ a5: optionalText(LIMITS.printerName), thermal: optionalText(LIMITS.printerName) }),
  /** The electronic-receipt provider adapter; 'local' records and prints here (main/services/fees/e-receipt.ts). */
  eReceiptProvider: z.enum(['local']),
  /**
   * How the receipts read amounts in words (shared/text/amount-words.ts): the office's regional choice. Absent
   * (a client that does not know it): the official northern reading.
   */
  amountWords: z.object({
    zeroTens: z.enum(['linh', 'lẻ']), thousand: z.enum(['nghìn', 'ngàn']), five: z.enum(['lăm', 'nhăm']), four: z.enum(['tư', 'bốn']),
  }).default({ ...DEFAULT_AMOUNT_WORDS_VARIANT }),
});
export type FeeSettings = z.infer<typeof feeSettingsSchema>;

// ---------------------------------------------------------------------------------------------------------
// Answers

export const feeMethod = z.enum(['cash', 'transfer', 'online']);
export type FeeMethod = z.infer<typeof feeMethod>;
export const FEE_METHOD_NAMES: Record<FeeMethod, string> = { cash: 'Tiền mặt', transfer: 'Chuyển khoản (VietQR)', online: 'Trực tuyến' };

export const receiptSchema = z.object({
  id, dossierId: z.string(), dossierNumber: z.string(),
  formSymbol: z.string(), series: z.string(), number: z.number().int(), numberText: z.string(),
  issuedAt: isoInstant, day: storedDate, collectorId: z.string(), collectorName: z.string(),
  payerName: z.string(), payerAddress: z.string(), description: z.string(),
  quantity: z.number().int(), amount: z.number().int(), amountWords: z.string(), method: feeMethod,
  paper: z.enum(['a5', 'thermal']),
  cancelledAt: isoInstant.nullable(), cancelledByName: z.string().nullable(), cancelReason: z.string().nullable(),
});
export type Receipt = z.infer<typeof receiptSchema>;

const pricedLine = z.object({
  name: z.string(), amount: z.number().int(), pricing: feePricingSchema, collect: collectAtSchema, note: z.string(),
});

export const dossierFeeSchema = z.object({
  dossierId: z.string(), dossierNumber: z.string(), payerName: z.string(), payerAddress: z.string(),
  /** The line that applies (recorded at receipt); null: the procedure has no fee, or none was decided. */
  line: pricedLine.nullable(),
  /** The fee as recorded (null: not yet priced). */
  record: z.object({
    pages: z.array(z.number().int()), copies: z.number().int().nullable(), quantity: z.number().int(), detail: z.string(),
    gross: z.number().int(), amount: z.number().int(),
    exemption: z.object({ code: z.string(), name: z.string(), reason: z.string() }).nullable(),
    paid: z.boolean(), method: feeMethod.nullable(), paidAt: isoInstant.nullable(), collectorName: z.string().nullable(),
    override: z.object({ reason: z.string(), byName: z.string(), at: isoInstant }).nullable(),
  }).nullable(),
  /** Whether the fee still waits to be collected (owed and not paid). */
  owed: z.boolean(),
  receipts: z.array(receiptSchema),
  /** The dossier's stage (shared/workflow), for what the screen offers. */
  stage: z.string(),
});
export type DossierFee = z.infer<typeof dossierFeeSchema>;

const methodTotals = z.object({ cash: z.number().int(), transfer: z.number().int(), online: z.number().int(), total: z.number().int(), count: z.number().int() });

export const dayReportSchema = z.object({
  day: storedDate,
  closed: z.object({ at: isoInstant, byName: z.string() }).nullable(),
  office: methodTotals,
  collectors: z.array(z.object({ collectorId: z.string(), collectorName: z.string(), totals: methodTotals, cancelled: z.number().int() })),
  receipts: z.array(receiptSchema),
  cancelled: z.number().int(),
});
export type DayReport = z.infer<typeof dayReportSchema>;

const reason = (example: string) => optionalMultilineText(LIMITS.reason).pipe(z.string().min(5, `Ghi rõ lý do, ví dụ: ${example}`));
const counter = ['clerk', 'officer', 'admin'] as const;
const leaders = ['leader', 'admin'] as const;
const paper = z.enum(['a5', 'thermal']);

export const feesApi = {
  'fees.getSettings': method(z.object({}), feeSettingsSchema, STAFF),
  'fees.setSettings': method(feeSettingsSchema, feeSettingsSchema, ['admin'] as const),
  'fees.dossier': method(z.object({ dossierId: id }), dossierFeeSchema, STAFF),
  /** The VietQR payment code for the dossier's fee (amount computed by the core): payload and a PNG to show. */
  'fees.paymentQr': method(z.object({
    dossierId: id, pages: z.array(z.number().int().min(1).max(10_000)).max(50).optional(), copies: z.number().int().min(1).max(100).optional(),
  }), z.object({ payload: z.string(), pngBase64: z.string(), amount: z.number().int(), content: z.string() }), STAFF),
  /**
   * Collects the dossier's fee: priced from what the clerk counted, exempt with a reason or paid by a method,
   * with a receipt numbered in the chosen template's series. Idempotent by operationId.
   */
  'fees.collect': method(z.object({
    operationId: z.string().uuid(), dossierId: id,
    pages: z.array(z.number().int().min(1, 'Số trang từ 1 trở lên.').max(10_000)).max(50).optional(),
    copies: z.number().int().min(1, 'Số bản sao từ 1 trở lên.').max(100).optional(),
    exemption: z.object({ code: z.string().max(40), reason: optionalMultilineText(LIMITS.reason).pipe(z.string().min(3, 'Ghi rõ căn cứ miễn, VD số giấy chứng nhận hộ nghèo.')) }).optional(),
    method: feeMethod.optional(),
    templateId: z.string().max(40).optional(),
    /** Who pays, when not the applicant (a relative, the other spouse): printed on the receipt. Empty name: the applicant. */
    payer: z.object({ name: optionalText(LIMITS.personName), address: optionalText(LIMITS.address) }).optional(),
  }), z.object({ fee: dossierFeeSchema, receipt: receiptSchema.nullable() }), counter),
  'fees.cancelReceipt': method(z.object({ receiptId: id, reason: reason('thu nhầm số tiền, lập lại biên lai') }), receiptSchema, [...counter, 'leader'] as const),
  /** The receipt to preview: A5 PDF (one liên), or the 80 mm thermal raster as PNG; the template's paper unless asked. */
  'fees.receiptFile': method(z.object({ receiptId: id, paper: paper.optional() }), z.object({ base64: z.string(), fileName: z.string(), mime: z.string() }), STAFF),
  /** Prints the receipt (A5: both liên; thermal: 80 mm roll) on the receipts' printer for that paper, or the one named. */
  'fees.printReceipt': method(z.object({ receiptId: id, paper: paper.optional(), printer: optionalText(LIMITS.printerName) }),
    z.object({ printer: z.string(), message: z.string() }), [...counter, 'leader'] as const),
  'fees.dayReport': method(z.object({ day: calendarDate, collectorId: id.optional() }), dayReportSchema, STAFF),
  'fees.dayReportFile': method(z.object({ day: calendarDate, format: z.enum(['pdf', 'xlsx']) }), z.object({ base64: z.string(), fileName: z.string(), mime: z.string() }), STAFF),
  'fees.closeDay': method(z.object({ day: calendarDate }), dayReportSchema, leaders),
  /** The leader lets a dossier be returned while its fee due when resolved or on return is unpaid (audited). */
  'fees.overrideReturn': method(z.object({ dossierId: id, reason: reason('người dân thuộc diện miễn, đang chờ xác nhận') }), dossierFeeSchema, leaders),
} as const;
