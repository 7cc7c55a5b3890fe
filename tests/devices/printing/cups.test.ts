// Through a real CUPS: tests/support/cups.sh prepares a file: queue (Generic PDF PPD) and a disabled one.
// Fails (never skips) when CUPS cannot be started.
import fontkit from '@pdf-lib/fontkit';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CupsDriver, PrintError, type PrintRequest } from '../../../main/devices/printing';
import { cancelAll, CUPS_OUT_FILE, jobAttributes, pendingJobs, startTestCups, waitForPrintedFile } from '../../support/cups';

const run = promisify(execFile);
const TEXT = 'Giấy tiếp nhận hồ sơ – thử in';
const FONT = resolve(__dirname, '../../../assets/fonts/Tinos-Regular.ttf');

let work: string;
let pdf: string;
const driver = new CupsDriver();
const req = (over: Partial<PrintRequest> = {}): PrintRequest => ({
  printer: 'MotCuaPdf',
  filePath: pdf,
  copies: 1,
  paper: 'A4',
  duplex: 'one-sided',
  ...over,
});

async function pdfInfo(file: string): Promise<{ pages: number; size: string }> {
  const { stdout } = await run('pdfinfo', [file]);
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(stdout)?.[1]), size: /^Page size:\s+(.*)$/m.exec(stdout)?.[1] ?? '' };
}

async function pdfText(file: string): Promise<string> {
  return (await run('pdftotext', ['-layout', file, '-'])).stdout;
}

/** Prints through the driver and waits for the file device to finish writing. */
async function printAndCollect(request: PrintRequest): Promise<{ jobId: string; ms: number }> {
  rmSync(CUPS_OUT_FILE, { force: true });
  const started = Date.now();
  const outcome = await driver.print(request);
  expect(outcome.printer).toBe('MotCuaPdf');
  expect(outcome.jobId).toMatch(/^MotCuaPdf-\d+$/);
  await waitForPrintedFile(outcome.jobId!, 'MotCuaPdf', CUPS_OUT_FILE);
  return { jobId: outcome.jobId!, ms: Date.now() - started };
}

beforeAll(async () => {
  expect(startTestCups()).toEqual(['MotCuaPdf', 'MotCuaDisabled', 'MotCuaForms']);
  work = mkdtempSync(join(tmpdir(), 'motcua-cups-test-'));
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const font = await doc.embedFont(readFileSync(FONT), { subset: true });
  doc.addPage([595.28, 841.89]).drawText(TEXT, { x: 56, y: 770, size: 16, font });
  pdf = join(work, 'tiep-nhan.pdf');
  writeFileSync(pdf, await doc.save());
});

afterAll(async () => {
  await cancelAll('MotCuaDisabled');
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('CupsDriver with a real CUPS', () => {
  it('lists the test queues with their states and descriptions', async () => {
    const printers = await driver.listPrinters();
    const pdfQueue = printers.find((p) => p.name === 'MotCuaPdf');
    const disabled = printers.find((p) => p.name === 'MotCuaDisabled');
    expect(pdfQueue).toMatchObject({ description: 'Một Cửa test queue MotCuaPdf' });
    expect(['idle', 'printing']).toContain(pdfQueue?.state);
    expect(disabled).toMatchObject({ state: 'disabled', stateMessage: 'Tắt để thử lỗi' });
  });

  it('prints 2 copies on A4: the file device receives one PDF with the page twice, text intact', async () => {
    const { jobId, ms } = await printAndCollect(req({ copies: 2, title: 'Thử in 2 bản' }));
    console.info(`[cups] 2 copies A4: ${ms} ms from print() to a complete file`);
    const info = await pdfInfo(CUPS_OUT_FILE);
    expect(info.pages).toBe(2);
    expect(info.size).toMatch(/^595(\.\d+)? x 842(\.\d+)? pts \(A4\)/);
    const text = await pdfText(CUPS_OUT_FILE);
    expect(text.split(TEXT).length - 1).toBe(2);
    expect(await jobAttributes(jobId, work)).toMatchObject({
      copies: '2',
      media: 'A4',
      sides: 'one-sided',
      'job-state': 'completed',
      'job-name': 'Thử in 2 bản',
    });
  });

  it('prints on A5 with long-edge duplex recorded on the job', async () => {
    const { jobId } = await printAndCollect(req({ paper: 'A5', duplex: 'long-edge' }));
    const info = await pdfInfo(CUPS_OUT_FILE);
    expect(info.pages).toBe(1);
    expect(info.size).toMatch(/^420(\.\d+)? x 595(\.\d+)? pts \(A5\)/);
    expect(await pdfText(CUPS_OUT_FILE)).toContain(TEXT);
    expect(await jobAttributes(jobId, work)).toMatchObject({ media: 'A5', sides: 'two-sided-long-edge', 'job-name': 'tiep-nhan.pdf' });
  });

  it('uses the default destination when no printer is named (LPDEST here, lpoptions/system default in real use)', async () => {
    const withDefault = new CupsDriver({ env: { LPDEST: 'MotCuaPdf' } });
    expect((await withDefault.listPrinters()).find((p) => p.isDefault)?.name).toBe('MotCuaPdf');
    rmSync(CUPS_OUT_FILE, { force: true });
    const outcome = await withDefault.print(req({ printer: undefined }));
    expect(outcome.printer).toBe('MotCuaPdf');
    await waitForPrintedFile(outcome.jobId!, 'MotCuaPdf', CUPS_OUT_FILE);
    expect(await pdfText(CUPS_OUT_FILE)).toContain(TEXT);
  });

  it('reports PRINTER_NOT_FOUND in Vietnamese for a queue that does not exist', async () => {
    const err = await driver.print(req({ printer: 'KhongCoMayIn' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrintError);
    expect(err).toMatchObject({ code: 'PRINTER_NOT_FOUND', message: expect.stringContaining('Không tìm thấy máy in "KhongCoMayIn"') });
  });

  it('CUPS itself accepts a job for a disabled queue and holds it, so the driver refuses with PRINTER_DISABLED', async () => {
    // What lp does on its own: exit 0, a request id, and the job waits in the queue without printing.
    const raw = await run('lp', ['-d', 'MotCuaDisabled', '--', pdf], { env: { ...process.env, LANG: 'C' } });
    const heldId = /request id is (\S+)/.exec(raw.stdout)?.[1];
    expect(heldId).toMatch(/^MotCuaDisabled-\d+$/);
    await new Promise((r) => setTimeout(r, 500));
    expect(await pendingJobs('MotCuaDisabled')).toContain(heldId);
    await cancelAll('MotCuaDisabled');

    const err = await driver.print(req({ printer: 'MotCuaDisabled' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PRINTER_DISABLED', message: expect.stringContaining('"MotCuaDisabled" đang tạm dừng'), detail: 'Tắt để thử lỗi' });
    expect(await pendingJobs('MotCuaDisabled')).toEqual([]);
  });

  it('rejects a non-PDF and a missing file before CUPS sees them', async () => {
    const txt = join(work, 'not-a-pdf.txt');
    writeFileSync(txt, TEXT);
    await expect(driver.print(req({ filePath: txt }))).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'Tệp cần in không phải là tệp PDF. Hãy tạo lại giấy tờ rồi in lại.',
    });
    await expect(driver.print(req({ filePath: join(work, 'missing.pdf') }))).rejects.toMatchObject({ code: 'FILE_MISSING' });
  });

  it('reports SPOOLER_UNAVAILABLE when the scheduler cannot be reached or lp is missing', async () => {
    const unreachable = new CupsDriver({ cupsServer: '127.0.0.1:1' });
    const err = await unreachable.listPrinters().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SPOOLER_UNAVAILABLE', message: expect.stringContaining('Dịch vụ in (CUPS) chưa chạy') });
    await expect(unreachable.print(req())).rejects.toMatchObject({ code: 'SPOOLER_UNAVAILABLE' });

    const noLp = new CupsDriver({ lpPath: join(work, 'no-such-lp') });
    await expect(noLp.print(req())).rejects.toMatchObject({ code: 'SPOOLER_UNAVAILABLE' });
  });

  it('kills a hung child and reports TIMEOUT', async () => {
    const hang = join(work, 'hang.sh');
    const pidFile = join(work, 'hang.pid');
    writeFileSync(hang, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 30\n`);
    chmodSync(hang, 0o755);
    const started = Date.now();
    const err = await new CupsDriver({ lpstatPath: hang, timeoutMs: 300 }).listPrinters().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(3000);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // execFile reports only after the child exited and was reaped: nothing of it is left.
    expect(existsSync(`/proc/${pid}`)).toBe(false);
  });
});
