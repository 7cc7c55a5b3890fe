import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPrinterDriver, CupsDriver, PrintError, validatePrintRequest, WindowsDriver, type PrintRequest } from '../../../main/devices/printing';

let dir: string;
let pdf: string;
const req = (over: Partial<PrintRequest> = {}): PrintRequest => ({ filePath: pdf, copies: 1, paper: 'A4', duplex: 'one-sided', ...over });
const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof PrintError ? e.code : `not a PrintError: ${String(e)}`));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'motcua-validate-'));
  pdf = join(dir, 'ok.pdf');
  writeFileSync(pdf, '%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n');
});

describe('validatePrintRequest', () => {
  it('accepts a PDF with copies 1 and 20', async () => {
    await expect(validatePrintRequest(req())).resolves.toBeUndefined();
    await expect(validatePrintRequest(req({ copies: 20 }))).resolves.toBeUndefined();
  });

  it('accepts a header after leading junk within the first 1024 bytes', async () => {
    const f = join(dir, 'junk.pdf');
    writeFileSync(f, Buffer.concat([Buffer.alloc(100, 0x20), Buffer.from('%PDF-1.7\n')]));
    await expect(validatePrintRequest(req({ filePath: f }))).resolves.toBeUndefined();
  });

  it.each([0, 21, 1.5, Number.NaN])('rejects copies=%s with a Vietnamese message', async (copies) => {
    const err = await validatePrintRequest(req({ copies })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_REQUEST', message: 'Số bản in phải là số nguyên từ 1 đến 20.' });
  });

  it('rejects a non-PDF, a missing file, a folder, an unknown paper or duplex, and a blank printer name', async () => {
    const txt = join(dir, 'note.txt');
    writeFileSync(txt, 'Giấy hẹn trả kết quả');
    const sub = join(dir, 'folder.pdf');
    mkdirSync(sub, { recursive: true });
    expect(await codeOf(validatePrintRequest(req({ filePath: txt })))).toBe('INVALID_REQUEST');
    expect(await codeOf(validatePrintRequest(req({ filePath: join(dir, 'gone.pdf') })))).toBe('FILE_MISSING');
    expect(await codeOf(validatePrintRequest(req({ filePath: sub })))).toBe('FILE_MISSING');
    expect(await codeOf(validatePrintRequest(req({ paper: 'A3' as 'A4' })))).toBe('INVALID_REQUEST');
    expect(await codeOf(validatePrintRequest(req({ duplex: 'both' as 'one-sided' })))).toBe('INVALID_REQUEST');
    expect(await codeOf(validatePrintRequest(req({ printer: '  ' })))).toBe('INVALID_REQUEST');
  });

  it('says what is wrong in Vietnamese and keeps the path in detail', async () => {
    const err = (await validatePrintRequest(req({ filePath: join(dir, 'gone.pdf') })).catch((e: unknown) => e)) as PrintError;
    expect(err.message).toMatch(/^Không tìm thấy tệp cần in/);
    expect(err.detail).toMatch(/ENOENT/);
  });
});

describe('createPrinterDriver', () => {
  it('chooses CUPS on Linux and macOS, pdf-to-printer on Windows', () => {
    expect(createPrinterDriver({ platform: 'linux' })).toBeInstanceOf(CupsDriver);
    expect(createPrinterDriver({ platform: 'darwin' }).kind).toBe('cups');
    expect(createPrinterDriver({ platform: 'win32' })).toBeInstanceOf(WindowsDriver);
    expect(() => createPrinterDriver({ platform: 'android' })).toThrow(PrintError);
  });
});
