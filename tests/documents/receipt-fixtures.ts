// Receipts for the receipt renderer tests: amounts and words from the real functions, never typed by hand twice.
import { vietQrPayload } from '../../shared/fees/vietqr';
import { amountInWords } from '../../shared/text';
import type { ReceiptDocument } from '../../main/documents/types-receipt';

export const DOSSIER = '000.00.13.H42-261128-0001';

export function cashReceipt(over: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return {
    office: { name: 'UBND xã Tân Lập', governingBody: 'UBND huyện Đan Phượng', address: 'Thôn 1, xã Tân Lập, Hà Nội', taxCode: '0101234567' },
    template: { formSymbol: '01BLP0-001', series: 'AA-26P' },
    number: '0000123',
    issuedAt: '2026-12-06T02:30:00Z',
    payer: { fullName: 'Nguyễn Thị Hồng Nhung', address: 'Số 5 ngõ 12, thôn Đoài, xã Tân Lập' },
    lines: [{ description: 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân', amount: 15000 }],
    total: 15000,
    totalWords: amountInWords(15000),
    method: 'cash',
    collector: { fullName: 'Trần Văn Bình' },
    dossierNumber: DOSSIER,
    ...over,
  };
}

export function transferReceipt(over: Partial<ReceiptDocument> = {}): ReceiptDocument {
  return cashReceipt({
    method: 'transfer',
    vietQrPayload: vietQrPayload({ bin: '970415', account: '0011001932418', amount: 15000, content: DOSSIER }),
    ...over,
  });
}
