// Quản trị → Danh mục thủ tục → Tạo phiên bản mới, keys only: an administrator writes the rule of each fee
// line (within / after N days counted from a date the clerk enters, carried over a day off unless unticked).
// The core checks the rules; its messages appear under the field they name and focus goes to the first one
// (lib/first-error.ts). A new version made from a version with rules shows them. Death registration is used:
// the shipped catalogue leaves its fee to the clerk. Screenshots: tests/artifacts/e2e/catalogue-fee-rules/.
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

const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('data-testid') || document.activeElement?.tagName || '');
const value = (id: string) => page.locator(`#${id}`).inputValue();
const create = () => page.getByRole('button', { name: 'Tạo phiên bản', exact: true });

beforeAll(async () => {
  ({ server, api, browser, page, pageErrors, shot } = await startAdminSession('catalogue-fee-rules'));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('fee rules in the version form, with the keyboard', () => {
  it('opens a new version of death registration: its two fee lines have no condition', async () => {
    await openNewVersion(page, '1.000656');
    await expect.poll(focused).toBe('v-name');
    expect(await value('fees-0-when')).toBe('none');
    expect(await value('fees-1-when')).toBe('none');
  });

  it('line 1: "within", its days, the date it counts from, the basis; the day-off box is ticked', async () => {
    await page.locator('#fees-0-note').focus();
    await page.keyboard.press('Tab'); // × of the line
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('fees-0-when');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => value('fees-0-when')).toBe('within');
    expect(await focused()).toBe('fees-0-when');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('fees-0-when-days');
    await page.keyboard.type('15');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('fees-0-when-countFrom');
    // The date is left out for now: the core must name this field.
    await page.keyboard.press('Tab');
    await page.keyboard.type('Luật Hộ tịch, Điều 33');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('fees-0-when-dayOffExtends');
    expect(await page.locator('#fees-0-when-dayOffExtends').isChecked()).toBe(true);
  });

  it('line 2: "after" takes the other line\'s date and days; unticking the day-off box is kept', async () => {
    await page.keyboard.press('Tab'); // line 1's pricing (issue 11: how it is priced, when it is collected)
    expect(await focused()).toBe('fees-0-pricing-kind');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('fees-0-collect');
    await page.keyboard.press('Tab'); // line 2's name
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab'); // × of line 2
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('fees-1-when');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => value('fees-1-when')).toBe('after');
    expect(await value('fees-1-when-days')).toBe('15');
    await page.keyboard.press('Tab'); // Tab selects the field's text: typing replaces it
    await page.keyboard.type('156'); // leaves days 16–156 uncovered
    expect(await value('fees-1-when-days')).toBe('156');
    await page.locator('#fees-1-when-dayOffExtends').focus();
    await page.keyboard.press('Space');
    expect(await page.locator('#fees-1-when-dayOffExtends').isChecked()).toBe(false);
    await shot('fee-rules-typed');
  });

  it('rules without their date: the core\'s messages are under those fields and focus is on the first', async () => {
    await create().press('Enter');
    await expect.poll(() => page.locator('#fees-0-when-countFrom-error').textContent()).toBe('Nhập tên ngày được tính từ, VD Ngày sinh của trẻ');
    expect(await page.locator('#fees-1-when-countFrom-error').textContent()).toBe('Nhập tên ngày được tính từ, VD Ngày sinh của trẻ');
    await expect.poll(focused).toBe('fees-0-when-countFrom');
    expect(await page.locator('#fees-0-when-countFrom').getAttribute('aria-invalid')).toBe('true');
    await shot('fee-rule-countFrom-error');
    await page.keyboard.type('Ngày chết');
    await page.locator('#fees-1-when-countFrom').focus();
    await page.keyboard.type('Ngày chết');
  });

  it('days that leave a gap: the message is at line 2\'s days, with focus', async () => {
    await create().press('Enter');
    await expect.poll(() => page.locator('#fees-1-when-days-error').textContent())
      .toBe('Tiếp nhận từ 16 đến 156 ngày thì không khoản có điều kiện nào áp dụng — sửa số ngày cho liền nhau (VD "trong 60 ngày" và "sau 60 ngày").');
    await expect.poll(focused).toBe('fees-1-when-days');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('15');
    await shot('fee-rule-gap-error');
  });

  it('a line added by keyboard gets focus; removing it puts focus on the line before', async () => {
    await page.locator('#v-fee-add').press('Enter');
    await expect.poll(focused).toBe('fees-2-name');
    await page.getByRole('button', { name: 'Xóa khoản thu 3' }).press('Enter');
    await expect.poll(focused).toBe('fees-1-name');
    expect(await page.locator('[data-testid^="fee-line-"]').count()).toBe(2);
  });

  it('saved: the rules are stored as typed, and a new version made from it shows them', async () => {
    await create().press('Enter');
    await page.getByText(/Đã tạo phiên bản áp dụng từ \d{2}\/\d{2}\/\d{4} cho thủ tục 1\.000656/).waitFor();
    const [latest] = (await api.call('procedures.history', { code: '1.000656' })).data;
    expect(latest.fees.map((f: { when?: unknown }) => f.when)).toEqual([
      { countFrom: 'Ngày chết', withinDays: 15, basis: 'Luật Hộ tịch, Điều 33', dayOffExtends: true },
      { countFrom: 'Ngày chết', afterDays: 15, basis: 'Luật Hộ tịch, Điều 33', dayOffExtends: false },
    ]);
    await page.locator('#catalogue-new-version').press('Enter');
    await expect.poll(focused).toBe('v-name');
    expect(await value('fees-0-when')).toBe('within');
    expect(await value('fees-0-when-days')).toBe('15');
    expect(await value('fees-1-when')).toBe('after');
    expect(await page.locator('#fees-1-when-dayOffExtends').isChecked()).toBe(false);
    await shot('fee-rules-copied');
    await page.getByRole('button', { name: 'Hủy' }).press('Enter');
    expect(pageErrors).toEqual([]);
  });
});
