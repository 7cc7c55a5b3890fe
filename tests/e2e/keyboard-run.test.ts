// Issue 9, "figures to report": one keyboard-only run at the counter's 1366×768 — intake → scan 10 pages
// (SANE's test backend, feeder) → reorder, rotate, delete, rescan, sort into two components → save → open the
// digitized PDF — counting every keystroke, every Tab, and the Tabs that only bring focus back (pressed when
// the next key would otherwise land nowhere: focus not where the step needs it). Target, asserted: 0 such Tabs.
// Prints the counts and the run's time; screenshots of each state of the panel (the window as the clerk sees
// it) go to tests/artifacts/e2e/keyboard-run/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser } from '../support/browser';
import { ADMIN, OFFICE } from '../support/fixtures';
import { hasScanimage, makeSaneConfig, type SaneConfig } from '../support/sane';
import { apiCaller, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let cfg: SaneConfig;
let shot: (name: string, opts?: { viewport?: boolean }) => Promise<void>;
let pageErrors: string[] = [];

const counts = { keys: 0, tabs: 0, recoveryTabs: 0 };
const steps: { step: string; keys: number; recoveryTabs: number }[] = [];
let stepKeys = 0;
let stepRecovery = 0;

async function press(key: string) {
  counts.keys += 1;
  stepKeys += 1;
  if (key === 'Tab' || key === 'Shift+Tab') counts.tabs += 1;
  await page.keyboard.press(key);
}
async function type(text: string) {
  counts.keys += [...text].length;
  stepKeys += [...text].length;
  await page.keyboard.type(text);
}
function endStep(step: string) {
  steps.push({ step, keys: stepKeys, recoveryTabs: stepRecovery });
  stepKeys = 0;
  stepRecovery = 0;
}

/** What has focus: a page of the grid ('page'), a data-testid, a banner action, or the tag. */
const focusIs = () => page.evaluate(() => {
  const el = document.activeElement;
  if (el?.hasAttribute('data-page')) return 'page';
  return el?.getAttribute('data-action') ? `action:${el.getAttribute('data-action')}` : el?.getAttribute('data-testid') || el?.id || el?.tagName || '';
});

/**
 * The step needs focus on `want`. Once the screen has settled (what the clerk waits for: the panel loaded,
 * the page turned), focus elsewhere is Tabbed to it — these Tabs only recover focus and are counted apart
 * (the run asserts there are none).
 */
async function needFocus(want: string) {
  await expect.poll(focusIs, { timeout: 5_000 }).toBe(want).catch(() => undefined);
  for (let i = 0; i < 40 && (await focusIs()) !== want; i++) {
    counts.recoveryTabs += 1;
    stepRecovery += 1;
    await press('Tab');
  }
  expect(await focusIs()).toBe(want);
}

const ids = (group: string) => page.getByTestId(`group-${group}`).locator('[data-page]')
  .evaluateAll((els) => els.map((e) => e.getAttribute('data-page')!)).catch(() => [] as string[]);
const idle = () => expect.poll(() => page.getByTestId('scan-start').isEnabled().catch(() => false), { timeout: 60_000 }).toBe(true);
const selected = () => page.locator('[data-testid="page-grid"] [aria-pressed="true"]').getAttribute('data-page');

describe.skipIf(!hasScanimage())('keyboard-only run: intake → scan 10 pages → edit → two components → save → PDF', () => {
  beforeAll(async () => {
    cfg = makeSaneConfig();
    server = await startServer({ env: { SANE_CONFIG_DIR: cfg.configDir } });
    const caller = apiCaller(server);
    expect((await caller.call('setup.initialize', { office: OFFICE, admin: ADMIN })).ok).toBe(true);
    ({ browser, page, pageErrors, shot } = await openBrowser({ height: 768, artifacts: 'keyboard-run' }));
    await logIn(page, server.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cfg?.cleanup();
  });

  it('runs with no Tab spent recovering focus', async () => {
    const started = Date.now();

    // Intake: procedure, applicant, both papers handed in, Ctrl+S.
    await expect.poll(focusIs).toBe('procedure-input');
    await type('xac nhan hon nhan');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('1.004873');
    await press('Enter');
    await type('Trần Thị Thu\n001190012345\n05/03/1990\nSố 1 Hàng Bài, Hoàn Kiếm\n0912345678\n\n');
    await needFocus('component-check-0');
    if (!(await page.getByTestId('component-check-0').isChecked())) await press('Space');
    await page.getByTestId('component-check-1').waitFor();
    while ((await focusIs()) !== 'component-check-1') await press('Tab');
    if (!(await page.getByTestId('component-check-1').isChecked())) await press('Space');
    await press('Control+S');
    await page.getByTestId('saved-banner').waitFor();
    await needFocus('action:scan');
    endStep('tiếp nhận');

    // The panel: feeder, F9; ten pages.
    await press('F9');
    await page.getByTestId('scanning-panel').waitFor();
    await needFocus('scan-start');
    // The device's paper sources come with its capabilities.
    await page.getByTestId('scan-source').locator('option[value="feeder"]').waitFor({ state: 'attached' });
    await shot('panel-open', { viewport: true });
    for (let i = 0; i < 3; i++) await press('Shift+Tab');
    expect(await focusIs()).toBe('scan-source');
    await type('k'); // "Khay nạp giấy", by its first letter
    await expect.poll(() => page.getByTestId('scan-source').inputValue()).toBe('feeder');
    await press('F9');
    await expect.poll(() => page.getByTestId('scan-progress').isVisible().catch(() => false)).toBe(true);
    await shot('scanning', { viewport: true });
    await idle();
    expect(await ids('unsorted')).toHaveLength(10);
    await needFocus('page');
    await shot('scanned-10', { viewport: true });
    endStep('quét 10 trang');

    // Reorder: the last page to the front of the stack's last three; rotate the third page; delete the fifth.
    const stack = await ids('unsorted');
    await press('End');
    await press('Alt+ArrowLeft');
    await press('Alt+ArrowLeft');
    await expect.poll(async () => (await ids('unsorted')).slice(7)).toEqual([stack[9], stack[7], stack[8]]);
    await needFocus('page');
    expect(await selected()).toBe(stack[9]);
    await press('Home');
    await press('ArrowRight');
    await press('ArrowRight');
    await press('r');
    await expect.poll(async () => (await ids('unsorted'))[2]).not.toBe(stack[2]);
    await needFocus('page');
    await press('ArrowRight');
    await press('ArrowRight');
    await press('Delete');
    await expect.poll(async () => (await ids('unsorted')).length).toBe(9);
    await needFocus('page');
    await shot('edited', { viewport: true });
    endStep('sắp xếp, xoay, xóa');

    // Rescan the selected page in its place.
    const before = await ids('unsorted');
    const at = before.indexOf((await selected())!);
    await press('q');
    await expect.poll(async () => (await ids('unsorted'))[at], { timeout: 30_000 }).not.toBe(before[at]);
    await idle();
    await needFocus('page');
    expect(await selected()).toBe((await ids('unsorted'))[at]);
    endStep('quét lại một trang');

    // Sort: pages 1–4 to component 1, the other five to component 2 (keys pressed without waiting).
    await press('Home');
    for (let i = 0; i < 4; i++) await press('1');
    for (let i = 0; i < 5; i++) await press('2');
    await expect.poll(async () => (await ids('LHON')).length, { timeout: 30_000 }).toBe(5);
    expect(await ids('TKXN')).toHaveLength(4);
    await needFocus('page');
    await shot('sorted', { viewport: true });
    endStep('đưa vào hai thành phần');

    // Save; then the saved PDF of the selected page's component.
    await press('Control+S');
    await expect.poll(() => page.getByTestId('scan-info').textContent().catch(() => ''), { timeout: 30_000 }).toContain('Đã lưu bản số hóa');
    await needFocus('page');
    await shot('saved', { viewport: true });
    endStep('lưu');
    await press('v');
    await page.getByTestId('file-preview').waitFor();
    await expect.poll(() => page.getByTestId('file-preview').locator('iframe, embed, object').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot('pdf', { viewport: true });
    await press('Escape');
    await page.getByTestId('file-preview').waitFor({ state: 'detached' });
    await needFocus('page');
    endStep('mở tệp PDF đã số hóa');

    // Nothing left unsaved: Esc closes at once.
    await press('Escape');
    await page.getByTestId('scanning-panel').waitFor({ state: 'detached' });
    endStep('đóng');

    const seconds = (Date.now() - started) / 1000;
    console.log(`[keyboard-run] ${counts.keys} keystrokes, ${counts.tabs} Tab presses, ${counts.recoveryTabs} to recover focus; ${seconds.toFixed(1)} s`);
    for (const s of steps) console.log(`[keyboard-run]   ${s.step}: ${s.keys} keys, ${s.recoveryTabs} recovery Tabs`);
    expect(counts.recoveryTabs).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
