// End to end at 1366×768, the usual counter screen (issue 9 #5): every control reached with Tab on the
// first-run screen, the login and every admin tab is fully inside the window and never under the sync
// status bar; so are the messages under a refused field (Cơ quan's number pattern, a version's "Áp dụng từ
// ngày"); dialogs fit the window above the bar, and Tab inside one never reaches a control it hides.
// Screenshots of each screen (the window as seen with the last control focused) go to
// tests/artifacts/e2e/layout-status-bar/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, openFromToday } from '../support/browser';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];
let dossierNumber = '';

interface Stop { what: string; problem: string | null }

/** After the page has drawn the focus move (two frames), where the focused element lies. */
const checkFocused = (): Promise<Stop> => page.evaluate(() => new Promise<Stop>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
  const el = document.activeElement as HTMLElement;
  const what = `${el.tagName.toLowerCase()}#${el.id || el.getAttribute('data-testid') || el.textContent?.trim().slice(0, 30)}`;
  const r = el.getBoundingClientRect();
  const bar = document.querySelector('.sync-bar')?.getBoundingClientRect();
  const dialog = el.closest('dialog');
  let problem: string | null = null;
  if (r.top < 0 || r.bottom > window.innerHeight || r.left < 0 || r.right > window.innerWidth) problem = `outside the window (${Math.round(r.top)}–${Math.round(r.bottom)})`;
  else if (bar && !el.closest('.sync-bar') && r.bottom > bar.top && r.top < bar.bottom) problem = `under the status bar (${Math.round(r.bottom)} > ${Math.round(bar.top)})`;
  if (!problem && dialog) {
    const scroller = dialog.querySelector('.dialog-body') ?? dialog;
    const body = scroller.getBoundingClientRect();
    // The dialog's own sticky action row covers the foot of its scrolling part.
    const sticky = Array.from(scroller.children).find((c) => getComputedStyle(c).position === 'sticky' && !c.contains(el));
    const bottom = sticky ? Math.min(body.bottom, sticky.getBoundingClientRect().top) : body.bottom;
    if (r.top < body.top - 1 || r.bottom > bottom + 1) problem = `outside the dialog's visible part (${Math.round(r.top)}–${Math.round(r.bottom)} vs ${Math.round(body.top)}–${Math.round(bottom)})`;
  }
  resolve({ what, problem });
}))));

/** Presses Tab until focus leaves `scope` (a CSS selector), checking every control on the way. */
async function tabThrough(scope: string, max = 120): Promise<{ stops: number; hidden: string[] }> {
  const hidden: string[] = [];
  let stops = 0;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate((sel) => !!document.querySelector(sel)?.contains(document.activeElement), scope);
    if (!inside) break;
    stops += 1;
    const s = await checkFocused();
    if (s.problem) hidden.push(`${s.what}: ${s.problem}`);
  }
  return { stops, hidden };
}

/** A box (a message, a dialog) against the status bar and the window. */
const boxProblem = (selector: string) => page.evaluate((sel) => new Promise<string | null>((resolve) => requestAnimationFrame(() => {
  const r = document.querySelector(sel)!.getBoundingClientRect();
  const bar = document.querySelector('.sync-bar')?.getBoundingClientRect();
  if (r.top < 0 || r.bottom > window.innerHeight) return resolve(`outside the window (${Math.round(r.top)}–${Math.round(r.bottom)})`);
  if (bar && r.bottom > bar.top && r.top < bar.bottom) return resolve(`under the status bar (${Math.round(r.bottom)} > ${Math.round(bar.top)})`);
  resolve(null);
})), selector);

const shotView = (name: string) => page.screenshot({ path: `tests/artifacts/e2e/layout-status-bar/${name}.png` });

beforeAll(async () => {
  server = await startServer();
  ({ browser, page, pageErrors } = await openBrowser({ height: 768, artifacts: 'layout-status-bar' }));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('1366×768: nothing reached by Tab is hidden', () => {
  it('the first-run screen', async () => {
    await page.goto(server.url);
    await page.getByTestId('setup-form').waitFor();
    await page.locator('#setup-office-governingBody').focus();
    const r = await tabThrough('[data-testid="setup-form"]');
    expect(r.stops).toBeGreaterThan(15);
    expect(r.hidden).toEqual([]);
    await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).focus();
    await shotView('01-setup');
  });

  it('the login screen', async () => {
    const caller = apiCaller(server);
    expect((await caller.call('setup.initialize', { office: OFFICE, admin: ADMIN })).ok).toBe(true);
    caller.setSession((await caller.call('auth.login', { username: ADMIN.username, password: ADMIN.password })).data.sessionToken);
    const [v] = (await caller.call('procedures.search', { query: 'tình trạng hôn nhân' })).data;
    dossierNumber = (await caller.call('dossiers.receive', intake(v.id))).data.dossier.number;

    await page.reload();
    await page.getByTestId('login-form').waitFor();
    await page.locator('#login-username').focus();
    const r = await tabThrough('[data-testid="login-form"]');
    expect(r.stops).toBe(2);
    expect(r.hidden).toEqual([]);
    await page.locator('#login-username').fill(ADMIN.username);
    await page.locator('#login-password').fill(ADMIN.password);
    await shotView('02-login');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
  });

  const TABS: [string, string][] = [
    ['office', '#admin-office-governingBody'], ['users', '#user-username'], ['printers', '[data-testid="printers-save"]'],
    ['scanning', '[data-testid="scanning-save"]'], ['catalogue', '#catalogue-new-procedure'], ['calendar', '#cal-date'],
    ['portal', '[data-testid="portal-save"]'], ['notify', '[data-testid="notify-save"]'],
  ];
  TABS.forEach(([tab, ready], i) => {
    it(`Quản trị → ${tab}`, async () => {
      await page.keyboard.press('Alt+3');
      await page.getByTestId(`admin-tab-${tab}`).press('Enter');
      await page.locator(ready).waitFor();
      await page.getByTestId(`admin-tab-${tab}`).focus();
      const r = await tabThrough(`#admin-panel-${tab}`);
      console.log(`Quản trị → ${tab}: ${r.stops} Tab stops, ${r.hidden.length} hidden`);
      expect(r.stops).toBeGreaterThan(0);
      expect(r.hidden).toEqual([]);
      // The window with the panel's last control focused: the bottom of the page, above the bar.
      await page.keyboard.press('Shift+Tab');
      await checkFocused();
      await shotView(`${String(i + 3).padStart(2, '0')}-admin-${tab}`);
    });
  });
});

/** Scrolls the page so that `selector` sits just above the status bar: where a message appearing above it pushes it under. */
const justAboveBar = (selector: string) => page.evaluate((sel) => {
  const r = document.querySelector(sel)!.getBoundingClientRect();
  const bar = document.querySelector('.sync-bar')!.getBoundingClientRect();
  window.scrollBy(0, r.bottom - bar.top + 2);
}, selector);

describe('1366×768: messages and dialogs are not hidden', () => {
  it('Cơ quan: "Đã lưu" appearing above the focused save button does not push it under the bar', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-portal').press('Home');
    const save = page.getByRole('button', { name: 'Lưu thông tin cơ quan' });
    await save.focus();
    await justAboveBar('.admin form .actions');
    await page.keyboard.press('Enter');
    await page.getByText('Đã lưu thông tin cơ quan').waitFor();
    const s = await checkFocused();
    expect(s.what).toBe('button#Lưu thông tin cơ quan');
    expect(s.problem).toBeNull();
  });

  it('Hệ thống tỉnh: the same for its save button', async () => {
    await page.getByTestId('admin-tab-office').press('End'); // Thông báo, the last; Hệ thống tỉnh just before
    await page.keyboard.press('ArrowLeft');
    const save = page.getByTestId('portal-save');
    await save.focus();
    await justAboveBar('[data-testid="portal-save"]');
    await page.keyboard.press('Enter');
    await page.getByTestId('portal-message').waitFor();
    const s = await checkFocused();
    expect(s.what).toBe('button#portal-save');
    expect(s.problem).toBeNull();
  });

  it('Cơ quan: the number pattern\'s message, near the bottom, is above the bar', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-office').press('Home');
    await page.locator('#admin-office-numberPattern').fill('{agency}-{dd}-{seq:4}');
    await page.getByRole('button', { name: 'Lưu thông tin cơ quan' }).press('Enter');
    await page.locator('#admin-office-numberPattern-error').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('admin-office-numberPattern');
    expect(await boxProblem('#admin-office-numberPattern-error')).toBeNull();
    await shotView('10-office-error');
  });

  it('a version\'s "Áp dụng từ ngày" message is above the bar', async () => {
    await page.getByTestId('admin-tab-catalogue').press('Enter');
    await page.locator('.catalogue tbody .link-button', { hasText: '1.001193' }).press('Enter');
    await page.locator('#catalogue-new-version').press('Enter');
    await page.locator('#v-from').fill('31/02/2027');
    await page.getByRole('button', { name: 'Tạo phiên bản' }).press('Enter');
    await page.locator('#v-from-error').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('v-from');
    expect(await boxProblem('#v-from-error')).toBeNull();
    await shotView('11-version-date-error');
  });

  it('a dialog fits the window above the bar', async () => {
    await page.getByTestId('admin-tab-users').press('Enter');
    await page.getByTestId('user-password').first().press('Enter');
    await page.getByTestId('user-password-dialog').waitFor();
    expect(await boxProblem('[data-testid="user-password-dialog"]')).toBeNull();
    await page.keyboard.press('Escape');
  });

  it('the dossier detail (a tall dialog): inside the window, above the bar, every control reachable in view', async () => {
    await openFromToday(page, dossierNumber);
    // Its fee is read after the dossier (the line above the papers): Tab through the page as it stays.
    await page.locator('[data-testid="dossier-detail"] [data-testid="dossier-fee"]').waitFor();
    expect(await boxProblem('[data-testid="dossier-detail"]')).toBeNull();
    const r = await tabThrough('[data-testid="dossier-detail"]', 40);
    expect(r.hidden).toEqual([]);
    await shotView('12-dossier-detail');
    await page.keyboard.press('Escape');
    expect(pageErrors).toEqual([]);
  });

  it('a part of a dialog arriving late, above the focused control, does not push it out of view', async () => {
    // The dossier detail reads some parts after the dossier (its fee line, the work actions, the timeline).
    // The clerk has focus on the lowest control in view; a part then arrives above it. Stood in for here by
    // a block of known height, so the push is certain whatever the fixture's length.
    await openFromToday(page, dossierNumber);
    await page.getByTestId('detail-component').first().waitFor();
    const what = await page.evaluate(() => {
      const body = document.querySelector<HTMLElement>('[data-testid="dossier-detail"] .dialog-body')!;
      body.scrollTop = 0;
      const bottom = Math.min(body.getBoundingClientRect().bottom, body.querySelector(':scope > .dialog-actions')?.getBoundingClientRect().top ?? Infinity);
      const seen = Array.from(body.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]'))
        .filter((x) => x.getClientRects().length > 0 && !(x as HTMLButtonElement).disabled && !x.closest('.dialog-actions') && x.getBoundingClientRect().bottom < bottom - 10);
      const el = seen[seen.length - 1]!;
      el.focus();
      return el.textContent?.trim() ?? el.id;
    });
    expect((await checkFocused()).problem).toBeNull();
    await page.evaluate(() => {
      const late = document.createElement('div');
      late.style.height = '240px';
      late.textContent = 'một phần đến sau';
      document.querySelector('[data-testid="dossier-detail"] .dialog-body')!.prepend(late);
    });
    expect((await checkFocused()).problem, what).toBeNull();
    // One the clerk scrolled away from stays where they left it.
    await page.evaluate(() => { document.querySelector('[data-testid="dossier-detail"] .dialog-body')!.scrollTop += 2000; });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const scrolled = await page.evaluate(() => document.querySelector('[data-testid="dossier-detail"] .dialog-body')!.scrollTop);
    await page.evaluate(() => document.querySelector('[data-testid="dossier-detail"] .dialog-body')!.prepend(document.createElement('p')));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await page.evaluate(() => document.querySelector('[data-testid="dossier-detail"] .dialog-body')!.scrollTop)).toBeGreaterThanOrEqual(scrolled);
    await page.keyboard.press('Escape');
  });
});
