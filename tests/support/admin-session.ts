// An office set up through the API and its administrator logged in, in the browser shell: the start of every
// end-to-end test of Quản trị's forms. `openNewVersion` goes, keys only, to a procedure's "Tạo phiên bản mới".
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { logIn, openBrowser } from './browser';
import { ADMIN, OFFICE } from './fixtures';
import { apiCaller, startServer, type RunningServer } from './server';

export interface AdminSession {
  server: RunningServer;
  api: ReturnType<typeof apiCaller>;
  browser: Browser;
  page: Page;
  pageErrors: string[];
  shot: (name: string) => Promise<void>;
}

export async function startAdminSession(artifacts: string): Promise<AdminSession> {
  const server = await startServer();
  const api = apiCaller(server);
  expect((await api.call('setup.initialize', { office: OFFICE, admin: ADMIN })).ok).toBe(true);
  await api.call('auth.login', { username: ADMIN.username, password: ADMIN.password }).then((r) => api.setSession(r.data.sessionToken));
  const { browser, page, pageErrors, shot } = await openBrowser({ artifacts });
  await logIn(page, server.url);
  return { server, api, browser, page, pageErrors, shot };
}

/** Alt+3 → Danh mục thủ tục → the procedure `code` → Tạo phiên bản mới, each by Enter. */
export async function openNewVersion(page: Page, code: string): Promise<void> {
  await page.keyboard.press('Alt+3');
  await page.getByTestId('admin-tab-catalogue').press('Enter');
  await page.getByRole('button', { name: code }).press('Enter');
  await page.locator('#catalogue-new-version').press('Enter');
}
