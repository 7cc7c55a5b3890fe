// Issue 11, end to end: a birth registration from receipt to the certificate printed and the result returned,
// keyboard only, two users in two browser contexts at the counter's 1366×768 — the clerk receives the dossier
// (1.001193) and hands it over; the officer confirms, opens the registration from the dossier page (the next
// useful action), fills the form drawn from the birth schema with the keyboard (a 9-digit ID number refused at
// its field with focus on it), registers (Số and Quyển số of this year's book), prints the certificate, submits
// it; the leader approves (API); the officer marks the result ready; the clerk returns it by scanning the slip's
// QR. Then the register book (Alt+H) lists the entry. Keys per step printed like workflow-two-users.
// Screenshots in tests/artifacts/e2e/civil-status-birth/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../support/browser';
import { CUPS_OUT_FILE, startTestCups } from '../support/cups';
import { ADMIN, OFFICE } from '../support/fixtures';
import { apiCaller, startServer, type RunningServer } from '../support/server';
import { expectLaidOut, focusIs, freshArtifacts, logInAs, openUser, slipQrContent, type UserPage } from './workflow-support';

const ART = 'civil-status-birth';
const QUEUE = 'MotCuaPdf';
/** The offset measured on this printer's calibration page (mm). */
const OFFSET = { x: 1.5, y: -0.8 };
const PASSWORD = 'matkhau-123';
const CLERK = { username: 'motcua', fullName: 'Phạm Thu Hà', role: 'clerk', password: PASSWORD };
const OFFICER = { username: 'hotich', fullName: 'Đỗ Minh Tuấn', role: 'officer', password: PASSWORD };
const LEADER = { username: 'lanhdao', fullName: 'Lê Văn Lãnh', role: 'leader', password: PASSWORD };

let server: RunningServer;
let browser: Browser;
let clerk: UserPage;
let officer: UserPage;
let adminApi: ReturnType<typeof apiCaller>;
let leaderApi: ReturnType<typeof apiCaller>;
let number = '';
let dossierId = '';
let slipQr = '';
const steps: { user: string; step: string; keys: number; tabs: number; scanned: number }[] = [];

async function step(u: UserPage, name: string, fn: () => Promise<void>) {
  const [k, t, sc] = [u.keys, u.tabs, u.scanned];
  await fn();
  steps.push({ user: u.who, step: name, keys: u.keys - k, tabs: u.tabs - t, scanned: u.scanned - sc });
}

const state = async () => (await adminApi.call('workflow.state', { dossierId })).data;
const waitFocus = (u: UserPage, id: string) => expect.poll(() => focusIs(u.page), { timeout: 10_000 }).toBe(id);

/** dd/mm/yyyy of a day `n` days before today (Vietnam time). */
function daysAgo(n: number): string {
  const d = new Date(Date.now() + 7 * 3_600_000 - n * 86_400_000);
  return `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${d.getUTCFullYear()}`;
}
const BIRTH = daysAgo(10);
const YEAR = new Date(Date.now() + 7 * 3_600_000).getUTCFullYear();

/** The PDF the CUPS file queue wrote last, as text ('' while incomplete). */
function printedText(): string {
  if (!fs.existsSync(CUPS_OUT_FILE)) return '';
  if (!fs.readFileSync(CUPS_OUT_FILE).subarray(-64).toString('latin1').includes('%%EOF')) return '';
  try { return execFileSync('pdftotext', ['-layout', CUPS_OUT_FILE, '-'], { encoding: 'utf8' }); } catch { return ''; }
}

beforeAll(async () => {
  expect(startTestCups()).toContain(QUEUE);
  freshArtifacts(ART);
  server = await startServer();
  adminApi = apiCaller(server);
  leaderApi = apiCaller(server);
  expect((await adminApi.call('setup.initialize', { office: { ...OFFICE, lookupUrl: 'https://dichvucong.example.vn/tra-cuu' }, admin: ADMIN })).ok).toBe(true);
  adminApi.setSession((await adminApi.call('auth.login', { username: ADMIN.username, password: ADMIN.password })).data.sessionToken);
  for (const u of [CLERK, OFFICER, LEADER]) expect((await adminApi.call('users.create', u)).ok).toBe(true);
  leaderApi.setSession((await leaderApi.call('auth.login', { username: LEADER.username, password: LEADER.password })).data.sessionToken);
  // The certificate printer was calibrated from its calibration page (Quản trị → Máy in).
  expect((await adminApi.call('certificates.setCalibration', { printer: QUEUE, ...OFFSET })).ok).toBe(true);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  clerk = await openUser(browser, 'clerk', ART);
  officer = await openUser(browser, 'officer', ART);
  await logInAs(clerk, server.url, CLERK, 'Tiếp nhận hồ sơ');
  await logInAs(officer, server.url, OFFICER, 'Tiếp nhận hồ sơ');
  // This PC printed certificates on that printer before: the print dialog starts on it (as it remembers it).
  await officer.page.evaluate((q) => localStorage.setItem('motcua.certificatePrinter', q), QUEUE);
}, 180_000);

afterAll(async () => {
  if (steps.length) {
    console.log('Keys per step, civil-status birth (layout checks and log-ins not counted):');
    for (const s of steps) {
      console.log(`  ${s.user.padEnd(8)} ${s.step.padEnd(48)} ${String(s.keys).padStart(4)} keys, ${s.tabs} Tab${s.scanned ? ` (+ ${s.scanned} characters from the scanner)` : ''}`);
    }
    const by = (who: string) => steps.filter((s) => s.user === who).reduce((n, s) => n + s.keys, 0);
    console.log(`  total: clerk ${by('clerk')}, officer ${by('officer')}; Tabs ${steps.reduce((n, s) => n + s.tabs, 0)}`);
  }
  await browser?.close();
  await server?.stop();
});

describe('a birth registration from the counter to the certificate and back, keyboard only', () => {
  it('the clerk receives the birth registration (1.001193); the child\'s birth date is asked for the fee', async () => {
    await step(clerk, 'receive (intake, Ctrl+S)', async () => {
      await waitFocus(clerk, 'procedure-input');
      await clerk.type('khai sinh');
      await expect.poll(() => clerk.page.getByRole('option').first().textContent()).toContain('1.001193');
      await clerk.press('Enter');
      await clerk.type('Nguyễn Văn Bình\n001090012345\n02/09/1990\nSố 5 Kim Mã, Ba Đình, Hà Nội\n0912345678\n\n');
      await waitFocus(clerk, 'component-check-0');
      await clerk.press('Space');
      // The fee depends on the child's birth date: asked for at its field.
      await clerk.press('Control+S');
      await waitFocus(clerk, 'fee-eventDate');
      await clerk.type(BIRTH);
      await clerk.press('Control+S');
      await clerk.page.getByTestId('saved-banner').waitFor();
    });
    number = (await clerk.page.getByTestId('saved-number').textContent())!;
    const found = (await adminApi.call('dossiers.list', { query: number, limit: 5 })).data;
    dossierId = found.find((d: { number: string }) => d.number === number).id;
    slipQr = await slipQrContent(adminApi, dossierId);
  });

  it('the clerk hands it over to the officer from Việc của tôi', async () => {
    const p = clerk.page;
    await step(clerk, 'Việc của tôi → hand over', async () => {
      await clerk.press('Alt+5');
      await p.getByTestId('queue-table').getByText(number).waitFor();
      await clerk.press('Enter');
      await waitFocus(clerk, 'action-handOver');
      await clerk.press('Enter');
      await p.getByTestId('action-dialog').waitFor();
      await expect.poll(() => p.getByTestId('action-assignee').inputValue()).not.toBe('');
      await clerk.press('Enter');
      await clerk.press('Enter');
      await p.getByTestId('workflow-pending').waitFor();
      await clerk.press('Escape');
      await p.getByTestId('dossier-detail').waitFor({ state: 'detached' });
    });
    expect((await state()).stage).toBe('handed-over');
  });

  it('the officer confirms; the registration is the next useful action and has focus', async () => {
    const p = officer.page;
    await step(officer, 'Việc của tôi → confirm receipt', async () => {
      await officer.press('Alt+5');
      await p.locator(`[data-testid="work-row"][data-number="${number}"]`).waitFor();
      await officer.press('Enter');
      await waitFocus(officer, 'action-confirmReceipt');
      await officer.press('Enter');
      await expect.poll(async () => (await state()).stage).toBe('processing');
    });
    await waitFocus(officer, 'action-civilStatus');
    expect(await p.getByTestId('action-civilStatus').textContent()).toContain('Đăng ký khai sinh');
    await officer.shot('dossier-page');
  });

  it('the birth form: focus on the child\'s name, the people from the dossier, a 9-digit ID refused at its field, registered with Số and Quyển số', async () => {
    const p = officer.page;
    const dialog = p.getByTestId('cs-register-dialog');
    await step(officer, 'open the registration', async () => {
      await officer.press('Enter');
      await dialog.waitFor();
      await waitFocus(officer, 'cs-child-fullName');
    });
    // The declarant is the dossier's applicant, filled in already.
    expect(await p.locator('#cs-declarant-fullName').inputValue()).toBe('Nguyễn Văn Bình');
    await step(officer, 'fill the birth form (Enter between fields)', async () => {
      await officer.type('Nguyễn Minh An\n');
      await waitFocus(officer, 'cs-child-sex');
      await officer.press('n');
      await officer.press('Enter');
      // The date the clerk typed for the fee may be there already: typed over.
      await officer.press('Control+A');
      await officer.type(`${BIRTH}\n`);
      await officer.type('Trạm y tế phường Ba Đình, Hà Nội\n');
      // Quê quán, dân tộc (Kinh), quốc tịch (Việt Nam), số định danh of the child: left as they are.
      await officer.type('Hà Nội\n\n\n\n');
      await waitFocus(officer, 'cs-father-fullName');
      await officer.type('Nguyễn Văn Bình\n1990\n\n\n001090012345\nSố 5 Kim Mã, Ba Đình, Hà Nội\n');
      await waitFocus(officer, 'cs-mother-fullName');
      // The mother's old 9-digit ID card number: refused at its field when saving.
      await officer.type('Trần Thị Hoa\n1992\n\n\n012345678\nSố 5 Kim Mã, Ba Đình, Hà Nội\n');
      await waitFocus(officer, 'cs-declarant-fullName');
      await officer.press('Enter');
      await officer.press('Enter');
      await officer.type('Cha\n');
    });
    // The date in words beside the figures, as the certificate writes it.
    const [dd, mm] = BIRTH.split('/').map(Number);
    expect(await p.getByTestId('cs-child-birthDate-words').textContent()).toMatch(new RegExp(`^Bằng chữ: ngày .+ tháng .+ năm hai nghìn`));
    expect(dd! > 0 && mm! > 0).toBe(true);
    // Every field reached by Tab is inside the dialog's visible part at 1366×768 (the check's Tabs are not counted).
    await p.locator('#cs-child-fullName').focus();
    expect(await expectLaidOut(p, '[data-testid="cs-register-dialog"]')).toBeGreaterThan(25);
    await p.locator('#cs-note').focus();
    await officer.shot('birth-form');
    await step(officer, 'Ctrl+S refused: focus on the mother\'s ID number; fixed', async () => {
      await officer.press('Control+S');
      await p.locator('#cs-mother-idNumber-error').waitFor();
      await waitFocus(officer, 'cs-mother-idNumber');
      await officer.shot('refused-at-id');
      await officer.press('Control+A');
      await officer.type('001192012345');
    });
    // The first entry of the year: Số 1 in the year's first book, opened by this registration.
    expect(await p.getByTestId('cs-proposed').textContent()).toContain(`Số đề xuất: 1, quyển số mới của năm ${YEAR}`);
    await step(officer, 'register (Ctrl+S)', async () => {
      await officer.press('Control+S');
      await p.getByTestId('cs-registered').waitFor();
    });
    expect(await p.getByTestId('cs-entry-number').textContent()).toBe('Số 1');
    expect(await p.getByTestId('cs-entry-book').textContent()).toBe(`Quyển số 01/${YEAR}`);
    // The natural next action: print the certificate.
    await waitFocus(officer, 'cs-print');
    await expectLaidOut(p, '[data-testid="cs-register-dialog"]');
    await officer.shot('registered');
  });

  it('prints the certificate on the calibrated blank (serial typed, Enter); closes; submitting for approval is next', async () => {
    const p = officer.page;
    const before = fs.existsSync(CUPS_OUT_FILE) ? fs.statSync(CUPS_OUT_FILE).mtimeMs : 0;
    await step(officer, 'print the certificate on its blank', async () => {
      await officer.press('Enter');
      const dialog = p.getByTestId('certificate-print-dialog');
      await dialog.waitFor();
      await p.getByTestId('certificate-preview').waitFor();
      await expect.poll(() => p.getByTestId('cert-printer').inputValue()).toBe(QUEUE);
      await expect.poll(() => p.getByTestId('cert-offset').textContent()).toContain('1,5');
      await waitFocus(officer, 'cert-serial');
      await officer.shot('print-on-blank');
      await officer.type('AA 0012345\n');
      await expect.poll(() => p.getByTestId('cert-message').textContent(), { timeout: 20_000 }).toContain(QUEUE);
      await officer.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await waitFocus(officer, 'cs-print');
      await officer.press('Escape');
      await p.getByTestId('cs-register-dialog').waitFor({ state: 'detached' });
    });
    // What reached the printer: the child's name and the registration number, on the blank (no printed labels).
    await expect.poll(() => {
      if (!fs.existsSync(CUPS_OUT_FILE) || fs.statSync(CUPS_OUT_FILE).mtimeMs <= before) return '';
      return printedText().replace(/\s+/g, ' ');
    }, { timeout: 30_000, interval: 200 }).toMatch(/NGUYỄN MINH AN|Nguyễn Minh An/);
    const issued = (await leaderApi.call('certificates.issues', { entryId: (await leaderApi.call('civilStatus.forDossier', { dossierId })).data[0].id })).data;
    expect(issued.issues).toHaveLength(1);
    expect(issued.issues[0]).toMatchObject({ copyKind: 'original', blankSerial: 'AA 0012345', copies: 1 });
    await waitFocus(officer, 'action-submitForApproval');
    expect(await p.getByTestId('action-civilStatus').textContent()).toContain('số 1');
    await step(officer, 'submit for approval', async () => {
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
    const r = await leaderApi.call('workflow.approve', { dossierId, operationId: crypto.randomUUID() });
    expect(r.ok).toBe(true);
  });

  it('the officer hands the result back: the certificate becomes the dossier\'s result (its code and entry recorded)', async () => {
    const p = officer.page;
    await step(officer, 'Việc của tôi (F5: approved meanwhile) → result ready', async () => {
      await officer.press('Alt+5');
      await officer.press('F5');
      await p.locator(`[data-testid="work-row"][data-number="${number}"]`).waitFor();
      await officer.press('Enter');
      // The plain workflow step is replaced by the one that records the registered paper as the result.
      await waitFocus(officer, 'action-resultReady');
      await expect.poll(() => p.getByTestId('action-resultReady').textContent()).toContain('(Giấy khai sinh)');
      expect(await p.locator('[data-action="resultReady"]').count()).toBe(0);
      await officer.press('Enter');
      await expect.poll(async () => (await state()).stage).toBe('result-ready');
      await p.getByTestId('cs-result-message').waitFor();
      await officer.press('Escape');
      await p.getByTestId('dossier-detail').waitFor({ state: 'detached' });
    });
    const entries = (await leaderApi.call('civilStatus.forDossier', { dossierId })).data;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ entryNumber: 1, state: 'registered', eventType: 'birth' });
    expect(entries[0].persons.map((x: { fullName: string }) => x.fullName)).toContain('Nguyễn Minh An');
  });

  it('the clerk returns the result by scanning the slip', async () => {
    const p = clerk.page;
    await step(clerk, 'scan the slip, return to the applicant', async () => {
      await clerk.press('Alt+7');
      await waitFocus(clerk, 'return-scan');
      await clerk.scan(slipQr);
      await p.getByTestId('return-form').waitFor();
      await waitFocus(clerk, 'ret-receiver');
      // The applicant collects it (chosen already): Enter, then the satisfaction question.
      await clerk.press('Enter');
      await waitFocus(clerk, 'ret-satisfaction');
      await clerk.press('ArrowDown');
      await clerk.press('Enter');
      await p.getByTestId('return-done').waitFor();
    });
    expect((await state()).stage).toBe('returned');
  });

  it('Sổ hộ tịch (Alt+H): this year\'s birth book lists the entry', async () => {
    const p = officer.page;
    await step(officer, 'Alt+H → the book, its entries', async () => {
      await officer.press('Alt+H');
      await p.getByTestId('cs-book').first().waitFor();
      await expect.poll(() => focusIs(p)).toBe('cs-book');
      expect(await p.evaluate(() => document.activeElement?.getAttribute('aria-current'))).toBe('true');
      await officer.press('Enter');
      await p.locator('[data-testid="cs-entry-row"][data-number="1"]').waitFor();
    });
    expect(await p.getByTestId('cs-book-title').textContent()).toContain(`Quyển số 01/${YEAR}`);
    expect(await p.locator('[data-testid="cs-entry-row"][data-number="1"]').textContent()).toContain('Nguyễn Minh An');
    await officer.shot('register-book');
    // The copies issued today (counted and charged): the certificate printed above, on its blank.
    await step(officer, 'Ctrl+B → the copies issued today', async () => {
      await officer.press('Control+B');
      await p.getByTestId('cs-issued-dialog').waitFor();
      await expect.poll(() => p.getByTestId('cs-issued-row').count()).toBe(1);
    });
    expect(await p.getByTestId('cs-issued-totals').textContent()).toMatch(/1\s*bản tính phí — bản chính 1, bản sao trích lục 0/);
    expect(await p.getByTestId('cs-issued-row').textContent()).toContain('AA 0012345');
    expect(await focusIs(p)).toBe('cs-issued-day');
    await officer.shot('issued-today');
    await officer.press('Escape');
    await p.getByTestId('cs-issued-dialog').waitFor({ state: 'detached' });
    expect([...clerk.pageErrors, ...officer.pageErrors]).toEqual([]);
  });
});
