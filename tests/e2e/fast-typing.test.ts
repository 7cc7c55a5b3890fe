// End to end in the browser shell: keys typed with no delay at all (as a barcode scanner or a fast clerk
// types) right after a key that moves the focus — Enter choosing the procedure, Enter before the procedure
// search has even answered, F2 after a save, F2 while the save is still running — all land in the field
// they were meant for: none is lost, none goes into the field that had focus before.
// Screenshots go to tests/artifacts/e2e/fast-typing/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser } from '../support/browser';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];

const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') || document.activeElement?.id || document.activeElement?.tagName || '');
const value = (id: string) => page.locator(`#${id}`).inputValue();

beforeAll(async () => {
  server = await startServer();
  const caller = apiCaller(server);
  const setup = await caller.call('setup.initialize', { office: OFFICE, admin: ADMIN });
  expect(setup.ok).toBe(true);
  ({ browser, page, pageErrors, shot } = await openBrowser({ artifacts: 'fast-typing' }));
  await logIn(page, server.url);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The procedure box is empty and focused: the state after opening the screen or F2. */
async function atEmptyProcedure() {
  await expect.poll(focused).toBe('procedure-input');
  expect(await value('procedure')).toBe('');
}

describe('keys typed with no delay across focus moves', () => {
  it('Enter on the listed procedure, then the applicant at once: every key is in the applicant fields', async () => {
    await atEmptyProcedure();
    await page.keyboard.type('xac nhan hon nhan');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('1.004873');
    // Enter and the whole applicant in one burst, no delay between keys ('\n' is Enter: next field).
    await page.keyboard.press('Enter');
    await page.keyboard.type('Nguyễn Văn Anh\n001190012345\n05/03/1990\nSố 1 Hàng Bài, Hoàn Kiếm\n0912345678\nanh.nguyen@example.vn\n');
    expect(await value('procedure')).toMatch(/^1\.004873 – /);
    expect(await value('applicant-fullName')).toBe('Nguyễn Văn Anh');
    expect(await value('applicant-idNumber')).toBe('001190012345');
    expect(await value('applicant-birthDate')).toBe('05/03/1990');
    expect(await value('applicant-address')).toBe('Số 1 Hàng Bài, Hoàn Kiếm');
    expect(await value('applicant-phone')).toBe('0912345678');
    expect(await value('applicant-email')).toBe('anh.nguyen@example.vn');
    await expect.poll(focused).toBe('component-check-0');
    await shot('enter-then-burst');
  });

  it('the procedure query, Enter and the name in one burst, before the search has answered', async () => {
    // The dossier of the previous step was not saved: F2 asks, the second F2 discards it.
    await page.keyboard.press('F2');
    await page.keyboard.press('F2');
    await page.keyboard.type('khai sinh\nLê Thị Bình\n001190012345');
    // The procedure is the first match of what was typed before Enter, chosen when the search answers.
    await expect.poll(() => value('procedure')).toMatch(/^1\.001193 – /);
    expect(await value('applicant-fullName')).toBe('Lê Thị Bình');
    expect(await value('applicant-idNumber')).toBe('001190012345');
    expect(await focused()).toBe('applicant-idNumber');
    // The checklist of the chosen procedure is there.
    await expect.poll(() => page.locator('.components tbody tr').count()).toBeGreaterThan(0);
    await shot('burst-before-search');
  });

  it('F2 after a save, then the next procedure at once: nothing is lost', async () => {
    // Complete and save the dossier of the previous step.
    await page.keyboard.press('Enter');
    await page.keyboard.type('12/12/1990\n');
    await page.locator('#applicant-email').focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('component-check-0');
    await page.keyboard.press('Space');
    // A birth registration's fee follows from the child's birth date (issue 9 #14).
    await page.locator('#fee-eventDate').focus();
    await page.keyboard.type('01/01/2026');
    await page.keyboard.press('Control+S');
    await page.getByTestId('saved-banner').waitFor();
    await page.keyboard.press('F2');
    await page.keyboard.type('khai sinh');
    expect(await value('procedure')).toBe('khai sinh');
    expect(await focused()).toBe('procedure-input');
    await shot('f2-after-save');
  });

  it('F2 while the save is still running, then the next procedure: one dossier saved, every key in the new one', async () => {
    await page.keyboard.press('Enter');
    await page.keyboard.type('Trần Văn Cường\n001190012345\n');
    await page.locator('#applicant-email').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    await page.locator('#fee-eventDate').focus();
    await page.keyboard.type('01/01/2026');
    const before = await page.evaluate(() => document.querySelectorAll('[data-testid="saved-banner"]').length);
    expect(before).toBe(0);
    await page.keyboard.press('Control+S');
    await page.keyboard.press('F2');
    await page.keyboard.type('xac nhan hon nhan');
    await expect.poll(() => value('procedure')).toBe('xac nhan hon nhan');
    expect(await focused()).toBe('procedure-input');
    expect(await value('applicant-fullName')).toBe('');
    // The dossier of Trần Văn Cường was saved once, and the new form is not locked by it.
    await page.keyboard.press('Alt+2');
    await page.getByTestId('today-search').fill('tran van cuong');
    const rows = page.locator('[data-testid="today-table"] tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Trần Văn Cường');
    await shot('f2-during-save');
  });

  it('F8 opens the refusal and the reason typed at once is all in it; Esc, then F2 and the next procedure', async () => {
    await page.keyboard.press('Alt+1');
    await atEmptyProcedure();
    // The search answers late (a busy PC): F8 comes before the procedure is known, and waits for it.
    await page.route('**/procedures.search', async (route) => { await new Promise((r) => setTimeout(r, 600)); await route.continue(); });
    await page.keyboard.type('xac nhan hon nhan\nPhan Văn Đức');
    await page.keyboard.press('F8');
    await page.keyboard.type('Không thuộc thẩm quyền của UBND phường.');
    await expect.poll(() => value('refusal-reason')).toBe('Không thuộc thẩm quyền của UBND phường.');
    expect(await value('applicant-fullName')).toBe('Phan Văn Đức');
    expect(await value('procedure')).toMatch(/^1\.004873 – /);
    await page.unroute('**/procedures.search');
    await page.keyboard.press('Escape');
    await page.keyboard.press('F2');
    await page.keyboard.press('F2'); // the typed dossier is discarded only on the second F2
    await page.keyboard.type('khai sinh');
    expect(await value('procedure')).toBe('khai sinh');
    expect(pageErrors).toEqual([]);
  });
});
