// End to end in the browser shell: first-run setup, login, a dossier received with the keyboard only,
// its slip previewed and printed to a real CUPS queue, then found again in today's list.
// Screenshots of every step go to tests/artifacts/e2e/intake/ (kept by CI).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { openBrowser } from '../support/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUPS_OUT_FILE, startTestCups } from '../support/cups';
import { ADMIN, OFFICE } from '../support/fixtures';
import { startServer, type RunningServer } from '../support/server';

const QUEUE = 'MotCuaPdf';

// The applicant. The address is typed in NFD (as some input methods send it) to prove it is stored as NFC.
const NAME = 'Trần Thị Bích Ngọc';
const ID_NUMBER = '001190012345';
const ADDRESS = 'Số 12 phố Đội Cấn, phường Ba Đình, Hà Nội';

let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];

/** Text of the PDF the CUPS file queue wrote, or '' while it is not complete. */
function printedText(): string {
  if (!fs.existsSync(CUPS_OUT_FILE)) return '';
  const tail = fs.readFileSync(CUPS_OUT_FILE).subarray(-64).toString('latin1');
  if (!tail.includes('%%EOF')) return '';
  try {
    return execFileSync('pdftotext', ['-layout', CUPS_OUT_FILE, '-'], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

beforeAll(async () => {
  expect(startTestCups()).toContain(QUEUE);
  server = await startServer();
  ({ browser, page, pageErrors, shot } = await openBrowser({ artifacts: 'intake' }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('intake in the browser shell', () => {
  it('removes the launch token from the address bar and asks for first-run setup', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Thiết lập lần đầu' }).waitFor();
    expect(page.url()).not.toContain('token=');
    expect(await page.evaluate(() => sessionStorage.getItem('motcua.launchToken'))).toBe(server.token);
    await shot('setup-empty');
  });

  it('completes first-run setup, showing inline errors first', async () => {
    await page.getByLabel('Cơ quan chủ quản').fill(OFFICE.governingBody);
    await page.getByLabel('Mã định danh cơ quan').fill('000.00.13');
    await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).press('Enter');
    await expect.poll(() => page.locator('#setup-office-agencyCode-error').textContent()).toContain('13 ký tự');
    await shot('setup-errors');

    await page.getByLabel('Tên bộ phận').fill(OFFICE.officeName);
    await page.getByLabel('Địa danh ghi trên phiếu').fill(OFFICE.place);
    await page.getByLabel('Mã định danh cơ quan').fill(OFFICE.agencyCode);
    await page.getByLabel('Địa chỉ', { exact: true }).fill(OFFICE.address);
    await page.getByLabel('Điện thoại').fill(OFFICE.phone);
    await page.locator('#setup-username').fill(ADMIN.username);
    await page.locator('#setup-fullName').fill(ADMIN.fullName);
    await page.locator('#setup-password').fill(ADMIN.password);
    await page.locator('#setup-password2').fill(ADMIN.password);
    await shot('setup-filled');
    await page.getByRole('button', { name: 'Hoàn tất thiết lập' }).press('Enter');
    await page.getByTestId('login-form').waitFor();
  });

  it('logs in and sets the printer for form 01', async () => {
    // The username is prefilled after setup and the password field has focus.
    expect(await page.locator('#login-username').inputValue()).toBe(ADMIN.username);
    await page.keyboard.type(ADMIN.password);
    await shot('login');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();

    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-printers').press('Enter');
    await page.getByTestId('printer-form01').locator(`option[value="${QUEUE}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('printer-form01').selectOption(QUEUE);
    await page.getByTestId('printers-save').press('Enter');
    await page.getByText('Đã lưu cấu hình máy in.').waitFor();
    await shot('admin-printers');
    await page.keyboard.press('Alt+1');
    await page.getByRole('heading', { name: 'Tiếp nhận hồ sơ' }).waitFor();
  });

  it('receives a dossier with the keyboard only and shows the slip', async () => {
    // From here on: keys only. The procedure picker has focus when the screen opens.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('procedure');
    await page.keyboard.type('xac nhan hon nhan');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('1.004873');
    await shot('procedure-search');
    await page.keyboard.press('Enter');
    // Choosing moves on to the applicant's name; the due date and fee of the procedure appear.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('applicant-fullName');
    await expect.poll(() => page.getByTestId('due-at').textContent()).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    await expect.poll(() => page.locator('.due-panel').textContent()).toContain('15.000 đ');

    await page.keyboard.type(NAME);
    await page.keyboard.press('Tab');
    // A 9-digit old ID card number is refused inline.
    await page.keyboard.type('012345678');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.locator('#applicant-idNumber-error').textContent()).toContain('12 chữ số');
    await shot('inline-id-error');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(ID_NUMBER);
    await page.keyboard.press('Enter'); // Enter moves to the next field like Tab
    await page.keyboard.type('05/03/1990');
    await page.keyboard.press('Enter');
    await page.keyboard.type(ADDRESS.normalize('NFD'));
    await page.keyboard.press('Enter');
    await page.keyboard.type('0912 345 678');
    await page.keyboard.press('Enter');
    await page.keyboard.type('ngoc.tran@example.vn');
    await page.keyboard.press('Enter');
    // The documents checklist: Space ticks the declaration, Enter skips to the next line's tick box.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('component-check-0');
    // Saving with nothing ticked is blocked inline, before any call, and focus goes to the checklist.
    await page.keyboard.press('Control+P');
    await expect.poll(() => page.locator('.components .field-error').textContent()).toContain('ít nhất một giấy tờ');
    expect(await page.getByTestId('save-error').textContent()).toContain('chưa lưu');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('component-check-0');
    await shot('blocked-save');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('component-check-1');
    expect(await page.getByTestId('component-check-0').isChecked()).toBe(true);
    expect(await page.getByTestId('component-check-1').isChecked()).toBe(false);
    await shot('intake-filled');

    // Ctrl+P twice in a row: one dossier, one preview.
    await page.keyboard.press('Control+P');
    await page.keyboard.press('Control+P');
    await page.getByTestId('preview-dialog').waitFor();
    await page.getByTestId('pdf-preview').waitFor();
    await page.waitForTimeout(1500); // let the PDF viewer paint before the screenshot
    await shot('preview');
  });

  it('prints two copies to the configured CUPS queue', async () => {
    const number = (await page.getByTestId('saved-number').textContent())!;
    expect(number).toMatch(/^000\.00\.13\.H42-\d{6}-\d{4}$/);
    const before = fs.existsSync(CUPS_OUT_FILE) ? fs.statSync(CUPS_OUT_FILE).mtimeMs : 0;
    // "In (2 liên)" has focus in the preview.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('print-button');
    await page.keyboard.press('Enter');
    // Wait for an answer first, so a failure reports the Vietnamese reason shown to the clerk.
    const status = page.getByTestId('print-status');
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).not.toBe('');
    expect(await status.textContent()).toContain(`Đã gửi 2 liên tới máy in ${QUEUE}`);
    // Focus moves to "Đóng": another Enter closes instead of printing twice.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('preview-close');
    await shot('printed');
    // The queue writes the PDF to a file: it must be our slip, with the dossier number in it.
    await expect.poll(() => {
      if (!fs.existsSync(CUPS_OUT_FILE) || fs.statSync(CUPS_OUT_FILE).mtimeMs <= before) return '';
      return printedText();
    }, { timeout: 30_000, interval: 200 }).toContain(number);
    await page.keyboard.press('Escape');
    await page.getByTestId('preview-dialog').waitFor({ state: 'detached' });
    await shot('after-print');
  });

  it('finds the dossier in today\'s list by the name without diacritics and by the ID number', async () => {
    const number = (await page.getByTestId('saved-number').textContent())!;
    await page.keyboard.press('Alt+2');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('today-search');
    await page.keyboard.type('tran thi bich ngoc');
    const rows = page.locator('[data-testid="today-table"] tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().textContent()).toContain(number);
    expect(await rows.first().textContent()).toContain(NAME);
    await shot('today-by-name');

    await page.keyboard.press('Control+A');
    await page.keyboard.type(ID_NUMBER.slice(-6));
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().textContent()).toContain(number);

    await page.keyboard.press('Control+A');
    await page.keyboard.type(ID_NUMBER);
    await expect.poll(() => rows.first().textContent()).toContain(number);
    await shot('today-by-id');

    // Enter opens the detail: the NFD-typed address came back as NFC; one print logged to the queue.
    await page.keyboard.press('Enter');
    await page.getByTestId('dossier-detail').waitFor();
    await expect.poll(() => page.getByTestId('detail-address').textContent()).toBe(ADDRESS.normalize('NFC'));
    expect(await page.getByTestId('detail-name').textContent()).toBe(NAME);
    const log = page.locator('[data-testid="dossier-detail"] table').last();
    await expect.poll(() => log.textContent()).toContain(QUEUE);
    expect(await log.locator('tbody tr').count()).toBe(1);
    await shot('detail');
    await page.keyboard.press('Escape');
    await page.getByTestId('dossier-detail').waitFor({ state: 'detached' });

    // Only one dossier was saved despite the double Ctrl+P.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await expect.poll(() => rows.count()).toBe(1);
  });

  it('makes a request to complete the dossier (form 02) with the keyboard', async () => {
    await page.keyboard.press('Alt+1');
    await page.keyboard.press('F2');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('procedure');
    await page.keyboard.type('khai sinh');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('1.001193');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('applicant-fullName');
    await page.keyboard.type('lê văn hùng');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#applicant-fullName').inputValue()).toBe('Lê Văn Hùng');
    // Only the declaration was brought: the birth certificate (required) is missing.
    await page.keyboard.press('Enter'); // ID number left empty: required to receive, not for form 02
    await page.keyboard.press('Enter'); // birth date
    await page.keyboard.press('Enter'); // address
    await page.keyboard.press('Enter'); // phone
    await page.keyboard.press('Enter'); // e-mail → first document
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('.components .field-warning').textContent()).toContain('Giấy chứng sinh');

    await page.keyboard.press('F7');
    const dialog = page.getByTestId('completion-dialog');
    await dialog.waitFor();
    const boxes = dialog.locator('input[type="checkbox"]');
    expect(await boxes.count()).toBe(3);
    expect([await boxes.nth(0).isChecked(), await boxes.nth(1).isChecked(), await boxes.nth(2).isChecked()]).toEqual([false, true, false]);
    await shot('form02-dialog');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('completion-reason');
    await page.keyboard.press('Control+Enter');
    const preview = page.getByTestId('preview-dialog');
    await preview.waitFor();
    expect(await preview.getAttribute('aria-label')).toContain('Mẫu 02');
    await page.getByTestId('pdf-preview').waitFor();
    await page.waitForTimeout(1500); // let the PDF viewer paint before the screenshot
    await shot('form02-preview');
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('saved-banner').textContent()).toContain('Phiếu yêu cầu bổ sung');

    await page.keyboard.press('Alt+2');
    await page.keyboard.type('le van hung');
    const rows = page.locator('[data-testid="today-table"] tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().textContent()).toContain('Yêu cầu bổ sung');
    await shot('today-form02');
  });

  it('adds a catalogue version from a date without overwriting the current one', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-catalogue').press('Enter');
    await page.getByRole('button', { name: '1.004873' }).press('Enter');
    const history = page.locator('.catalogue section table tbody tr');
    await expect.poll(() => history.count()).toBe(1);
    await page.getByRole('button', { name: 'Tạo phiên bản mới' }).press('Enter');
    await page.getByLabel('Số', { exact: true }).fill('5');
    // A second result paper, by keyboard: the new row's code gets the focus, Tab goes on to its name.
    await expect.poll(() => page.getByLabel('Tên giấy tờ kết quả 1', { exact: true }).inputValue()).toBe('Giấy xác nhận tình trạng hôn nhân');
    await page.getByRole('button', { name: '+ Thêm giấy tờ kết quả' }).press('Enter');
    await page.keyboard.type('KQ G15');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Bản sao Giấy xác nhận tình trạng hôn nhân');
    await shot('catalogue-version-form');
    await page.getByRole('button', { name: 'Tạo phiên bản', exact: true }).press('Enter');
    await expect.poll(() => page.locator('#v-result-1-code-error').textContent()).toMatch(/chỉ gồm chữ cái không dấu, chữ số và dấu chấm/);
    await page.getByLabel('Mã kết quả 2', { exact: true }).fill('KQ.G15.000099');
    await page.getByRole('button', { name: 'Tạo phiên bản', exact: true }).press('Enter');
    await page.getByText(/Đã tạo phiên bản áp dụng từ \d{2}\/\d{2}\/\d{4} cho thủ tục 1\.004873/).waitFor();
    await expect.poll(() => history.count()).toBe(2);
    await expect.poll(() => history.first().textContent()).toContain('Bản sao Giấy xác nhận tình trạng hôn nhân (KQ.G15.000099)');
    await shot('catalogue-history');

    await page.getByTestId('admin-tab-calendar').press('Enter');
    await expect.poll(() => page.locator('.calendar-admin table').first().textContent()).toContain('Quốc khánh');
    await shot('calendar');
    expect(pageErrors).toEqual([]);
  });
});
