// End to end in the browser shell (issue 8 #5): correcting a saved dossier with the keyboard. From the
// dossier's detail: "Sửa thông tin hồ sơ…" opens the intake fields prefilled, the reason is required, and a
// new form 01 is made on request (the old slip stays). From the sync screen: the province rejected a dossier
// for its misspelt name; the parked item links to the correction, then "Gửi lại" sends the corrected data.
// Screenshots go to tests/artifacts/e2e/dossier-correction/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser } from '../support/browser';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE } from '../support/fixtures';
import { ReferencePortal } from '../support/reference-portal/server';
import { apiCaller, startServer, type RunningServer } from '../support/server';
import { PORTAL_PASSWORD } from '../sync/support/portal';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const WRONG = 'Đỗ Thị Hoaa';
const RIGHT = 'Đỗ Thị Hoa';

let server: RunningServer;
let portal: ReferencePortal;
let browser: Browser;
let page: Page;
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];
let caller: ReturnType<typeof apiCaller>;
const dossiers: Record<'detail' | 'parked', { id: string }> = { detail: { id: '' }, parked: { id: '' } };

const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') || document.activeElement?.id || '');
async function must(method: string, input: unknown = {}) {
  const r = await caller.call(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data;
}

beforeAll(async () => {
  portal = await new ReferencePortal({
    dir: fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-e2e-correction-portal-')),
    faults: [{ action: 'reject', service: 'DongBoHoSoMC', bodyContains: WRONG, status: 400, message: `Họ tên "${WRONG}" không khớp Cơ sở dữ liệu quốc gia về dân cư` }],
  }).start();
  server = await startServer();
  caller = apiCaller(server);
  await must('setup.initialize', { office: OFFICE, admin: ADMIN });
  caller.setSession((await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
  await must('sync.setConfig', {
    enabled: true, baseUrl: `http://127.0.0.1:${portal.port}/dvc`, agencyCode: OFFICE.agencyCode, username: 'motcua', password: PORTAL_PASSWORD,
    timeoutMs: 2000, inboundIntervalSec: 3600,
  });
  const [v] = await must('procedures.search', { query: '1.004873' });
  const base = intake(v.id).applicant;
  for (const [key, fullName] of [['detail', 'Phạm Thị Lan'], ['parked', WRONG]] as const) {
    const r = await must('dossiers.receive', intake(v.id, { applicant: { ...base, fullName } }));
    dossiers[key] = { id: r.dossier.id };
  }
  ({ browser, page, pageErrors, shot } = await openBrowser({ height: 1000, artifacts: 'dossier-correction' }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await portal?.close();
});

describe('correcting a saved dossier with the keyboard', () => {
  it('from the detail: the fields prefilled, the reason required, a new form 01 made; the old slip kept', async () => {
    await logIn(page, server.url);
    // The number may have become the official one in the meantime: look the dossier up by its applicant.
    await page.keyboard.press('Alt+2');
    await page.getByTestId('today-search').fill('pham thi lan');
    await expect.poll(() => page.locator('[data-testid="today-table"] tbody tr').count()).toBe(1);
    await page.getByTestId('today-table').getByText('Phạm Thị Lan').waitFor();
    await page.getByTestId('today-search').press('Enter');
    await page.getByTestId('dossier-detail').waitFor();
    await page.getByTestId('detail-correct').press('Enter');
    const dialog = page.getByTestId('correction-dialog');
    await dialog.waitFor();
    await expect.poll(focused).toBe('applicant-fullName');
    expect(await page.locator('#applicant-fullName').inputValue()).toBe('Phạm Thị Lan');
    expect(await page.locator('#applicant-birthDate').inputValue()).toBe('15/03/1990');
    expect(await page.getByTestId('component-check-0').isChecked()).toBe(true);
    await shot('prefilled');

    // A new ID number and birth date; Enter moves from field to field.
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('applicant-idNumber');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('001190054321\n');
    // Saving without a reason is stopped at the reason, before any call.
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#correction-reason-error').textContent()).toContain('Ghi rõ lý do sửa');
    await expect.poll(focused).toBe('correction-reason');
    await page.keyboard.type('Người nộp báo sai số định danh.');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('correction-reprint');
    await page.keyboard.press('Space');
    await shot('filled');
    await page.keyboard.press('Control+Enter');

    // The new slip opens to be printed; Esc closes it and the detail shows the corrected dossier.
    const preview = page.getByTestId('preview-dialog');
    await preview.waitFor();
    expect(await preview.getAttribute('aria-label')).toContain('Mẫu 01');
    await page.getByTestId('pdf-preview').waitFor();
    await shot('new-slip');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    const detail = page.getByTestId('dossier-detail');
    await expect.poll(() => page.getByTestId('detail-notice').textContent()).toContain('Đã sửa số định danh');
    expect(await detail.textContent()).toContain('001190054321');
    await expect.poll(() => page.getByTestId('detail-corrections').textContent()).toContain('Người nộp báo sai số định danh.');
    expect(await detail.getByRole('button', { name: 'Xem' }).count()).toBe(2);
    await shot('detail-after');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });

  it('from the parked item: correct the name, then "Gửi lại" sends the corrected dossier', async () => {
    await expect.poll(async () => (await must('sync.status')).parked, { timeout: 20_000 }).toBe(1);
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: 'Đồng bộ với hệ thống tỉnh' }).waitFor();
    const parked = page.locator('[data-testid="sync-item"][data-state="needs_attention"]');
    await expect.poll(() => parked.count()).toBe(1);
    await expect.poll(focused).toBe('sync-items');
    for (let i = 0; i < 20 && (await parked.getAttribute('aria-selected')) !== 'true'; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('parked-dialog').waitFor();
    expect(await page.getByTestId('parked-dialog').textContent()).toContain('không khớp Cơ sở dữ liệu quốc gia');
    await expect.poll(focused).toBe('parked-resend');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('parked-correct');
    await page.keyboard.press('Enter');
    await page.getByTestId('correction-dialog').waitFor();
    await expect.poll(focused).toBe('applicant-fullName');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(RIGHT);
    await page.locator('#correction-reason').focus();
    await page.keyboard.type('Tỉnh trả về: họ tên sai chính tả.');
    await shot('parked-correction');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('correction-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('parked-corrected').textContent()).toContain('Đã sửa họ tên');
    // Focus is back on "Gửi lại": Enter resends.
    await expect.poll(focused).toBe('parked-resend');
    await shot('parked-corrected');
    await page.keyboard.press('Enter');
    await page.getByTestId('parked-dialog').waitFor({ state: 'detached' });
    await expect.poll(async () => { const s = await must('sync.status'); return s.parked + s.waiting; }, { timeout: 20_000 }).toBe(0);
    const synced = await must('dossiers.get', { id: dossiers.parked.id });
    expect(synced.applicant.fullName).toBe(RIGHT);
    expect(portal.store.record(synced.number)).toMatchObject({ ChuHoSo: RIGHT });
    await shot('resent');
    expect(pageErrors).toEqual([]);
  });
});
