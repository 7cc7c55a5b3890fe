// End to end in the browser shell, at 1366×768 (the counter's usual screen), keyboard only (issue 9 #2, #6):
// - F2 on a dossier typed but not saved asks first: Enter (the default) and Esc keep it, a second F2
//   discards it; the blank form then shows no error, and no field shows one until the clerk changed it.
// - After Ctrl+S the next action has focus (Số hóa, then Hồ sơ mới) and the banner is in view and announced,
//   wherever the page was scrolled; keys typed while the save runs go to that action.
// Screenshots go to tests/artifacts/e2e/intake-keyboard/ (blank, filled, after save).
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

const focused = () => page.evaluate(() => {
  const el = document.activeElement;
  return el?.getAttribute('data-action') ? `action:${el.getAttribute('data-action')}` : el?.getAttribute('data-testid') || el?.id || el?.tagName || '';
});
const value = (id: string) => page.locator(`#${id}`).inputValue();
/** Messages shown in red anywhere on the intake screen. */
const errorsShown = () => page.locator('.intake .field-error, .intake .notice-error').count();

/** From the empty procedure box: a marital-status certificate for a named applicant, up to the checklist. */
async function typeDossier(name: string) {
  await page.keyboard.type('xac nhan hon nhan');
  await expect.poll(() => page.getByRole('option').first().textContent()).toContain('1.004873');
  await page.keyboard.press('Enter');
  await page.keyboard.type(`${name}\n001190012345\n05/03/1990\nSố 1 Hàng Bài, Hoàn Kiếm\n0912345678\n\n`);
  await expect.poll(focused).toBe('component-check-0');
  await page.keyboard.press('Space');
  // Papers beyond the checklist, as at a busy counter: the form grows below the window.
  for (const extra of ['Giấy xác nhận cư trú', 'Bản sao sổ hộ khẩu cũ', 'Giấy ủy quyền']) {
    await page.getByRole('button', { name: '+ Thêm giấy tờ khác' }).press('Enter');
    await page.keyboard.type(extra);
  }
}

beforeAll(async () => {
  server = await startServer();
  const caller = apiCaller(server);
  expect((await caller.call('setup.initialize', { office: OFFICE, admin: ADMIN })).ok).toBe(true);
  ({ browser, page, pageErrors, shot } = await openBrowser({ height: 768, artifacts: 'intake-keyboard' }));
  await logIn(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('intake with the keyboard at 1366×768', () => {
  it('F2 on a half-typed dossier asks; Enter keeps it with focus back in its field, typing goes on', async () => {
    await expect.poll(focused).toBe('procedure-input');
    await page.waitForTimeout(300); // the due-date panel settles before the screenshot
    await shot('intake-blank', { viewport: true });
    await page.keyboard.type('xac nhan hon nhan');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('1.004873');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Nguyễn Văn An\n0011');
    await page.keyboard.press('F2');
    const ask = page.getByTestId('discard-dialog');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('Nguyễn Văn An');
    await expect.poll(focused).toBe('discard-keep');
    // Enter (the default) keeps the dossier; the next keys land where the clerk was.
    await page.keyboard.press('Enter');
    await page.keyboard.type('90012345');
    await ask.waitFor({ state: 'detached' });
    expect(await value('applicant-fullName')).toBe('Nguyễn Văn An');
    expect(await value('applicant-idNumber')).toBe('001190012345');
    expect(await focused()).toBe('applicant-idNumber');
    // Esc keeps it too.
    await page.keyboard.press('F2');
    await ask.waitFor();
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    expect(await value('applicant-fullName')).toBe('Nguyễn Văn An');
    expect(await focused()).toBe('applicant-idNumber');
  });

  it('a second F2 discards: the blank form has focus on the procedure and shows no error', async () => {
    // The ID field is half-typed: leaving it would show its message, but not once the dossier is discarded.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0011');
    await page.keyboard.press('F2');
    await page.getByTestId('discard-dialog').waitFor();
    await page.keyboard.press('F2');
    await page.getByTestId('discard-dialog').waitFor({ state: 'detached' });
    await expect.poll(focused).toBe('procedure-input');
    expect(await value('procedure')).toBe('');
    expect(await value('applicant-fullName')).toBe('');
    expect(await value('applicant-idNumber')).toBe('');
    expect(await errorsShown()).toBe(0);
    // Passing through the empty fields with Tab shows nothing either: nobody changed them.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    expect(await errorsShown()).toBe(0);
    // A blank form asks nothing: F2 there just stays on a new dossier.
    await page.keyboard.press('F2');
    await expect.poll(focused).toBe('procedure-input');
    expect(await page.getByTestId('discard-dialog').count()).toBe(0);
  });

  it('a field the clerk changed and left shows its message; a save attempt shows them all', async () => {
    await page.keyboard.type('xac nhan hon nhan');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('1.004873');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab'); // leaves the name untouched
    expect(await errorsShown()).toBe(0);
    await page.keyboard.type('012345678'); // a 9-digit old ID card number
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('#applicant-idNumber-error').textContent()).toContain('12 chữ số');
    expect(await page.locator('#applicant-fullName-error').count()).toBe(0);
    await page.keyboard.press('Control+S');
    await expect.poll(() => page.locator('#applicant-fullName-error').count()).toBe(1);
    await page.keyboard.press('F2');
    await page.keyboard.press('F2');
    await expect.poll(focused).toBe('procedure-input');
    expect(await errorsShown()).toBe(0);
  });

  it('Ctrl+S from the bottom of a scrolled page: "Số hóa" has focus, the banner is in view; keys typed during the save go to it', async () => {
    await typeDossier('Trần Thị Mai');
    await page.locator('#note').focus();
    await page.keyboard.type('Nộp thay cho mẹ');
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await shot('intake-filled', { viewport: true });
    // Ctrl+S and, at once, Enter: the Enter is held until "Số hóa" is there, then opens the panel.
    await page.keyboard.press('Control+S');
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('scanning-panel');
    await panel.waitFor();
    const banner = page.getByTestId('saved-banner');
    expect(await banner.textContent()).toContain('Đã tiếp nhận hồ sơ');
    // Esc closes the panel; "Hồ sơ mới" is next.
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await expect.poll(focused).toBe('action:new');
  });

  it('without typing ahead: the banner is announced (role=status), seen above the status bar, and "Số hóa" has focus', async () => {
    await page.keyboard.press('Enter'); // "Hồ sơ mới": the dossier is saved, nothing to ask
    await expect.poll(focused).toBe('procedure-input');
    await typeDossier('Lê Văn Nam');
    await page.locator('#note').focus();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await page.keyboard.press('Control+S');
    const banner = page.getByTestId('saved-banner');
    await banner.waitFor();
    await expect.poll(focused).toBe('action:scan');
    // In the live region, fully in the window and not under the status bar.
    expect(await page.getByRole('status').filter({ has: banner }).count()).toBe(1);
    const box = (await banner.boundingBox())!;
    const barTop = await page.evaluate(() => document.querySelector('.sync-bar')?.getBoundingClientRect().top ?? window.innerHeight);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(barTop);
    await shot('intake-after-save', { viewport: true });
    // The banner's actions carry their keys: Ctrl+P's preview, then Esc, back to "Số hóa".
    expect(await banner.textContent()).toMatch(/Số hóa giấy tờ\s*F9.*Xem, in phiếu hẹn\s*Ctrl\+P.*Hồ sơ mới\s*F2/);
    await page.keyboard.press('Control+P');
    await page.getByTestId('preview-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('preview-dialog').waitFor({ state: 'detached' });
    await expect.poll(focused).toBe('action:scan');
    expect(pageErrors).toEqual([]);
  });
});
