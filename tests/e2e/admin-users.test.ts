// End to end in the browser shell, keys only (issue 9 #17): Quản trị → Người dùng creates an account, then
// locks it after a confirmation (Enter on the confirmation keeps it: focus starts on "Không khóa"), which
// ends the account's open session and stops its login; unlocks it; sets a new password (the same rule as a
// new account, focus on the field at fault); changes its role. The administrator's own row offers neither
// lock nor role change. Screenshots go to tests/artifacts/e2e/admin-users/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser } from '../support/browser';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];
const CLERK = { username: 'letan', fullName: 'Lê Thị Tân', password: 'matkhau-789' };

const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('data-testid') || document.activeElement?.tagName || '');
const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
const row = (username: string) => page.locator(`[data-testid="user-row"][data-username="${username}"]`);
const message = () => page.getByTestId('users-message').textContent();

beforeAll(async () => {
  server = await startServer();
  expect((await apiCaller(server).call('setup.initialize', { office: OFFICE, admin: ADMIN })).ok).toBe(true);
  ({ browser, page, pageErrors, shot } = await openBrowser({ artifacts: 'admin-users' }));
  await logIn(page, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Quản trị → Người dùng with the keyboard', () => {
  it('creates an account; the form is ready for the next one', async () => {
    await page.keyboard.press('Alt+3');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('admin-tab-users');
    await page.getByTestId('users-table').waitFor();
    await page.locator('#user-username').focus();
    await page.keyboard.type(CLERK.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(CLERK.fullName);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab'); // the role stays "Cán bộ tiếp nhận"
    await page.keyboard.type(CLERK.password);
    await page.keyboard.press('Enter');
    await expect.poll(message).toBe('Đã tạo tài khoản letan.');
    await row(CLERK.username).waitFor();
    expect(await focused()).toBe('user-username');
    expect(await page.locator('#user-username').inputValue()).toBe('');
  });

  it('the administrator\'s own row cannot be locked or demoted', async () => {
    const own = row(ADMIN.username);
    expect(await own.getByTestId('user-lock').isDisabled()).toBe(true);
    expect(await own.getByTestId('user-role').isDisabled()).toBe(true);
    expect(await own.getByTestId('user-password').isDisabled()).toBe(false);
  });

  it('locking asks first: Enter keeps the account, focus goes back to "Khóa…"', async () => {
    await row(CLERK.username).getByTestId('user-lock').press('Enter');
    await page.getByTestId('user-deactivate-dialog').waitFor();
    expect(await focused()).toBe('user-deactivate-cancel');
    await shot('lock-confirmation');
    await page.keyboard.press('Enter');
    await page.getByTestId('user-deactivate-dialog').waitFor({ state: 'detached' });
    expect(await focusedText()).toBe('Khóa…');
    expect(await row(CLERK.username).textContent()).toContain('Đang dùng');
  });

  it('locking ends the account\'s open session and its login; "Mở khóa" lets it in again', async () => {
    const clerk = apiCaller(server);
    const login = await clerk.call('auth.login', CLERK);
    expect(login.ok).toBe(true);
    clerk.setSession(login.data.sessionToken);
    expect((await clerk.call('auth.me')).ok).toBe(true);

    await page.keyboard.press('Enter');
    await page.getByTestId('user-deactivate-dialog').waitFor();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('user-deactivate-confirm');
    await page.keyboard.press('Enter');
    await expect.poll(message).toContain('Đã khóa tài khoản letan');
    await expect.poll(() => row(CLERK.username).textContent()).toContain('Đã khóa');
    // Focus is back on the row's button, which now unlocks.
    expect(await focusedText()).toBe('Mở khóa');
    await shot('locked');

    expect((await clerk.call('auth.me')).error?.code).toBe('UNAUTHENTICATED');
    expect((await apiCaller(server).call('auth.login', CLERK)).error?.message).toContain('đã bị khóa');

    await page.keyboard.press('Enter');
    await expect.poll(message).toContain('Đã mở khóa tài khoản letan');
    await expect.poll(() => row(CLERK.username).textContent()).toContain('Đang dùng');
    expect((await apiCaller(server).call('auth.login', CLERK)).ok).toBe(true);
  });

  it('a new password: the rule of a new account, focus on the field at fault, then the old one stops working', async () => {
    await row(CLERK.username).getByTestId('user-password').press('Enter');
    await page.getByTestId('user-password-dialog').waitFor();
    expect(await focused()).toBe('user-password-new');
    await page.keyboard.type('ngan');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#user-password-new-error').textContent()).toBe('Mật khẩu ít nhất 8 ký tự');
    expect(await focused()).toBe('user-password-new');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('mat-khau-moi-1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('mat-khau-moi-2');
    await page.locator('[data-testid="user-password-save"]').press('Enter');
    await expect.poll(() => page.locator('#user-password-again-error').textContent()).toBe('Hai lần nhập mật khẩu không khớp');
    expect(await focused()).toBe('user-password-again');
    await shot('password-mismatch');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('mat-khau-moi-1');
    await page.keyboard.press('Enter');
    await expect.poll(message).toContain('Đã đặt mật khẩu mới cho letan');
    expect(await focusedText()).toBe('Đặt lại mật khẩu…');
    expect((await apiCaller(server).call('auth.login', CLERK)).ok).toBe(false);
    expect((await apiCaller(server).call('auth.login', { ...CLERK, password: 'mat-khau-moi-1' })).ok).toBe(true);
  });

  it('a new role', async () => {
    await row(CLERK.username).getByTestId('user-role').press('Enter');
    await page.getByTestId('user-role-dialog').waitFor();
    expect(await focused()).toBe('user-role-new');
    await page.locator('#user-role-new').selectOption('leader');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('user-role-save');
    await page.keyboard.press('Enter');
    await expect.poll(message).toContain('Cán bộ tiếp nhận → Lãnh đạo');
    await expect.poll(() => row(CLERK.username).textContent()).toContain('Lãnh đạo');
    expect(await focusedText()).toBe('Đổi vai trò…');
    await shot('role-changed');
    expect(pageErrors).toEqual([]);
  });
});
