// The VietQR code a payer scans to transfer the dossier's fee to the office's account (fees.md): the
// office's bank BIN and account from the fee settings, the amount, and the dossier number as the transfer
// content so the bank statement can be matched. Encoded by shared/fees/vietqr.ts; drawn as a PNG to show.
import QRCode from 'qrcode';
import type { ReceiptDocument, ReceiptMethod } from '../../documents/types-receipt';
import type { FeeSettings } from '../../../shared/contract/api-fees';
import type { OfficeView } from '../../../shared/contract';
import { buildVietQr, VietQrError } from '../../../shared/fees/vietqr';
import { formatReceiptNumber } from '../../../shared/fees/receipt-series';
import { AppError } from '../../base/errors';
import type { ReceiptRow } from './fee-store';

export function paymentPayload(settings: FeeSettings, amount: number, dossierNumber: string): { payload: string; content: string } {
  if (!settings.bank.bin || !settings.bank.account) {
    throw new AppError('CONFLICT', 'Cơ quan chưa khai báo tài khoản nhận chuyển khoản (mã BIN ngân hàng, số tài khoản): quản trị khai báo ở Thu phí → Cấu hình; trong lúc chờ, thu tiền mặt.');
  }
  try {
    const qr = buildVietQr({ bin: settings.bank.bin, account: settings.bank.account, amount, content: dossierNumber });
    return { payload: qr.payload, content: qr.content.content };
  } catch (e) {
    if (e instanceof VietQrError) throw new AppError('CONFLICT', `${e.message} Quản trị sửa ở Thu phí → Cấu hình.`);
    throw e;
  }
}

/** A PNG of the code, with the quiet zone, large enough for a phone across the counter. */
export async function qrPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 8 });
}

/** What the receipt renderers print, from the receipt as recorded (its words and amounts are never recomputed). */
export function receiptDocument(r: ReceiptRow, office: OfficeView, collectorName: string, dossierNumber: string): ReceiptDocument {
  return {
    office: { name: office.officeName, governingBody: office.governingBody || undefined, address: office.address || undefined },
    template: { formSymbol: r.form_symbol, series: r.series },
    number: formatReceiptNumber(r.number), issuedAt: r.issued_at,
    payer: { fullName: r.payer_name, address: r.payer_address || undefined },
    lines: [{ description: r.description, quantity: r.quantity > 1 ? r.quantity : undefined, unitAmount: r.unit_amount ?? undefined, amount: r.amount }],
    total: r.amount, totalWords: r.amount_words, method: r.method as ReceiptMethod,
    vietQrPayload: r.vietqr_payload ?? undefined, collector: { fullName: collectorName }, dossierNumber,
    cancelled: r.cancelled_at ? { reason: r.cancel_reason ?? '', at: r.cancelled_at } : undefined,
  };
}
