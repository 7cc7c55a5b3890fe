// End to end in the browser shell, at 1366×768 (the counter's usual screen), keyboard only: the dossier
// detail and the PDF preview (issue 9 #3, #10, #16, and actions by role).
// - A failed print keeps focus on its button (now "Thử lại"), says the reason once, and the detail's print
//   log shows the attempt at once; Esc closes the preview only — also when focus was lost to <body>.
// - The preview shows a whole page fitted to a frame sized to the window; PgDn/PgUp/↑/↓ turn the pages.
// - A digitized component or result paper opens in the same preview from the detail.
// - A leader sees only what the contract lets a leader do.
// Screenshots go to tests/artifacts/e2e/detail/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser, openFromToday } from '../support/browser';
import { startTestCups } from '../support/cups';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE, SPOUSE_PARTY } from '../support/fixtures';
import { writePageImage } from '../support/page-images';
import { apiCaller, startServer, type RunningServer } from '../support/server';

const MISSING_PRINTER = 'KhongCoMayInNay';
const LEADER = { username: 'lanhdao', fullName: 'Lê Thị Lãnh Đạo', password: 'matkhau-456', role: 'leader' };
const TKKH = [{ code: 'TKKH', name: 'Tờ khai đăng ký kết hôn', copyType: 'original', quantity: 1 }];

let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string, opts?: { viewport?: boolean }) => Promise<void>;
let pageErrors: string[] = [];
let dossier: { id: string; number: string };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-detail-e2e-'));

const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') || document.activeElement?.tagName || '');
const printLog = () => page.getByTestId('dossier-detail').locator('table').last();

beforeAll(async () => {
  startTestCups();
  server = await startServer();
  const caller = apiCaller(server);
  const must = async (method: string, input: unknown = {}) => {
    const r = await caller.call(method, input);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.data;
  };
  await must('setup.initialize', { office: OFFICE, admin: ADMIN });
  caller.setSession((await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
  await must('users.create', LEADER);
  // Every slip goes to a queue this PC does not have: each print fails, as with a printer unplugged.
  await must('printing.setSettings', { form01: MISSING_PRINTER });
  const [v] = await must('procedures.search', { query: 'đăng ký kết hôn' });
  const r = await must('dossiers.receive', intake(v.id, { components: TKKH, parties: [SPOUSE_PARTY] }));
  dossier = { id: r.dossier.id, number: r.dossier.number };
  // The declaration (two pages) and the marriage certificate (the result) digitized.
  let job = await must('scanning.openJob', { dossierId: dossier.id });
  const pages = [
    (await writePageImage(path.join(tmp, 'to-khai-1.png'), { title: 'Tờ khai đăng ký kết hôn', seed: 1 })).filePath,
    (await writePageImage(path.join(tmp, 'to-khai-2.png'), { seed: 2 })).filePath,
  ];
  const certificate = (await writePageImage(path.join(tmp, 'gcn.png'), { title: 'Giấy chứng nhận kết hôn', seed: 3, stamp: true })).filePath;
  for (const [component, paths] of [['TKKH', pages], ['KQ1', [certificate]]] as const) {
    job = await must('scanning.importFiles', { jobId: job.id, component, paths });
    const until = Date.now() + 60_000;
    while (job.scan.running && Date.now() < until) {
      await new Promise((res) => setTimeout(res, 100));
      job = await must('scanning.job', { jobId: job.id });
    }
  }
  await must('scanning.save', { jobId: job.id });
  await must('scanning.close', { jobId: job.id });
  ({ browser, page, pageErrors, shot } = await openBrowser({ height: 768, artifacts: 'detail' }));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the dossier detail and the preview, keyboard only, at 1366×768', () => {
  it('a failed print from the preview: focus stays on "Thử lại", the reason said once, the log behind refreshed, one Esc closes the preview only', async () => {
    await logIn(page, server.url);
    await openFromToday(page, dossier.number);
    await expect.poll(() => printLog().textContent()).toContain('Chưa in lần nào');
    await shot('detail', { viewport: true });
    // "Xem" of the slip has focus when the detail opens.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Xem');
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('preview-dialog');
    await preview.waitFor();
    await expect.poll(focused).toBe('print-button');
    await page.keyboard.press('Enter');
    const status = preview.getByTestId('print-status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('In không thành công');
    const text = (await status.textContent())!;
    expect(text).toContain(MISSING_PRINTER);
    // Said once: the core's sentence already says the dossier is kept and can be printed later.
    expect(text.match(/được lưu/g)).toHaveLength(1);
    expect(text.match(/In không thành công/g)).toHaveLength(1);
    // Focus stayed on the same button, now "Thử lại": Enter tries again.
    await expect.poll(focused).toBe('print-retry');
    // The detail behind the preview already lists the failed attempt.
    // (Before the refresh the table has one row too: "Chưa in lần nào". So wait for the attempt's own text.)
    await expect.poll(() => printLog().textContent()).toContain('Lỗi');
    expect(await printLog().locator('tbody tr').count()).toBe(1);
    expect(await printLog().textContent()).not.toContain('Chưa in lần nào');
    await shot('print-failed', { viewport: true });

    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    expect(await page.getByTestId('dossier-detail').isVisible()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Xem');
  });

  it('Esc with focus lost to <body> still closes only the top-most dialog', async () => {
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('preview-dialog');
    await preview.waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    expect(await page.getByTestId('dossier-detail').isVisible()).toBe(true);
  });

  it('"In lại" in the detail: a failure is logged on screen at once and focus stays on the button', async () => {
    const reprint = page.getByTestId('dossier-detail').getByTestId('print-button');
    await reprint.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => printLog().locator('tbody tr').count(), { timeout: 20_000 }).toBe(2);
    await expect.poll(focused).toBe('print-retry');
    expect(await page.getByTestId('dossier-detail').isVisible()).toBe(true);
  });

  it('the preview fits a whole page in a frame sized to the window and turns pages with PgDn/PgUp and the arrows', async () => {
    await page.getByTestId('dossier-detail').getByRole('button', { name: 'Xem', exact: true }).focus();
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('preview-dialog');
    const frame = preview.getByTestId('pdf-preview');
    await frame.waitFor();
    // Mẫu 01 is two liên, one page each.
    await expect.poll(() => preview.getByTestId('preview-page').textContent()).toBe('Trang 1/2');
    expect(await frame.getAttribute('src')).toMatch(/#page=1&view=Fit\b/);
    const small = (await frame.boundingBox())!;
    // Inside the window, and the dialog needs no scrolling of its own.
    expect(small.y + small.height).toBeLessThanOrEqual(768);
    expect(await preview.evaluate((d) => d.scrollHeight <= d.clientHeight + 1)).toBe(true);
    expect(small.height).toBeGreaterThan(500);
    await page.waitForTimeout(1500); // let the PDF viewer paint before the screenshot
    await shot('preview-1366', { viewport: true });

    await page.keyboard.press('PageDown');
    await expect.poll(() => preview.getByTestId('preview-page').textContent()).toBe('Trang 2/2');
    await expect.poll(() => preview.getByTestId('pdf-preview').getAttribute('src')).toMatch(/#page=2&view=Fit\b/);
    await page.keyboard.press('PageDown'); // no page 3
    expect(await preview.getByTestId('preview-page').textContent()).toBe('Trang 2/2');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => preview.getByTestId('preview-page').textContent()).toBe('Trang 1/2');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => preview.getByTestId('preview-page').textContent()).toBe('Trang 2/2');
    await page.keyboard.press('PageUp');
    await expect.poll(() => preview.getByTestId('preview-page').textContent()).toBe('Trang 1/2');
    // Focus never left the dialog's buttons.
    expect(await preview.evaluate((d) => d.contains(document.activeElement))).toBe(true);

    // A bigger screen gets a bigger page.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(async () => (await preview.getByTestId('pdf-preview').boundingBox())!.height).toBeGreaterThan(small.height + 250);
    const big = (await preview.getByTestId('pdf-preview').boundingBox())!;
    expect(big.y + big.height).toBeLessThanOrEqual(1080);
    await page.waitForTimeout(1500);
    await shot('preview-1920', { viewport: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
  });

  it('opens the digitized declaration and the digitized result from the detail in the same preview', async () => {
    const detail = page.getByTestId('dossier-detail');
    const component = detail.getByTestId('detail-component-file-0');
    expect(await component.textContent()).toContain('✓ 2 trang');
    await component.focus();
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('file-preview');
    await preview.waitFor();
    expect(await preview.getAttribute('aria-label')).toContain('Tờ khai đăng ký kết hôn');
    await preview.getByTestId('pdf-preview').waitFor();
    await expect.poll(() => preview.getByTestId('preview-page').textContent()).toBe('Trang 1/2');
    await expect.poll(focused).toBe('preview-close');
    await page.keyboard.press('PageDown');
    await expect.poll(() => preview.getByTestId('preview-page').textContent()).toBe('Trang 2/2');
    await page.waitForTimeout(1500);
    await shot('digitized-component', { viewport: true });
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    expect(await detail.isVisible()).toBe(true);
    await expect.poll(focused).toBe('detail-component-file-0');

    const result = detail.getByTestId('detail-result-file-0');
    await result.focus();
    await page.keyboard.press('Enter');
    await preview.waitFor();
    expect(await preview.getAttribute('aria-label')).toContain('Giấy chứng nhận kết hôn');
    await preview.getByTestId('pdf-preview').waitFor();
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });

  it('a leader sees only the actions the contract allows a leader', async () => {
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.getByTestId('login-form').waitFor();
    await page.locator('#login-username').fill(LEADER.username);
    await page.locator('#login-password').fill(LEADER.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Hồ sơ hôm nay' }).waitFor();
    await page.getByTestId('today-search').fill(dossier.number);
    await page.getByTestId('today-table').getByText(dossier.number).waitFor();
    await page.getByTestId('today-search').press('Enter');
    const detail = page.getByTestId('dossier-detail');
    await detail.getByTestId('detail-name').waitFor();
    // Reading (slips, digitized files and result papers) and printing are for all staff; correcting and scanning are for the counter.
    expect(await detail.getByRole('button', { name: 'Xem', exact: true }).count()).toBe(1);
    expect(await detail.getByTestId('print-button').count()).toBe(1);
    expect(await detail.getByTestId('detail-correct').count()).toBe(0);
    expect(await detail.getByTestId('detail-scan').count()).toBe(0);
    expect(await detail.getByTestId('detail-result-file-0').count()).toBe(1);
    const file = detail.getByTestId('detail-component-file-0');
    expect(await file.textContent()).toContain('✓ 2 trang');
    await file.focus();
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('file-preview');
    await preview.getByTestId('pdf-preview').waitFor();
    await expect.poll(() => preview.getByTestId('preview-page').textContent()).toBe('Trang 1/2');
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    await shot('detail-leader', { viewport: true });
    expect(pageErrors).toEqual([]);
  });
});
