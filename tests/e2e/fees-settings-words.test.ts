// End to end in the browser shell: the administrator sets how receipts read amounts in words (Thu phí →
// Cấu hình) — the sample under the choices follows each change, and after saving the core reads it back.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAdminSession, type AdminSession } from '../support/admin-session';

let s: AdminSession;

beforeAll(async () => { s = await startAdminSession('fees-settings-words'); });
afterAll(async () => {
  await s?.browser.close();
  await s?.server.stop();
});

it('a southern reading: the sample says "ngàn", "lẻ" and "bốn", and the saved settings keep it', async () => {
  const { page } = s;
  await page.keyboard.press('Alt+0');
  await page.getByTestId('fees-tab-settings').press('Enter');
  const sample = page.getByTestId('fee-set-amountWords-sample');
  await sample.waitFor();
  expect(await sample.textContent()).toContain('Một triệu không trăm hai mươi tư nghìn một trăm linh năm đồng');
  await page.locator('#fee-set-amountWords-zeroTens').selectOption('lẻ');
  await page.locator('#fee-set-amountWords-thousand').selectOption('ngàn');
  await page.locator('#fee-set-amountWords-four').selectOption('bốn');
  await expect.poll(() => sample.textContent()).toContain('Một triệu không trăm hai mươi bốn ngàn một trăm lẻ năm đồng');
  await page.getByTestId('fee-settings-save').press('Enter');
  await expect.poll(() => page.getByTestId('fee-settings-message').textContent()).toContain('Đã lưu');
  const saved = await s.api.call('fees.getSettings', {});
  expect(saved.data.amountWords).toEqual({ zeroTens: 'lẻ', thousand: 'ngàn', five: 'lăm', four: 'bốn' });
  await s.shot('southern-reading');
  expect(s.pageErrors).toEqual([]);
});
