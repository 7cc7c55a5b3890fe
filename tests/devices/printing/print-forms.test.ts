// Printing the stored forms as the UI does (printing.print through the core), into a real CUPS file queue
// (tests/support/cups.sh, queue MotCuaForms): what comes out of the printer is what the answer says was sent.
// Mẫu 01 is one file holding both liên; a copy is the whole file.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../../main/core/core';
import { CupsDriver } from '../../../main/devices/printing';
import { ADMIN, OFFICE } from '../../support/fixtures';
import { intake } from '../../support/core-harness';
import { CUPS_FORMS_FILE, startTestCups, waitForPrintedFile } from '../../support/cups';

const QUEUE = 'MotCuaForms';
let core: Core;
let session = '';
let versionId = '';
const must = async (method: string, input: unknown = {}) => {
  const r = await core.handle(method, input, session);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data as any;
};

/** Prints through the API and returns the answer with the pages the printer produced (text per page). */
async function printAndRead(documentId: string, copies?: number) {
  rmSync(CUPS_FORMS_FILE, { force: true });
  const answer = await must('printing.print', copies === undefined ? { documentId } : { documentId, copies });
  await waitForPrintedFile(answer.jobId, QUEUE, CUPS_FORMS_FILE);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [CUPS_FORMS_FILE], { encoding: 'utf8' }))?.[1]);
  const texts = Array.from({ length: pages }, (_, i) =>
    execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), '-layout', CUPS_FORMS_FILE, '-'], { encoding: 'utf8' }).normalize('NFC'));
  return { answer, pages, texts };
}

beforeAll(async () => {
  expect(startTestCups()).toContain(QUEUE);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-print-forms-'));
  core = await Core.start({ dataDir, shell: 'browser', printerDriver: new CupsDriver() });
  await must('setup.initialize', { office: OFFICE, admin: ADMIN });
  session = (await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken;
  versionId = (await must('procedures.search', { query: 'xac nhan hon nhan' }))[0].id;
  await must('printing.setSettings', { form01: QUEUE, form02: QUEUE, form03: QUEUE });
}, 60_000);
afterAll(async () => { await core?.close(); });

describe('printing the forms through the core into a real CUPS queue', () => {
  it('Mẫu 01 as the UI prints it: both liên, one sheet each, and the message says so', async () => {
    const saved = await must('dossiers.receive', intake(versionId));
    const { answer, pages, texts } = await printAndRead(saved.document.id);
    expect(pages).toBe(2);
    expect(answer).toMatchObject({ printer: QUEUE, copies: 1, liens: 2, sheets: 2 });
    expect(answer.message).toBe(`Đã gửi 2 liên tới máy in ${QUEUE} (2 tờ A4).`);
    expect(texts[0]).toContain('Liên 1: Lưu');
    expect(texts[1]).toContain('Liên 2: Giao người nộp');
    const detail = await must('dossiers.get', { id: saved.dossier.id });
    expect(detail.prints).toEqual([expect.objectContaining({ copies: 1, ok: true, printer: QUEUE })]);
  }, 60_000);

  it('two copies of Mẫu 01 are two whole sets (Lưu, Giao, Lưu, Giao) and the message counts four sheets', async () => {
    const saved = await must('dossiers.receive', intake(versionId));
    const { answer, pages, texts } = await printAndRead(saved.document.id, 2);
    expect(pages).toBe(4);
    expect(answer).toMatchObject({ copies: 2, liens: 2, sheets: 4 });
    expect(answer.message).toBe(`Đã gửi 2 bộ, mỗi bộ 2 liên, tới máy in ${QUEUE} (4 tờ A4).`);
    expect(texts.map((t) => (t.includes('Liên 1: Lưu') ? 1 : t.includes('Liên 2') ? 2 : 0))).toEqual([1, 2, 1, 2]);
  }, 60_000);

  it('Mẫu 02 and 03 are made once: one sheet, no liên in the message', async () => {
    const refused = await must('dossiers.receive', intake(versionId, { outcome: 'refuse', reason: 'Thủ tục không thuộc thẩm quyền của xã' }));
    const r03 = await printAndRead(refused.document.id);
    expect(r03.pages).toBe(1);
    expect(r03.answer).toMatchObject({ copies: 1, liens: 1, sheets: 1, message: `Đã gửi 1 bản tới máy in ${QUEUE} (1 tờ A4).` });
    expect(r03.texts[0]).toContain('PHIẾU TỪ CHỐI');

    const incomplete = await must('dossiers.receive', intake(versionId, {
      outcome: 'request-completion', reason: 'Thiếu giấy tờ', missingItems: [{ code: '', name: 'Giấy khai sinh', copyType: 'certified-copy', quantity: 1 }],
    }));
    const r02 = await printAndRead(incomplete.document.id, 3);
    expect(r02.pages).toBe(3);
    expect(r02.answer).toMatchObject({ copies: 3, liens: 1, sheets: 3, message: `Đã gửi 3 bản tới máy in ${QUEUE} (3 tờ A4).` });
  }, 60_000);
});
