// Issue 10, end to end: a dossier's whole life with two users in two browser contexts at the counter's
// 1366×768 — the clerk and the officer, then the leader in the officer's window — keyboard only:
// receive → hand over → confirm → request completion (clock paused, form 02) → resume → extend (form 04
// printed to a real CUPS queue) → submit → approve → result ready → return at the counter by typing the slip's
// QR content (read from the printed slip with zbarimg) as a USB barcode scanner does: every key at once, then
// Enter, and the clerk's next key straight after it. Every new screen and dialog is checked at 1366×768 (each
// Tab stop in the window, none under the status bar) and shot to tests/artifacts/e2e/workflow-two-users/.
// Prints the keys each user pressed per step.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../support/browser';
import { CUPS_OUT_FILE, startTestCups } from '../support/cups';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';
import { expectLaidOut, focusIs, freshArtifacts, logInAs, openUser, settle, slipQrContent, type UserPage } from './workflow-support';

const ART = 'workflow-two-users';
const QUEUE = 'MotCuaPdf';
const LOOKUP_URL = 'https://dichvucong.example.vn/tra-cuu';
const PASSWORD = 'matkhau-123';
const CLERK = { username: 'motcua', fullName: 'Phạm Thu Hà', role: 'clerk', password: PASSWORD };
const OFFICER = { username: 'hotich', fullName: 'Đỗ Minh Tuấn', role: 'officer', password: PASSWORD };
const LEADER = { username: 'lanhdao', fullName: 'Lê Văn Lãnh', role: 'leader', password: PASSWORD };

let server: RunningServer;
let browser: Browser;
let clerk: UserPage;
let officer: UserPage;
const admin = () => apiCaller(server);
let adminApi: ReturnType<typeof apiCaller>;
let number = '';
let dossierId = '';
let slipQr = '';
const steps: { user: string; step: string; keys: number; tabs: number; scanned: number }[] = [];

/** Runs one step of a user's flow and records the keys it took. */
async function step(u: UserPage, name: string, fn: () => Promise<void>) {
  const [k, t, sc] = [u.keys, u.tabs, u.scanned];
  await fn();
  steps.push({ user: u.who, step: name, keys: u.keys - k, tabs: u.tabs - t, scanned: u.scanned - sc });
}

const state = async () => (await adminApi.call('workflow.state', { dossierId })).data;
const waitFocus = (u: UserPage, testId: string) => expect.poll(() => focusIs(u.page), { timeout: 10_000 }).toBe(testId);

/** The PDF the CUPS file queue wrote last, as text ('' while incomplete). */
function printedText(): string {
  if (!fs.existsSync(CUPS_OUT_FILE)) return '';
  if (!fs.readFileSync(CUPS_OUT_FILE).subarray(-64).toString('latin1').includes('%%EOF')) return '';
  try { return execFileSync('pdftotext', ['-layout', CUPS_OUT_FILE, '-'], { encoding: 'utf8' }); } catch { return ''; }
}

/** A working day (Mon–Fri) three weeks from now, as the officer types it: dd/mm/yyyy. */
function newDueDate(): string {
  const d = new Date(Date.now() + 21 * 86_400_000 + 7 * 3_600_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6 || (d.getUTCMonth() === 0 && d.getUTCDate() === 1)) d.setUTCDate(d.getUTCDate() + 1);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}

beforeAll(async () => {
  expect(startTestCups()).toContain(QUEUE);
  freshArtifacts(ART);
  server = await startServer();
  adminApi = admin();
  expect((await adminApi.call('setup.initialize', { office: { ...OFFICE, lookupUrl: LOOKUP_URL }, admin: ADMIN })).ok).toBe(true);
  adminApi.setSession((await adminApi.call('auth.login', { username: ADMIN.username, password: ADMIN.password })).data.sessionToken);
  for (const u of [CLERK, OFFICER, LEADER]) expect((await adminApi.call('users.create', u)).ok).toBe(true);
  expect((await adminApi.call('printing.setSettings', { form04: QUEUE, form02: QUEUE })).ok).toBe(true);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  clerk = await openUser(browser, 'clerk', ART);
  officer = await openUser(browser, 'officer', ART);
  await logInAs(clerk, server.url, CLERK, 'Tiếp nhận hồ sơ');
  await logInAs(officer, server.url, OFFICER, 'Tiếp nhận hồ sơ');
}, 180_000);

afterAll(async () => {
  if (steps.length) {
    console.log('Keys per step (layout checks and log-ins not counted):');
    for (const s of steps) {
      console.log(`  ${s.user.padEnd(8)} ${s.step.padEnd(44)} ${String(s.keys).padStart(4)} keys, ${s.tabs} Tab${s.scanned ? ` (+ ${s.scanned} characters from the scanner)` : ''}`);
    }
    const by = (who: string) => steps.filter((s) => s.user === who).reduce((n, s) => n + s.keys, 0);
    console.log(`  total: clerk ${by('clerk')}, officer ${by('officer')}, leader ${by('leader')}; Tabs ${steps.reduce((n, s) => n + s.tabs, 0)}`);
  }
  await browser?.close();
  await server?.stop();
});

describe('a dossier from the counter to its result, two users, keyboard only', () => {
  it('the clerk receives a dossier at the counter', async () => {
    await step(clerk, 'receive (intake, Ctrl+S)', async () => {
      await waitFocus(clerk, 'procedure-input');
      await clerk.type('xac nhan hon nhan');
      await expect.poll(() => clerk.page.getByRole('option').first().textContent()).toContain('1.004873');
      await clerk.press('Enter');
      await clerk.type('Nguyễn Thị Lan\n001190012345\n05/03/1990\nSố 1 Hàng Bài, Hoàn Kiếm\n0912345678\n\n');
      await waitFocus(clerk, 'component-check-0');
      await clerk.press('Space');
      await clerk.press('Control+S');
      await clerk.page.getByTestId('saved-banner').waitFor();
    });
    number = (await clerk.page.getByTestId('saved-number').textContent())!;
    const found = (await adminApi.call('dossiers.list', { query: number, limit: 5 })).data;
    dossierId = found.find((d: { number: string }) => d.number === number).id;
    // The slip as printed: its QR read back from the PDF, as the citizen's paper carries it.
    slipQr = await slipQrContent(adminApi, dossierId);
    expect(slipQr).toContain(`${LOOKUP_URL}?maHoSo=`);
    expect(slipQr).toContain('&maTraCuu=');
  });

  it('Việc của tôi (clerk): the new dossier; Enter opens it on "Chuyển hồ sơ"; the officer is chosen; Enter, Enter hands it over', async () => {
    const p = clerk.page;
    await step(clerk, 'Việc của tôi → open', async () => {
      await clerk.press('Alt+5');
      await p.getByTestId('queue-table').getByText(number).waitFor();
      expect(await focusIs(p)).toBe('queue-filter');
    });
    expect(await expectLaidOut(p, '.work-queue')).toBeGreaterThan(0);
    await clerk.shot('queue');
    await step(clerk, 'hand over to the officer', async () => {
      await clerk.press('Enter');
      await waitFocus(clerk, 'action-handOver');
      await clerk.shot('dossier-page');
      await clerk.press('Enter');
      await p.getByTestId('action-dialog').waitFor();
      // One officer may receive it: already chosen, so Enter goes on.
      await expect.poll(() => p.getByTestId('action-assignee').inputValue()).not.toBe('');
      expect(await p.getByTestId('action-assignee').locator('option:checked').textContent()).toBe(OFFICER.fullName);
      await waitFocus(clerk, 'action-assignee');
      await expectLaidOut(p, '[data-testid="action-dialog"]');
      await clerk.shot('hand-over-dialog');
      await clerk.press('Enter');
      await clerk.press('Enter');
      await p.getByTestId('action-dialog').waitFor({ state: 'detached' });
      await p.getByTestId('workflow-pending').waitFor();
    });
    // Nothing left for the clerk but withdrawing, which Enter never lands on: "Đóng" has focus.
    await waitFocus(clerk, 'detail-close');
    expect(await p.getByTestId('workflow-pending').textContent()).toContain(OFFICER.fullName);
    await clerk.shot('handed-over');
    await step(clerk, 'close the dossier', async () => {
      await clerk.press('Escape');
      await p.getByTestId('dossier-detail').waitFor({ state: 'detached' });
    });
    expect((await state()).stage).toBe('handed-over');
  });

  it('Việc của tôi (officer): marked "Chờ tôi xác nhận"; Enter, Enter confirms', async () => {
    const p = officer.page;
    await step(officer, 'Việc của tôi → confirm receipt', async () => {
      await officer.press('Alt+5');
      const row = p.locator(`[data-testid="work-row"][data-number="${number}"]`);
      await row.waitFor();
      expect(await row.locator('[data-mark="awaitingMyConfirmation"]').textContent()).toBe('Chờ tôi xác nhận');
      await officer.shot('queue-to-confirm');
      await officer.press('Enter');
      await waitFocus(officer, 'action-confirmReceipt');
      await officer.press('Enter');
      await expect.poll(async () => (await state()).stage).toBe('processing');
    });
    // The next useful action has focus.
    // A civil-status dossier (issue 11): registering the confirmation comes first, submitting next to it.
    await waitFocus(officer, 'action-civilStatus');
    expect(await p.getByTestId('workflow-stage').textContent()).toBe('Đang xử lý');
  });

  it('request completion (form 02): the reason left empty is asked for at its field; the clock pauses', async () => {
    const p = officer.page;
    await step(officer, 'request completion (form 02)', async () => {
      for (let i = 0; i < 3; i++) await officer.press('ArrowRight');
      await waitFocus(officer, 'action-requestCompletion');
      await officer.press('Enter');
      await p.getByTestId('action-dialog').waitFor();
      await officer.press('Space');
      await officer.press('Control+Enter');
      await p.locator('#act-reason-error').waitFor();
      await expect.poll(() => focusIs(p)).toBe('act-reason');
      await expectLaidOut(p, '[data-testid="action-dialog"]');
      await officer.shot('completion-reason-asked');
      await officer.type('Thiếu bản sao trích lục khai tử của chồng.');
      await officer.press('Control+Enter');
      await p.getByTestId('preview-dialog').waitFor();
      await officer.shot('form02');
      await officer.press('Escape');
      await p.getByTestId('preview-dialog').waitFor({ state: 'detached' });
    });
    const s = await state();
    expect(s.stage).toBe('completion-requested');
    expect(s.marks.paused).toBe(true);
    expect(await p.getByTestId('workflow-left').textContent()).toContain('Tạm dừng từ');
    await waitFocus(officer, 'action-resume');
  });

  it('resume: Enter; the due date moves by the paused working time', async () => {
    await step(officer, 'resume', async () => {
      await officer.press('Enter');
      await expect.poll(async () => (await state()).stage).toBe('processing');
    });
    expect((await state()).dueChanges.some((c: { kind: string }) => c.kind === 'pause')).toBe(true);
    await waitFocus(officer, 'action-civilStatus');
  });

  it('extend (form 04): an impossible date is refused at its field; the new due date is printed', async () => {
    const p = officer.page;
    const due = newDueDate();
    const before = fs.existsSync(CUPS_OUT_FILE) ? fs.statSync(CUPS_OUT_FILE).mtimeMs : 0;
    await step(officer, 'extend (form 04, printed)', async () => {
      for (let i = 0; i < 5; i++) await officer.press('ArrowRight');
      await waitFocus(officer, 'action-extend');
      await officer.press('Enter');
      await p.getByTestId('action-dialog').waitFor();
      await waitFocus(officer, 'act-newDueDate');
      await officer.type('31/02/2027\n\nCần xác minh nơi cư trú tại xã khác.');
      await officer.press('Control+Enter');
      await p.locator('#act-newDueDate-error').waitFor();
      await expect.poll(() => focusIs(p)).toBe('act-newDueDate');
      await officer.shot('extend-date-refused');
      await officer.press('Control+A');
      await officer.type(due);
      await officer.press('Control+Enter');
      await p.getByTestId('preview-dialog').waitFor();
      await waitFocus(officer, 'print-button');
      await officer.shot('form04');
      await officer.press('Enter');
      await expect.poll(() => p.getByTestId('preview-dialog').getByTestId('print-status').textContent(), { timeout: 20_000 }).toContain(QUEUE);
      await officer.press('Escape');
      await p.getByTestId('preview-dialog').waitFor({ state: 'detached' });
    });
    await expect.poll(() => {
      if (!fs.existsSync(CUPS_OUT_FILE) || fs.statSync(CUPS_OUT_FILE).mtimeMs <= before) return '';
      return printedText().replace(/\s+/g, ' ');
    }, { timeout: 30_000, interval: 200 }).toContain(number);
    // Form 04 writes the new due date in words: "… vào 17 giờ 00 phút, ngày 28 tháng 12 năm 2026".
    const [dd, mm, yyyy] = due.split('/');
    expect(printedText().replace(/\s+/g, ' ')).toContain(`17 giờ 00 phút, ngày ${dd} tháng ${mm} năm ${yyyy}`);
    const s = await state();
    expect(s.marks.extended).toBe(true);
    expect(s.dueChanges.some((c: { kind: string }) => c.kind === 'extension')).toBe(true);
    await waitFocus(officer, 'action-civilStatus');
    await officer.shot('extended');
  });

  it('submit for approval: the leader chosen, Enter, Enter', async () => {
    const p = officer.page;
    await step(officer, 'submit for approval', async () => {
      await officer.press('ArrowRight');
      await officer.press('Enter');
      await p.getByTestId('action-dialog').waitFor();
      await expect.poll(() => p.getByTestId('action-assignee').isEnabled()).toBe(true);
      await officer.press('Enter');
      await officer.press('Enter');
      await p.getByTestId('action-dialog').waitFor({ state: 'detached' });
      await expect.poll(async () => (await state()).stage).toBe('awaiting-approval');
      await officer.press('Escape');
      await p.getByTestId('dossier-detail').waitFor({ state: 'detached' });
    });
  });

  it('Toàn cơ quan (leader, in the officer\'s window): counts by officer; Enter opens on "Phê duyệt"; Enter, Enter', async () => {
    const p = officer.page;
    await p.getByRole('button', { name: 'Đăng xuất' }).click();
    const leader = officer;
    leader.who = 'leader';
    await logInAs(leader, null, LEADER, 'Hồ sơ hôm nay');
    await step(leader, 'Toàn cơ quan → approve', async () => {
      await leader.press('Alt+6');
      await p.getByTestId('office-table').getByText(number).waitFor();
      expect(await p.getByTestId('office-totals').textContent()).toContain('1 đang giải quyết');
      expect(await focusIs(p)).toBe('office-filter');
    });
    expect(await expectLaidOut(p, '.work-office')).toBeGreaterThan(0);
    await leader.shot('office');
    await step(leader, 'approve', async () => {
      await leader.press('Enter');
      await waitFocus(leader, 'action-approve');
      await leader.press('Enter');
      await p.getByTestId('action-dialog').waitFor();
      await expectLaidOut(p, '[data-testid="action-dialog"]');
      await leader.shot('approve-dialog');
      await leader.press('Enter');
      await expect.poll(async () => (await state()).stage).toBe('approved');
      // The core has answered; the dialog closes once the screen has the answer too (later under load): only
      // then is Esc the detail's (before, it would close the action dialog).
      await p.getByTestId('action-dialog').waitFor({ state: 'detached' });
      await leader.press('Escape');
      await p.getByTestId('dossier-detail').waitFor({ state: 'detached' });
    });
    await p.getByRole('button', { name: 'Đăng xuất' }).click();
    leader.who = 'officer';
    await logInAs(officer, null, OFFICER, 'Tiếp nhận hồ sơ');
  });

  it('result ready (officer): Việc của tôi, Enter, Enter, Enter', async () => {
    const p = officer.page;
    await step(officer, 'Việc của tôi → result ready', async () => {
      await officer.press('Alt+5');
      await p.locator(`[data-testid="work-row"][data-number="${number}"]`).waitFor();
      await officer.press('Enter');
      await waitFocus(officer, 'action-resultReady');
      await officer.press('Enter');
      await p.getByTestId('action-dialog').waitFor();
      await officer.press('Enter');
      await expect.poll(async () => (await state()).stage).toBe('result-ready');
      await p.getByTestId('action-dialog').waitFor({ state: 'detached' });
      await officer.press('Escape');
    });
  });

  it('Trả kết quả (clerk): the slip\'s QR typed by a barcode scanner; the Enter right after it is not lost; the return is recorded', async () => {
    const p = clerk.page;
    await step(clerk, 'scan the slip, return to the applicant', async () => {
      await clerk.press('Alt+7');
      await waitFocus(clerk, 'return-scan');
      // The scanner: every character with no delay, then Enter; the clerk's Enter follows at once, while the
      // core is still looking the dossier up — it must reach the form's first field, not be lost.
      await clerk.scan(slipQr);
      await clerk.press('Enter');
      await p.getByTestId('return-form').waitFor();
      await waitFocus(clerk, 'ret-satisfaction');
      expect(await p.getByTestId('return-number').textContent()).toBe(number);
      await expectLaidOut(p, '.return-screen');
      await clerk.shot('return-form');
      await clerk.press('ArrowDown');
      await clerk.press('Enter');
      await p.getByTestId('return-done').waitFor();
    });
    // Focus is back in the box for the next citizen.
    await waitFocus(clerk, 'return-scan');
    expect(await p.getByTestId('return-done').textContent()).toContain('Nguyễn Thị Lan');
    await clerk.shot('returned');
    const s = await state();
    expect(s.stage).toBe('returned');
    expect(s.status).toBe(10);
    expect(s.returned).toMatchObject({ method: 'counter', satisfaction: 'satisfied', collector: { kind: 'applicant', fullName: 'Nguyễn Thị Lan', idNumber: '001190012345' } });
  });

  it('the dossier page tells the whole story: every event, who and when', async () => {
    const p = clerk.page;
    await clerk.press('Alt+2');
    await p.getByTestId('today-search').fill(number);
    await p.getByTestId('today-table').getByText(number).waitFor();
    await p.getByTestId('today-search').press('Enter');
    const timeline = p.getByTestId('workflow-timeline');
    await timeline.waitFor();
    const text = (await timeline.textContent())!;
    for (const who of [CLERK.fullName, OFFICER.fullName, LEADER.fullName]) expect(text).toContain(who);
    expect(await p.getByTestId('workflow-handovers').locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await timeline.scrollIntoViewIfNeeded();
    await settle(p);
    await clerk.shot('timeline');
    await p.keyboard.press('Escape');
    expect([...clerk.pageErrors, ...officer.pageErrors]).toEqual([]);
  });
});
