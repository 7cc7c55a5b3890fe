// End to end in the browser shell: the administrator adds an office scan profile, a procedure's default
// profile and a network scanner (the eSCL test server, checked with "Kiểm tra" first) in Quản trị → Máy quét
// with the keyboard, is stopped inline by a resolution under the legal minimum, saves with Ctrl+S, and the
// "Số hóa" panel of a received dossier lists the new scanner and profile at once (no restart).
// Screenshots go to tests/artifacts/e2e/scanning-admin/.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, openBrowser, openFromToday } from '../support/browser';
import { intake } from '../support/core-harness';
import { startEsclServer, type EsclTestServer } from '../support/escl-server';
import { ADMIN, OFFICE } from '../support/fixtures';
import { hasScanimage, makeSaneConfig, type SaneConfig } from '../support/sane';
import { apiCaller, startServer, type RunningServer } from '../support/server';

let server: RunningServer;
let escl: EsclTestServer;
let cfg: SaneConfig | null = null;
let browser: Browser;
let page: Page;
let caller: ReturnType<typeof apiCaller>;
let dossier: { id: string; number: string };
let shot: (name: string) => Promise<void>;
let pageErrors: string[] = [];
const focused = () => page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('data-testid') || '');
async function must(method: string, input: unknown = {}) {
  const r = await caller.call(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data;
}

beforeAll(async () => {
  escl = await startEsclServer();
  // SANE's test backend only (a private configuration), so listing devices does not probe the machine's own.
  cfg = hasScanimage() ? makeSaneConfig() : null;
  server = await startServer({ env: cfg ? { SANE_CONFIG_DIR: cfg.configDir } : {} });
  caller = apiCaller(server);
  await must('setup.initialize', { office: OFFICE, admin: ADMIN });
  caller.setSession((await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
  const [v] = await must('procedures.search', { query: 'tình trạng hôn nhân' });
  const r = await must('dossiers.receive', intake(v.id));
  dossier = { id: r.dossier.id, number: r.dossier.number };
  ({ browser, page, pageErrors, shot } = await openBrowser({ height: 1100, artifacts: 'scanning-admin' }));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await escl?.close();
  cfg?.cleanup();
});

describe('Quản trị → Máy quét in the browser shell', () => {
  it('adds a profile, a procedure default and a network scanner with the keyboard, and saves with Ctrl+S', async () => {
    await logIn(page, server.url);
    await page.keyboard.press('Alt+3');
    await page.getByTestId('admin-tab-scanning').press('Enter');
    await page.getByTestId('scanning-admin').waitFor();
    expect(await page.getByTestId('scan-profile-row').count()).toBe(3);

    // A new profile: the name first (its code follows), grey, 150 dpi — under the legal minimum.
    await page.getByTestId('scan-profile-add').press('Enter');
    await expect.poll(focused).toBe('scan-profile-name');
    await page.keyboard.type('Văn bản 250 dpi');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('scan-profile-id');
    expect(await page.locator('#scan-profile-id').inputValue()).toBe('van-ban-250-dpi');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowDown'); // Màu → Xám
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('scan-profile-dpi');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('150');
    await page.keyboard.press('Control+S');
    await expect.poll(() => page.locator('#scan-profile-dpi-error').textContent()).toBe('Độ phân giải tối thiểu là 200 dpi (Thông tư 02/2019/TT-BNV).');
    expect(await page.getByTestId('scanning-message').textContent()).toContain('Độ phân giải tối thiểu là 200 dpi');
    await shot('dpi-too-low');
    await page.locator('#scan-profile-dpi').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('250');
    expect(await page.locator('#scan-profile-dpi-error').count()).toBe(0);

    // The marriage-status procedure scans in bi-level by default.
    await page.locator('#procedure').focus();
    await page.keyboard.type('xac nhan hon nhan');
    await expect.poll(() => page.locator('#procedure-list [role=option]').first().textContent()).toContain('1.004873');
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('scan-default-0-profile');
    await page.locator('#scan-default-0-profile').selectOption({ label: 'Đen trắng văn bản' });

    // The network scanner: "Kiểm tra" before adding it, then Enter adds it to the list.
    await page.locator('#scan-escl-new').focus();
    await page.keyboard.type(`127.0.0.1:${escl.port}`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('scan-escl-test');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#scan-escl-new-test').textContent()).toBe('Máy quét trả lời: MCD Test eSCL Scanner (mặt kính, khay nạp giấy).');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('scan-escl').textContent()).toContain(`127.0.0.1:${escl.port}`);
    await shot('before-save');

    await page.keyboard.press('Control+S');
    await expect.poll(() => page.getByTestId('scanning-message').textContent()).toContain('Đã lưu cấu hình máy quét');
    // Saved as the core normalized it.
    await expect.poll(() => page.getByTestId('scan-escl').textContent()).toContain(`http://127.0.0.1:${escl.port}/eSCL`);
    expect(await page.getByTestId('scan-escl').textContent()).toContain('Máy quét trả lời: MCD Test eSCL Scanner');
    expect(await page.locator('[data-testid="scan-profile-row"][data-profile="van-ban-250-dpi"]').textContent()).toContain('Của cơ quan');
    const saved = await must('scanning.getSettings');
    expect(saved.profiles.find((p: any) => p.id === 'van-ban-250-dpi')).toMatchObject({ name: 'Văn bản 250 dpi', colorMode: 'gray', dpi: 250, source: 'office' });
    expect(saved.procedureDefaults).toEqual([{ procedureCode: '1.004873', profileId: 'bw-text-300', procedureName: expect.any(String) }]);
    expect(saved.esclAddresses).toEqual([`http://127.0.0.1:${escl.port}/eSCL`]);
    await shot('saved');
  });

  it('the "Số hóa" panel lists the new scanner and profile, and preselects the procedure\'s default', async () => {
    await openFromToday(page, dossier.number);
    await page.getByTestId('detail-scan').press('Enter');
    await page.getByTestId('scanning-panel').waitFor();
    const device = page.getByTestId('scan-device').locator(`option[value="http://127.0.0.1:${escl.port}/eSCL"]`);
    await device.waitFor({ state: 'attached', timeout: 15_000 });
    // Named with how it is reached and where (issue 9 #13), its full address under the list.
    expect(await device.textContent()).toBe(`MCD Test eSCL Scanner (mạng, 127.0.0.1:${escl.port})`);
    await page.getByTestId('scan-profile').locator('option[value="van-ban-250-dpi"]').waitFor({ state: 'attached' });
    expect(await page.getByTestId('scan-profile').locator('option[value="van-ban-250-dpi"]').textContent()).toBe('Văn bản 250 dpi');
    await expect.poll(() => page.getByTestId('scan-profile').inputValue()).toBe('bw-text-300');
    await shot('scanning-panel');
    expect(pageErrors).toEqual([]);
  });
});
