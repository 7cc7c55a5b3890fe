// End to end in the browser shell with SANE's test backend (private SANE_CONFIG_DIR passed to the server):
// a received dossier is digitized from its detail dialog — two components scanned, a page moved with the
// keyboard, saved with Ctrl+S — then reopened showing both components digitized with their page counts.
// Screenshots go to tests/artifacts/e2e/scanning/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { logIn, openBrowser, openFromToday } from '../support/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, OFFICE } from '../support/fixtures';
import { intake } from '../support/core-harness';
import { hasScanimage, makeSaneConfig, type SaneConfig } from '../support/sane';
import { apiCaller, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let cfg: SaneConfig;
let dossier: { id: string; number: string };
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];

const pageIds = (group: string) => page.getByTestId(`group-${group}`).locator('[data-page]').evaluateAll((els) => els.map((e) => e.getAttribute('data-page')));

describe.skipIf(!hasScanimage())('scanning in the browser shell', () => {
  beforeAll(async () => {
    cfg = makeSaneConfig();
    server = await startServer({ env: { SANE_CONFIG_DIR: cfg.configDir } });
    const caller = apiCaller(server);
    const must = async (method: string, input: unknown = {}) => {
      const res = await caller.call(method, input);
      if (!res.ok) throw new Error(`${method}: ${JSON.stringify(res.error)}`);
      return res.data;
    };
    const api = { must };
    await must('setup.initialize', { office: OFFICE, admin: ADMIN });
    caller.setSession((await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
    const [v] = await api.must('procedures.search', { query: 'tình trạng hôn nhân' });
    const r = await api.must('dossiers.receive', intake(v.id, {
      components: [
        { code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 },
        { code: 'CCCD', name: 'Căn cước công dân', copyType: 'copy', quantity: 1 },
      ],
    }));
    dossier = { id: r.dossier.id, number: r.dossier.number };
    ({ browser, page, pageErrors, shot } = await openBrowser({ artifacts: 'scanning' }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    cfg?.cleanup();
  });

  it('opens the received dossier and its "Số hóa" panel', async () => {
    await logIn(page, server.url);
    await openFromToday(page, dossier.number);
    await expect.poll(() => page.getByTestId('detail-digitized').textContent()).toContain('0/2 đã số hóa');
    await page.getByTestId('detail-scan').click();
    await page.getByTestId('scanning-panel').waitFor();
    await page.getByTestId('scan-device').locator('option[value="sane:test:0"]').waitFor({ state: 'attached' });
    await shot('panel-empty');
  });

  it('scans two pages into the first component and one into the second (flatbed, in bi-level), showing progress and thumbnails', async () => {
    await page.getByTestId('scan-device').selectOption('sane:test:0');
    await page.getByTestId('scan-source').selectOption('flatbed');
    await page.getByTestId('scan-target').selectOption('TKXN');
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('F9');
      await expect.poll(() => pageIds('TKXN'), { timeout: 30_000 }).toHaveLength(i + 1);
      await expect.poll(() => page.getByTestId('scan-start').isEnabled(), { timeout: 30_000 }).toBe(true);
    }
    await page.getByTestId('scan-target').selectOption('CCCD');
    // This component in its own profile: typed text, 1 bit per pixel.
    await page.getByTestId('scan-profile').selectOption('bw-text-300');
    await page.getByTestId('scan-start').click();
    await expect.poll(() => pageIds('CCCD'), { timeout: 30_000 }).toHaveLength(1);
    await expect.poll(() => page.getByTestId('component-TKXN').getByTestId('component-label').textContent()).toBe('2 trang đã quét');
    await expect.poll(() => page.locator('.thumb img').count(), { timeout: 20_000 }).toBe(3);
    await shot('scanned');
  });

  it('the enlarged page opens fitted whole in the window; + and 0 zoom and fit again; Esc returns to the page', async () => {
    await expect.poll(() => page.getByTestId('scan-start').isEnabled(), { timeout: 20_000 }).toBe(true);
    const first = (await pageIds('TKXN'))[0]!;
    await page.locator(`[data-page="${first}"]`).focus();
    await page.keyboard.press('Enter');
    const preview = page.getByTestId('page-preview');
    await preview.waitFor();
    expect(await preview.getByRole('heading').textContent()).toBe('Trang 1/2 – 1. Tờ khai cấp Giấy xác nhận tình trạng hôn nhân');
    const img = preview.locator('img');
    await expect.poll(async () => (await img.boundingBox())?.width ?? 0).toBeGreaterThan(50);
    const fits = () => page.getByTestId('preview-box').evaluate((box) => {
      const i = box.querySelector('img')!.getBoundingClientRect();
      const b = box.getBoundingClientRect();
      return i.top >= b.top - 1 && i.bottom <= b.bottom + 1 && i.left >= b.left - 1 && i.right <= b.right + 1;
    });
    await expect.poll(fits).toBe(true);
    expect(await page.getByTestId('preview-zoom').textContent()).toBe('Vừa khung');
    const fitted = (await img.boundingBox())!.width;
    await page.keyboard.press('+');
    await expect.poll(async () => Math.round((await img.boundingBox())!.width / fitted * 10) / 10).toBe(1.5);
    expect(await page.getByTestId('preview-zoom').textContent()).toBe('150% khung');
    await shot('preview-zoomed');
    await page.keyboard.press('0');
    await expect.poll(fits).toBe(true);
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    expect(await page.getByTestId('scanning-panel').isVisible()).toBe(true);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-page'))).toBe(first);
  });

  it('the page count box says what it is; a count below the pages scanned says how many are missing', async () => {
    const box = page.getByTestId('component-TKXN').getByTestId('component-expected');
    expect(await box.getAttribute('aria-label')).toBe('Số trang theo hồ sơ của "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"');
    const hintId = await box.getAttribute('aria-describedby');
    expect(await page.locator(`#${hintId}`).textContent()).toContain('số trang giấy tờ có theo hồ sơ');
    await box.focus();
    await page.keyboard.type('4');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('component-TKXN').getByTestId('component-gap').textContent().catch(() => '')).toBe(' · thiếu 2 trang');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('component-expected');
  });

  it('moves a page with the keyboard (Alt+←) and saves with Ctrl+S', async () => {
    // Page operations are disabled until the scan has fully finished (the last thumbnail can come first).
    await page.getByTestId('scan-start').waitFor();
    await expect.poll(() => page.getByTestId('scan-start').isEnabled(), { timeout: 20_000 }).toBe(true);
    const before = await pageIds('TKXN');
    await page.locator(`[data-page="${before[0]}"]`).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator(`[data-page="${before[1]}"]`).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(() => pageIds('TKXN')).toEqual([before[1], before[0]]);
    await shot('reordered');

    await page.keyboard.press('Control+S');
    await expect.poll(() => page.getByTestId('scan-info').textContent(), { timeout: 30_000 }).toContain('Đã lưu bản số hóa');
    expect(await page.getByTestId('scan-info').textContent()).toContain('(2 trang)');
    await expect.poll(() => page.getByTestId('component-CCCD').textContent()).toMatch(/Đã lưu 1 trang/);
    await shot('saved');
  });

  it('reopens the dossier: both components digitized with the right page counts, the PDF in the edited order', async () => {
    await page.getByTestId('scanning-panel').getByRole('button', { name: 'Đóng (Esc)' }).click();
    await page.getByTestId('dossier-detail').getByRole('button', { name: 'Đóng (Esc)' }).click();
    await page.getByTestId('dossier-detail').waitFor({ state: 'detached' });
    await page.getByTestId('today-search').press('Enter');
    await page.getByTestId('dossier-detail').waitFor();
    await expect.poll(() => page.getByTestId('detail-digitized').textContent()).toContain('2/2 đã số hóa');
    const rows = await page.getByTestId('detail-component').allTextContents();
    expect(rows[0]).toContain('✓ 2 trang');
    expect(rows[1]).toContain('✓ 1 trang');
    await shot('reopened');

    // OCR adds its text layer in the background and replaces a component's file when it is done: the folder is
    // read again until every file listed is still there when it is opened.
    const dir = path.join(server.dataDir, 'files', 'digitized', dossier.id);
    const read = () => {
      const names = fs.readdirSync(dir).filter((f) => f.endsWith('.pdf'));
      try {
        const counts = names.map((f) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path.join(dir, f)], { encoding: 'utf8', stdio: 'pipe' }))![1])).sort();
        // pdfimages -list: page num type width height color comp bpc … — the bi-level page against the colour ones.
        const images = names.map((f) => execFileSync('pdfimages', ['-list', path.join(dir, f)], { encoding: 'utf8', stdio: 'pipe' })
          .trim().split('\n').slice(2).map((l) => l.trim().split(/\s+/).slice(5, 8).join(' ')));
        return { files: names, counts, images };
      } catch { return null; }
    };
    await expect.poll(read, { timeout: 20_000 }).not.toBeNull();
    const { files, counts, images } = read()!;
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(counts).toContain(1);
    expect(counts).toContain(2);
    expect(images.find((list) => list.length === 1)).toEqual(['gray 1 1']);
    expect(images.find((list) => list.length === 2)?.every((x) => x !== 'gray 1 1')).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
