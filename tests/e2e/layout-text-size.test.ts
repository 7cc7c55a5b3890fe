// End to end (issue 9 #18): text on a counter screen is read at arm's length. On the first-run screen, the
// login, every admin tab (with its hints and messages showing), the intake screen (hints, warnings) and the
// sync screen, at 1366×768 and at 1920×1080, every visible piece of text and every control is at least
// 14 px, and helper text (hints under fields, key caps, tags, the due panel's labels) at least 13 px.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser } from '../support/browser';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
/** Never set up: its first screen stays the first-run screen. */
let fresh: RunningServer;
let browser: Browser;
let page: Page;

/** Helper text: may be smaller than body text, never under 13 px. */
const HELPER = '.field-hint, kbd, .tag, .due-panel .label, .thumb-no, .small, .upload-progress, .scan-checklist .counts, .scan-checklist .state';

/** Every visible text and control under its minimum: "size px <tag.class> “text”". */
const tooSmall = () => page.evaluate((helper) => {
  const out = new Set<string>();
  const visible = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const check = (el: Element, text: string) => {
    const size = parseFloat(getComputedStyle(el).fontSize);
    const min = el.closest(helper) ? 13 : 14;
    if (size < min - 0.01) out.add(`${size}px <${el.tagName.toLowerCase()}.${el.className}> “${text.slice(0, 40)}”`);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const text = n.textContent?.trim() ?? '';
    if (!el || !text || el.closest('option, script, style, .key-catcher') || !visible(el)) continue;
    check(el, text);
  }
  document.querySelectorAll('input:not([type=checkbox]):not([type=radio]), select, textarea, button').forEach((el) => {
    if (visible(el) && !el.classList.contains('key-catcher')) check(el, (el as HTMLInputElement).value || el.textContent || '');
  });
  return [...out];
}, HELPER);

beforeAll(async () => {
  [server, fresh] = await Promise.all([startServer(), startServer()]);
  expect((await apiCaller(server).call('setup.initialize', { office: OFFICE, admin: ADMIN })).ok).toBe(true);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fresh?.stop();
});

describe.each([[1366, 768], [1920, 1080]])('text sizes at %i×%i', (width, height) => {
  beforeAll(async () => {
    await browser?.close();
    ({ browser, page } = await openBrowser({ height, artifacts: `layout-text-size-${width}` }));
    await page.setViewportSize({ width, height });
  });

  it('the first-run screen, with its messages', async () => {
    await page.goto(fresh.url);
    await page.getByTestId('setup-form').waitFor();
    await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).press('Enter');
    await page.locator('.field-error').first().waitFor();
    expect(await tooSmall()).toEqual([]);
  });

  it('the login screen', async () => {
    await page.goto(server.url);
    await page.getByTestId('login-form').waitFor();
    expect(await tooSmall()).toEqual([]);
    await logIn(page, server.url);
  });

  it('the intake screen with hints and a warning', async () => {
    await page.keyboard.type('khai sinh');
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#applicant-fullName').waitFor();
    await page.locator('#applicant-idNumber').fill('012345678');
    await page.locator('#applicant-idNumber').press('Tab');
    await page.locator('.field-error, .field-warning').first().waitFor();
    expect(await tooSmall()).toEqual([]);
  });

  it('every admin tab', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-office').waitFor();
    for (const tab of ['office', 'users', 'printers', 'scanning', 'catalogue', 'calendar', 'portal']) {
      await page.getByTestId(`admin-tab-${tab}`).press('Enter');
      await page.locator(`#admin-panel-${tab} button, #admin-panel-${tab} input`).first().waitFor();
      expect(await tooSmall(), tab).toEqual([]);
    }
    // Cơ quan with a message under a field.
    await page.getByTestId('admin-tab-office').press('Enter');
    await page.locator('#admin-office-agencyCode').fill('1');
    await page.getByRole('button', { name: 'Lưu thông tin cơ quan' }).press('Enter');
    await page.locator('#admin-office-agencyCode-error').waitFor();
    expect(await tooSmall()).toEqual([]);
  });

  it('the sync screen and the status bar', async () => {
    await page.keyboard.press('Alt+4');
    await page.getByTestId('sync-status').waitFor();
    expect(await tooSmall()).toEqual([]);
  });
});
