// Việc của tôi and Toàn cơ quan with dossiers in every situation (issue 10 item 5), at 1366×768: two officers'
// dossiers brought through the API to "waiting for my confirmation", "paused", on time, due today and late
// (a due date moved into the past or to tonight in the office's database: the clock of a real server cannot
// be turned). The officer's queue shows each with its mark, the late one first; the top bar's badge counts
// what needs attention on every screen; the leader's overview puts the officer with a late dossier first,
// with counts per officer and for the office; ↓ and Enter open the highlighted dossier; the leader stops the
// late one with form 05, the legal basis asked for at its field.
// Screenshots in tests/artifacts/e2e/workflow-lists/.
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS } from '../support/browser';
import { intake } from '../support/core-harness';
import { startServer, type RunningServer } from '../support/server';
import { officeStaffOverHttp } from '../support/staff';
import { expectLaidOut, focusIs, freshArtifacts, logInAs, openUser, type UserPage } from './workflow-support';

const ART = 'workflow-lists';
const PASSWORD = 'matkhau-123';
const USERS = {
  clerk: { username: 'motcua', fullName: 'Phạm Thu Hà', role: 'clerk', password: PASSWORD },
  tuan: { username: 'hotich', fullName: 'Đỗ Minh Tuấn', role: 'officer', password: PASSWORD },
  hanh: { username: 'diachinh', fullName: 'Vũ Thị Hạnh', role: 'officer', password: PASSWORD },
  leader: { username: 'lanhdao', fullName: 'Lê Văn Lãnh', role: 'leader', password: PASSWORD },
} as const;

let server: RunningServer;
let browser: Browser;
let u: UserPage;
const staff = officeStaffOverHttp(USERS);
const { ids, must } = staff;
let versionId = '';
const numbers: Record<string, string> = {};

const op = () => crypto.randomUUID();

/** Received by the clerk and handed over to `to`; confirmed unless `confirm` is false. */
async function handedTo(label: string, to: 'tuan' | 'hanh', confirm = true) {
  const d = (await must('clerk', 'dossiers.receive', intake(versionId, {
    applicant: { fullName: `Người nộp ${label}`, idNumber: '001085012345', birthDate: '02/09/1985', address: '5 Kim Mã, Ba Đình', phone: '0987 654 321', email: '' },
  }))).dossier;
  await must('clerk', 'workflow.handOver', { dossierId: d.id, operationId: op(), toUserId: ids[to] });
  if (confirm) await must(to, 'workflow.confirmReceipt', { dossierId: d.id, operationId: op() });
  numbers[label] = d.number;
  return d.id as string;
}

/** Sets a dossier's due date in the office's database (the lists read it from there). */
function setDue(dossierId: string, iso: string) {
  const db = new Database(path.join(server.dataDir, 'motcua.sqlite'));
  db.pragma('busy_timeout = 5000');
  db.prepare('UPDATE dossier SET due_at = ? WHERE id = ?').run(iso, dossierId);
  db.close();
}

/** The end of today in Vietnam (23:30 +07:00): due today and, whatever the hour of the run, not yet late. */
function tonightVn(): string {
  const vn = new Date(Date.now() + 7 * 3_600_000);
  return new Date(Date.UTC(vn.getUTCFullYear(), vn.getUTCMonth(), vn.getUTCDate(), 23, 30) - 7 * 3_600_000).toISOString();
}

const row = (label: string) => u.page.locator(`[data-testid="work-row"][data-number="${numbers[label]}"]`);
const marks = (label: string) => row(label).locator('[data-mark]').evaluateAll((els) => els.map((e) => e.getAttribute('data-mark')));

beforeAll(async () => {
  freshArtifacts(ART);
  server = await startServer();
  await staff.start(server);
  versionId = (await must('admin', 'procedures.search', { query: 'tình trạng hôn nhân' }))[0].id;

  await handedTo('chờ xác nhận', 'tuan', false);
  setDue(await handedTo('trễ hạn', 'tuan'), new Date(Date.now() - 2 * 86_400_000).toISOString());
  const paused = await handedTo('tạm dừng', 'tuan');
  await must('tuan', 'workflow.requestCompletion', { dossierId: paused, operationId: op(), reason: 'Thiếu bản sao trích lục.' });
  setDue(await handedTo('đến hạn hôm nay', 'hanh'), tonightVn());
  await handedTo('đúng hạn', 'hanh');

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  u = await openUser(browser, 'officer', ART);
  await logInAs(u, server.url, USERS.tuan, 'Tiếp nhận hồ sơ');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the work lists at 1366×768', () => {
  it('the top bar counts what needs the officer on every screen, red when something is late', async () => {
    const badge = u.page.getByTestId('nav-badge-work');
    await badge.waitFor();
    expect(await badge.textContent()).toBe('2');
    expect(await badge.getAttribute('title')).toBe('1 quá hạn, 1 chờ bạn xác nhận');
    expect(await badge.getAttribute('class')).toContain('urgent');
  });

  it('Việc của tôi: each dossier with its mark, the late one first; ↓ and Enter open the highlighted one on its next action', async () => {
    await u.press('Alt+5');
    await row('trễ hạn').waitFor();
    const order = await u.page.getByTestId('work-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-number')));
    expect(order[0]).toBe(numbers['trễ hạn']);
    expect(order).toHaveLength(3);
    expect(await marks('trễ hạn')).toEqual(['overdue']);
    expect(await marks('chờ xác nhận')).toEqual(['awaitingMyConfirmation']);
    expect(await marks('tạm dừng')).toEqual(['paused']);
    expect(await row('trễ hạn').getByTestId('work-left').textContent()).toMatch(/^quá hạn\b/);
    expect(await row('tạm dừng').getByTestId('work-left').textContent()).toBe('tạm dừng');
    expect(await u.page.getByTestId('queue-counts').textContent()).toMatch(/3 hồ sơ · 1 quá hạn · 1 chờ xác nhận · 1 tạm dừng/);
    await expectLaidOut(u.page, '.work-queue');
    await u.shot('queue-marks');
    const target = order.indexOf(numbers['chờ xác nhận']);
    for (let i = 0; i < target; i++) await u.press('ArrowDown');
    await u.press('Enter');
    await expect.poll(() => focusIs(u.page), { timeout: 10_000 }).toBe('action-confirmReceipt');
    expect(await u.page.getByTestId('dossier-detail').getAttribute('aria-label')).toContain(numbers['chờ xác nhận']);
    await u.press('Escape');
    await u.page.getByTestId('dossier-detail').waitFor({ state: 'detached' });
    await expect.poll(() => focusIs(u.page)).toBe('queue-filter');
  });

  it('the filter box narrows the list without diacritics', async () => {
    await u.type('tam dung');
    await expect.poll(() => u.page.getByTestId('work-row').count()).toBe(1);
    expect(await u.page.getByTestId('work-row').getAttribute('data-number')).toBe(numbers['tạm dừng']);
    await u.press('Control+A');
    await u.press('Backspace');
  });

  it('Toàn cơ quan (leader): the officer with a late dossier first, counts per officer and for the office', async () => {
    await u.page.getByRole('button', { name: 'Đăng xuất' }).click();
    u.who = 'leader';
    await logInAs(u, null, USERS.leader, 'Hồ sơ hôm nay');
    const badge = u.page.getByTestId('nav-badge-office');
    await badge.waitFor();
    expect(await badge.getAttribute('title')).toBe('1 quá hạn, 1 đến hạn hôm nay');
    await u.press('Alt+6');
    const groups = u.page.getByTestId('office-holder');
    await expect.poll(() => groups.count()).toBeGreaterThanOrEqual(2);
    const names = await u.page.getByTestId('office-holder-name').allTextContents();
    expect(names.indexOf(USERS.tuan.fullName)).toBeGreaterThanOrEqual(0);
    expect(names.indexOf(USERS.tuan.fullName)).toBeLessThan(names.indexOf(USERS.hanh.fullName));
    const tuan = groups.nth(names.indexOf(USERS.tuan.fullName));
    expect(await tuan.locator('tr.group-head').textContent()).toContain('1 quá hạn');
    const hanh = groups.nth(names.indexOf(USERS.hanh.fullName));
    expect(await hanh.locator('tr.group-head').textContent()).toMatch(/2 đang giải quyết · 0 quá hạn · 1 đến hạn hôm nay/);
    expect(await u.page.getByTestId('office-totals').textContent()).toMatch(/5 đang giải quyết · 1 quá hạn · 1 đến hạn hôm nay · 1 tạm dừng · 1 chưa xác nhận/);
    expect(await marks('đến hạn hôm nay')).toEqual(['dueToday']);
    // The late dossier is the first row of the list, highlighted: Enter opens it.
    const first = await u.page.getByTestId('work-row').first().getAttribute('data-number');
    expect(first).toBe(numbers['trễ hạn']);
    await expectLaidOut(u.page, '.work-office');
    await u.shot('office-late-first');
    await u.press('Enter');
    await expect.poll(() => u.page.getByTestId('dossier-detail').getAttribute('aria-label')).toContain(numbers['trễ hạn']);
  });

  it('the leader stops the late dossier (form 05): the legal basis is asked for at its field; nothing is left to do', async () => {
    const p = u.page;
    // For the leader the dossier offers the extension (focused), refusing and stopping.
    await expect.poll(() => focusIs(p), { timeout: 10_000 }).toBe('action-extend');
    expect(await p.getByTestId('workflow-actions').locator('button').evaluateAll((b) => b.map((x) => x.getAttribute('data-action')))).toEqual(['extend', 'refuse', 'stop']);
    await u.press('ArrowRight');
    await u.press('ArrowRight');
    await expect.poll(() => focusIs(p)).toBe('action-stop');
    await u.press('Enter');
    await p.getByTestId('action-dialog').waitFor();
    await expect.poll(() => focusIs(p)).toBe('act-reason');
    await u.type('Người yêu cầu đã có đơn xin dừng giải quyết.');
    await u.press('Control+Enter');
    await p.locator('#act-legalBasis-error').waitFor();
    await expect.poll(() => focusIs(p)).toBe('act-legalBasis');
    await expectLaidOut(p, '[data-testid="action-dialog"]');
    await u.shot('stop-legal-basis-asked');
    await u.type('Khoản 3 Điều 18 Nghị định 61/2018/NĐ-CP');
    await u.press('Enter');
    const preview = p.getByTestId('preview-dialog');
    await preview.waitFor();
    expect(await preview.getAttribute('aria-label')).toContain('Mẫu 05');
    await expect.poll(() => focusIs(p)).toBe('print-button');
    await u.press('Escape');
    await preview.waitFor({ state: 'detached' });
    // Stopped: no action left for anyone's Enter to land on.
    await expect.poll(() => focusIs(p)).toBe('detail-close');
    expect(await p.getByTestId('workflow-stage').textContent()).toBe('Dừng xử lý');
    expect(await p.getByTestId('workflow-no-action').count()).toBe(1);
    expect(await p.getByTestId('workflow-left').textContent()).toBe('Đã kết thúc');
    const state = await must('admin', 'workflow.state', { dossierId: await idOf('trễ hạn') });
    expect(state.status).toBe(8);
    await u.shot('stopped');
    expect(u.pageErrors).toEqual([]);
  });
});

async function idOf(label: string): Promise<string> {
  const list = await must('admin', 'dossiers.list', { query: numbers[label], limit: 5 });
  return list.find((d: { number: string }) => d.number === numbers[label]).id;
}
