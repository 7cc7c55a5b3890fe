// What a fee receipt says, worded once for both papers (A5 PDF in receipt-pdf.ts, 80 mm thermal raster in
// receipt-thermal.ts), so the two can never print different texts for the same receipt.
import { formatMoney } from '../../shared/text';
import type { ReceiptDocument, ReceiptMethod } from './types-receipt';
import { dateParts, shortDate, shortTime } from './vn-format';

export const RECEIPT_TITLE = 'BIÊN LAI THU PHÍ, LỆ PHÍ';
export const RECEIPT_COPY_LABELS = ['Liên 1: Lưu', 'Liên 2: Giao người nộp tiền'] as const;
export const CANCELLED_MARK = 'ĐÃ HỦY';
// A receipt is issued once the money is in: its QR records the transfer made (bank, account, amount, content
// for matching the statement) and must not read as an invitation to pay again.
export const QR_CAPTION = 'Mã VietQR của khoản chuyển khoản này (đã thu, không chuyển lại)';

const METHOD_TEXT: Record<ReceiptMethod, string> = { cash: 'Tiền mặt', transfer: 'Chuyển khoản', online: 'Trực tuyến' };

export interface ReceiptTextLine {
  index: string;
  description: string;
  /** "Số lượng: 3 × 2.000 đ" when quantity/unit amount are given. */
  detail?: string;
  amount: string;
}

export interface ReceiptText {
  /** Upper-left block: governing body, office (bold), address, tax code. */
  header: { governingBody?: string; office: string; extra: string[] };
  /** Upper-right block: "Mẫu số: …", "Ký hiệu: …", "Số: …". */
  template: string[];
  title: string;
  dateLine: string;
  /** Label/value pairs: payer, address, dossier. */
  fields: [string, string][];
  lines: ReceiptTextLine[];
  total: string;
  words: string;
  method: string;
  qr?: { payload: string; caption: string };
  signatures: { payer: string; collector: string; hint: string; collectorName: string };
  cancelled?: { mark: string; reason: string; at: string };
}

const clean = (s: string | undefined): string | undefined => {
  const t = s?.normalize('NFC').replace(/\s+/g, ' ').trim();
  return t ? t : undefined;
};

function instant(iso: string, what: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`Biên lai có ${what} không hợp lệ: "${iso}".`);
  return d;
}

/** The receipt worded as it prints; throws RangeError (Vietnamese) when the instant or amounts are unusable. */
export function receiptText(r: ReceiptDocument): ReceiptText {
  const issued = instant(r.issuedAt, 'thời điểm lập');
  const d = dateParts(issued);
  const fields: [string, string][] = [['Họ và tên người nộp', clean(r.payer.fullName) ?? '']];
  const address = clean(r.payer.address);
  if (address) fields.push(['Địa chỉ', address]);
  const dossier = clean(r.dossierNumber);
  if (dossier) fields.push(['Hồ sơ số', dossier]);
  const lines = r.lines.map((line, i): ReceiptTextLine => {
    const parts: string[] = [];
    if (line.quantity !== undefined) parts.push(`Số lượng: ${line.quantity}`);
    if (line.unitAmount !== undefined) parts.push(`${line.quantity !== undefined ? '× ' : 'Đơn giá: '}${formatMoney(line.unitAmount)}`);
    return { index: `${i + 1}.`, description: clean(line.description) ?? '', detail: parts.length ? parts.join(' ') : undefined, amount: formatMoney(line.amount) };
  });
  const extra = [clean(r.office.address), clean(r.office.taxCode) && `Mã số thuế: ${clean(r.office.taxCode)}`].filter((s): s is string => !!s);
  const payload = clean(r.vietQrPayload);
  const cancelledAt = r.cancelled ? instant(r.cancelled.at, 'thời điểm hủy') : undefined;
  return {
    header: { governingBody: clean(r.office.governingBody)?.toUpperCase(), office: (clean(r.office.name) ?? '').toUpperCase(), extra },
    template: [`Mẫu số: ${clean(r.template.formSymbol) ?? ''}`, `Ký hiệu: ${clean(r.template.series) ?? ''}`, `Số: ${clean(r.number) ?? ''}`],
    title: RECEIPT_TITLE,
    dateLine: `Ngày ${d.day} tháng ${d.month} năm ${d.year}`,
    fields,
    lines,
    total: formatMoney(r.total),
    words: clean(r.totalWords) ?? '',
    method: METHOD_TEXT[r.method] ?? r.method,
    qr: r.method === 'transfer' && payload ? { payload, caption: QR_CAPTION } : undefined,
    signatures: { payer: 'Người nộp tiền', collector: 'Người thu tiền', hint: '(Ký, ghi rõ họ tên)', collectorName: clean(r.collector.fullName) ?? '' },
    cancelled: r.cancelled && cancelledAt
      ? { mark: CANCELLED_MARK, reason: `Lý do hủy: ${clean(r.cancelled.reason) ?? ''}`, at: `Hủy lúc ${shortTime(cancelledAt)} ngày ${shortDate(cancelledAt)}` }
      : undefined,
  };
}

