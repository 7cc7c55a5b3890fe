// Every dialog of the app opens with focus on its first field or its marked action — never on the header's
// × (showModal's own choice), where the clerk's next Enter would close it. The page records, for each
// dialog that opens, the element focused once the opening code has run, and any moment a dialog's × gets
// focus at all (nobody Tabs to it here). Dialogs: Mẫu 02 and 03 and "Bỏ hồ sơ đang nhập?" at intake; the
// slip preview after a save; the dossier detail (its content loads after it opens), its slip preview, the
// correction (loaded too) and the Số hóa panel; the users admin's role, password and lock dialogs.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser, openFromToday } from '../support/browser';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE, SPOUSE_PARTY } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];
let dossierNumber: string;
const CLERK = { username: 'tiepnhan', fullName: 'Lê Thị Tân', password: 'matkhau-789', role: 'clerk' };
const TKKH = [{ code: 'TKKH', name: 'Tờ khai đăng ký kết hôn', copyType: 'original', quantity: 1 }];

interface Opened { dialog: string; focused: string; inside: boolean; isClose: boolean }

/** Installed before the app loads: what had focus when each dialog opened, and every focus on a dialog's ×. */
function recordDialogFocus() {
  const w = window as unknown as { __opened: Opened[]; __closeFocused: string[] };
  w.__opened = [];
  w.__closeFocused = [];
  const describe = (el: Element | null) => (el ? el.id || el.getAttribute('data-testid') || `${el.tagName.toLowerCase()}.${el.className}` : 'none');
  new MutationObserver((records) => {
    // One entry per dialog per batch of changes (a dialog may be opened, closed and opened again in one go).
    for (const d of new Set(records.map((r) => r.target as HTMLDialogElement))) {
      if (d.tagName !== 'DIALOG' || !d.open) continue;
      const a = document.activeElement;
      w.__opened.push({
        dialog: d.getAttribute('data-testid') ?? d.getAttribute('aria-label') ?? '?', focused: describe(a),
        inside: !!a && d.contains(a), isClose: !!a?.closest('.dialog-head'),
      });
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['open'] });
  document.addEventListener('focusin', (e) => {
    const t = e.target as Element;
    if (t.closest?.('dialog .dialog-head')) w.__closeFocused.push(t.closest('dialog')?.getAttribute('data-testid') ?? '?');
  }, true);
}

const opened = () => page.evaluate(() => (window as unknown as { __opened: Opened[] }).__opened);
const closeFocused = () => page.evaluate(() => (window as unknown as { __closeFocused: string[] }).__closeFocused);
const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') || document.activeElement?.id || document.activeElement?.tagName || '');
/** The last dialog opened (by test id): focus inside it, not on ×. */
async function expectOpenedWell(testId: string) {
  await expect.poll(async () => (await opened()).some((o) => o.dialog === testId)).toBe(true);
  const o = (await opened()).filter((x) => x.dialog === testId).at(-1)!;
  expect(o, JSON.stringify(o)).toMatchObject({ inside: true, isClose: false });
  return o.focused;
}

beforeAll(async () => {
  server = await startServer();
  const api = apiCaller(server);
  const must = async (method: string, input: unknown = {}) => {
    const r = await api.call(method, input);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.data;
  };
  await must('setup.initialize', { office: OFFICE, admin: ADMIN });
  api.setSession((await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
  await must('users.create', CLERK);
  const [v] = await must('procedures.search', { query: 'đăng ký kết hôn' });
  dossierNumber = (await must('dossiers.receive', intake(v.id, { components: TKKH, parties: [SPOUSE_PARTY] }))).dossier.number;
  ({ browser, page, pageErrors } = await openBrowser({ height: 768, artifacts: 'dialog-focus' }));
  await page.addInitScript(recordDialogFocus);
  await logIn(page, server.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a dialog opens with focus on its first field or its marked action, never on ×', () => {
  it('intake: Mẫu 02, Mẫu 03, "Bỏ hồ sơ đang nhập?"', async () => {
    await expect.poll(focused).toBe('procedure-input');
    await page.keyboard.type('xac nhan hon nhan');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('1.004873');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Nguyễn Văn An');
    for (const [key, id] of [['F7', 'completion-dialog'], ['F8', 'refusal-dialog'], ['F2', 'discard-dialog']] as const) {
      await page.keyboard.press(key);
      await page.getByTestId(id).waitFor();
      await expectOpenedWell(id);
      await page.keyboard.press('Escape');
      await page.getByTestId(id).waitFor({ state: 'detached' });
    }
    expect(await focused()).toBe('applicant-fullName');
  });


  it('the slip preview after a save', async () => {
    await page.locator('#applicant-idNumber').fill('001190012345');
    await page.getByTestId('component-check-0').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Control+P');
    await page.getByTestId('preview-dialog').waitFor();
    await expectOpenedWell('preview-dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('preview-dialog').waitFor({ state: 'detached' });
  });

  it('the dossier detail (loaded after it opens) and the dialogs it opens', async () => {
    await openFromToday(page, dossierNumber);
    expect(await expectOpenedWell('dossier-detail')).not.toBe('none');
    // Once its content is there, "Xem" of the first slip has focus.
    const detail = page.getByTestId('dossier-detail');
    await detail.getByTestId('detail-name').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Xem');

    const previews = (await opened()).filter((o) => o.dialog === 'preview-dialog').length;
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await opened()).filter((o) => o.dialog === 'preview-dialog').length).toBe(previews + 1);
    await expectOpenedWell('preview-dialog');
    await page.keyboard.press('Escape');
    await page.getByTestId('preview-dialog').waitFor({ state: 'detached' });

    await detail.getByTestId('detail-correct').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('correction-dialog').waitFor();
    await expectOpenedWell('correction-dialog');
    await expect.poll(focused).toBe('applicant-fullName');
    await page.keyboard.press('Escape');
    await page.getByTestId('correction-dialog').waitFor({ state: 'detached' });

    await detail.getByTestId('detail-scan').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('scanning-panel').waitFor();
    await expectOpenedWell('scanning-panel');
    await page.keyboard.press('Escape');
    await page.getByTestId('scanning-panel').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
  });

  it('Quản trị → Người dùng: role, password and lock', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-users').press('Enter');
    const row = page.locator(`[data-testid="user-row"][data-username="${CLERK.username}"]`);
    await row.waitFor();
    for (const [button, dialog] of [['user-role', 'user-role-dialog'], ['user-password', 'user-password-dialog'], ['user-lock', 'user-deactivate-dialog']] as const) {
      await row.getByTestId(button).press('Enter');
      await page.getByTestId(dialog).waitFor();
      await expectOpenedWell(dialog);
      await page.keyboard.press('Escape');
      await page.getByTestId(dialog).waitFor({ state: 'detached' });
    }
  });

  it('no dialog\'s × ever had focus, and every dialog opened was checked', async () => {
    const all = await opened();
    expect(all.filter((o) => o.isClose || !o.inside)).toEqual([]);
    expect(await closeFocused()).toEqual([]);
    expect(new Set(all.map((o) => o.dialog)).size).toBe(10);
    expect(pageErrors).toEqual([]);
  });
});
