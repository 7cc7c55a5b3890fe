// End to end in the browser shell, keys only (issue 10 items 6 and 7): this month's dossiers processed through
// the API by a clerk, an officer and the leader; then the administrator's screens. Chỉ số (Alt+8): the cards
// (focus on the first), ←/→ to a figure, Enter opens its dossiers, → to the ones that meet it, Enter opens a
// dossier; the charts are drawn; Ctrl+E downloads the workbook, read back with exceljs. Báo người nộp (Alt+9):
// without a gateway the result-ready notice is listed (its count on the menu); Enter, then Enter on "Đã gửi
// thủ công" closes it.
// Quản trị → Thông báo: SMS turned on without an address is refused at that field, with focus on it.
// Screenshots go to tests/artifacts/e2e/indicators-notices/.
import crypto from 'node:crypto';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser } from '../support/browser';
import { intake } from '../support/core-harness';
import { startServer, type RunningServer } from '../support/server';
import { officeStaffOverHttp, STAFF } from '../support/staff';

let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];
const dossiers: { id: string; number: string }[] = [];

const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('data-testid') || document.activeElement?.tagName || '');

beforeAll(async () => {
  server = await startServer();
  const staff = officeStaffOverHttp(STAFF);
  await staff.start(server);
  const { ids, must } = staff;
  const [version] = await must('admin', 'procedures.search', { query: 'tình trạng hôn nhân' });
  for (const name of ['An Có Kết Quả', 'Bình Đang Xử Lý']) {
    const base = intake(version.id);
    const r = await must('clerk', 'dossiers.receive', { ...base, applicant: { ...base.applicant, fullName: name } });
    dossiers.push({ id: r.dossier.id, number: r.dossier.number });
  }
  const op = () => crypto.randomUUID();
  const [a] = dossiers;
  await must('clerk', 'workflow.handOver', { operationId: op(), dossierId: a!.id, toUserId: ids.officer });
  await must('officer', 'workflow.confirmReceipt', { operationId: op(), dossierId: a!.id });
  await must('officer', 'workflow.submitForApproval', { operationId: op(), dossierId: a!.id, toUserId: ids.leader });
  await must('leader', 'workflow.approve', { operationId: op(), dossierId: a!.id });
  await must('officer', 'workflow.resultReady', { operationId: op(), dossierId: a!.id });
  ({ browser, page, pageErrors, shot } = await openBrowser({ artifacts: 'indicators-notices', height: 1000 }));
  await logIn(page, server.url);
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Chỉ số with the keyboard', () => {
  it('opens on this month with focus on the first card; the figures and charts are there', async () => {
    await page.keyboard.press('Alt+8');
    await page.getByTestId('kpi-cards').waitFor();
    await expect.poll(focused).toBe('kpi-on-time');
    expect(await page.getByTestId('kpi-on-time').textContent()).toContain('100,0 %');
    expect(await page.getByTestId('kpi-on-time').textContent()).toContain('1/1');
    expect(await page.getByTestId('kpi-online').textContent()).toContain('0/2');
    expect(await page.getByTestId('kpi-result-digitized').textContent()).toContain('Chỉ tiêu ≥ 30 % — chưa đạt');
    await page.getByTestId('chart-shares').locator('svg .recharts-bar-rectangle').first().waitFor();
    expect(await page.getByTestId('kpi-procedures').textContent()).toContain('Cấp Giấy xác nhận tình trạng hôn nhân');
    await shot('indicators');
  });

  it('the month is typed as elsewhere (mm/yyyy); a wrong one says why; PgUp/PgDn step months', async () => {
    const month = await page.locator('#kpi-month').inputValue();
    await page.locator('#kpi-month').fill('13/2026');
    await page.locator('#kpi-month').press('Enter');
    expect(await page.locator('#kpi-month-error').textContent()).toContain('ví dụ 03/2026');
    await page.locator('#kpi-month').fill('1/2026');
    await page.locator('#kpi-month').press('Enter');
    await expect.poll(() => page.getByTestId('kpi-period').textContent()).toContain('Tháng 1/2026');
    expect(await page.getByTestId('kpi-on-time').textContent()).toContain('0/0');
    await page.keyboard.press('PageUp');
    await expect.poll(() => page.locator('#kpi-month').inputValue()).toBe('12/2025');
    await page.locator('#kpi-month').fill(month);
    await page.locator('#kpi-month').press('Enter');
    await expect.poll(() => page.getByTestId('kpi-on-time').textContent()).toContain('1/1');
    await page.getByTestId('kpi-on-time').focus();
  });

  it('Enter on a figure lists its dossiers; → shows those that meet it; Enter opens one', async () => {
    await page.keyboard.press('ArrowRight'); // digitized
    expect(await focused()).toBe('kpi-digitized');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    await page.getByTestId('kpi-dossiers').waitFor();
    await expect.poll(() => page.getByTestId('kpi-dossiers-count').textContent()).toContain('0 hồ sơ');
    expect(await focused()).toBe('kpi-dossiers-list');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('kpi-dossier').count()).toBe(1);
    expect(await page.getByTestId('kpi-dossier').textContent()).toContain(dossiers[0]!.number);
    await shot('on-time-dossiers');
    await page.keyboard.press('Enter');
    await page.getByTestId('dossier-detail').waitFor();
    await expect.poll(() => page.getByTestId('dossier-detail').textContent()).toContain('An Có Kết Quả');
    await page.keyboard.press('Escape');
    await page.getByTestId('dossier-detail').waitFor({ state: 'detached' });
    expect(await focused()).toBe('kpi-dossiers-list');
    await page.keyboard.press('Escape');
    await page.getByTestId('kpi-dossiers').waitFor({ state: 'detached' });
  });

  it('Ctrl+E downloads a real workbook of the month', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+e')]);
    expect(download.suggestedFilename()).toMatch(/^chi-so-\d{4}-\d{2}-01-den-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(fs.readFileSync((await download.path())!) as never);
    const onTime = wb.getWorksheet('Chỉ số')!.getRow(6);
    expect([onTime.getCell(1).value, onTime.getCell(2).value, onTime.getCell(3).value, onTime.getCell(4).value]).toEqual(['Giải quyết sớm và đúng hạn', 1, 1, 1]);
    expect(onTime.getCell(4).numFmt).toBe('0.0%');
  });
});

describe('Báo người nộp with the keyboard', () => {
  it('lists the result-ready notice (no gateway); Enter, then Enter marks it sent by hand', async () => {
    expect(await page.getByTestId('nav-badge-notices').textContent()).toBe('1');
    await page.keyboard.press('Alt+9');
    await page.getByTestId('notice-row').first().waitFor();
    await expect.poll(focused).toBe('notices-list');
    expect(await page.getByTestId('notice-row').first().textContent()).toContain('Đã có kết quả');
    expect(await page.getByTestId('notice-row').first().textContent()).toContain('0912345678');
    await page.keyboard.press('Enter');
    await page.getByTestId('notice-mark-dialog').waitFor();
    expect(await page.getByTestId('notice-mark-text').textContent()).toContain(dossiers[0]!.number);
    expect(await focused()).toBe('notice-mark-sent');
    await shot('notice-to-send-by-hand');
    await page.keyboard.press('Enter');
    await page.getByTestId('notice-mark-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('notices-message').textContent()).toContain('Đã ghi nhận: đã báo thủ công cho An Có Kết Quả');
    await expect.poll(() => page.getByTestId('notice-row').count()).toBe(0);
    expect(await page.getByTestId('notices-gateways').textContent()).toBe('E-mail: chưa bật (Quản trị → Thông báo) · SMS: chưa bật (Quản trị → Thông báo)');
    await page.keyboard.press('Alt+8');
    await expect.poll(() => page.getByTestId('nav-badge-notices').count()).toBe(0);
  });
});

describe('Quản trị → Thông báo', () => {
  it('SMS turned on without an address: refused at that field, focus on it', async () => {
    await page.keyboard.press('Alt+3');
    await page.keyboard.press('End');
    expect(await focused()).toBe('admin-tab-notify');
    await page.getByTestId('notify-admin').waitFor();
    await page.locator('#notify-sms-enabled').focus();
    await page.keyboard.press('Space');
    await page.getByTestId('notify-save').focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('notify-sms-url');
    expect(await page.locator('#notify-sms-url-error').textContent()).toContain('http://');
    await shot('notify-admin-refused');
    expect(pageErrors).toEqual([]);
  });
});
