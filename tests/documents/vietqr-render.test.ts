// A VietQR payload drawn by the project's own QR code (main/documents/qr.ts) is read back by zbar exactly,
// and what zbar reads parses as VietQR with a good CRC: the code a payer's bank app scans is the one we built.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { parseVietQr, vietQrPayload, type VietQrInput } from '../../shared/fees/vietqr';
import { qrDrawing } from '../../main/documents/qr';
import { MM, qrSymbols } from './pdf-checks';

async function pdfWithQr(payload: string, file: string): Promise<void> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([100 * MM, 100 * MM]);
  page.pushOperators(...qrDrawing(payload, { left: 25 * MM, top: 75 * MM, size: 40 * MM }).operators);
  fs.writeFileSync(file, await doc.save());
}

describe('VietQR rendered with main/documents/qr.ts', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vietqr-'));
  it.each<[string, VietQrInput]>([
    ['published example', { bin: '970415', account: '0011001932418', amount: 120000, content: 'ung ho lu lut' }],
    ['dynamic with a dossier number', { bin: '970436', account: '0071000123456', amount: 15000, content: '000.00.13.H42-261128-0001' }],
    ['static, Vietnamese content folded', { bin: '970405', account: '1500201234567', content: 'Lệ phí hộ tịch' }],
  ])('%s decodes with zbarimg', async (name, input) => {
    const payload = vietQrPayload(input);
    const file = path.join(dir, `${name.replace(/\W+/g, '-')}.pdf`);
    await pdfWithQr(payload, file);
    const symbols = qrSymbols(file, 1, dir);
    expect(symbols).toEqual([payload]);
    expect(parseVietQr(symbols[0])).toMatchObject({ bin: input.bin, account: input.account, amount: input.amount });
  });
});
