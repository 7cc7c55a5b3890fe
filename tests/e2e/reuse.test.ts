// End to end in the browser shell: a citizen's first dossier is digitized (through the API, from generated
// pages); in the second dossier's "Số hóa" panel the declaration is taken from the first dossier with the
// keyboard only — the "Dùng lại bản đã số hóa" button, ↓/↑ in the list, Enter — and the checklist and the
// dossier detail say where it comes from. Screenshots go to tests/artifacts/e2e/reuse/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser, openFromToday } from '../support/browser';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE } from '../support/fixtures';
import { writePageImage } from '../support/page-images';
import { apiCaller, startServer, type RunningServer } from '../support/server';

const TWO = [
  { code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
  { code: 'CCCD', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
];

let server: RunningServer;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];
let first: { id: string; number: string };
let second: { id: string; number: string };
let shot: (name: string) => Promise<void>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-reuse-e2e-'));

describe('reusing a document already digitized, keyboard only', () => {
  beforeAll(async () => {
    server = await startServer();
    const caller = apiCaller(server);
    const must = async (method: string, input: unknown = {}) => {
      const res = await caller.call(method, input);
      if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
      return res.data;
    };
    await must('setup.initialize', { office: OFFICE, admin: ADMIN });
    caller.setSession((await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
    const [v] = await must('procedures.search', { query: 'tình trạng hôn nhân' });
    const receive = async () => {
      const r = await must('dossiers.receive', intake(v.id, { components: TWO }));
      return { id: r.dossier.id as string, number: r.dossier.number as string };
    };
    first = await receive();
    second = await receive();
    // The first dossier: both components digitized.
    let job = await must('scanning.openJob', { dossierId: first.id });
    for (const [i, code] of ['TKXN', 'CCCD'].entries()) {
      const p = await writePageImage(path.join(tmp, `${code}.png`), { seed: 11 + i });
      job = await must('scanning.importFiles', { jobId: job.id, component: code, paths: [p.filePath] });
      const until = Date.now() + 60_000;
      while (job.scan.running && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        job = await must('scanning.job', { jobId: job.id });
      }
    }
    await must('scanning.save', { jobId: job.id });
    await must('scanning.close', { jobId: job.id });
    // With OCR on this PC the files are offered once their text layer is done (the stored file changes until then).
    const until = Date.now() + 120_000;
    while ((await must('scanning.files', { dossierId: first.id })).some((f: { ocrState: string }) => f.ocrState === 'pending')) {
      if (Date.now() > until) throw new Error('OCR did not finish');
      await new Promise((r) => setTimeout(r, 250));
    }
    ({ browser, page, pageErrors, shot } = await openBrowser({ artifacts: 'reuse' }));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('opens the second dossier\'s "Số hóa" panel: each component offers the files of the first dossier', async () => {
    await logIn(page, server.url);
    await openFromToday(page, second.number);
    await page.getByTestId('detail-scan').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('scanning-panel').waitFor();
    await expect.poll(() => page.getByTestId('reuse-TKXN').textContent(), { timeout: 10_000 }).toContain('Dùng lại bản đã số hóa (2)');
    expect(await page.getByTestId('reuse-CCCD').isVisible()).toBe(true);
    await shot('panel');
  });

  it('chooses with ↓/↑ and Enter: the component shows "✓ Dùng lại từ hồ sơ …"', async () => {
    // Esc closes the list only; the panel stays.
    await page.getByTestId('reuse-TKXN').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('reuse-dialog').waitFor();
    await page.getByTestId('reuse-row').first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('reuse-dialog').waitFor({ state: 'detached' });
    expect(await page.getByTestId('scanning-panel').isVisible()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reuse-TKXN');

    await page.keyboard.press('Enter');
    await page.getByTestId('reuse-dialog').waitFor();
    const rows = page.getByTestId('reuse-row');
    await expect.poll(() => rows.count()).toBe(2);
    // Same kind of paper first; the list has the focus.
    expect(await rows.nth(0).textContent()).toContain(TWO[0]!.name);
    expect(await rows.nth(0).textContent()).toContain(first.number);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reuse-list');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows.nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => rows.nth(0).getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('reuse-preview').waitFor({ state: 'attached', timeout: 10_000 });
    await shot('dialog');
    await page.keyboard.press('Enter');
    await page.getByTestId('reuse-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('component-TKXN').getByTestId('component-state').textContent())
      .toContain(`✓ Dùng lại từ hồ sơ ${first.number}`);
    expect(await page.getByTestId('scan-info').textContent()).toContain(`Đã dùng lại bản số hóa của hồ sơ ${first.number}`);
    expect(await page.getByTestId('component-CCCD').getByTestId('component-state').textContent()).toContain('Chưa lưu bản số hóa');
    await shot('reused');
  });

  it('the dossier detail counts the reused component and names its source', async () => {
    await page.getByTestId('scanning-panel').getByRole('button', { name: 'Đóng (Esc)' }).first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('scanning-panel').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('detail-digitized').textContent()).toContain('1/2 đã số hóa');
    expect(await page.getByTestId('detail-digitized').textContent()).toContain('1 dùng lại');
    const rows = await page.getByTestId('detail-component').allTextContents();
    expect(rows[0]).toContain(`Dùng lại từ hồ sơ ${first.number}`);
    expect(rows[1]).toContain('Chưa');
    await shot('detail');
    expect(pageErrors).toEqual([]);
  });
});
