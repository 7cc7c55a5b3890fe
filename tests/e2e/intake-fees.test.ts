// End to end in the browser shell, keyboard only (issue 9 #14): a birth registration asks for the child's
// birth date and decides from it whether the late fee applies; the slip prints only that fee; a death
// registration, whose deadline is not in the catalogue's data, asks the clerk to choose the fee line.
// Screenshots go to tests/artifacts/e2e/intake-fees/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser } from '../support/browser';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string, opts?: { viewport?: boolean }) => Promise<void>;
let pageErrors: string[] = [];
let caller: ReturnType<typeof apiCaller>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-fees-e2e-'));

const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') || document.activeElement?.id || document.activeElement?.tagName || '');

/** dd/mm/yyyy of the Vietnam day `days` days before today. */
function daysAgo(days: number): string {
  const vnToday = new Date(Date.now() + 7 * 3_600_000);
  const d = new Date(Date.UTC(vnToday.getUTCFullYear(), vnToday.getUTCMonth(), vnToday.getUTCDate() - days));
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

/** The text of the saved dossier's slip, read back from the core. */
async function slipOf(number: string): Promise<string> {
  const [row] = (await caller.call('dossiers.list', { query: number })).data;
  const detail = (await caller.call('dossiers.get', { id: row.id })).data;
  const { base64 } = (await caller.call('documents.content', { id: detail.documents[0].id })).data;
  const file = path.join(tmp, `${row.id}.pdf`);
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** From the empty procedure box: the procedure, the declarant, the first paper ticked; focus then on the next field. */
async function typeUpToChecklist(query: string, code: string, name: string) {
  await page.keyboard.type(query);
  await expect.poll(() => page.getByRole('option').first().textContent()).toContain(code);
  await page.keyboard.press('Enter');
  await page.keyboard.type(`${name}\n001190012345\n\n\n\n\n`);
  await expect.poll(focused).toBe('component-check-0');
  await page.keyboard.press('Space');
}

beforeAll(async () => {
  server = await startServer();
  caller = apiCaller(server);
  expect((await caller.call('setup.initialize', { office: OFFICE, admin: ADMIN })).ok).toBe(true);
  caller.setSession((await caller.call('auth.login', { username: ADMIN.username, password: ADMIN.password })).data.sessionToken);
  ({ browser, page, pageErrors, shot } = await openBrowser({ height: 768, artifacts: 'intake-fees' }));
  await logIn(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the fee that applies, decided at the counter', () => {
  it('birth registration: saving without the child\'s birth date is stopped at that field', async () => {
    await typeUpToChecklist('khai sinh', '1.001193', 'Lê Văn Hùng');
    // Both lines are listed until the date decides.
    await expect.poll(() => page.locator('.due-panel').textContent()).toContain('Nhập ngày sinh của trẻ');
    await page.keyboard.press('Control+S');
    await expect.poll(() => page.locator('#fee-eventDate-error').textContent()).toContain('Nhập ngày sinh của trẻ');
    await expect.poll(focused).toBe('fee-eventDate');
    expect(await page.getByTestId('saved-banner').count()).toBe(0);
  });

  it('a child born 75 days ago: the late fee applies, alone on the slip', async () => {
    await page.keyboard.type(daysAgo(75));
    await expect.poll(() => page.getByTestId('fee-applied').textContent()).toContain('Lệ phí đăng ký khai sinh quá hạn: 8.000 đ');
    expect(await page.getByTestId('fee-applied').textContent()).toContain('Tiếp nhận sau 75 ngày kể từ ngày sinh của trẻ');
    expect(await page.locator('.due-panel [data-applies]').textContent()).toContain('quá hạn');
    await shot('birth-late', { viewport: true });
    await page.keyboard.press('Control+S');
    await page.getByTestId('saved-banner').waitFor();
    const number = (await page.getByTestId('saved-number').textContent())!;
    const slip = await slipOf(number);
    expect(slip).toContain('Lệ phí đăng ký khai sinh quá hạn: 8.000 đ');
    expect(slip).not.toContain('đúng hạn');
  });

  it('a child born 10 days ago: registration on time, free; the late fee is not printed', async () => {
    await page.keyboard.press('F2');
    await expect.poll(focused).toBe('procedure-input');
    await typeUpToChecklist('khai sinh', '1.001193', 'Phạm Thị Thu');
    await page.locator('#fee-eventDate').focus();
    await page.keyboard.type(daysAgo(10));
    await expect.poll(() => page.getByTestId('fee-applied').textContent()).toContain('Lệ phí đăng ký khai sinh đúng hạn: Miễn');
    await page.keyboard.press('Control+S');
    await page.getByTestId('saved-banner').waitFor();
    const slip = await slipOf((await page.getByTestId('saved-number').textContent())!);
    expect(slip).toContain('Lệ phí đăng ký khai sinh đúng hạn: Miễn');
    expect(slip).not.toContain('8.000');
  });

  it('death registration: the clerk chooses the fee line (required), and only that one is printed', async () => {
    await page.keyboard.press('F2');
    await typeUpToChecklist('khai tu', '1.000656', 'Trần Văn Bình');
    await page.keyboard.press('Control+S');
    await expect.poll(() => page.locator('#fee-line-error').textContent()).toContain('Chọn khoản phí, lệ phí');
    await expect.poll(focused).toBe('fee-line');
    // ↓ on the select picks the first line (on time).
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByTestId('fee-applied').textContent()).toContain('Lệ phí đăng ký khai tử đúng hạn: Miễn');
    await shot('death-chosen', { viewport: true });
    await page.keyboard.press('Control+S');
    await page.getByTestId('saved-banner').waitFor();
    const slip = await slipOf((await page.getByTestId('saved-number').textContent())!);
    expect(slip).toContain('Lệ phí đăng ký khai tử đúng hạn: Miễn');
    expect(slip).not.toContain('quá hạn');
    expect(pageErrors).toEqual([]);
  });
});
