// Quản trị → Danh mục thủ tục → Tạo phiên bản mới, keys only (issue 11): the certification of copies shows its
// pricing per page (2.000 đ from page 1, 1.000 đ from page 3, at most 200.000 đ); the administrator makes it
// collected on return with the arrows, types a lower cap, and a tier out of order is refused by the core with
// its message under that field and focus on it; fixed, saved, the version carries the rule.
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
  ({ server, api, browser, page, pageErrors, shot } = await startAdminSession('fees-version-pricing'));
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a fee line\'s pricing in the version form, with the keyboard', () => {
  it('the certification of copies opens with its tiers and cap, collected at receipt', async () => {
    await openNewVersion(page, '2.000815');
    await expect.poll(focused).toBe('v-name');
    expect(await value('fees-0-pricing-kind')).toBe('per-page');
    expect([await value('fees-0-pricing-tiers-0-fromPage'), await value('fees-0-pricing-tiers-0-amount')]).toEqual(['1', '2000']);
    expect([await value('fees-0-pricing-tiers-1-fromPage'), await value('fees-0-pricing-tiers-1-amount')]).toEqual(['3', '1000']);
    expect(await value('fees-0-pricing-cap')).toBe('200000');
    expect(await value('fees-0-collect')).toBe('1');
  });

  it('arrows make it collected on return; the cap and a tier are typed; a tier out of order is refused at its field', async () => {
    await page.locator('#fees-0-collect').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => value('fees-0-collect')).toBe('4');
    expect(await focused()).toBe('fees-0-collect');
    await page.locator('#fees-0-pricing-cap').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('150000');
    await page.locator('#fees-0-pricing-tiers-1-fromPage').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1');
    await create().press('Enter');
    await expect.poll(focused).toBe('fees-0-pricing-tiers-1-fromPage');
    expect(await page.locator('[data-testid="fee-line-0"]').textContent()).toContain('Mức 2 phải bắt đầu sau trang 1');
    await shot('tier-refused');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
  });

  it('saved: the version carries the rule as typed', async () => {
    await create().press('Enter');
    await page.getByText(/Đã tạo phiên bản áp dụng từ \d{2}\/\d{2}\/\d{4} cho thủ tục 2\.000815/).waitFor();
    const [latest] = (await api.call('procedures.history', { code: '2.000815' })).data;
    expect(latest.fees[0]).toMatchObject({
      collect: 4, pricing: { kind: 'per-page', tiers: [{ fromPage: 1, amount: 2000 }, { fromPage: 3, amount: 1000 }], cap: 150_000 },
    });
    await shot('saved');
    expect(pageErrors).toEqual([]);
  });
});
