// End to end in the browser shell, keyboard only (issue 11): a marriage has two parties. The clerk types the
// applicant, then the other spouse in the section the procedure brings (same fields and order, Enter from
// field to field), copies the applicant's address with Tab + Space; a save without the spouse is stopped at
// the spouse's name; the saved dossier's slip names both and the search finds it by the spouse's ID number.
// Screenshots go to tests/artifacts/e2e/intake-parties/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser } from '../support/browser';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string, opts?: { viewport?: boolean }) => Promise<void>;
let pageErrors: string[] = [];
let caller: ReturnType<typeof apiCaller>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-parties-e2e-'));

const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') || document.activeElement?.id || document.activeElement?.tagName || '');

beforeAll(async () => {
  server = await startServer();
  caller = apiCaller(server);
  expect((await caller.call('setup.initialize', { office: OFFICE, admin: ADMIN })).ok).toBe(true);
  caller.setSession((await caller.call('auth.login', { username: ADMIN.username, password: ADMIN.password })).data.sessionToken);
  ({ browser, page, pageErrors, shot } = await openBrowser({ height: 768, artifacts: 'intake-parties' }));
  await logIn(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('a marriage typed at the counter with both spouses', () => {
  it('the marriage procedure brings the other spouse\'s section under the applicant; Enter goes from the applicant into it', async () => {
    await expect.poll(focused).toBe('procedure-input');
    expect(await page.getByTestId('party-spouse').count()).toBe(0);
    await page.keyboard.type('ket hon');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('1.000894');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('applicant-fullName');
    await page.keyboard.type('nguyễn văn an\n001090012345\n15/03/1990\n12 Đội Cấn, Ba Đình, Hà Nội\n0912345678\n\n');
    await expect.poll(focused).toBe('parties-0-fullName');
    expect(await page.locator('[data-testid="party-spouse"] legend').textContent()).toBe('Người cùng đăng ký kết hôn');
  });

  it('saving without the spouse is stopped at the spouse\'s name, with a message naming the spouse', async () => {
    await page.keyboard.press('Control+S');
    await expect.poll(() => page.locator('#parties-0-fullName-error').textContent()).toContain('Nhập họ và tên của người cùng đăng ký kết hôn');
    await expect.poll(focused).toBe('parties-0-fullName');
    expect(await page.locator('#parties-0-idNumber-error').textContent()).toContain('Nhập số định danh cá nhân');
    expect(await page.getByTestId('saved-banner').count()).toBe(0);
    await shot('spouse-missing', { viewport: true });
  });

  it('types the spouse, a wrong ID number is shown at its field, the address is copied from the applicant with Tab and Space', async () => {
    await page.keyboard.type('trần thị bình\n00119001234\n');
    await expect.poll(() => page.locator('#parties-0-idNumber-error').textContent()).toContain('12 chữ số');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(focused).toBe('parties-0-idNumber');
    await page.keyboard.press('End');
    await page.keyboard.type('6\n02/09/1990\n');
    await expect.poll(focused).toBe('parties-0-address');
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe('party-0-copy-address');
    await page.keyboard.press('Space');
    expect(await page.locator('#parties-0-address').inputValue()).toBe('12 Đội Cấn, Ba Đình, Hà Nội');
    expect(await page.locator('#parties-0-fullName').inputValue()).toBe('Trần Thị Bình');
    expect(await page.locator('#parties-0-idNumber-error').count()).toBe(0);
    await page.keyboard.press('Tab');
    await expect.poll(focused).toBe('parties-0-phone');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('component-check-0');
    await page.keyboard.press('Space');
    await shot('both-spouses', { viewport: true });
  });

  it('saves; the slip names both spouses and the search finds the dossier by the spouse\'s ID number', async () => {
    await page.keyboard.press('Control+S');
    await page.getByTestId('saved-banner').waitFor();
    const number = (await page.getByTestId('saved-number').textContent())!;
    const [row] = (await caller.call('dossiers.list', { query: '001190012346' })).data;
    expect(row.number).toBe(number);
    const detail = (await caller.call('dossiers.get', { id: row.id })).data;
    expect(detail.parties).toEqual([expect.objectContaining({ role: 'spouse', fullName: 'Trần Thị Bình', idNumber: '001190012346', birthDate: '1990-09-02', address: '12 Đội Cấn, Ba Đình, Hà Nội' })]);
    const { base64 } = (await caller.call('documents.content', { id: detail.documents[0].id })).data;
    const file = path.join(tmp, 'slip.pdf');
    fs.writeFileSync(file, Buffer.from(base64, 'base64'));
    const slip = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(slip).toContain('tiếp nhận hồ sơ của: Nguyễn Văn An và Trần Thị Bình');
    expect(slip).toContain('Người cùng đăng ký kết hôn: Trần Thị Bình');
    expect(pageErrors).toEqual([]);
  });

  it('F2 starts a new dossier without the spouse; a procedure without parties shows no party section', async () => {
    await page.keyboard.press('F2');
    await expect.poll(focused).toBe('procedure-input');
    await page.keyboard.type('1.004873');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('1.004873');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('applicant-fullName');
    expect(await page.getByTestId('party-spouse').count()).toBe(0);
  });
});

describe('the saved marriage in its detail and its correction', () => {
  it('the detail shows the spouse; the correction form has the spouse\'s fields and corrects the ID number', async () => {
    await page.keyboard.press('Alt+2');
    await page.getByTestId('today-search').fill('001190012346');
    await expect.poll(() => page.locator('[data-testid="today-table"] tbody tr').count()).toBe(1);
    await page.getByTestId('today-search').press('Enter');
    const detail = page.getByTestId('dossier-detail');
    await detail.waitFor();
    await expect.poll(() => detail.getByTestId('detail-party-0').textContent()).toContain('Trần Thị Bình · 001190012346 · sinh 02/09/1990');
    expect(await detail.textContent()).toContain('Người cùng đăng ký kết hôn');
    await page.getByTestId('detail-correct').press('Enter');
    await page.getByTestId('correction-dialog').waitFor();
    expect(await page.locator('#parties-0-idNumber').inputValue()).toBe('001190012346');
    expect(await page.locator('#parties-0-birthDate').inputValue()).toBe('02/09/1990');
    await page.locator('#parties-0-idNumber').fill('001190099999');
    await page.locator('#correction-reason').fill('Người nộp báo sai số định danh của vợ.');
    await shot('correction-spouse', { viewport: true });
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('correction-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('detail-notice').textContent()).toContain('số định danh bên liên quan');
    await expect.poll(() => detail.getByTestId('detail-party-0').textContent()).toContain('001190099999');
    const [row] = (await caller.call('dossiers.list', { query: '001190099999' })).data;
    expect((await caller.call('dossiers.get', { id: row.id })).data.parties[0].idNumber).toBe('001190099999');
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });
});

describe('the administrator edits a version\'s parties', () => {
  it('a new marriage version shows the other spouse\'s row; a second row with the same role is refused at its field', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-catalogue').press('Enter');
    await page.getByRole('button', { name: '1.000894' }).press('Enter');
    await page.getByRole('button', { name: 'Tạo phiên bản mới' }).press('Enter');
    await expect.poll(() => page.locator('#v-party-0-label').inputValue()).toBe('Người cùng đăng ký kết hôn');
    expect(await page.locator('#v-party-0-role').inputValue()).toBe('spouse');
    await page.locator('#v-party-add').press('Enter');
    await expect.poll(focused).toBe('v-party-1-role');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bên nữ');
    await shot('version-parties');
    await page.getByRole('button', { name: 'Tạo phiên bản', exact: true }).press('Enter');
    await expect.poll(() => page.locator('#v-party-1-role-error').textContent()).toContain('mỗi vai trò một dòng');
    await expect.poll(focused).toBe('v-party-1-role');
    await page.getByRole('button', { name: 'Xóa bên liên quan 2' }).press('Enter');
    await page.getByRole('button', { name: 'Tạo phiên bản', exact: true }).press('Enter');
    await page.getByText(/Đã tạo phiên bản áp dụng từ \d{2}\/\d{2}\/\d{4} cho thủ tục 1\.000894/).waitFor();
    const [latest] = (await caller.call('procedures.history', { code: '1.000894' })).data;
    expect(latest.parties).toEqual([expect.objectContaining({ role: 'spouse', label: 'Người cùng đăng ký kết hôn' })]);
    expect(pageErrors).toEqual([]);
  });
});
