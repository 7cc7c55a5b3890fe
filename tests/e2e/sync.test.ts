// End to end in the browser shell (issue 4): the provincial system is down while a dossier is received at the
// counter; the status bar and the sync screen say so in plain Vietnamese; the reference portal comes up on
// that address, "Thử lại ngay" sends everything, the dossier gets its official number and the provisional
// number printed on the slip still finds it. Then a rejection is parked, fixed in the settings and resent.
// Issue 9 #12: every message says what happened (a warning while nothing is configured, an error when the
// province refuses a resend again, success only once sent), an address answering a 404 page is never shown as
// connected, the outage line says the work is kept on this PC, rows name their files, and "Kiểm tra kết nối"
// names the setting at fault with focus on it.
// Screenshots go to tests/artifacts/e2e/sync/ (the intake test clears tests/artifacts/e2e/ itself).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { logIn, openBrowser } from '../support/browser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE } from '../support/fixtures';
import { startForeignServer, type ForeignServer } from '../support/reference-portal/foreign';
import { ReferencePortal } from '../support/reference-portal/server';
import { apiCaller, startServer, type RunningServer } from '../support/server';

const PORTAL_USER = 'motcua';
const PORTAL_PASSWORD = 'matkhau-dongbo';
const NAME = 'Phạm Minh Đức';
const ID_NUMBER = '001085004321';
const PROVISIONAL = /^000\.00\.13\.H42-\d{6}-\d{4}$/;
const OFFICIAL = /^000\.00\.13\.H42\.\d{2}\.\d{6}$/;

let server: RunningServer;
let browser: Browser;
let page: Page;
let portal: ReferencePortal | null = null;
let port = 0;
const portalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-e2e-portal-'));
let shot: (name: string, opts?: { viewport?: boolean }) => Promise<void>;
let pageErrors: string[] = [];
/** A web server that answers every path with its 404 page: an address that is not the provincial system. */
let notPortal: ForeignServer;

const bar = () => page.getByTestId('sync-status');
const focusedId = () => page.evaluate(() => document.activeElement?.id);
/** The sync screen's message: its text and its kind (notice-success, -info, -warning, -error). */
async function syncMessage(): Promise<{ text: string; kind: string }> {
  const notice = page.getByTestId('sync-message');
  return { text: (await notice.textContent()) ?? '', kind: ((await notice.getAttribute('class')) ?? '').replace(/.*notice-(\w+).*/, '$1') };
}
/** Every connectivity the status bar shows while `until` is awaited (is "online" ever claimed?). */
async function connectivitiesWhile(until: () => Promise<unknown>): Promise<Set<string>> {
  const seen = new Set<string>();
  let done = false;
  const watching = (async () => { while (!done) { seen.add((await bar().getAttribute('data-connectivity')) ?? ''); await page.waitForTimeout(50); } })();
  try { await until(); } finally { done = true; await watching; }
  return seen;
}
const rows = () => page.locator('[data-testid="sync-item"]');
/** The same answer the status bar is built from, read over HTTP as the UI does. */
let caller: ReturnType<typeof apiCaller>;
async function syncStatus(): Promise<any> {
  const r = await caller.call('sync.status');
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data;
}

beforeAll(async () => {
  // Reserve a port for the portal and stop it again: the office starts with the provincial system down.
  portal = await new ReferencePortal({ dir: portalDir }).start();
  port = portal.port;
  await portal.close();
  portal = null;

  server = await startServer();
  caller = apiCaller(server);
  const setup = await caller.call('setup.initialize', { office: OFFICE, admin: ADMIN });
  expect(setup.ok).toBe(true);
  const login = await caller.call('auth.login', { username: ADMIN.username, password: ADMIN.password });
  caller.setSession(login.data.sessionToken);

  ({ browser, page, pageErrors, shot } = await openBrowser({ height: 1000, artifacts: 'sync' }));
  notPortal = await startForeignServer('html-404');
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await portal?.close();
  await notPortal?.close();
});

describe('offline-first sync in the browser shell', () => {
  it('shows "chưa cấu hình" until the provincial system is set up', async () => {
    await logIn(page, server.url);
    await expect.poll(() => bar().getAttribute('data-connectivity')).toBe('not-configured');
    expect(await bar().textContent()).toContain('chưa cấu hình');
    await shot('not-configured');
  });

  it('with nothing configured, "Thử lại ngay" warns that the work is kept on this PC instead of saying it is sending', async () => {
    const xnhn = (await caller.call('procedures.search', { query: '1.004873' })).data[0].id;
    expect((await caller.call('dossiers.receive', intake(xnhn, { applicant: { ...intake(xnhn).applicant, fullName: 'Đỗ Thị Chờ' } }))).ok).toBe(true);
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: 'Đồng bộ với hệ thống tỉnh' }).waitFor();
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    // The row says what it carries.
    expect(await rows().first().getByTestId('sync-item-detail').textContent()).toContain('Đỗ Thị Chờ');
    await page.keyboard.press('Shift+R');
    await expect.poll(async () => (await syncMessage()).kind).toBe('warning');
    const all = await syncMessage();
    expect(all.text).toMatch(/^Chưa cấu hình kết nối hệ thống một cửa của tỉnh nên chưa gửi được: \d+ mục vẫn được lưu trên máy này/);
    expect(all.text).not.toMatch(/Đang gửi lại ngay|Đã gửi/);
    await page.keyboard.press('r');
    await expect.poll(async () => (await syncMessage()).text).toMatch(/^Chưa cấu hình .*: tạo hồ sơ ".*Đỗ Thị Chờ" của hồ sơ .+ vẫn được lưu trên máy này/);
    expect((await syncMessage()).kind).toBe('warning');
    await shot('retry-not-configured');
  });

  it('configures the provincial system in Quản trị → Hệ thống tỉnh: "Kiểm tra kết nối" names what is wrong; a 404 address is never "connected"', async () => {
    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-portal').press('Enter');
    await page.getByTestId('portal-settings').waitFor();
    await page.getByLabel('Bật đồng bộ với hệ thống một cửa của tỉnh').check();
    // Saving without an address is stopped next to the field.
    await page.getByTestId('portal-save').press('Enter');
    await expect.poll(() => page.locator('#portal-baseUrl-error').textContent()).toContain('http://');
    // First an address that answers every path with a 404 page.
    await page.getByLabel('Địa chỉ hệ thống tỉnh').fill(notPortal.url);
    await page.getByLabel('Mã đơn vị (madonvi)').fill(OFFICE.agencyCode);
    await page.getByLabel('Tên đăng nhập đồng bộ').fill(PORTAL_USER);
    await page.getByLabel('Mật khẩu đồng bộ').fill(PORTAL_PASSWORD);
    // Generous: a loaded test machine must not turn a slow answer into "no line" (a closed port is refused at once anyway).
    await page.getByLabel('Thời gian chờ trả lời (giây)').fill('10');
    await page.getByLabel('Lấy thay đổi từ tỉnh mỗi (giây)').fill('0');
    await page.getByTestId('portal-check').press('Enter');
    await expect.poll(() => page.getByTestId('portal-check-summary').textContent()).toBe('Chưa kết nối được: địa chỉ không phải hệ thống một cửa của tỉnh.');
    expect(await page.locator('[data-testid="portal-check-steps"] li[data-step="service"]').getAttribute('data-state')).toBe('failed');
    expect(await page.locator('#portal-baseUrl-error').textContent()).toMatch(/^Địa chỉ không phải hệ thống một cửa của tỉnh: \/health trả lời một trang web \(HTML\)/);
    // The shared first-error focus: on the address, the field at fault.
    await expect.poll(focusedId).toBe('portal-baseUrl');
    await shot('portal-check-404');
    // Saved anyway: the status bar never claims a connection and says why, with the work kept on this PC.
    const seen = await connectivitiesWhile(async () => {
      await page.getByTestId('portal-save').press('Enter');
      await expect.poll(() => page.getByTestId('portal-message').textContent()).toContain('Đã lưu');
      await expect.poll(() => bar().getAttribute('data-connectivity'), { timeout: 15_000 }).toBe('misconfigured');
    });
    expect(seen.has('online')).toBe(false);
    expect(await bar().getByTestId('sync-connectivity').textContent())
      .toMatch(/^Không gửi được: Địa chỉ không phải hệ thống một cửa của tỉnh — hồ sơ vẫn được lưu trên máy này \(\d+ mục chờ gửi\)$/);
    expect(await bar().locator('.sync-dot').getAttribute('class')).toContain('sync-misconfigured');
    await shot('status-404', { viewport: true });

    // Then the province's real address, down for now: the check says nothing answers there.
    await page.getByLabel('Địa chỉ hệ thống tỉnh').fill(`http://127.0.0.1:${port}/dvc`);
    await page.getByTestId('portal-check').press('Enter');
    await expect.poll(() => page.locator('[data-testid="portal-check-steps"] li[data-step="reach"]').getAttribute('data-state')).toBe('failed');
    expect(await page.locator('#portal-baseUrl-error').textContent()).toMatch(/từ chối kết nối/);
    await expect.poll(focusedId).toBe('portal-baseUrl');
    await shot('portal-settings');
    await page.getByTestId('portal-save').press('Enter');
    await expect.poll(() => page.getByTestId('portal-message').textContent()).toContain('Đã lưu');
    expect(await page.getByLabel('Mật khẩu đồng bộ').inputValue()).toBe('');
    expect(await page.getByLabel('Mật khẩu đồng bộ').getAttribute('placeholder')).toContain('Đã lưu');
    expect(await page.content()).not.toContain(PORTAL_PASSWORD);
    await expect.poll(() => bar().getAttribute('data-connectivity'), { timeout: 15_000 }).toBe('offline');
    expect(await bar().getByTestId('sync-connectivity').textContent())
      .toMatch(/^Mất kết nối với hệ thống tỉnh — hồ sơ vẫn được lưu trên máy này và sẽ tự gửi khi có mạng \(\d+ mục chờ gửi\)$/);
    await shot('portal-saved');
  });

  let provisional = '';
  it('receives a dossier with the keyboard while the portal is down: the status bar shows it waiting, offline', async () => {
    await page.keyboard.press('Alt+1');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('procedure');
    await page.keyboard.type('xac nhan hon nhan');
    await expect.poll(() => page.getByRole('option').first().textContent()).toContain('1.004873');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('applicant-fullName');
    await page.keyboard.type(NAME);
    await page.keyboard.press('Enter');
    await page.keyboard.type(ID_NUMBER);
    await page.keyboard.press('Enter');
    await page.keyboard.type('20/07/1985');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Số 3 ngõ Núi Trúc, Ba Đình, Hà Nội');
    await page.keyboard.press('Enter');
    await page.keyboard.type('0987 654 321');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // no e-mail
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('component-check-0');
    await page.keyboard.press('Space');
    await page.keyboard.press('Control+P');
    await page.getByTestId('preview-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('preview-dialog').waitFor({ state: 'detached' });
    provisional = (await page.getByTestId('saved-number').textContent())!;
    expect(provisional).toMatch(PROVISIONAL);

    await expect.poll(() => bar().getAttribute('data-connectivity'), { timeout: 15_000 }).toBe('offline');
    await expect.poll(async () => Number(await bar().getByTestId('sync-waiting').locator('strong').textContent())).toBeGreaterThan(0);
    const text = (await bar().textContent())!;
    expect(text).toContain('Mất kết nối với hệ thống tỉnh — hồ sơ vẫn được lưu trên máy này và sẽ tự gửi khi có mạng');
    expect(text).toContain('Chưa đồng bộ lần nào');
    expect(text).not.toContain('cần xử lý');
    // The bar counts what the core counts.
    // (The line is known down before the drainer tried anything: it may still be queuing the dossier's items.)
    await expect.poll(async () => Number(await bar().getByTestId('sync-waiting').locator('strong').textContent()) === (await syncStatus()).waiting,
      { timeout: 15_000 }).toBe(true);
    await shot('offline-waiting');
  });

  it('lists the waiting items on the sync screen with the error in plain Vietnamese', async () => {
    await page.keyboard.press('Alt+4');
    await page.getByRole('heading', { name: 'Đồng bộ với hệ thống tỉnh' }).waitFor();
    // The list has focus so the keys work at once.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sync-items');
    await expect.poll(() => rows().count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('sync-items').textContent(), { timeout: 10_000 })
      .toContain('Không kết nối được hệ thống một cửa của tỉnh');
    const all = (await page.getByTestId('sync-items').textContent())!;
    expect(all).toContain(provisional);
    expect(all).toContain('Đang chờ gửi');
    expect(all).toContain('Khi có kết nối trở lại');
    expect(await page.getByTestId('sync-summary').textContent()).toContain('Mất kết nối với hệ thống tỉnh — hồ sơ vẫn được lưu trên máy này');
    // Each upload names its file and paper: the slip (of the dossier the drainer reached before the line failed).
    await expect.poll(async () => (await page.getByTestId('sync-items').locator('[data-testid="sync-item-detail"]').allTextContents())
      .some((t) => /^form01-000\.00\.13\.H42-\d{6}-\d{4}\.pdf — Giấy tiếp nhận hồ sơ và hẹn trả kết quả \(Mẫu 01\)$/.test(t))).toBe(true);
    // ↓ moves the highlighted row.
    if (await rows().count() > 1) {
      await page.keyboard.press('ArrowDown');
      expect(await rows().nth(1).getAttribute('aria-selected')).toBe('true');
      await page.keyboard.press('ArrowUp');
    }
    expect(await rows().nth(0).getAttribute('aria-selected')).toBe('true');
    await shot('sync-screen-offline');
  });

  it('after the portal comes up on that address, "Thử lại ngay" sends everything and the number is confirmed', async () => {
    portal = await new ReferencePortal({ dir: portalDir }).start(port);
    await page.keyboard.press('Shift+R');
    // Said from what the core saw: items sent (green only when nothing is left or failed).
    await expect.poll(async () => (await syncMessage()).text, { timeout: 20_000 }).toMatch(/^Đã gửi \d+ mục lên hệ thống tỉnh/);
    const sentMessage = await syncMessage();
    expect(sentMessage.kind).toBe(/còn \d+ mục/.test(sentMessage.text) ? 'info' : 'success');
    await expect.poll(() => bar().getAttribute('data-connectivity'), { timeout: 20_000 }).toBe('online');
    await expect.poll(() => bar().getByTestId('sync-waiting').locator('strong').textContent(), { timeout: 20_000 }).toBe('0');
    await expect.poll(() => page.getByTestId('sync-empty').textContent()).toContain('mọi thay đổi đã lên hệ thống tỉnh');
    expect(await bar().getByTestId('sync-last').textContent()).toMatch(/^Đồng bộ lần cuối \d{2}:\d{2}$/);
    expect(await syncStatus()).toMatchObject({ connectivity: 'online', waiting: 0, parked: 0 });
    await shot('synced');

    // Today's list: the official number, no longer "tạm".
    await page.keyboard.press('Alt+2');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('today-search');
    await page.keyboard.type(NAME);
    const today = page.locator('[data-testid="today-table"] tbody tr');
    await expect.poll(() => today.count()).toBe(1);
    const numberCell = today.first().locator('td').first();
    await expect.poll(() => numberCell.textContent()).toMatch(OFFICIAL);
    expect(await numberCell.locator('.tag').count()).toBe(0);
    const official = (await numberCell.textContent())!;
    // Exactly once on the provincial side.
    expect(portal.store.record(official)).toMatchObject({ ChuHoSo: NAME, MaTTHC: '1.004873' });
    expect(portal.store.counts()[official]).toMatchObject({ creates: 1 });
    await shot('today-official');

    // The provisional number printed on the slip still finds the dossier.
    await page.keyboard.press('Control+A');
    await page.keyboard.type(provisional);
    await expect.poll(() => today.count()).toBe(1);
    await expect.poll(() => numberCell.textContent()).toBe(official);
    await shot('found-by-provisional');
  });

  it('parks a rejection as "cần xử lý", then resends it after the code mapping is fixed', async () => {
    // The province's catalogue lacks this procedure: its dossier is refused (4xx), not retried forever.
    portal!.store.db.prepare(`DELETE FROM procedure WHERE code = '1.001193'`).run();
    const ks = (await caller.call('procedures.search', { query: '1.001193' })).data[0].id;
    const received = await caller.call('dossiers.receive', intake(ks));
    expect(received.ok).toBe(true);
    await expect.poll(() => bar().textContent(), { timeout: 20_000 }).toContain('1 cần xử lý');
    await shot('parked-status-bar');

    await bar().click();
    await page.getByRole('heading', { name: 'Đồng bộ với hệ thống tỉnh' }).waitFor();
    const parked = page.locator('[data-testid="sync-item"][data-state="needs_attention"]');
    await expect.poll(() => parked.count()).toBe(1);
    expect(await parked.textContent()).toMatch(/Hệ thống tỉnh từ chối: .*1\.001193/);
    // Later items of that dossier wait behind it, and say so.
    const blocked = page.locator('[data-testid="sync-item"][data-state="pending"]');
    await expect.poll(() => blocked.count()).toBeGreaterThan(0);
    expect(await blocked.first().textContent()).toContain('Chờ mục trước của hồ sơ được xử lý');
    expect(await blocked.first().getByRole('button', { name: 'Thử lại ngay' }).count()).toBe(0);
    await shot('parked-item');

    // "Gửi lại" before anything was fixed: the province refuses again, and the screen says so (not "Đã gửi lại").
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sync-items');
    for (let i = 0; i < 20 && (await parked.getAttribute('aria-selected')) !== 'true'; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('parked-dialog').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('parked-resend');
    await page.keyboard.press('Enter');
    await page.getByTestId('parked-dialog').waitFor({ state: 'detached', timeout: 20_000 });
    const refused = await syncMessage();
    expect(refused.kind).toBe('error');
    expect(refused.text).toMatch(/^Chưa gửi được tạo hồ sơ ".+" của hồ sơ .+\. Hệ thống tỉnh từ chối: .*1\.001193.*Mục vẫn ở "cần xử lý"/);
    expect(refused.text).not.toMatch(/Đã gửi/);
    await expect.poll(() => parked.count()).toBe(1);
    await shot('resend-refused');

    // The administrator checks the account with a mistyped password: the account fields are at fault, focus on the first…
    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-portal').press('Enter');
    await page.getByLabel('Mật khẩu đồng bộ').fill('mat-khau-go-sai');
    await page.getByTestId('portal-check').press('Enter');
    await expect.poll(() => page.getByTestId('portal-check-summary').textContent()).toBe('Chưa kết nối được: sai tài khoản đồng bộ.');
    expect(await page.locator('#portal-username-error').textContent()).toMatch(/^Sai tài khoản đồng bộ: hệ thống tỉnh trả lời "Sai tên đăng nhập hoặc mật khẩu"/);
    await expect.poll(focusedId).toBe('portal-username');
    await shot('portal-check-password');
    // …with the saved password (nothing typed) every step passes, the harmless read included.
    await page.getByLabel('Mật khẩu đồng bộ').fill('');
    await page.getByTestId('portal-check').press('Enter');
    await expect.poll(() => page.getByTestId('portal-check-summary').textContent())
      .toBe('Kết nối được hệ thống một cửa của tỉnh: đúng dịch vụ, đăng nhập được, đọc được dữ liệu.');
    expect(await page.locator('[data-testid="portal-check-steps"] li[data-state="ok"]').count()).toBe(4);
    // Nothing at fault: focus stays on the button (it is never disabled under the keyboard while it runs).
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('portal-check');
    expect(await page.locator('#portal-username-error').count()).toBe(0);
    await shot('portal-check-ok');

    // The administrator maps the code to the province's one…
    await page.getByLabel('Đối chiếu mã thủ tục (mỗi dòng: mã tại quầy = mã của tỉnh)').fill('1.001193 = 1.004873');
    await page.getByTestId('portal-save').press('Enter');
    await expect.poll(() => page.getByTestId('portal-message').textContent()).toContain('Đã lưu');

    // …and resends from the sync screen with the keyboard: walk to the parked row, Enter, Enter on "Gửi lại".
    await page.keyboard.press('Alt+4');
    await expect.poll(() => parked.count()).toBe(1);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('sync-items');
    for (let i = 0; i < 20 && (await parked.getAttribute('aria-selected')) !== 'true'; i++) await page.keyboard.press('ArrowDown');
    expect(await parked.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.getByTestId('parked-dialog').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('parked-resend');
    // "Đã xử lý" needs a note saying how: refused inline before any call.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('parked-note');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#parked-note-error').textContent()).toBe('Ghi rõ đã xử lý thế nào');
    await shot('parked-dialog');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByTestId('parked-dialog').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await syncMessage()).toEqual({ kind: 'success', text: expect.stringMatching(/^Đã gửi lên hệ thống tỉnh: tạo hồ sơ ".+" của hồ sơ .+\.$/) });
    await expect.poll(async () => { const s = await syncStatus(); return s.parked + s.waiting; }, { timeout: 20_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('sync-empty').textContent()).toContain('mọi thay đổi đã lên hệ thống tỉnh');
    await expect.poll(() => bar().getByTestId('sync-parked').count()).toBe(0);
    const synced = await caller.call('dossiers.get', { id: received.data.dossier.id });
    expect(synced.data.number).toMatch(OFFICIAL);
    expect(portal!.store.record(synced.data.number)?.MaTTHC).toBe('1.004873');
    await shot('resent');
    expect(pageErrors).toEqual([]);
  });
});
