// Quản trị → Danh mục thủ tục → Tạo phiên bản mới → Quy trình xử lý, keys only (issue 10 item 1): the steps of a
// procedure (the officer's, the leader's approval), who does each and how long each may take. The core checks
// the steps; its message comes back under the row it names (workflow.steps.N counts only the ticked steps) and
// focus goes to it (lib/first-error.ts). Saved, the version carries the steps; a new version made from it shows
// them. Screenshots: tests/artifacts/e2e/workflow-steps-editor/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNewVersion, startAdminSession } from '../support/admin-session';
import type { apiCaller, RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];
let api: ReturnType<typeof apiCaller>;

const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName || '');
const checked = (id: string) => page.locator(`#${id}`).isChecked();
const create = () => page.getByRole('button', { name: 'Tạo phiên bản', exact: true });

beforeAll(async () => {
  ({ server, api, browser, page, pageErrors, shot } = await startAdminSession('workflow-steps-editor'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the processing steps in the version form, with the keyboard', () => {
  it('opens a new version of the marital status certificate with the shipped steps', async () => {
    await openNewVersion(page, '1.004873');
    await expect.poll(focused).toBe('v-name');
    expect(await checked('workflow-counter-on')).toBe(true);
    expect(await page.locator('#workflow-counter-on').isDisabled()).toBe(true);
    expect(await checked('workflow-processing-on')).toBe(true);
    expect(await checked('workflow-approval-on')).toBe(true);
    expect(await page.locator('#workflow-counter-limit').inputValue()).toBe('working-hours');
    expect(await page.locator('#workflow-counter-value').inputValue()).toBe('4');
    expect(await page.locator('#workflow-approval-limit').inputValue()).toBe('working-days');
  });

  it('the counter\'s roles and limit, the officer\'s role untied, the approval dropped — all by keys', async () => {
    await page.locator('#workflow-counter-role-0').focus();
    expect(await checked('workflow-counter-role-0')).toBe(true); // clerk
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('workflow-counter-role-1');
    await page.keyboard.press('Space'); // the officer may receive too
    expect(await checked('workflow-counter-role-1')).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('workflow-counter-value');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('2');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('workflow-counter-limit');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('workflow-processing-on');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('workflow-processing-role-0'); // officer
    await page.keyboard.press('Space'); // nobody left to process it: the core must say so
    await page.locator('#workflow-approval-on').focus();
    await page.keyboard.press('Space');
    expect(await checked('workflow-approval-on')).toBe(false);
    expect(await page.locator('#workflow-approval-limit').isDisabled()).toBe(true);
    await shot('steps-typed');
  });

  it('a step without anyone to do it: the core\'s message is under its roles, with focus', async () => {
    await create().press('Enter');
    await expect.poll(() => page.locator('#workflow-processing-role-0-error').textContent()).toBe('Chọn ít nhất một vai trò được làm bước "Xử lý hồ sơ".');
    await expect.poll(focused).toBe('workflow-processing-role-0');
    expect(await page.locator('#workflow-processing-role-0').getAttribute('aria-invalid')).toBe('true');
    await shot('steps-roles-error');
    await page.keyboard.press('Space');
  });

  it('saved: the version carries the steps as set, and a new version made from it shows them', async () => {
    await create().press('Enter');
    await page.getByText(/Đã tạo phiên bản áp dụng từ \d{2}\/\d{2}\/\d{4} cho thủ tục 1\.004873/).waitFor();
    const [latest] = (await api.call('procedures.history', { code: '1.004873' })).data;
    expect(latest.workflow).toEqual({ steps: [
      { kind: 'counter', roles: ['clerk', 'officer'], duration: { unit: 'working-hours', value: 2 } },
      { kind: 'processing', roles: ['officer'], duration: null },
    ] });
    await page.locator('#catalogue-new-version').press('Enter');
    await expect.poll(focused).toBe('v-name');
    expect(await checked('workflow-approval-on')).toBe(false);
    expect(await checked('workflow-counter-role-1')).toBe(true);
    expect(await page.locator('#workflow-counter-value').inputValue()).toBe('2');
    await page.getByRole('button', { name: 'Hủy' }).press('Enter');
    expect(pageErrors).toEqual([]);
  });
});
