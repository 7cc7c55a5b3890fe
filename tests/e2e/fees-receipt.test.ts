// Thu phí end to end at 1366×768 (issue 11): a marital-status confirmation (procedure 1.004873, 15.000 đ)
// received at the counter; the clerk opens Thu phí with Alt+0, finds it by its number, chooses a bank transfer
// with the keyboard, and the VietQR code on screen — read back from a screenshot with zbarimg — carries the
// office's bank, the amount and the dossier number; Ctrl+Enter collects and opens the receipt, printed to a real
// CUPS queue (read back with pdftotext: number, amount in figures and words); the day's report lists it, for the
// leader too, who closes the day. Screenshots in tests/artifacts/e2e/fees-receipt/.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVietQr } from '../../shared/fees/vietqr';
import { CHROMIUM_ARGS } from '../support/browser';
import { intake } from '../support/core-harness';
import { CUPS_OUT_FILE, startTestCups } from '../support/cups';
import { ROOT, startServer, type RunningServer } from '../support/server';
import { officeStaffOverHttp } from '../support/staff';
import { focusIs, freshArtifacts, logInAs, openUser, type UserPage } from './workflow-support';

const ART = 'fees-receipt';
const QUEUE = 'MotCuaPdf';
const PASSWORD = 'matkhau-123';
const USERS = {
  clerk: { username: 'motcua', fullName: 'Phạm Thu Hà', role: 'clerk', password: PASSWORD },
  leader: { username: 'lanhdao', fullName: 'Lê Văn Lãnh', role: 'leader', password: PASSWORD },
} as const;
const SETTINGS = {
  bank: { bin: '970415', account: '0011001932418', accountName: 'UBND PHUONG BA DINH' },
  exemptions: [{ code: 'ho-ngheo', name: 'Thành viên hộ nghèo', basis: 'Nghị quyết HĐND tỉnh', active: true }],
  templates: [{ id: 'bl', formSymbol: '01BLP0-001', seriesPattern: 'AA/{yy}P', paper: 'a5', active: true }],
  printers: { a5: QUEUE, thermal: '' },
  eReceiptProvider: 'local',
};

let server: RunningServer;
let browser: Browser;
let clerk: UserPage;
const staff = officeStaffOverHttp(USERS);
const { as, must } = staff;
let dossier: { id: string; number: string };

const waitFocus = (id: string) => expect.poll(() => focusIs(clerk.page), { timeout: 10_000 }).toBe(id);
const artifact = (name: string) => path.join(ROOT, 'tests', 'artifacts', 'e2e', ART, name);

beforeAll(async () => {
  freshArtifacts(ART);
  expect(startTestCups()).toContain(QUEUE);
  server = await startServer();
  await staff.start(server);
  await must('admin', 'fees.setSettings', SETTINGS);
  const versionId = (await must('admin', 'procedures.search', { query: 'tình trạng hôn nhân' }))[0].id;
  expect((await must('admin', 'procedures.search', { query: 'tình trạng hôn nhân' }))[0].code).toBe('1.004873');
  dossier = (await must('clerk', 'dossiers.receive', intake(versionId, { operationId: crypto.randomUUID() }))).dossier;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  clerk = await openUser(browser, 'clerk', ART);
  await logInAs(clerk, server.url, USERS.clerk, 'Tiếp nhận hồ sơ');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a marital-status confirmation: its fee collected by transfer and its receipt printed', () => {
  it('Alt+0 opens Thu phí with focus in the search; the dossier number and Enter open its fee', async () => {
    await clerk.press('Alt+0');
    await waitFocus('fees-search');
    await clerk.type(dossier.number);
    const rows = clerk.page.locator('[data-testid="fees-results"] tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await clerk.press('Enter');
    await clerk.page.getByTestId('fee-form').waitFor();
    expect(await clerk.page.getByTestId('fee-line').textContent()).toContain('Lệ phí cấp Giấy xác nhận tình trạng hôn nhân: 15.000 đ');
    expect(await clerk.page.getByTestId('fee-amount').textContent()).toContain('15.000 đ (Mười lăm nghìn đồng)');
    // A fixed amount: nothing to count, focus on the method.
    await waitFocus('fee-method');
  });

  it('a transfer shows the VietQR code: zbarimg reads the office\'s bank, 15.000 đ and the dossier number', async () => {
    await clerk.press('ArrowDown'); // Tiền mặt → Chuyển khoản (VietQR)
    const img = clerk.page.getByTestId('vietqr-image');
    await img.waitFor();
    await waitFocus('fee-method');
    await clerk.shot('vietqr');
    const png = artifact('vietqr-code.png');
    await img.screenshot({ path: png });
    const payload = execFileSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8' }).trim();
    const qr = parseVietQr(payload);
    expect(qr).toMatchObject({ bin: '970415', account: '0011001932418', amount: 15_000 });
    expect(qr.content).toBe(dossier.number.slice(0, 25));
  });

  it('Ctrl+Enter collects and opens the receipt with "In biên lai" focused; it prints to the CUPS queue', async () => {
    const before = fs.existsSync(CUPS_OUT_FILE) ? fs.statSync(CUPS_OUT_FILE).mtimeMs : 0;
    // Paid by someone else than the applicant: Tab to "Người nộp tiền" (past the exemption) and type the name.
    await clerk.press('Tab');
    await clerk.press('Tab');
    await waitFocus('fee-payer-name');
    await clerk.page.keyboard.type('Lê Văn Hùng');
    await clerk.press('Control+Enter');
    await clerk.page.getByTestId('receipt-dialog').waitFor();
    await waitFocus('receipt-print');
    expect(await clerk.page.getByTestId('fee-notice').textContent()).toContain('Đã thu 15.000 đ, lập biên lai số 0000001 (AA/');
    await clerk.shot('receipt-preview');
    await clerk.press('Enter');
    const status = clerk.page.getByTestId('receipt-print-status');
    await expect.poll(() => status.textContent(), { timeout: 30_000 }).not.toBe('');
    expect(await status.textContent()).toContain(`Đã gửi biên lai (2 liên, khổ A5) tới máy in ${QUEUE}`);
    await waitFocus('receipt-close');
    const printed = await expect.poll(() => {
      if (!fs.existsSync(CUPS_OUT_FILE) || fs.statSync(CUPS_OUT_FILE).mtimeMs <= before) return '';
      const tail = fs.readFileSync(CUPS_OUT_FILE).subarray(-64).toString('latin1');
      if (!tail.includes('%%EOF')) return '';
      return execFileSync('pdftotext', ['-layout', CUPS_OUT_FILE, '-'], { encoding: 'utf8' }).normalize('NFC');
    }, { timeout: 30_000, interval: 200 }).toContain('0000001');
    void printed;
    const text = execFileSync('pdftotext', ['-layout', CUPS_OUT_FILE, '-'], { encoding: 'utf8' }).normalize('NFC');
    for (const s of ['Mười lăm nghìn đồng', '15.000', dossier.number, 'Liên 1', 'Liên 2', 'Lê Văn Hùng']) expect(text).toContain(s);
    await clerk.press('Escape');
    await clerk.page.getByTestId('receipt-dialog').waitFor({ state: 'detached' });
    await waitFocus('fees-search');
    expect(await clerk.page.getByTestId('fee-paid').textContent()).toContain('Đã thu 15.000 đ (Chuyển khoản (VietQR))');
  });

  it('the day\'s report lists the receipt and adds up; the leader sees it and closes the day', async () => {
    await clerk.page.getByTestId('fees-tab-day').click();
    const receipts = clerk.page.locator('[data-testid="fee-day-receipts"] tbody tr');
    await expect.poll(() => receipts.count()).toBe(1);
    const row = (await receipts.first().textContent())!;
    for (const s of ['số 0000001', dossier.number, '15.000 đ', 'Chuyển khoản (VietQR)', USERS.clerk.fullName, 'Hợp lệ']) expect(row).toContain(s);
    expect(await clerk.page.getByTestId('fee-day-total').textContent()).toBe('15.000 đ');
    await clerk.shot('day-report');
    expect(await clerk.page.getByTestId('fee-day-close').count()).toBe(0);

    const leader = await openUser(browser, 'leader', ART);
    await logInAs(leader, server.url, USERS.leader, 'Hồ sơ hôm nay');
    await leader.press('Alt+0');
    await leader.page.getByTestId('fees-tab-day').click();
    await expect.poll(() => leader.page.getByTestId('fee-day-total').textContent()).toBe('15.000 đ');
    await leader.page.getByTestId('fee-day-close').click();
    await leader.page.getByTestId('fee-close-dialog').waitFor();
    await leader.page.getByTestId('fee-close-confirm').click();
    await expect.poll(() => leader.page.getByTestId('fee-day-state').textContent()).toContain('Đã khóa sổ');
    await leader.shot('day-closed');
    const r = await as.clerk.call('fees.dayReport', { day: (await must('clerk', 'fees.dossier', { dossierId: dossier.id })).receipts[0].day });
    expect(r.data.closed).toMatchObject({ byName: USERS.leader.fullName });
    expect([...clerk.pageErrors, ...leader.pageErrors]).toEqual([]);
  });

  it('after the day is closed, cancelling its receipt is refused in the dialog, with the reason kept there', async () => {
    const p = clerk.page;
    await p.getByRole('tab', { name: 'Thu phí' }).click();
    await p.locator('#fees-search').focus();
    await p.locator('#fees-search').fill(dossier.number);
    await expect.poll(() => p.locator('[data-testid="fees-results"] tbody tr').count()).toBe(1);
    // The panel still shows this dossier from before; its answer comes late. The clerk goes to "Hủy…" at once:
    // the late answer must not take focus back to the search box (Enter there would only reopen the dossier).
    await p.route('**/fees.dossier', async (route) => { await new Promise((r) => setTimeout(r, 800)); await route.continue(); });
    const answered = p.waitForResponse('**/fees.dossier');
    await clerk.press('Enter');
    await p.getByTestId('fee-receipts').waitFor();
    await p.getByTestId('fee-cancel').focus();
    await answered;
    await p.unroute('**/fees.dossier');
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    await waitFocus('fee-cancel');
    await clerk.press('Enter');
    await p.getByTestId('fee-cancel-dialog').waitFor();
    await waitFocus('fee-cancel-dialog-reason');
    await clerk.type('Thu nhầm hình thức');
    await clerk.press('Control+Enter');
    await expect.poll(() => p.getByTestId('fee-cancel-dialog-error').textContent(), { timeout: 10_000 }).toContain('đã được lãnh đạo khóa');
    expect(await p.locator('#fee-cancel-dialog-reason').inputValue()).toBe('Thu nhầm hình thức');
    await clerk.shot('cancel-refused');
    await clerk.press('Escape');
    await p.getByTestId('fee-cancel-dialog').waitFor({ state: 'detached' });
    expect((await must('clerk', 'fees.dossier', { dossierId: dossier.id })).receipts[0].cancelledAt).toBeNull();
  });
});
