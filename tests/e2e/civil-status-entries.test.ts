// Issue 11, the other entry screens, keyboard only at 1366×768 (dossiers brought to "processing" through the API
// by a clerk and the officer; the officer's window does the rest):
// - marital-status confirmation: the subject from the dossier, purpose typed, registered with its validity; a
//   second one for the same person and purpose shows the still-valid one before typing and is refused on save
//   with the core's message focused; Esc with typed input asks first (Enter keeps, Esc again discards);
// - change/correction: the birth entry picked in the books by name (Enter searches, ↓ Enter takes it), the field
//   picked from that entry with its present value filled in as "old", the new value and reason typed, registered;
// - extract copies: the entry picked, the number of copies, recorded;
// - Sổ hộ tịch (Alt+H): the confirmations' book, an entry cancelled with Delete and a reason (it stays, marked),
//   the book previewed as a PDF (Ctrl+P);
// - a certificate print cut off by a stop: the print dialog says the app stopped while sending and takes the
//   officer's answer ("Chưa in ra" frees the original).
// Screenshots in tests/artifacts/e2e/civil-status-entries/.
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../support/browser';
import { intake } from '../support/core-harness';
import { startServer, type RunningServer } from '../support/server';
import { officeStaffOverHttp } from '../support/staff';
import { focusIs, freshArtifacts, logInAs, openUser, type UserPage } from './workflow-support';

const ART = 'civil-status-entries';
const PASSWORD = 'matkhau-123';
const USERS = {
  clerk: { username: 'motcua', fullName: 'Phạm Thu Hà', role: 'clerk', password: PASSWORD },
  officer: { username: 'hotich', fullName: 'Đỗ Minh Tuấn', role: 'officer', password: PASSWORD },
} as const;
const PURPOSE = 'Để đăng ký kết hôn với anh Nguyễn Văn Nam';

let server: RunningServer;
let browser: Browser;
let officer: UserPage;
const staff = officeStaffOverHttp(USERS);
const { must } = staff;
const dossiers: Record<string, { id: string; number: string }> = {};

const op = () => crypto.randomUUID();
const waitFocus = (id: string) => expect.poll(() => focusIs(officer.page), { timeout: 10_000 }).toBe(id);

/** A dossier of the procedure found by `query`, received by the clerk and confirmed by the officer (processing). */
async function processing(query: string, code: string, applicant: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  const version = (await must('admin', 'procedures.search', { query })).find((v: { code: string }) => v.code === code);
  const d = (await must('clerk', 'dossiers.receive', intake(version.id, {
    applicant: { fullName: 'Trần Thị Hoà Bình', idNumber: '001190012345', birthDate: '15/03/1990', address: '12 Đội Cấn, Ba Đình, Hà Nội', phone: '0912 345 678', email: '', ...applicant },
    components: version.components.filter((c: { required: boolean }) => c.required).map((c: { code: string; name: string; copyType: string; quantity: number }) =>
      ({ code: c.code, name: c.name, copyType: c.copyType, quantity: c.quantity })),
    ...extra,
  }))).dossier;
  const [to] = await must('clerk', 'workflow.assignees', { dossierId: d.id });
  await must('clerk', 'workflow.handOver', { dossierId: d.id, operationId: op(), toUserId: to.id });
  await must('officer', 'workflow.confirmReceipt', { dossierId: d.id, operationId: op() });
  return { id: d.id as string, number: d.number as string };
}

/** From any screen: Việc của tôi, the dossier opened with Enter on its row (↓ to it), the registration opened. */
async function openRegistration(key: string) {
  const p = officer.page;
  await officer.press('Alt+5');
  await officer.press('F5');
  await p.getByTestId('queue-filter').fill(dossiers[key]!.number);
  await p.locator(`[data-testid="work-row"][data-number="${dossiers[key]!.number}"]`).waitFor();
  await officer.press('Enter');
  await waitFocus('action-civilStatus');
  await officer.press('Enter');
  await p.getByTestId('cs-register-dialog').locator('form, [data-testid="cs-registered"]').first().waitFor();
}

async function closeDossier() {
  const p = officer.page;
  await officer.press('Escape');
  await p.getByTestId('cs-register-dialog').waitFor({ state: 'detached' });
  await officer.press('Escape');
  await p.getByTestId('dossier-detail').waitFor({ state: 'detached' });
}

beforeAll(async () => {
  freshArtifacts(ART);
  server = await startServer();
  await staff.start(server);
  dossiers.marital1 = await processing('tình trạng hôn nhân', '1.004873');
  dossiers.marital2 = await processing('tình trạng hôn nhân', '1.004873');
  // A birth registered through the API: what the change and the extract copy are about.
  dossiers.birth = await processing('khai sinh', '1.001193', { fullName: 'Nguyễn Văn Bình', idNumber: '001090012345', birthDate: '02/09/1990' });
  await must('officer', 'civilStatus.register', {
    operationId: op(), dossierId: dossiers.birth.id, eventType: 'birth', schemaVersion: 1,
    fields: { 'child.fullName': 'Nguyễn Minh Anh', 'child.sex': 'Nữ', 'child.birthDate': '2026-11-20', 'child.birthPlace': 'Trạm y tế phường Ba Đình', 'child.ethnicity': 'Kinh', 'child.nationality': 'Việt Nam', 'declarant.fullName': 'Nguyễn Văn Bình', 'declarant.idNumber': '001090012345' },
  });
  // A marriage: both spouses recorded at the counter (the applicant and the second party).
  dossiers.marriage = await processing('kết hôn', '1.000894', { fullName: 'Nguyễn Văn Nam', idNumber: '001094012345', birthDate: '10/10/1994', address: '5 Kim Mã, Ba Đình, Hà Nội' }, {
    parties: [{ role: 'spouse', fullName: 'Lê Thị Hoa', idNumber: '001196054321', birthDate: '20/05/1996', address: '8 Đội Cấn, Ba Đình, Hà Nội', phone: '' }],
  });
  dossiers.change = await processing('cải chính', '1.004859', { fullName: 'Nguyễn Văn Bình', idNumber: '001090012345', birthDate: '02/09/1990' });
  dossiers.extract = await processing('trích lục', '2.000635', { fullName: 'Nguyễn Văn Bình', idNumber: '001090012345', birthDate: '02/09/1990' });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  officer = await openUser(browser, 'officer', ART);
  await logInAs(officer, server.url, USERS.officer, 'Tiếp nhận hồ sơ');
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('civil-status entries other than a birth, keyboard only', () => {
  it('marital-status confirmation: the subject from the dossier, the purpose typed, registered with its 6-month validity', async () => {
    const p = officer.page;
    await openRegistration('marital1');
    // The subject is the dossier's applicant; focus on the first field.
    await waitFocus('cs-subject-fullName');
    expect(await p.locator('#cs-subject-idNumber').inputValue()).toBe('001190012345');
    expect(await p.locator('#cs-subject-birthDate').inputValue()).toBe('15/03/1990');
    await p.locator('#cs-subject-sex').focus();
    await officer.press('n');
    await officer.press('n');
    expect(await p.locator('#cs-subject-sex').inputValue()).toBe('Nữ');
    await p.locator('#cs-status-maritalStatus').focus();
    await officer.type('Chưa đăng ký kết hôn với ai\n\n');
    await waitFocus('cs-status-purpose');
    await officer.type(PURPOSE);
    await officer.press('Control+S');
    await p.getByTestId('cs-registered').waitFor();
    expect(await p.getByTestId('cs-entry-number').textContent()).toBe('Số 1');
    expect(await p.getByTestId('cs-valid-until').textContent()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await waitFocus('cs-print');
    await officer.shot('marital-registered');
    await closeDossier();
  });

  it('a second confirmation for the same purpose: the valid one shown first, the save refused with the message focused; Esc asks before discarding', async () => {
    const p = officer.page;
    await openRegistration('marital2');
    expect(await p.getByTestId('cs-draft-warning').first().textContent()).toContain('còn giá trị đến hết ngày');
    await p.locator('#cs-subject-sex').focus();
    await officer.press('n');
    await officer.press('n');
    await p.locator('#cs-status-maritalStatus').focus();
    await officer.type('Chưa đăng ký kết hôn với ai\n\n');
    await officer.type(PURPOSE);
    await officer.press('Control+S');
    const error = p.getByTestId('cs-register-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/không cấp giấy thứ hai/i);
    // Focus on the message or on the field it names: never lost to the page.
    await expect.poll(() => focusIs(p)).toMatch(/^(cs-register-error|cs-status-purpose|cs-subject-idNumber)$/);
    await officer.shot('marital-refused');
    // Esc with typed input: asked first; Enter keeps the form as it was.
    await officer.press('Escape');
    await p.getByTestId('cs-discard').waitFor();
    await waitFocus('cs-discard-keep');
    await officer.press('Enter');
    await p.getByTestId('cs-discard').waitFor({ state: 'detached' });
    expect(await p.locator('#cs-status-purpose').inputValue()).toBe(PURPOSE);
    // Esc, Esc: discarded, the registration closed, the dossier page still open.
    await officer.press('Escape');
    await p.getByTestId('cs-discard').waitFor();
    await officer.press('Escape');
    await p.getByTestId('cs-register-dialog').waitFor({ state: 'detached' });
    expect(await p.getByTestId('dossier-detail').count()).toBe(1);
    await officer.press('Escape');
    await p.getByTestId('dossier-detail').waitFor({ state: 'detached' });
  });

  it('marriage: both spouses come from the dossier (the applicant and the second party); registered with Số and Quyển số', async () => {
    const p = officer.page;
    await openRegistration('marriage');
    await waitFocus('cs-husband-fullName');
    expect(await p.locator('#cs-husband-fullName').inputValue()).toBe('Nguyễn Văn Nam');
    expect(await p.locator('#cs-husband-idNumber').inputValue()).toBe('001094012345');
    expect(await p.locator('#cs-husband-birthDate').inputValue()).toBe('10/10/1994');
    expect(await p.locator('#cs-wife-fullName').inputValue()).toBe('Lê Thị Hoa');
    expect(await p.locator('#cs-wife-idNumber').inputValue()).toBe('001196054321');
    expect(await p.locator('#cs-wife-birthDate').inputValue()).toBe('20/05/1996');
    expect(await p.locator('#cs-wife-residence').inputValue()).toBe('8 Đội Cấn, Ba Đình, Hà Nội');
    expect(await p.getByTestId('cs-husband-birthDate-words').textContent()).toBe('Bằng chữ: ngày mười tháng mười năm một nghìn chín trăm chín mươi tư');
    await officer.shot('marriage-form');
    // Nothing left to type: Ctrl+S registers.
    await officer.press('Control+S');
    await p.getByTestId('cs-registered').waitFor();
    expect(await p.getByTestId('cs-entry-number').textContent()).toBe('Số 1');
    expect(await p.getByTestId('cs-registered-notice').textContent()).toContain('Nguyễn Văn Nam');
    await closeDossier();
  });

  it('change/correction: the birth entry picked by name, the field picked with its present value as old, new value and reason, registered', async () => {
    const p = officer.page;
    await openRegistration('change');
    await waitFocus('cs-entry-search');
    await officer.type('minh anh\n');
    await p.getByTestId('cs-entry-found').locator('button').first().waitFor();
    await officer.press('ArrowDown');
    await officer.press('Enter');
    await p.getByTestId('cs-picked-entry').waitFor();
    expect(await p.getByTestId('cs-picked-entry').textContent()).toContain('Nguyễn Minh Anh');
    await waitFocus('cs-change-fieldKey');
    // The child's name is the first of the entry's fields.
    await officer.press('ArrowDown');
    expect(await p.locator('#cs-change-fieldKey').inputValue()).toBe('child.fullName');
    expect(await p.locator('#cs-change-oldValue').inputValue()).toBe('Nguyễn Minh Anh');
    await officer.press('Enter');
    await waitFocus('cs-change-kind');
    await officer.press('c');
    expect(await p.locator('#cs-change-kind').inputValue()).toBe('Cải chính');
    await officer.press('Enter');
    await officer.press('Enter');
    await officer.press('Enter');
    await waitFocus('cs-change-newValue');
    await officer.type('Nguyễn Minh Ánh\nGhi sai dấu khi đăng ký khai sinh');
    await officer.shot('change-form');
    await officer.press('Control+S');
    await p.getByTestId('cs-registered').waitFor();
    expect(await p.getByTestId('cs-entry-number').textContent()).toBe('Số 1');
    await closeDossier();
  });

  it('extract copies: the entry picked, two copies, recorded (no number of its own)', async () => {
    const p = officer.page;
    await openRegistration('extract');
    await waitFocus('cs-entry-search');
    await officer.type('001090012345\n');
    await p.getByTestId('cs-entry-found').locator('button').first().waitFor();
    await officer.press('ArrowDown');
    await officer.press('Enter');
    await waitFocus('cs-extract-copies');
    await officer.press('Control+A');
    await officer.type('2');
    await officer.press('Control+S');
    await p.getByTestId('cs-registered').waitFor();
    expect(await p.getByTestId('cs-registered').textContent()).toContain('đã ghi nhận');
    await officer.shot('extract-registered');
    await closeDossier();
  });

  it('Sổ hộ tịch: the confirmations\' book, an entry cancelled with Delete and a reason (kept, marked); the book as a PDF', async () => {
    const p = officer.page;
    await officer.press('Alt+H');
    await p.getByTestId('cs-book').first().waitFor();
    await waitFocus('cs-book');
    const titles = await p.getByTestId('cs-book').allTextContents();
    const i = titles.findIndex((t) => t.includes('xác nhận tình trạng hôn nhân'));
    expect(i).toBeGreaterThanOrEqual(0);
    for (let k = 0; k < i; k++) await officer.press('ArrowDown');
    await expect.poll(() => p.getByTestId('cs-book-title').textContent()).toContain('xác nhận tình trạng hôn nhân');
    await p.locator('[data-testid="cs-entry-row"][data-number="1"]', { hasText: 'Trần Thị Hoà Bình' }).waitFor();
    await officer.press('Enter');
    await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('data-number'))).toBe('1');
    await officer.press('Delete');
    await p.getByTestId('cs-cancel-dialog').waitFor();
    await waitFocus('cs-cancel-reason');
    await officer.press('Control+Enter');
    await p.locator('#cs-cancel-reason-error').waitFor();
    await officer.type('Cấp nhầm: người yêu cầu đã có giấy xác nhận ở nơi cư trú khác');
    await officer.press('Control+Enter');
    await p.getByTestId('cs-cancel-dialog').waitFor({ state: 'detached' });
    const row = p.locator('[data-testid="cs-entry-row"][data-number="1"]');
    await expect.poll(() => row.textContent()).toContain('Đã hủy: Cấp nhầm');
    await expect.poll(() => p.evaluate(() => document.activeElement?.getAttribute('data-number'))).toBe('1');
    await officer.shot('book-cancelled');
    await officer.press('Control+P');
    await p.getByTestId('cs-book-preview').waitFor();
    await waitFocus('cs-pdf-print');
    await officer.shot('book-pdf');
    await officer.press('Escape');
    await p.getByTestId('cs-book-preview').waitFor({ state: 'detached' });
    // Ctrl+E: the book as a workbook, the cancelled entry in it.
    const [download] = await Promise.all([p.waitForEvent('download'), officer.press('Control+E')]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const cells: string[] = [];
    book.worksheets[0]!.eachRow((row) => row.eachCell((c) => { cells.push(String(c.text ?? '')); }));
    expect(cells.join(' | ')).toContain('Trần Thị Hoà Bình');
    await expect.poll(() => p.getByTestId('cs-books-notice').textContent()).toContain('.xlsx');
  });

  it('closing a book is asked first (focus on "Không khóa"); closed, it says so, and focus is back on the book', async () => {
    const p = officer.page;
    await p.getByTestId('cs-close-book').focus();
    await officer.press('Enter');
    await p.getByTestId('cs-close-book-dialog').waitFor();
    await expect.poll(() => focusIs(p)).toBe('BUTTON');
    expect(await p.evaluate(() => document.activeElement?.textContent)).toContain('Không khóa');
    await officer.shot('close-book-asked');
    await officer.press('Tab');
    await officer.press('Enter');
    await p.getByTestId('cs-close-book-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => p.getByTestId('cs-books-notice').textContent()).toContain('Đã khóa');
    await expect.poll(() => p.getByTestId('cs-book-title').locator('..').textContent()).toContain('đã khóa');
    expect(await p.getByTestId('cs-close-book').count()).toBe(0);
    await expect.poll(() => focusIs(p)).toBe('cs-book');
    expect(officer.pageErrors).toEqual([]);
  });
});

describe('a certificate print cut off by a stop', () => {
  it('the print dialog says so and takes the answer from the blank with the keyboard: "Chưa in ra" frees the original', async () => {
    const p = officer.page;
    const [entry] = await must('officer', 'civilStatus.forDossier', { dossierId: dossiers.birth.id });
    // A print claimed, then the app stopped before the spooler answered: the row such a stop leaves.
    const tried = await staff.as.officer.call('certificates.print', { entryId: entry.id, kind: 'birth', copyKind: 'original', copies: 1, printer: 'Không có máy này', blankSerial: 'AA 0099001' });
    expect(tried.ok).toBe(false);
    const db = new Database(path.join(server.dataDir, 'motcua.sqlite'));
    db.pragma('busy_timeout = 5000');
    db.prepare(`UPDATE certificate_issue SET state = 'pending', error = '', blank_serial = 'AA 0099001' WHERE entry_id = ?`).run(entry.id);
    db.close();

    await openRegistration('birth');
    await waitFocus('cs-print');
    await officer.press('Enter');
    const dialog = p.getByTestId('certificate-print-dialog');
    await dialog.waitFor();
    const panel = p.getByTestId('cert-interrupted');
    await panel.waitFor();
    expect(await panel.textContent()).toContain('không rõ máy in đã in ra hay chưa');
    expect(await panel.textContent()).toContain('AA 0099001');
    expect(await p.getByTestId('cert-issues').textContent()).toContain('chưa rõ đã in');
    await officer.shot('print-interrupted');
    // Answered with Enter on "Chưa in ra"; focus back in the form's serial field.
    await p.getByTestId('cert-interrupted-not').focus();
    await officer.press('Enter');
    await expect.poll(() => p.getByTestId('cert-message').textContent()).toContain('chưa in ra; phôi seri AA 0099001 dùng lại được');
    await panel.waitFor({ state: 'detached' });
    await waitFocus('cert-serial');
    expect(await p.getByTestId('cert-issues').textContent()).toContain('không in được');
    // The original can be printed again (the copy kind offered is the original, not an extract).
    expect(await p.getByTestId('cert-copy-kind').inputValue()).toBe('original');
    const issues = (await must('officer', 'certificates.issues', { entryId: entry.id })).issues;
    expect(issues.map((i: { state: string }) => i.state)).toEqual(['failed']);
    await officer.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await closeDossier();
    expect(officer.pageErrors).toEqual([]);
  });
});
