// The A5 receipt read back with poppler and zbar: what the payer takes home says the amount in figures and
// in words, who paid and who collected, and a transfer receipt's QR is the VietQR payload we built.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ReceiptPdfRenderer } from '../../main/documents/receipt-pdf';
import type { ReceiptDocument } from '../../main/documents/types-receipt';
import { parseVietQr } from '../../shared/fees/vietqr';
import { amountInWords } from '../../shared/text';
import { MM, qrSymbols, rawText, wordBoxes } from './pdf-checks';
import { cashReceipt, DOSSIER, transferReceipt } from './receipt-fixtures';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'receipt-pdf-'));
let renderer: ReceiptPdfRenderer;
beforeAll(() => {
  renderer = ReceiptPdfRenderer.create();
});

async function pdf(receipt: ReceiptDocument, copies: 1 | 2 = 1): Promise<string> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, await renderer.render(receipt, { copies }));
  return file;
}
const oneLine = (s: string) => s.replace(/\s+/g, ' ');

describe('A5 receipt PDF', () => {
  it('prints the amount in figures and in words, payer, collector, series and number, on A5 with Tinos embedded', async () => {
    const file = await pdf(cashReceipt());
    const text = oneLine(rawText(file));
    for (const expected of [
      'BIÊN LAI THU PHÍ, LỆ PHÍ', '15.000 đ', 'Bằng chữ: Mười lăm nghìn đồng', 'Nguyễn Thị Hồng Nhung', 'Trần Văn Bình',
      'Mẫu số: 01BLP0-001', 'Ký hiệu: AA-26P', 'Số: 0000123', `Hồ sơ số: ${DOSSIER}`, 'Hình thức thanh toán: Tiền mặt',
      'UBND XÃ TÂN LẬP', 'Ngày 06 tháng 12 năm 2026', 'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân',
    ]) expect(text).toContain(expected);
    expect(text).not.toContain('ĐÃ HỦY');
    expect(text).not.toContain('Liên');
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toMatch(/Page size:\s+419\.5\d* x 595\.2\d* pts/);
    expect(execFileSync('pdffonts', [file], { encoding: 'utf8' })).toMatch(/[A-Z]{6}\+Tinos-Bold .* yes/);
    expect(qrSymbols(file, 1, dir)).toEqual([]);
  });

  it('the date is the Vietnam date (18:00 UTC on 31 December is already 1 January)', async () => {
    const text = rawText(await pdf(cashReceipt({ issuedAt: '2026-12-31T18:00:00Z' })));
    expect(text).toContain('Ngày 01 tháng 01 năm 2027');
  });

  it('two liên: one page each, labelled', async () => {
    const file = await pdf(cashReceipt(), 2);
    expect(rawText(file, 1)).toContain('(Liên 1: Lưu)');
    expect(rawText(file, 2)).toContain('(Liên 2: Giao người nộp tiền)');
    for (const page of [1, 2]) expect(oneLine(rawText(file, page))).toContain('Mười lăm nghìn đồng');
  });

  it('a transfer receipt carries the VietQR code, read back by zbarimg', async () => {
    const receipt = transferReceipt();
    const file = await pdf(receipt);
    expect(oneLine(rawText(file))).toContain('Hình thức thanh toán: Chuyển khoản');
    expect(oneLine(rawText(file))).toContain('đã thu, không chuyển lại');
    const symbols = qrSymbols(file, 1, dir);
    expect(symbols).toEqual([receipt.vietQrPayload]);
    expect(parseVietQr(symbols[0])).toMatchObject({ amount: 15000, content: DOSSIER, bin: '970415' });
  });

  it('a cancelled receipt prints "ĐÃ HỦY" and the reason on every liên', async () => {
    const file = await pdf(cashReceipt({ cancelled: { reason: 'Thu nhầm số tiền, lập lại biên lai', at: '2026-12-06T03:00:00Z' } }), 2);
    for (const page of [1, 2]) {
      const text = oneLine(rawText(file, page));
      expect(text).toContain('Lý do hủy: Thu nhầm số tiền, lập lại biên lai');
      expect(text).toContain('Hủy lúc 10:00 ngày 06/12/2026');
      expect(text.match(/ĐÃ HỦY/g)?.length).toBeGreaterThanOrEqual(2); // the line under the title and the stamp
    }
  });

  it('several lines with quantity and unit amount; long texts wrap inside the margins; many lines flow onto a second page', async () => {
    const lines = Array.from({ length: 24 }, (_, i) => ({
      description: `Chứng thực bản sao giấy tờ số ${i + 1} — bản sao trích lục khai sinh, giấy chứng nhận quyền sử dụng đất và tài sản gắn liền với đất`,
      quantity: 3, unitAmount: 2000, amount: 5000,
    }));
    const total = 24 * 5000;
    const receipt = cashReceipt({
      payer: { fullName: 'Tôn Nữ Thị Hoàng Phương Quỳnh Như Ngọc Bích Trâm Anh Thư', address: 'Tổ dân phố số 12, khu phố Nguyễn Trãi Thượng, phường Thanh Xuân Trung, quận Thanh Xuân, thành phố Hà Nội' },
      lines, total, totalWords: amountInWords(total),
    });
    const file = await pdf(receipt);
    const pages = wordBoxes(file);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const words of pages) {
      for (const w of words) {
        const where = `"${w.text}" on page ${w.page}`;
        expect(w.xMin, where).toBeGreaterThanOrEqual(12 * MM - 0.5);
        expect(w.xMax, where).toBeLessThanOrEqual(136 * MM + 0.5);
        expect(w.yMax, where).toBeLessThanOrEqual(198 * MM + 0.5);
      }
    }
    // Every line's amount stands beside its own first row, on the same page (never left behind on the previous one).
    for (const words of pages) {
      for (const amount of words.filter((w) => w.text === '5.000' && w.xMin > 100 * MM)) {
        expect(words.some((w) => /^\d+\.$/.test(w.text) && w.xMin < 25 * MM && Math.abs(w.yMin - amount.yMin) < 2), `amount at y ${amount.yMin} on page ${amount.page}`).toBe(true);
      }
    }
    const text = oneLine(rawText(file));
    expect(text).toContain('Số lượng: 3 × 2.000 đ');
    expect(text).toContain('120.000 đ');
    expect(text).toContain('Một trăm hai mươi nghìn đồng');
    expect(text).toContain('(tiếp theo)');
    expect((text.match(/5\.000 đ/g) ?? []).length).toBe(24);
  });

  it('one-row lines across a page break: each amount on the page of its own row', async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({ description: `Bản sao số ${i + 1}`, amount: 8000 }));
    const file = await pdf(cashReceipt({ lines, total: 480000, totalWords: amountInWords(480000) }));
    const pages = wordBoxes(file);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    let count = 0;
    for (const words of pages) {
      for (const amount of words.filter((w) => w.text === '8.000' && w.xMin > 100 * MM)) {
        count++;
        expect(words.some((w) => /^\d+\.$/.test(w.text) && w.xMin < 25 * MM && Math.abs(w.yMin - amount.yMin) < 2), `amount at y ${amount.yMin} on page ${amount.page}`).toBe(true);
        expect(amount.yMax).toBeLessThanOrEqual(198 * MM + 0.5);
      }
    }
    expect(count).toBe(60);
  });

  it('refuses an unusable instant with a Vietnamese message', async () => {
    await expect(renderer.render(cashReceipt({ issuedAt: 'hôm nay' }))).rejects.toThrow(/thời điểm lập không hợp lệ/);
  });
});
