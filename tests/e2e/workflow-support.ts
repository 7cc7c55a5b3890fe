// Shared by the workflow end-to-end runs (workflow-two-users, return-counter): one browser context per user
// at the counter's 1366×768, keys counted per user and step, and the layout checks of layout-status-bar.test.ts
// (every control reached by Tab inside the window and never under the status bar; dialogs above the bar).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { qrSymbols } from '../documents/pdf-checks';
import { ROOT, type apiCaller } from '../support/server';

type Caller = ReturnType<typeof apiCaller>;

/** The QR content of a dossier's slip (form 01) as the printed paper carries it: read from its PDF with zbarimg. */
export async function slipQrContent(api: Caller, dossierId: string): Promise<string> {
  const detail = (await api.call('dossiers.get', { id: dossierId })).data;
  const slip = detail.documents.find((d: { kind: string }) => d.kind === 'form01');
  const pdf = (await api.call('documents.content', { id: slip.id })).data;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-slip-'));
  fs.writeFileSync(path.join(dir, 'slip.pdf'), Buffer.from(pdf.base64, 'base64'));
  const [content] = qrSymbols(path.join(dir, 'slip.pdf'), 1, dir);
  fs.rmSync(dir, { recursive: true, force: true });
  if (!content) throw new Error('no QR on the slip');
  return content;
}

export interface UserPage {
  who: string;
  page: Page;
  pageErrors: string[];
  /** Keys pressed by this user in the flow (layout checks excluded), and Tabs among them. */
  keys: number;
  tabs: number;
  /** Characters a barcode scanner typed (not the user's keys). */
  scanned: number;
  press(key: string): Promise<void>;
  /** Types the text key by key, each counted as the user's. */
  type(text: string): Promise<void>;
  /** What a USB barcode scanner types: every character with no delay between them, then Enter; not the user's keys. */
  scan(text: string): Promise<void>;
  shot(name: string): Promise<void>;
}

/** A browser context of its own (its own session), the window the size of the counter's screen. */
export async function openUser(browser: Browser, who: string, artifacts: string): Promise<UserPage> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
  const dir = path.join(ROOT, 'tests', 'artifacts', 'e2e', artifacts);
  fs.mkdirSync(dir, { recursive: true });
  const u: UserPage = {
    who, page, pageErrors, keys: 0, tabs: 0, scanned: 0,
    async press(key) {
      u.keys += 1;
      if (key === 'Tab' || key === 'Shift+Tab') u.tabs += 1;
      await page.keyboard.press(key);
    },
    async type(text) {
      u.keys += [...text].length;
      await page.keyboard.type(text);
    },
    async scan(text) {
      u.scanned += [...text].length + 1;
      await page.keyboard.type(text, { delay: 0 });
      await page.keyboard.press('Enter');
    },
    async shot(name) {
      await settle(page);
      await page.screenshot({ path: path.join(dir, `${String(++shots).padStart(2, '0')}-${u.who}-${name}.png`) });
    },
  };
  return u;
}
let shots = 0;

/** Empties the screenshots folder of a run. */
export function freshArtifacts(artifacts: string): void {
  const dir = path.join(ROOT, 'tests', 'artifacts', 'e2e', artifacts);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  shots = 0;
}

/** Two frames: what a focus move or a state change drew is on screen. */
export const settle = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

/** What has focus: a data-testid, an id, or the tag. */
export const focusIs = (page: Page) => page.evaluate(() => {
  const el = document.activeElement;
  return el?.getAttribute('data-testid') || el?.id || el?.tagName || '';
});

/** Logs in with the keyboard: the username, Tab, the password, Enter (counted apart from the flow). */
export async function logInAs(u: UserPage, url: string | null, user: { username: string; password: string }, heading: string): Promise<void> {
  if (url) await u.page.goto(url);
  await u.page.getByTestId('login-form').waitFor();
  await u.page.locator('#login-username').fill(user.username);
  await u.page.locator('#login-password').fill(user.password);
  await u.page.keyboard.press('Enter');
  await u.page.getByRole('heading', { name: heading, exact: true }).waitFor();
}

interface Stop { what: string; problem: string | null }

/** Where the focused element lies after the page drew it: in the window, above the status bar, inside its dialog. */
export const checkFocused = (page: Page): Promise<Stop> => page.evaluate(() => new Promise<Stop>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
  const el = document.activeElement as HTMLElement;
  const what = `${el.tagName.toLowerCase()}#${el.id || el.getAttribute('data-testid') || el.textContent?.trim().slice(0, 30)}`;
  const r = el.getBoundingClientRect();
  const bar = document.querySelector('.sync-bar')?.getBoundingClientRect();
  const dialog = el.closest('dialog');
  let problem: string | null = null;
  if (r.top < 0 || r.bottom > window.innerHeight || r.left < 0 || r.right > window.innerWidth) problem = `outside the window (${Math.round(r.top)}–${Math.round(r.bottom)})`;
  else if (bar && !el.closest('.sync-bar') && !dialog && r.bottom > bar.top && r.top < bar.bottom) problem = `under the status bar (${Math.round(r.bottom)} > ${Math.round(bar.top)})`;
  if (!problem && dialog) {
    const body = (dialog.querySelector('.dialog-body') ?? dialog).getBoundingClientRect();
    if (r.top < body.top - 1 || r.bottom > body.bottom + 1) problem = `outside the dialog's visible part (${Math.round(r.top)}–${Math.round(r.bottom)} vs ${Math.round(body.top)}–${Math.round(body.bottom)})`;
  }
  resolve({ what, problem });
}))));

/**
 * Presses Tab until focus leaves `scope` (a CSS selector; at most `max` stops), checking every control on the
 * way; focus is put back where it was. These Tabs are the check's, not the user's: they are not counted.
 */
export async function tabThrough(page: Page, scope: string, max = 60): Promise<{ stops: number; hidden: string[] }> {
  const hidden: string[] = [];
  let stops = 0;
  await page.evaluate(() => { (window as unknown as { __before: Element | null }).__before = document.activeElement; });
  // The control focused now (the screen's first box) is one of the stops.
  if (await page.evaluate((sel) => !!document.querySelector(sel)?.contains(document.activeElement), scope)) {
    stops += 1;
    const s = await checkFocused(page);
    if (s.problem) hidden.push(`${s.what}: ${s.problem}`);
  }
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate((sel) => !!document.querySelector(sel)?.contains(document.activeElement), scope);
    if (!inside) break;
    stops += 1;
    const s = await checkFocused(page);
    if (s.problem) hidden.push(`${s.what}: ${s.problem}`);
  }
  await page.evaluate(() => ((window as unknown as { __before: HTMLElement | null }).__before)?.focus());
  return { stops, hidden };
}

/** A box (a dialog, a message) against the window and the status bar; null when fully seen. */
export const boxProblem = (page: Page, selector: string) => page.evaluate((sel) => new Promise<string | null>((resolve) => requestAnimationFrame(() => {
  const el = document.querySelector(sel);
  if (!el) return resolve(`${sel} is not on screen`);
  const r = el.getBoundingClientRect();
  const bar = document.querySelector('.sync-bar')?.getBoundingClientRect();
  if (r.top < 0 || r.bottom > window.innerHeight + 0.5) return resolve(`outside the window (${Math.round(r.top)}–${Math.round(r.bottom)})`);
  if (bar && !el.closest('dialog') && r.bottom > bar.top && r.top < bar.bottom) return resolve(`under the status bar (${Math.round(r.bottom)} > ${Math.round(bar.top)})`);
  resolve(null);
})), selector);

/** The layout check of one screen or dialog: every Tab stop seen, the box itself inside the window. */
export async function expectLaidOut(page: Page, scope: string): Promise<number> {
  const r = await tabThrough(page, scope);
  expect(r.hidden).toEqual([]);
  if (scope.includes('dialog')) expect(await boxProblem(page, scope)).toBeNull();
  return r.stops;
}
