// End to end in the browser shell, keys only (issue 11 #3): Quản trị → Máy in, calibrating the certificate
// printer (a real CUPS file: queue) — print the calibration page, type the marks as measured with a ruler
// ("21,5" with a Vietnamese comma), take the computed offset, save it for that printer, test-print the birth
// certificate: the spooled PDF has the sample's number at template + offset. Then a template file with a field
// off the sheet is refused with the template and field named. Screenshots: tests/artifacts/e2e/certificates/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser } from '../support/browser';
import { CUPS_OUT_DIR, startTestCups } from '../support/cups';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';
import { MM, wordBoxes } from '../documents/pdf-checks';

const QUEUE = 'MotCuaCertE2E';
const OUT = path.join(CUPS_OUT_DIR, 'certificates-e2e.pdf');
const PPD = 'lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd';

let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];
let api: ReturnType<typeof apiCaller>;

const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('data-testid') || document.activeElement?.tagName || '');

/** Waits until the queue wrote a complete PDF (the spooler's own output, not what we sent). */
async function printed(): Promise<string> {
  for (let i = 0; i < 300; i++) {
    if (fs.existsSync(OUT) && fs.readFileSync(OUT).subarray(-64).toString('latin1').includes('%%EOF')) return OUT;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${QUEUE} wrote no complete ${OUT}`);
}

beforeAll(async () => {
  startTestCups();
  execFileSync('lpadmin', ['-p', QUEUE, '-v', `file://${OUT}`, '-m', PPD, '-E'], { stdio: 'ignore' });
  execFileSync('cupsenable', [QUEUE]);
  execFileSync('cupsaccept', [QUEUE]);
  server = await startServer();
  api = apiCaller(server);
  const setup = await api.call('setup.initialize', { office: OFFICE, admin: ADMIN });
  if (!setup.ok) throw new Error(JSON.stringify(setup.error));
  ({ browser, page, pageErrors, shot } = await openBrowser({ artifacts: 'certificates' }));
  await logIn(page, server.url);
  const login = await api.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  api.setSession(login.data.sessionToken);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Quản trị → Máy in: calibrating the certificate printer', () => {
  it('prints the calibration page on the chosen printer', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-printers').press('Enter');
    await page.getByTestId('calibration-section').waitFor();
    await page.getByTestId('cal-printer').locator(`option[value="${QUEUE}"]`).waitFor({ state: 'attached' });
    await page.getByTestId('cal-printer').selectOption(QUEUE);
    await expect.poll(() => page.getByTestId('cal-current').textContent()).toContain('chưa căn chỉnh');
    fs.rmSync(OUT, { force: true });
    await page.getByTestId('cal-print-page').press('Enter');
    await expect.poll(() => page.getByTestId('cal-message').textContent()).toContain(`Đã gửi trang căn chỉnh tới máy in ${QUEUE}`);
    const text = execFileSync('pdftotext', [await printed(), '-'], { encoding: 'utf8' });
    expect(text).toContain(`TRANG CĂN CHỈNH MÁY IN: ${QUEUE}`);
  }, 60_000);

  it('the marks typed as measured give the offset, saved for that printer with Enter', async () => {
    // Marks A and E printed 1.5 mm right of and 2 mm above their places.
    for (const [id, value] of [['cal-A-x', '21,5'], ['cal-A-y', '18'], ['cal-E-x', '191,5'], ['cal-E-y', '275']]) {
      await page.getByTestId(id!).focus();
      await page.keyboard.type(value!);
    }
    await expect.poll(() => page.getByTestId('cal-computed').textContent()).toContain('ngang −1,5 mm, dọc +2 mm');
    await page.keyboard.press('Tab'); // from E's last measurement to "Dùng độ lệch này"
    expect(await focused()).toBe('cal-use-computed');
    await page.keyboard.press('Enter');
    expect(await page.getByTestId('cal-x').inputValue()).toBe('-1,5');
    expect(await page.getByTestId('cal-y').inputValue()).toBe('2');
    await page.getByTestId('cal-y').press('Enter');
    await expect.poll(() => page.getByTestId('cal-message').textContent()).toContain(`Đã lưu độ lệch của máy in ${QUEUE}: ngang −1,5 mm, dọc +2 mm`);
    await expect.poll(() => page.getByTestId('cal-current').textContent()).toContain('ngang −1,5 mm, dọc +2 mm');
    expect((await api.call('certificates.calibration', { printer: QUEUE })).data).toMatchObject({ x: -1.5, y: 2 });
    await shot('calibration-saved');
  }, 60_000);

  it('the test print of the birth certificate lands at template + offset in the spooled PDF', async () => {
    fs.rmSync(OUT, { force: true });
    await page.getByTestId('cal-test-kind').selectOption('birth');
    await page.getByTestId('cal-test-print').press('Enter');
    await expect.poll(() => page.getByTestId('cal-message').textContent()).toContain('Đã gửi bản in thử Giấy khai sinh (dữ liệu mẫu)');
    // registration.number: x 33 mm, baseline 62 mm; the sample "125".
    const w = wordBoxes(await printed())[0]!.find((x) => x.text === '125')!;
    expect(Math.abs(w.xMin / MM - 31.5)).toBeLessThanOrEqual(0.5);
    expect(Math.abs((w.yMin + (w.yMax - w.yMin) * 0.8047) / MM - 64)).toBeLessThanOrEqual(0.5);
  }, 60_000);

  it('a template file with a field off the sheet is refused, naming the template and the field', async () => {
    const exported = (await api.call('certificates.exportTemplates', {})).data;
    const file = JSON.parse(exported.json);
    file.templates[0].fields[0].x = 200;
    const bad = path.join(server.dataDir, 'mau-sai.json');
    fs.writeFileSync(bad, JSON.stringify(file));
    await page.getByTestId('templates-import').setInputFiles(bad);
    await expect.poll(() => page.getByTestId('templates-message').textContent()).toContain('Mẫu "giay-khai-sinh", trường «Số»');
    expect(await page.getByTestId('templates-message').textContent()).toContain('mẫu đang dùng không đổi');
    expect(await page.getByTestId('template-birth').textContent()).toContain('Vị trí chưa đối chiếu với phôi thật');
    await shot('template-refused');
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
