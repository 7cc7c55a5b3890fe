// End to end in the browser shell, keys only (issue 9 #4): the first-run screen starts in its first field and
// a refusal from the core puts focus on the first field it names; Quản trị follows the WAI-ARIA tabs pattern
// (one Tab stop, ←/→ with wrap, Home/End, aria-selected/aria-controls) and Alt+3 reopens it on the tab last
// used with focus on that tab; "Tạo phiên bản mới" brings its form into view with focus in it; every admin
// form with errors puts focus on the FIRST invalid field, wherever focus was when saving.
// Screenshots go to tests/artifacts/e2e/admin-keyboard/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser } from '../support/browser';
import { ADMIN, OFFICE } from '../support/fixtures';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];

const focused = () => page.evaluate(() => {
  const el = document.activeElement;
  return el?.id || el?.getAttribute('data-testid') || el?.tagName || '';
});
/** The element with focus is inside the window (not scrolled away). */
const focusedInView = () => page.evaluate(() => {
  const r = document.activeElement!.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight;
});
const selectedTab = () => page.evaluate(() => Array.from(document.querySelectorAll('[role=tab][aria-selected=true]')).map((t) => t.id).join(','));

beforeAll(async () => {
  server = await startServer();
  ({ browser, page, pageErrors, shot } = await openBrowser({ artifacts: 'admin-keyboard' }));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('first-run setup with the keyboard', () => {
  it('starts in the first field', async () => {
    await page.goto(server.url);
    await page.getByTestId('setup-form').waitFor();
    await expect.poll(focused).toBe('setup-office-governingBody');
  });

  it('a refusal from the core puts focus on the first field it names', async () => {
    // Only the core knows these are wrong: emoji the form font cannot print, in two fields. (A number pattern
    // that repeats is refused on the screen too: shared/validation/number-pattern.ts.)
    await page.keyboard.type(`${OFFICE.governingBody} 😀`);
    await page.locator('#setup-office-place').fill(OFFICE.place);
    await page.locator('#setup-office-agencyCode').fill(OFFICE.agencyCode);
    await page.locator('#setup-office-address').fill('Số 1 Tràng Tiền 😀');
    await page.locator('#setup-fullName').fill(ADMIN.fullName);
    await page.locator('#setup-password').fill(ADMIN.password);
    await page.locator('#setup-password2').fill(ADMIN.password);
    await page.locator('#setup-password2').press('Enter');
    await expect.poll(() => page.locator('#setup-office-governingBody-error').count()).toBe(1);
    await expect.poll(focused).toBe('setup-office-governingBody');
    expect(await focusedInView()).toBe(true);
    await shot('setup-core-errors');

    // Fixed and sent again from there: the core now refuses the address, further down; focus follows.
    await page.keyboard.press('Control+A');
    await page.keyboard.type(OFFICE.governingBody);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#setup-office-address-error').count()).toBe(1);
    await expect.poll(focused).toBe('setup-office-address');
    expect(await focusedInView()).toBe(true);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(OFFICE.address);
    await page.keyboard.press('Enter');
    await page.getByTestId('login-form').waitFor();
    await expect.poll(focused).toBe('login-password');
    // A wrong password sent from the button: focus comes back to the password, emptied, to type it again.
    await page.keyboard.type('sai-mat-khau');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('Tên đăng nhập hoặc mật khẩu không đúng.').waitFor();
    await expect.poll(focused).toBe('login-password');
    expect(await page.locator('#login-password').inputValue()).toBe('');
    await page.keyboard.type(ADMIN.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
  });
});

describe('Quản trị: tabs', () => {
  it('Alt+3 puts focus on the selected tab; the tab list is one Tab stop with arrows, Home and End', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByRole('heading', { name: 'Quản trị' }).waitFor();
    expect(await focused()).toBe('admin-tab-office');

    const tabs = await page.evaluate(() => Array.from(document.querySelectorAll('[role=tablist] [role=tab]')).map((t) => ({
      id: t.id, selected: t.getAttribute('aria-selected'), tabIndex: (t as HTMLElement).tabIndex,
      panel: document.getElementById(t.getAttribute('aria-controls') ?? '')?.getAttribute('aria-labelledby'),
    })));
    expect(tabs).toHaveLength(8);
    // Each tab names its panel and the panel its tab; only the selected tab is in the Tab order.
    for (const t of tabs) expect(t.panel).toBe(t.id);
    expect(tabs.filter((t) => t.tabIndex === 0).map((t) => t.id)).toEqual(['admin-tab-office']);

    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('admin-tab-users');
    expect(await selectedTab()).toBe('admin-tab-users');
    await page.getByTestId('users-table').waitFor();
    await page.keyboard.press('End');
    expect(await focused()).toBe('admin-tab-notify');
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('admin-tab-portal');
    await page.getByTestId('portal-settings').waitFor();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowRight'); // wraps to the first
    expect(await focused()).toBe('admin-tab-office');
    await page.keyboard.press('ArrowLeft'); // and back to the last
    expect(await focused()).toBe('admin-tab-notify');
    await page.keyboard.press('Home');
    expect(await selectedTab()).toBe('admin-tab-office');
    // Tab leaves the tab list for the panel.
    await page.getByTestId('office-form').waitFor();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('admin-office-governingBody');
  });

  it('Alt+3 reopens on the tab last used, with focus on it', async () => {
    await page.keyboard.press('Shift+Tab');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    expect(await selectedTab()).toBe('admin-tab-calendar');
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
    await page.keyboard.press('Alt+3');
    expect(await selectedTab()).toBe('admin-tab-calendar');
    expect(await focused()).toBe('admin-tab-calendar');
    // Alt+3 again from inside the panel brings focus back to the tab.
    await page.locator('#cal-name').focus();
    await page.keyboard.press('Alt+3');
    expect(await focused()).toBe('admin-tab-calendar');
  });
});

describe('Quản trị: focus on the first error', () => {
  it('Lịch làm việc: a bad date puts focus on it, wherever the save was pressed from', async () => {
    await page.locator('#cal-date').fill('31/02/2027');
    await page.locator('#cal-name').fill('Nghỉ thử');
    await page.getByRole('button', { name: 'Thêm điều chỉnh' }).press('Enter');
    await expect.poll(() => page.locator('.calendar-admin .field-error').count()).toBe(1);
    await expect.poll(focused).toBe('cal-date');
  });

  it('Cơ quan: two fields wrong, focus on the first of them on the form, not on the button', async () => {
    await page.getByTestId('admin-tab-office').focus();
    await page.keyboard.press('Home');
    await page.getByTestId('office-form').waitFor();
    await page.locator('#admin-office-place').fill('');
    await page.locator('#admin-office-agencyCode').fill('123');
    await page.getByRole('button', { name: 'Lưu thông tin cơ quan' }).press('Enter');
    await expect.poll(() => page.locator('#admin-office-agencyCode-error').count()).toBe(1);
    await expect.poll(focused).toBe('admin-office-place');
    expect(await focusedInView()).toBe(true);
    await shot('office-first-error');
    await page.locator('#admin-office-place').fill(OFFICE.place);
    await page.locator('#admin-office-agencyCode').fill(OFFICE.agencyCode);
  });

  it('Cơ quan: a number pattern that would repeat numbers is named as it is typed, and gets focus on saving', async () => {
    await page.locator('#admin-office-numberPattern').fill('{agency}-{dd}-{seq:4}');
    // Before saving: the core's own message, next to the field.
    await expect.poll(() => page.locator('#admin-office-numberPattern-error').textContent()).toContain('thiếu tháng {MM}');
    await page.getByRole('button', { name: 'Lưu thông tin cơ quan' }).press('Enter');
    await expect.poll(() => page.locator('#admin-office-numberPattern-error').count()).toBe(1);
    await expect.poll(focused).toBe('admin-office-numberPattern');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(OFFICE.numberPattern);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Đã lưu thông tin cơ quan').count()).toBe(1);
  });

  it('Người dùng: the core\'s messages for a new account put focus on the first', async () => {
    await page.getByTestId('admin-tab-office').focus();
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('user-create-form').waitFor();
    await page.locator('#user-username').fill('Le Tan'); // capitals and a space: refused by the core
    await page.locator('#user-fullName').fill('Lê Thị Tân');
    await page.locator('#user-password').fill('ngan');
    await page.getByRole('button', { name: 'Tạo tài khoản' }).press('Enter');
    await expect.poll(() => page.locator('#user-password-error').count()).toBe(1);
    await expect.poll(focused).toBe('user-username');
  });
});

describe('Hệ thống tỉnh: focus on the first error', () => {
  it('sync switched on with no address and a bad number: focus on the address, the first of them', async () => {
    await page.getByTestId('admin-tab-office').focus();
    await page.keyboard.press('End'); // Thông báo, the last; Hệ thống tỉnh is just before it
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('portal-settings').waitFor();
    await page.locator('#portal-enabled').check();
    await page.locator('#portal-timeoutSec').fill('-5');
    await page.getByTestId('portal-save').press('Enter');
    await expect.poll(() => page.locator('#portal-timeoutSec-error').count()).toBe(1);
    await expect.poll(focused).toBe('portal-baseUrl');
    await page.locator('#portal-enabled').uncheck();
    await page.locator('#portal-timeoutSec').fill('15');
  });
});

describe('Danh mục thủ tục: a new version', () => {
  it('"Tạo phiên bản mới" brings the form into view with focus on its first field', async () => {
    await page.getByTestId('admin-tab-office').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await selectedTab()).toBe('admin-tab-catalogue');
    const first = page.locator('.catalogue tbody .link-button', { hasText: '1.001193' }); // khai sinh: 3 documents
    await first.waitFor();
    await first.press('Enter');
    await page.locator('#catalogue-new-version').press('Enter');
    await expect.poll(focused).toBe('v-name');
    expect(await focusedInView()).toBe(true);
    await shot('version-form-opened');
  });

  it('a bad date puts focus on "Áp dụng từ ngày", even from the last button', async () => {
    await page.locator('#v-from').fill('31/02/2027');
    await page.getByRole('button', { name: 'Tạo phiên bản' }).press('Enter');
    await expect.poll(() => page.locator('#v-from-error').count()).toBe(1);
    await expect.poll(focused).toBe('v-from');
    expect(await focusedInView()).toBe(true);
  });

  it('a component the core refuses gets focus in its row, with its message next to it', async () => {
    await page.locator('#v-from').fill('01/03/2027');
    await page.locator('#components-1-name').fill('');
    await page.getByRole('button', { name: 'Tạo phiên bản' }).press('Enter');
    await expect.poll(() => page.locator('#components-1-name-error').textContent()).toBe('Nhập tên giấy tờ');
    await expect.poll(focused).toBe('components-1-name');
    expect(await focusedInView()).toBe(true);
    await shot('version-component-error');
  });

  it('"Hủy" returns focus to "Tạo phiên bản mới"', async () => {
    await page.getByRole('button', { name: 'Hủy' }).press('Enter');
    await expect.poll(focused).toBe('catalogue-new-version');
    expect(pageErrors).toEqual([]);
  });
});
