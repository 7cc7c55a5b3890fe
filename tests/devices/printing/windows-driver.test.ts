// SumatraPDF cannot run here: these tests pin the mapping from PrintRequest to pdf-to-printer and back.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrintOptions, Printer } from 'pdf-to-printer';
import { beforeAll, describe, expect, it } from 'vitest';
import { PrintError, type PrintRequest } from '../../../main/devices/printing/printer';
import { mapWindowsPrintError, toPdfToPrinterOptions, WindowsDriver, type PdfToPrinterApi } from '../../../main/devices/printing/windows-driver';

const HP: Printer = { deviceId: 'HP LaserJet M211', name: 'HP LaserJet M211', paperSizes: ['A4', 'A5'] };
const PDF_WRITER: Printer = { deviceId: 'Microsoft Print to PDF', name: 'Microsoft Print to PDF', paperSizes: ['A4'] };

/** Records calls the way pdf-to-printer would receive them. */
class RecordingApi implements PdfToPrinterApi {
  calls: { pdf: string; options?: PrintOptions }[] = [];
  constructor(
    private readonly printers: Printer[],
    private readonly def: Printer | null,
    private readonly printImpl: () => Promise<void> = async () => {},
  ) {}
  async print(pdf: string, options?: PrintOptions) {
    this.calls.push({ pdf, options });
    return this.printImpl();
  }
  async getPrinters() {
    return this.printers;
  }
  async getDefaultPrinter() {
    return this.def;
  }
}

let pdf: string;
let notPdf: string;
const req = (over: Partial<PrintRequest> = {}): PrintRequest => ({ filePath: pdf, copies: 1, paper: 'A4', duplex: 'one-sided', ...over });

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-win-'));
  pdf = join(dir, 'a.pdf');
  writeFileSync(pdf, '%PDF-1.7\n%%EOF\n');
  notPdf = join(dir, 'a.txt');
  writeFileSync(notPdf, 'hello');
});

describe('toPdfToPrinterOptions', () => {
  it('maps paper and each duplex mode to SumatraPDF settings, one copy per run', () => {
    expect(toPdfToPrinterOptions(req({ copies: 3, paper: 'A5', duplex: 'long-edge' }), 'HP')).toEqual({
      printer: 'HP',
      copies: 1,
      paperSize: 'A5',
      side: 'duplexlong',
      scale: 'shrink',
      silent: true,
    });
    expect(toPdfToPrinterOptions(req({ duplex: 'short-edge' }), 'HP').side).toBe('duplexshort');
    expect(toPdfToPrinterOptions(req({ duplex: 'one-sided' }), 'HP').side).toBe('simplex');
    expect(toPdfToPrinterOptions(req(), 'HP', 'C:\\Sumatra.exe').sumatraPdfPath).toBe('C:\\Sumatra.exe');
  });
});

describe('WindowsDriver', () => {
  it('lists printers with the default marked and state unknown', async () => {
    const driver = new WindowsDriver({ api: new RecordingApi([HP, PDF_WRITER], PDF_WRITER) });
    expect(await driver.listPrinters()).toEqual([
      { name: 'HP LaserJet M211', isDefault: false, state: 'unknown' },
      { name: 'Microsoft Print to PDF', isDefault: true, state: 'unknown' },
    ]);
  });

  it('prints to the named printer (case-insensitive), each copy a whole run of the file so sets stay collated', async () => {
    const api = new RecordingApi([HP, PDF_WRITER], PDF_WRITER);
    const out = await new WindowsDriver({ api }).print(req({ printer: 'hp laserjet m211', copies: 2, duplex: 'long-edge' }));
    expect(out).toEqual({ printer: 'HP LaserJet M211' });
    const one = { pdf, options: { printer: 'HP LaserJet M211', copies: 1, paperSize: 'A4', side: 'duplexlong', scale: 'shrink', silent: true } };
    expect(api.calls).toEqual([one, one]);
  });

  it('says how many copies went out when a later one fails', async () => {
    let runs = 0;
    const api = new RecordingApi([HP], HP, async () => { if (++runs === 3) throw new Error('printer went offline'); });
    const err = await new WindowsDriver({ api }).print(req({ copies: 3 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FAILED', message: expect.stringContaining('Đã gửi 2/3 bản trước khi lỗi') });
  });

  it('uses the default printer when none is named, and NO_PRINTER when there is none', async () => {
    const api = new RecordingApi([HP, PDF_WRITER], HP);
    expect(await new WindowsDriver({ api }).print(req())).toEqual({ printer: 'HP LaserJet M211' });
    expect(api.calls[0].options?.printer).toBe('HP LaserJet M211');

    const none = new RecordingApi([], null);
    await expect(new WindowsDriver({ api: none }).print(req())).rejects.toMatchObject({ code: 'NO_PRINTER' });
    expect(none.calls).toHaveLength(0);
  });

  it('refuses an unknown printer before starting SumatraPDF', async () => {
    const api = new RecordingApi([HP], HP);
    const err = await new WindowsDriver({ api }).print(req({ printer: 'Canon' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrintError);
    expect(err).toMatchObject({ code: 'PRINTER_NOT_FOUND', message: expect.stringContaining('Không tìm thấy máy in "Canon"') });
    expect(api.calls).toHaveLength(0);
  });

  it('validates before anything else', async () => {
    const api = new RecordingApi([HP], HP);
    await expect(new WindowsDriver({ api }).print(req({ filePath: notPdf }))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(new WindowsDriver({ api }).print(req({ copies: 21 }))).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(api.calls).toHaveLength(0);
  });

  it('maps a failing printer query to SPOOLER_UNAVAILABLE', async () => {
    const api: PdfToPrinterApi = {
      print: async () => {},
      getPrinters: async () => {
        throw Object.assign(new Error('Command failed: Powershell.exe ... The RPC server is unavailable.'), { code: 1 });
      },
      getDefaultPrinter: async () => null,
    };
    const err = await new WindowsDriver({ api }).listPrinters().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SPOOLER_UNAVAILABLE', detail: expect.stringContaining('RPC server') });
    expect((err as Error).message).toMatch(/Print Spooler/);
  });

  it('gives up with TIMEOUT when SumatraPDF does not return', async () => {
    const api = new RecordingApi([HP], HP, () => new Promise<void>(() => {}));
    const started = Date.now();
    const err = await new WindowsDriver({ api, timeoutMs: 100 }).print(req()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('maps a SumatraPDF exit failure to FAILED with the raw output kept', async () => {
    const api = new RecordingApi([HP], HP, async () => {
      throw Object.assign(new Error('Command failed: SumatraPDF-3.4.6-32.exe -print-to HP'), { code: 1, stderr: 'boom' });
    });
    const err = await new WindowsDriver({ api }).print(req()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FAILED', message: expect.stringContaining('HP LaserJet M211') });
    expect((err as PrintError).detail).toContain('boom');
  });
});

describe('mapWindowsPrintError', () => {
  it('maps the errors pdf-to-printer and execFile actually throw', () => {
    // pdf-to-printer throws a bare string off Windows.
    expect(mapWindowsPrintError('Operating System not supported', 'HP', 'a.pdf').code).toBe('SPOOLER_UNAVAILABLE');
    // SumatraPDF.exe not unpacked from the asar: execFile fails with ENOENT.
    const enoent = Object.assign(new Error('spawn C:\\app\\resources\\app.asar\\SumatraPDF-3.4.6-32.exe ENOENT'), { code: 'ENOENT' });
    const missing = mapWindowsPrintError(enoent, 'HP', 'a.pdf');
    expect(missing.code).toBe('SPOOLER_UNAVAILABLE');
    expect(missing.message).toMatch(/SumatraPDF/);
    // pdf-to-printer's own check when the file vanished between validation and printing.
    expect(mapWindowsPrintError(new Error('No such file'), 'HP', 'a.pdf').code).toBe('FILE_MISSING');
    const kept = new PrintError('TIMEOUT', 'x');
    expect(mapWindowsPrintError(kept, 'HP', 'a.pdf')).toBe(kept);
  });
});
