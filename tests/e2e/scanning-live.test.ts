// Issue 9 in the browser shell, keyboard only, at 1366×768: F9 before the dossier is saved says "Lưu hồ sơ
// trước" (#9); two SANE test devices read differently (#13); Esc during a scan asks before stopping it, the
// scan is visible in the dossier's detail wherever it was started, and a busy scanner refuses a second
// dossier (#7); closing with pages not saved asks, and only saved files count as digitized (#8); OCR's end
// shows while the panel is open (#11). A scan-to-folder device keeps scanning until stopped, so "during a
// scan" does not depend on how fast a scanner is. Screenshots: tests/artifacts/e2e/scanning-live/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser } from '../support/browser';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE } from '../support/fixtures';
import { hasScanimage, makeSaneConfig, type SaneConfig } from '../support/sane';
import { apiCaller, startServer, type RunningServer } from '../support/server';

const TWO = [
  { code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
  { code: 'CCCD', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
];

let server: RunningServer;
let browser: Browser;
let page: Page;
let cfg: SaneConfig;
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];
let must: (method: string, input?: unknown) => Promise<any>;
let a: { id: string; number: string };
let b: { id: string; number: string };
const share = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-live-share-'));
const FOLDER = `folder:${share}`;

const panel = () => page.getByTestId('scanning-panel');
const activeTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? null);
const jobOf = async (dossierId: string) => must('scanning.openJob', { dossierId });

/** Today's list filtered down to the one dossier (the list answers after a pause), then Enter opens it. */
async function openDossier(number: string) {
  await page.keyboard.press('Alt+2');
  await page.getByTestId('today-search').fill(number);
  await expect.poll(() => page.locator('#today-table tr[id^="today-row-"]').count()).toBe(1);
  await page.getByTestId('today-table').getByText(number).waitFor();
  await page.getByTestId('today-search').press('Enter');
  await page.getByTestId('dossier-detail').waitFor();
}

async function openPanel(d: { number: string }) {
  await openDossier(d.number);
  await page.getByTestId('detail-scan').focus();
  await page.keyboard.press('Enter');
  await panel().waitFor();
  await page.getByTestId('scan-device').locator('option[value="sane:test:0"]').waitFor({ state: 'attached' });
}

/** The control is inside the window and the topmost element at its centre (nothing lies over it). */
const uncovered = (control: ReturnType<Page['getByTestId']>) => control.evaluate((el) => {
  const r = el.getBoundingClientRect();
  if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight || r.right > window.innerWidth) return false;
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return !!hit && (hit === el || el.contains(hit));
});

async function closeDetail() {
  await page.keyboard.press('Escape');
  await page.getByTestId('dossier-detail').waitFor({ state: 'detached' });
}

describe.skipIf(!hasScanimage())('Số hóa: live state, questions before closing, device names (keyboard only)', () => {
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
    await must('scanning.setSettings', { profiles: [], procedureDefaults: [], esclAddresses: [], watchFolders: [{ path: share, name: 'Máy photo tầng 1' }] });
    const [v] = await must('procedures.search', { query: 'tình trạng hôn nhân' });
    const receive = async () => {
      const r = await must('dossiers.receive', intake(v.id, { components: TWO }));
      return { id: r.dossier.id as string, number: r.dossier.number as string };
    };
    a = await receive();
    b = await receive();
    ({ browser, page, pageErrors, shot } = await openBrowser({ artifacts: 'scanning-live', height: 768 }));
    await logIn(page, server.url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cfg?.cleanup();
    fs.rmSync(share, { recursive: true, force: true });
  });

  it('#9 F9 on a dossier not saved yet says "Lưu hồ sơ trước", in view; the shortcut list marks F9 unavailable', async () => {
    expect(await page.locator('.shortcut-legend li[data-key="F9"]').getAttribute('class')).toContain('unavailable');
    expect(await page.locator('.shortcut-legend li[data-key="F9"]').textContent()).toContain('lưu hồ sơ trước');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.keyboard.press('F9');
    const note = page.getByTestId('scan-needs-save');
    await note.waitFor();
    expect(await note.textContent()).toContain('Lưu hồ sơ trước');
    const box = (await note.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(768);
    expect(await panel().count()).toBe(0);
    await shot('f9-before-save');
    // The next key puts it away.
    await page.keyboard.press('Shift');
    await note.waitFor({ state: 'detached' });
  });

  it('#13 the two SANE test devices read differently, with what tells them apart in full', async () => {
    await openPanel(a);
    const options = await page.getByTestId('scan-device').locator('option').allTextContents();
    expect(options).toContain('Noname frontend-tester (thiết bị ảo, test:0)');
    expect(options).toContain('Noname frontend-tester (thiết bị ảo, test:1)');
    expect(options).toContain(`Thư mục quét: Máy photo tầng 1 (${share})`);
    await page.getByTestId('scan-device').selectOption('sane:test:1');
    expect(await page.getByTestId('scan-device-detail').textContent()).toBe('SANE · kết nối: thiết bị ảo · mã thiết bị: sane:test:1');
    // The whole label is seen: the list is as wide as its longest name.
    const widths = await page.getByTestId('scan-device').evaluate((el: HTMLSelectElement) => ({ client: el.clientWidth, text: el.scrollWidth }));
    expect(widths.text).toBeLessThanOrEqual(widths.client);
    await shot('devices');
  });

  it('#7 Esc during a scan asks; Enter keeps scanning, Esc again stops it and closes the panel only', async () => {
    await page.getByTestId('scan-device').selectOption(FOLDER);
    await page.keyboard.press('F9');
    await page.getByTestId('scan-progress').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-stop-scan').waitFor();
    expect(await page.getByTestId('confirm-stop-scan').textContent()).toContain('Các trang đã nhận vẫn được giữ');
    expect(await panel().isVisible()).toBe(true);
    expect(await page.getByTestId('dossier-detail').isVisible()).toBe(true);
    await shot('esc-during-scan');
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-stop-scan').waitFor({ state: 'detached' });
    expect(await panel().isVisible()).toBe(true);
    expect((await jobOf(a.id)).scan.running).toBe(true);
    await expect.poll(activeTestId).not.toBe('BODY');

    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-stop-scan').waitFor();
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    expect(await page.getByTestId('dossier-detail').isVisible()).toBe(true);
    await expect.poll(async () => (await jobOf(a.id)).scan.running).toBe(false);
  });

  it('#7 a scan started elsewhere shows in the detail; the busy scanner refuses another dossier, saying which', async () => {
    await closeDetail();
    const job = await jobOf(a.id);
    await must('scanning.start', { jobId: job.id, deviceId: FOLDER, source: 'feeder' });
    await openDossier(a.number);
    await expect.poll(() => page.getByTestId('scan-job-status').textContent().catch(() => ''))
      .toContain(`Đang quét giấy tờ của hồ sơ này trên máy quét "Thư mục quét: Máy photo tầng 1 (${share})"`);
    await shot('detail-scan-running');
    await closeDetail();

    await openPanel(b);
    expect(await page.getByTestId('scan-device').locator(`option[value="${FOLDER}"]`).textContent()).toContain(`đang quét hồ sơ ${a.number}`);
    await page.getByTestId('scan-device').selectOption(FOLDER);
    await page.keyboard.press('F9');
    await expect.poll(() => page.getByTestId('scan-failure').textContent().catch(() => ''))
      .toContain(`đang quét cho hồ sơ ${a.number}`);
    await shot('device-busy');
    expect((await jobOf(b.id)).scan.running).toBe(false);
    await must('scanning.cancel', { jobId: job.id });
    // Nothing scanned here: Esc closes without a question.
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    await closeDetail();
  });

  it('#8 closing with a page not sorted asks (Enter stays); closed anyway, the detail says it is not saved and counts nothing', async () => {
    await openPanel(b);
    await page.getByTestId('scan-device').selectOption('sane:test:0');
    await page.getByTestId('scan-source').selectOption('flatbed');
    await page.keyboard.press('F9');
    await expect.poll(async () => (await jobOf(b.id)).pages.length, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('scan-start').isEnabled().catch(() => false), { timeout: 30_000 }).toBe(true);
    // #5: at 1366×768 what takes focus is in view and uncovered (the status bar lies under the panel).
    for (const control of [page.getByTestId('scan-close'), page.getByTestId('scan-save'),
      page.getByTestId('split-tool').getByRole('button', { name: 'Chia theo khoảng trang' }),
      page.getByTestId('split-tool').getByRole('button', { name: /Chia theo tờ phân cách trắng/ })]) {
      await control.focus();
      expect(await uncovered(control)).toBe(true);
    }
    await page.locator('[data-testid="page-grid"] [data-page]').first().focus();
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-unsaved').waitFor();
    const text = await page.getByTestId('confirm-unsaved').textContent();
    expect(text).toContain('1 trang chưa đưa vào thành phần nào');
    expect(text).toContain('các trang vẫn được giữ trong lượt quét trên máy này');
    expect(text).toContain('chưa tính là đã số hóa');
    await shot('close-unsaved');
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-unsaved').waitFor({ state: 'detached' });
    expect(await panel().isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-unsaved').waitFor();
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('scan-job-status').textContent().catch(() => '')).toContain('Bản số hóa chưa lưu: 1 trang chưa phân loại');
    expect(await page.getByTestId('detail-digitized').textContent()).toContain('0/2 đã số hóa');
    await shot('detail-unsaved');
  });

  it('#11 after a save the panel shows the text recognition running, then "Đã nhận dạng chữ xong" without reopening', async () => {
    await page.getByTestId('detail-scan').focus();
    await page.keyboard.press('Enter');
    await panel().waitFor();
    await page.locator('[data-testid="group-unsorted"] [data-page]').first().waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-page') ?? false)).toBe(true);
    await page.keyboard.press('1');
    await page.getByTestId('group-TKXN').locator('[data-page]').first().waitFor();
    await page.keyboard.press('Control+S');
    await expect.poll(() => page.getByTestId('scan-info').textContent().catch(() => ''), { timeout: 30_000 }).toContain('Đã lưu bản số hóa');
    await expect.poll(() => page.getByTestId('scan-ocr-news').textContent().catch(() => ''), { timeout: 120_000 })
      .toContain('Đã nhận dạng chữ xong');
    expect(await page.getByTestId('component-TKXN').getByTestId('component-state').textContent()).toContain('đã nhận dạng chữ');
    await shot('ocr-done');
    // All saved: Esc closes without a question, the detail counts the saved file.
    await page.keyboard.press('Escape');
    await panel().waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('detail-digitized').textContent()).toContain('1/2 đã số hóa');
    expect(await page.getByTestId('scan-job-status').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
