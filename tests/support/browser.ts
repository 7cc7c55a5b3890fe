// Debian's Chromium driven by playwright-core, launched the same way by every end-to-end test
// (flags from the recipes: no sandbox as root, no background networking on this closed network).
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ADMIN } from './fixtures';
import { ROOT } from './server';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-features=Translate'];

/**
 * Launches Chromium with one page. `artifacts` names a folder under tests/artifacts/e2e/ (emptied now) where
 * `shot(name)` saves numbered full-page screenshots (`shot(name, { viewport: true })`: the window only), kept by CI.
 */
export async function openBrowser(opts: { height?: number; artifacts?: string } = {}): Promise<{
  browser: Browser; page: Page; pageErrors: string[]; shot: (name: string, opts?: { viewport?: boolean }) => Promise<void>;
}> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1366, height: opts.height ?? 900 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const dir = path.join(ROOT, 'tests', 'artifacts', 'e2e', opts.artifacts ?? 'misc');
  if (opts.artifacts) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  }
  let step = 0;
  // `viewport`: what the clerk sees in the window (the status bar where it sits), not the whole page.
  const shot = async (name: string, shotOpts: { viewport?: boolean } = {}) => {
    step += 1;
    fs.mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: path.join(dir, `${String(step).padStart(2, '0')}-${name}.png`), fullPage: !shotOpts.viewport });
  };
  return { browser, page, pageErrors, shot };
}

/** Opens the app and logs in with the keyboard (the admin of the fixtures by default). */
export async function logIn(page: Page, url: string, user: { username: string; password: string } = ADMIN): Promise<void> {
  await page.goto(url);
  await page.getByTestId('login-form').waitFor();
  await page.locator('#login-username').fill(user.username);
  await page.locator('#login-password').fill(user.password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
}

/** From any screen: today's list (Alt+2), search the number, Enter opens the dossier's detail. */
export async function openFromToday(page: Page, number: string): Promise<void> {
  await page.keyboard.press('Alt+2');
  await page.getByTestId('today-search').fill(number);
  await page.getByTestId('today-table').getByText(number).waitFor();
  await page.getByTestId('today-search').press('Enter');
  await page.getByTestId('dossier-detail').waitFor();
}
