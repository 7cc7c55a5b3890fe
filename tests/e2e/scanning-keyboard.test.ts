// Issue 9 #1: in the Số hóa panel focus never falls to <body> and the selection never jumps to page 1. After a
// scan ends, R, Delete, a rescan, a 1–9 assignment, a split and a save, focus is on the selected page — where
// the clerk was, or the natural next one — and the very next key acts; keys pressed while the core is still
// answering are not lost. Keyboard only, in the browser shell, SANE's test backend; screenshots at 1366×768 go
// to tests/artifacts/e2e/scanning-keyboard/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser, openFromToday } from '../support/browser';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE } from '../support/fixtures';
import { hasScanimage, makeSaneConfig, type SaneConfig } from '../support/sane';
import { apiCaller, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let cfg: SaneConfig;
let dossier: { id: string; number: string };
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];
let must: (method: string, input?: unknown) => Promise<any>;

const ids = (group: string) => page.getByTestId(`group-${group}`).locator('[data-page]')
  .evaluateAll((els) => els.map((e) => e.getAttribute('data-page')!)).catch(() => [] as string[]);
const selectedId = () => page.locator('[data-testid="page-grid"] [aria-pressed="true"]').getAttribute('data-page');
/** The focused element: its page id when it is a thumbnail, else its tag. */
const focused = () => page.evaluate(() => {
  const a = document.activeElement;
  return a?.getAttribute('data-page') ?? a?.tagName ?? 'none';
});
const idle = () => expect.poll(() => page.getByTestId('scan-start').isEnabled().catch(() => false), { timeout: 60_000 }).toBe(true);
/** Focus on the selected page (not on <body>), the selection being `id`. */
async function focusIsOn(id: string) {
  await expect.poll(selectedId, { timeout: 20_000 }).toBe(id);
  await expect.poll(focused, { timeout: 5_000 }).toBe(id);
}

describe.skipIf(!hasScanimage())('Số hóa panel: focus and selection after every action (keyboard only)', () => {
  beforeAll(async () => {
    cfg = makeSaneConfig();
    server = await startServer({ env: { SANE_CONFIG_DIR: cfg.configDir } });
    const caller = apiCaller(server);
    must = async (method: string, input: unknown = {}) => {
      const res = await caller.call(method, input);
      if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
      return res.data;
    };
    await must('setup.initialize', { office: OFFICE, admin: ADMIN });
    caller.setSession((await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
    const [v] = await must('procedures.search', { query: 'tình trạng hôn nhân' });
    const r = await must('dossiers.receive', intake(v.id, {
      components: [
        { code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
        { code: 'CCCD', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
      ],
    }));
    dossier = { id: r.dossier.id, number: r.dossier.number };
    ({ browser, page, pageErrors, shot } = await openBrowser({ artifacts: 'scanning-keyboard', height: 768 }));
    await logIn(page, server.url);
    await openFromToday(page, dossier.number);
    await page.getByTestId('detail-scan').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('scanning-panel').waitFor();
    await page.getByTestId('scan-device').locator('option[value="sane:test:0"]').waitFor({ state: 'attached' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cfg?.cleanup();
  });

  it('a scan started from the device list ends with focus on the first page', async () => {
    await page.getByTestId('scan-device').selectOption('sane:test:0');
    await page.getByTestId('scan-source').selectOption('feeder');
    await page.getByTestId('scan-device').focus();
    await page.keyboard.press('F9');
    await expect.poll(() => page.getByTestId('scan-progress').isVisible(), { timeout: 10_000 }).toBe(true);
    await idle();
    const stack = await ids('unsorted');
    expect(stack).toHaveLength(10);
    await focusIsOn(stack[0]!);
    await shot('scanned-10');
  });

  it('R turns the selected page (it gets a new id) and keeps it selected; the next key, pressed at once, moves on from it', async () => {
    const before = await ids('unsorted');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('r');
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => (await ids('unsorted'))[2], { timeout: 20_000 }).not.toBe(before[2]);
    await focusIsOn(before[3]!);
    const job = await must('scanning.openJob', { dossierId: dossier.id });
    expect(job.pages[2].rotation).toBe(90);
    await page.keyboard.press('ArrowLeft');
    await focusIsOn((await ids('unsorted'))[2]!);
  });

  it('Delete selects the next page, and at the end of the stack the previous one; two Deletes at once remove two pages', async () => {
    const before = await ids('unsorted');
    await page.keyboard.press('Delete');
    await focusIsOn(before[3]!);
    await page.keyboard.press('End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Delete');
    await expect.poll(() => ids('unsorted'), { timeout: 20_000 }).toHaveLength(7);
    const after = await ids('unsorted');
    expect(after).toEqual([...before.slice(0, 2), ...before.slice(3, 8)]);
    await focusIsOn(after[6]!);
    await shot('deleted');
  });

  it('Q rescans the selected page in its place: selection and focus follow it to its new image', async () => {
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    const before = await ids('unsorted');
    await page.keyboard.press('q');
    await expect.poll(async () => (await ids('unsorted'))[1], { timeout: 30_000 }).not.toBe(before[1]);
    await idle();
    const after = await ids('unsorted');
    expect(after).toHaveLength(before.length);
    await focusIsOn(after[1]!);
  });

  it('1, 1, 2 pressed at once sort three pages: each time the selection moves to the next page of the stack', async () => {
    await page.keyboard.press('Home');
    const stack = await ids('unsorted');
    await page.keyboard.press('1');
    await page.keyboard.press('1');
    await page.keyboard.press('2');
    await expect.poll(() => ids('CCCD'), { timeout: 20_000 }).toEqual([stack[2]]);
    expect(await ids('TKXN')).toEqual([stack[0], stack[1]]);
    await focusIsOn(stack[3]!);
    // Numbered within each group: component 2's page is its page 1.
    expect(await page.getByTestId('group-CCCD').getByTestId('thumb-no').allTextContents()).toEqual(['1']);
    expect(await page.getByTestId('group-unsorted').getByTestId('thumb-no').first().textContent()).toBe('1');
    await shot('assigned');
  });

  it('the split tool (stack pages 1-2 to component 2, Enter): focus goes back to the selected page', async () => {
    const stack = await ids('unsorted');
    await page.getByTestId('split-tool').getByRole('textbox', { name: 'Khoảng trang của Căn cước công dân' }).focus();
    await page.keyboard.type('1-2');
    await page.keyboard.press('Enter');
    await expect.poll(() => ids('CCCD'), { timeout: 20_000 }).toHaveLength(3);
    expect((await ids('CCCD')).slice(1)).toEqual(stack.slice(0, 2));
    await expect.poll(focused).not.toBe('BODY');
    const sel = await selectedId();
    expect(await focused()).toBe(sel);
  });

  it('Ctrl+S saves with focus kept on the page; the next arrow key moves the selection', async () => {
    const sel = (await selectedId())!;
    await page.keyboard.press('Control+S');
    await expect.poll(() => page.getByTestId('scan-info').textContent().catch(() => ''), { timeout: 30_000 }).toContain('Đã lưu bản số hóa');
    await focusIsOn(sel);
    const visual = await page.locator('[data-testid="page-grid"] [data-page]').evaluateAll((els) => els.map((e) => e.getAttribute('data-page')!));
    await page.keyboard.press('ArrowLeft');
    await focusIsOn(visual[visual.indexOf(sel) - 1]!);
    await shot('saved');
    expect(pageErrors).toEqual([]);
  });

  it('on a 1920×1080 screen the panel takes the width: bigger thumbnails, more of them in a row', async () => {
    const thumbWidth = () => page.locator('[data-testid="page-grid"] [data-page]').first().evaluate((el) => el.getBoundingClientRect().width);
    const small = await thumbWidth();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(() => page.getByTestId('scanning-panel').evaluate((el) => el.getBoundingClientRect().width)).toBeGreaterThanOrEqual(1800);
    expect(await thumbWidth()).toBeGreaterThanOrEqual(150);
    expect(small).toBeGreaterThanOrEqual(110);
    await shot('wide-screen');
    await page.setViewportSize({ width: 1366, height: 768 });
  });
});
