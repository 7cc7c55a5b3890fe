// Trả kết quả at the counter, end to end at 1366×768 (issue 10 item 5): dossiers brought to "result ready"
// through the API by a clerk, an officer and a leader, then returned by a clerk with the keyboard only.
// - Alt+7 pressed and the slip scanned at once, from another screen: no character is lost.
// - A Vietnamese typing tool (Telex) left on mangles what the scanner types: the dossier is still found, and
//   the clerk is told to switch the tool to E; a slip mangled and of no dossier says so, in those words.
// - By ID number or name: every dossier of the applicant, the one with a result first; one without a result cannot be
//   returned. An authorized person's 9-digit old ID card number is refused at its field (shared rules).
// - By post: the postal item number, checked at its field.
// - An action taken meanwhile on another PC: the core's refusal in the dialog, the page behind read again.
// Screenshots in tests/artifacts/e2e/return-counter/.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../support/browser';
import { intake } from '../support/core-harness';
import { startServer, type RunningServer } from '../support/server';
import { officeStaffOverHttp } from '../support/staff';
import { telex } from '../unit/renderer/telex';
import { boxProblem, expectLaidOut, focusIs, freshArtifacts, logInAs, openUser, slipQrContent, type UserPage } from './workflow-support';

const ART = 'return-counter';
const PASSWORD = 'matkhau-123';
const USERS = {
  clerk: { username: 'motcua', fullName: 'Phạm Thu Hà', role: 'clerk', password: PASSWORD },
  officer: { username: 'hotich', fullName: 'Đỗ Minh Tuấn', role: 'officer', password: PASSWORD },
  leader: { username: 'lanhdao', fullName: 'Lê Văn Lãnh', role: 'leader', password: PASSWORD },
} as const;
const BINH = 'Nguyễn Văn Bình';

let server: RunningServer;
let browser: Browser;
let clerk: UserPage;
const staff = officeStaffOverHttp(USERS);
const { as, must } = staff;
let versionId = '';

const op = () => crypto.randomUUID();

/** A dossier received by the clerk and, unless `stopAt` says otherwise, brought to "result ready". */
async function dossier(applicant: Record<string, string>, opts: { post?: boolean; stopAt?: 'received' | 'processing' } = {}) {
  const input = intake(versionId, {
    applicant: { fullName: BINH, idNumber: '001085012345', birthDate: '02/09/1985', address: '5 Kim Mã, Ba Đình, Hà Nội', phone: '0987 654 321', email: '', ...applicant },
    delivery: opts.post ? { method: 'post', address: '5 Kim Mã, Ba Đình, Hà Nội' } : { method: 'counter', address: '' },
  });
  const d = (await must('clerk', 'dossiers.receive', input)).dossier;
  if (opts.stopAt === 'received') return d;
  const [officer] = await must('clerk', 'workflow.assignees', { dossierId: d.id });
  await must('clerk', 'workflow.handOver', { dossierId: d.id, operationId: op(), toUserId: officer.id });
  await must('officer', 'workflow.confirmReceipt', { dossierId: d.id, operationId: op() });
  if (opts.stopAt === 'processing') return d;
  await must('officer', 'workflow.submitForApproval', { dossierId: d.id, operationId: op() });
  await must('leader', 'workflow.approve', { dossierId: d.id, operationId: op() });
  await must('officer', 'workflow.resultReady', { dossierId: d.id, operationId: op() });
  return d;
}
const stateOf = async (id: string) => must('admin', 'workflow.state', { dossierId: id });
const waitFocus = (id: string) => expect.poll(() => focusIs(clerk.page), { timeout: 10_000 }).toBe(id);
const message = () => clerk.page.getByTestId('return-message').textContent();

beforeAll(async () => {
  freshArtifacts(ART);
  server = await startServer();
  await staff.start(server);
  versionId = (await must('admin', 'procedures.search', { query: 'tình trạng hôn nhân' }))[0].id;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  clerk = await openUser(browser, 'clerk', ART);
  await logInAs(clerk, server.url, USERS.clerk, 'Tiếp nhận hồ sơ');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('Trả kết quả with a USB barcode scanner and the keyboard', () => {
  it('Alt+7 and the scan at once, from another screen: every character reaches the box; the form opens on the applicant', async () => {
    const d = await dossier({ fullName: 'Trần Thị Thu', idNumber: '001190054321' });
    const qr = await slipQrContent(as.admin, d.id);
    expect(qr).toMatch(/^maHoSo=.+&maTTHC=1\.004873&maTraCuu=[0-9A-HJKMNP-TV-Z]{12}$/);
    await clerk.press('Alt+5');
    await waitFocus('queue-filter');
    // No wait between the shortcut and the scanner's first character.
    await clerk.press('Alt+7');
    await clerk.scan(qr);
    await clerk.page.getByTestId('return-form').waitFor();
    await waitFocus('ret-receiver');
    expect(await clerk.page.getByTestId('return-number').textContent()).toBe(d.number);
    expect(await clerk.page.locator('#return-scan').inputValue()).toBe(qr);
    await clerk.shot('scanned');
    await clerk.press('Control+Enter');
    await clerk.page.getByTestId('return-done').waitFor();
    await waitFocus('return-scan');
    expect((await stateOf(d.id)).returned).toMatchObject({ method: 'counter', satisfaction: null, collector: { kind: 'applicant', fullName: 'Trần Thị Thu' } });
  });

  it('Esc while the look-up runs: the search is dropped, the box emptied with focus on it, and the next scan works', async () => {
    const p = clerk.page;
    const d = await dossier({ fullName: 'Hoàng Văn Dũng', idNumber: '001090044444' });
    const qr = await slipQrContent(as.admin, d.id);
    await clerk.press('Alt+7');
    await waitFocus('return-scan');
    // The core's answer held until after Esc, as on a slow network.
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    await p.route('**/workflow.findForReturn', async (route) => { await held; await route.continue(); });
    await clerk.scan(qr);
    await p.getByText('Đang tìm…').waitFor();
    await clerk.press('Escape');
    await waitFocus('return-scan');
    expect(await p.locator('#return-scan').inputValue()).toBe('');
    const answered = p.waitForResponse('**/workflow.findForReturn');
    release();
    await answered;
    await p.unroute('**/workflow.findForReturn');
    // The answer came after Esc: nothing opens, focus stays in the box.
    await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    expect(await p.getByTestId('return-form').count()).toBe(0);
    expect(await focusIs(p)).toBe('return-scan');
    await clerk.scan(qr);
    await p.getByTestId('return-form').waitFor();
    await waitFocus('ret-receiver');
    await clerk.press('Escape');
  });

  it('the next citizen\'s slip scanned while the return form is open: that dossier opens, the first one is not returned', async () => {
    const p = clerk.page;
    const first = await dossier({ fullName: 'Vũ Thị Lan', idNumber: '001190055555' });
    const next = await dossier({ fullName: 'Vũ Văn Nam', idNumber: '001090066666' });
    await clerk.press('Alt+7');
    await waitFocus('return-scan');
    await clerk.scan(await slipQrContent(as.admin, first.id));
    await p.getByTestId('return-form').waitFor();
    await waitFocus('ret-receiver');
    // Twice, as a hurried clerk would: the first scan's Enter alone would move on in the form, the second record it.
    const qr = await slipQrContent(as.admin, next.id);
    await clerk.scan(qr);
    await expect.poll(() => p.getByTestId('return-number').textContent()).toBe(next.number);
    await waitFocus('ret-receiver');
    expect(await p.locator('#return-scan').inputValue()).toBe(qr);
    await clerk.scan(qr);
    await expect.poll(() => p.getByTestId('return-number').textContent()).toBe(next.number);
    await waitFocus('ret-receiver');
    expect((await stateOf(first.id)).returned).toBeNull();
    expect((await stateOf(next.id)).returned).toBeNull();
    expect(await p.locator('#ret-receiver').inputValue()).toBe('applicant');
    await clerk.press('Control+Enter');
    await p.getByTestId('return-done').waitFor();
    expect((await stateOf(next.id)).returned).toMatchObject({ collector: { fullName: 'Vũ Văn Nam' } });
    expect((await stateOf(first.id)).returned).toBeNull();
  });

  it('a Telex typing tool mangled the scan: the dossier is still found, and the clerk is told to switch it to E', async () => {
    const d = await dossier({ fullName: 'Lý Thị Hồng', idNumber: '001190011111' });
    const typed = telex(await slipQrContent(as.admin, d.id));
    expect(typed).not.toContain('maHoSo'); // what the tool made of the keys
    await clerk.scan(typed);
    await clerk.page.getByTestId('return-form').waitFor();
    expect(await clerk.page.getByTestId('return-number').textContent()).toBe(d.number);
    expect(await message()).toContain('chuyển bộ gõ sang tiếng Anh (E)');
    await clerk.shot('mangled-found');
    await clerk.press('Escape');
    await waitFocus('return-scan');
  });

  it('mangled and of no dossier here: says to switch the typing tool to E and scan again; the box keeps it selected', async () => {
    const typed = telex('maHoSo=000.00.99.H99-260101-0001&maTTHC=1.004873&maTraCuu=AS7EE9DDKRAJ');
    await clerk.scan(typed);
    await expect.poll(message).toContain('Chuyển bộ gõ sang tiếng Anh (biểu tượng E');
    expect(await boxProblem(clerk.page, '[data-testid="return-message"]')).toBeNull();
    await waitFocus('return-scan');
    expect(await clerk.page.evaluate(() => {
      const box = document.getElementById('return-scan') as HTMLInputElement;
      return box.selectionStart === 0 && box.selectionEnd === box.value.length && box.value.length > 0;
    })).toBe(true);
    await clerk.shot('mangled-unreadable');
    // Not mangled and unknown: not found, with what to try instead.
    await clerk.scan('maHoSo=000.00.99.H99-260101-0001&maTTHC=1.004873');
    await expect.poll(message).toContain('Không tìm thấy hồ sơ theo mã QR này');
  });

  it('by ID number and by name without diacritics: the dossier with a result first; one still processing cannot be returned', async () => {
    const ready = await dossier({});
    const processing = await dossier({}, { stopAt: 'processing' });
    await clerk.press('Escape');
    // By the applicant's ID number: the same two, and the one with a result open to be returned.
    await clerk.type('001085012345');
    await clerk.press('Enter');
    await clerk.page.getByTestId('return-form').waitFor();
    expect(await clerk.page.getByTestId('return-results').locator('tbody tr').count()).toBe(2);
    expect(await clerk.page.getByTestId('return-number').textContent()).toBe(ready.number);
    await waitFocus('ret-receiver');
    await clerk.press('Escape');
    await waitFocus('return-scan');
    await clerk.type('nguyen van binh');
    await clerk.press('Enter');
    const rows = clerk.page.getByTestId('return-results').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain(ready.number);
    expect(await rows.nth(1).textContent()).toContain(processing.number);
    expect(await message()).toContain('Tìm thấy 2 hồ sơ');
    await waitFocus('return-scan');
    await expectLaidOut(clerk.page, '.return-screen');
    await clerk.shot('by-name');
    await clerk.press('ArrowDown');
    await clerk.press('Enter');
    await expect.poll(message).toContain('chưa có kết quả để trả');
    expect(await clerk.page.getByTestId('return-form').count()).toBe(0);
    await clerk.press('ArrowUp');
    await clerk.press('Enter');
    await clerk.page.getByTestId('return-form').waitFor();
    expect(await clerk.page.getByTestId('return-number').textContent()).toBe(ready.number);
    expect(await clerk.page.getByTestId('return-message').count()).toBe(0);
  });

  it('someone authorized: a 9-digit old ID card number is refused at its field, with focus there; then returned', async () => {
    const p = clerk.page;
    await waitFocus('ret-receiver');
    await clerk.press('ArrowDown');
    await clerk.press('Enter');
    await waitFocus('ret-fullName');
    await clerk.type('Nguyễn Văn Cường\n012345678\n');
    await waitFocus('ret-satisfaction');
    await clerk.press('Enter');
    await p.locator('#ret-idNumber-error').waitFor();
    expect(await p.locator('#ret-idNumber-error').textContent()).toContain('Chứng minh nhân dân cũ');
    await waitFocus('ret-idNumber');
    await expectLaidOut(p, '.return-screen');
    await clerk.shot('authorized-id-refused');
    await clerk.press('Control+A');
    await clerk.type('001085098765');
    await clerk.press('Control+Enter');
    await p.getByTestId('return-done').waitFor();
    expect(await p.getByTestId('return-done').textContent()).toContain('được ủy quyền, số định danh 001085098765');
    await waitFocus('return-scan');
  });

  it('by post, scanned with focus lost to the page: the postal item number is checked at its field, then the return is recorded', async () => {
    const p = clerk.page;
    const d = await dossier({ fullName: 'Hoàng Văn Nam', idNumber: '001090022222' }, { post: true });
    const qr = await slipQrContent(as.admin, d.id);
    // Focus lost to the page (a click on empty space): the scan's first character takes the box back.
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await focusIs(p)).toBe('BODY');
    await clerk.scan(qr);
    await p.getByTestId('return-form').waitFor();
    // Asked for by post at intake: the form opens on that choice.
    expect(await p.locator('#ret-receiver').inputValue()).toBe('post');
    await waitFocus('ret-receiver');
    await clerk.type('\nEB12\n\n');
    await p.locator('#ret-postal-error').waitFor();
    await waitFocus('ret-postal');
    await clerk.press('Control+A');
    await clerk.type('eb123456789vn');
    await clerk.press('Control+Enter');
    await p.getByTestId('return-done').waitFor();
    expect(await p.getByTestId('return-done').textContent()).toContain('số hiệu bưu gửi EB123456789VN');
    expect((await stateOf(d.id)).returned).toMatchObject({ method: 'post', postalItemNumber: 'EB123456789VN', collector: null });
    await clerk.shot('returned-by-post');
  });

  it('an action someone took meanwhile on another PC: the refusal names the state, and the page behind shows what is left', async () => {
    const p = clerk.page;
    const d = await dossier({ fullName: 'Đinh Thị Mai', idNumber: '001190033333' }, { stopAt: 'received' });
    await clerk.press('Alt+5');
    await p.locator(`[data-testid="work-row"][data-number="${d.number}"]`).waitFor();
    await clerk.type(d.number.slice(-4));
    await expect.poll(() => p.getByTestId('work-row').count()).toBe(1);
    await clerk.press('Enter');
    await waitFocus('action-handOver');
    await clerk.press('Enter');
    await p.getByTestId('action-dialog').waitFor();
    await expect.poll(() => p.getByTestId('action-assignee').inputValue()).not.toBe('');
    // The same clerk, on the other counter PC, hands it over first.
    const [officer] = await must('clerk', 'workflow.assignees', { dossierId: d.id });
    await must('clerk', 'workflow.handOver', { dossierId: d.id, operationId: op(), toUserId: officer.id });
    await clerk.press('Control+Enter');
    const error = p.getByTestId('action-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('Đã chuyển, chờ người nhận xác nhận');
    await clerk.shot('refused-meanwhile');
    await clerk.press('Escape');
    await p.getByTestId('action-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => p.getByTestId('workflow-stage').textContent()).toBe('Đã chuyển, chờ người nhận xác nhận');
    expect(await p.getByTestId('action-handOver').count()).toBe(0);
    expect(clerk.pageErrors).toEqual([]);
  });
});
