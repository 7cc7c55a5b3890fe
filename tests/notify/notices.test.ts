// Notifying applicants end to end on real parts: the app's core (real SQLite), a real SMTP server
// (smtp-server) and a stub SMS gateway over HTTP. Notices are queued the way a workflow step queues them
// (enqueueApplicantNotice in its transaction), configured through the API as the administrator does.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { clientConfig, PORTAL_PASSWORD, startPortal } from '../sync/support/portal';
import { noticeRows, settingsFor, startNotifyCore, until, type NotifyHarness } from './support/harness';
import { startGateway, type TestGateway } from './support/sms-gateway';
import { startSmtp, type TestSmtp } from './support/smtp';

let smtp: TestSmtp;
let gateway: TestGateway;
let h: NotifyHarness;
let defaults: unknown;

const configure = async (o: Parameters<typeof settingsFor>[0], secrets: { emailPassword?: string; smsKey?: string } = {}) =>
  h.must('notify.setSettings', { ...settingsFor(o, defaults), emailPassword: smtp.password, smsKey: gateway.key, ...secrets });

beforeAll(async () => {
  smtp = await startSmtp();
  gateway = await startGateway();
});
afterAll(async () => { await smtp.close(); await gateway.close(); });
beforeEach(async () => {
  smtp.accepted.length = 0; smtp.received.length = 0; smtp.refuse = null; smtp.hold = false;
  gateway.requests.length = 0; gateway.delivered.length = 0; gateway.failNext = 0; gateway.rejectNext = 0; gateway.hold = 0;
  h = await startNotifyCore();
  defaults = (await h.must('notify.getSettings')).defaultTemplates;
});
afterEach(async () => { await h.close(); });

describe('without a gateway', () => {
  it('lists the notice for the clerk with what to do, and "đã gửi thủ công" closes it (audited)', async () => {
    const dossierId = await h.receive();
    const queued = await h.notice({ dossierId, kind: 'result-ready' });
    expect(queued.channels).toEqual(['manual']);
    const [row] = await h.must('notify.list', { filter: 'manual' });
    expect(row).toMatchObject({ dossierId, kind: 'result-ready', channel: 'manual', to: '0912345678', state: 'needs_attention', stateLabel: 'Cần gửi thủ công' });
    expect(row.lastError).toContain('chưa cấu hình gửi SMS hay e-mail');
    expect(row.lastError).toContain('0912345678');
    expect(row.text).toContain(row.dossierNumber);
    expect(row.text).toContain('đã có kết quả');
    expect((await h.must('notify.status')).manual).toBe(1);
    // Not the portal's: the sync screen and status line do not count it, and it holds no dossier lane.
    expect((await h.must('sync.items', { filter: 'all' })).some((i: any) => i.kind === 'applicant.notice')).toBe(false);
    expect((await h.must('sync.status')).parked).toBe(0);
    expect(noticeRows(h.raw)[0]!.dossier_id).toBeNull();

    const resend = await h.call('notify.resend', { seq: row.seq });
    expect(resend.error.code).toBe('CONFLICT');
    expect(resend.error.message).toContain('Đã gửi thủ công');
    await h.must('notify.markSent', { seq: row.seq, note: 'Đã gọi điện báo lúc 9 giờ' });
    expect(await h.must('notify.list', { filter: 'manual' })).toEqual([]);
    const [closed] = await h.must('notify.list', { filter: 'all' });
    expect(closed).toMatchObject({ state: 'resolved', stateLabel: 'Đã gửi thủ công', lastError: 'Đã gửi thủ công: Đã gọi điện báo lúc 9 giờ' });
    expect(h.raw.prepare(`SELECT count(*) AS n FROM audit_event WHERE action = 'notify.markSent'`).get()).toEqual({ n: 1 });
    expect((await h.call('notify.markSent', { seq: row.seq })).error.code).toBe('CONFLICT');
  });

  it('a repeated step (same operation id) queues its notice once', async () => {
    const dossierId = await h.receive();
    await h.notice({ dossierId, kind: 'completion-requested', operationId: 'op-1', reason: 'Thiếu bản sao', missingItems: ['Bản sao sổ hộ khẩu'] });
    await h.notice({ dossierId, kind: 'completion-requested', operationId: 'op-1', reason: 'Thiếu bản sao', missingItems: ['Bản sao sổ hộ khẩu'] });
    expect(noticeRows(h.raw)).toHaveLength(1);
    expect(noticeRows(h.raw)[0]!.payload.text).toContain('Bản sao sổ hộ khẩu');
  });
});

describe('through the office SMTP server and SMS gateway', () => {
  it('sends each notice once by e-mail and SMS, with the message id on it and the Vietnamese text intact', async () => {
    await configure({ smtpPort: smtp.port, gatewayUrl: gateway.url });
    const dossierId = await h.receive({ fullName: 'Trần Thị Hoà Bình' });
    const q = await h.notice({ dossierId, kind: 'new-due-date', reason: 'Cần xác minh thêm tại nơi cư trú', previousDueAt: '2026-12-01T10:00:00Z' });
    expect(q.channels).toEqual(['sms', 'email']);
    await until(() => noticeRows(h.raw).every((r) => r.state === 'done'), 'both notices sent');
    const [sms, email] = noticeRows(h.raw);

    expect(smtp.accepted).toHaveLength(1);
    const mail = smtp.accepted[0]!;
    expect(mail.messageId).toBe(`<${email!.payload.messageId}@baidinh.hanoi.gov.vn>`);
    expect(mail.to).toEqual(['hoabinh@example.vn']);
    expect(mail.subject).toMatch(/^Hồ sơ .+: hẹn lại ngày trả kết quả$/);
    expect(mail.text).toContain('Kính gửi ông/bà Trần Thị Hoà Bình');
    expect(mail.text).toContain('Lý do: Cần xác minh thêm tại nơi cư trú');
    expect(mail.text).toContain('hẹn 17:00 01/12/2026');

    expect(gateway.delivered).toHaveLength(1);
    const req = gateway.delivered[0]!;
    expect(req.headers.authorization).toBe(gateway.key);
    expect(req.headers['idempotency-key']).toBe(sms!.payload.messageId);
    expect(req.fields).toMatchObject({ to: '84912345678', requestId: sms!.payload.messageId, unicode: 1 });
    expect(req.fields.text).toBe(sms!.payload.text.normalize('NFC'));
    expect(req.fields.text).toContain('UBND PHƯỜNG BA ĐÌNH xin lỗi: hồ sơ');
    const sent = await h.must('notify.list', { filter: 'all' });
    expect(sent.map((r: any) => r.stateLabel)).toEqual(['Đã gửi', 'Đã gửi']);
    expect(sent.every((r: any) => r.doneAt)).toBe(true);
  });

  it('an SMS gateway set to unaccented gets Vietnamese without marks, in the GSM alphabet', async () => {
    await configure({ gatewayUrl: gateway.url, encoding: 'unaccented' });
    const dossierId = await h.receive();
    await h.notice({ dossierId, kind: 'completion-requested', reason: 'Thiếu giấy tờ', missingItems: ['Giấy xác nhận nơi cư trú', 'Bản sao căn cước'] });
    await until(() => gateway.delivered.length === 1, 'SMS delivered');
    const text = String(gateway.delivered[0]!.fields.text);
    expect(text).toContain('UBND PHUONG BA DINH: ho so');
    expect(text).toContain('can bo sung: Giay xac nhan noi cu tru; Ban sao can cuoc');
    expect(gateway.delivered[0]!.fields.unicode).toBe(0);
    expect(text).toMatch(/^[\x20-\x7E\n]+$/);
  });

  it('a gateway that fails then recovers: each message goes once, always under the same id', async () => {
    await configure({ smtpPort: smtp.port, gatewayUrl: gateway.url });
    gateway.failNext = 3;
    smtp.refuse = { code: 451, text: 'Try again later', count: 2 };
    const dossierId = await h.receive();
    await h.notice({ dossierId, kind: 'result-ready' });
    await until(() => noticeRows(h.raw).every((r) => r.state === 'done'), 'sent after the failures');
    const [sms, email] = noticeRows(h.raw);
    expect(sms!.attempts).toBe(4);
    expect(email!.attempts).toBe(3);
    expect(new Set(gateway.requests.map((r) => r.requestId))).toEqual(new Set([sms!.payload.messageId]));
    expect(gateway.delivered).toHaveLength(1);
    expect(smtp.received.map((m) => m.messageId)).toEqual(Array(3).fill(smtp.accepted[0]!.messageId));
    expect(smtp.accepted).toHaveLength(1);
  });

  it('an outage: the channel waits for one probe, then everything of it goes — the other channel is not held back', async () => {
    await configure({ smtpPort: smtp.port, gatewayUrl: gateway.url });
    await gateway.stop();
    const ids = [await h.receive(), await h.receive(), await h.receive()];
    for (const dossierId of ids) await h.notice({ dossierId, kind: 'result-ready' });
    // E-mail goes on while the SMS gateway is down.
    await until(() => smtp.accepted.length === 3, 'e-mails sent during the SMS outage');
    await until(async () => (await h.must('notify.status')).sms === 'offline', 'SMS channel offline');
    const status = await h.must('notify.status');
    expect(status.lastProblem).toContain('Không kết nối được cổng SMS');
    expect(status.waiting).toBe(3);
    await gateway.start();
    await until(() => noticeRows(h.raw).every((r) => r.state === 'done'), 'SMS sent after the gateway came back');
    expect(gateway.delivered).toHaveLength(3);
    expect(new Set(gateway.delivered.map((d) => d.requestId)).size).toBe(3);
    expect(h.core.services.notices.drainer!.stats.outages).toBe(1);
    expect((await h.must('notify.status')).sms).toBe('online');
  });

  it('a refused message is listed for the clerk; "gửi lại" sends it again under the same id', async () => {
    await configure({ gatewayUrl: gateway.url });
    gateway.rejectNext = 1;
    const dossierId = await h.receive();
    await h.notice({ dossierId, kind: 'result-ready' });
    await until(() => noticeRows(h.raw)[0]!.state === 'needs_attention', 'parked');
    const [row] = await h.must('notify.list', { filter: 'manual' });
    expect(row.lastError).toContain('Cổng SMS từ chối tin nhắn (HTTP 400');
    expect(row.lastError).toContain('Phone number invalid');
    await h.must('notify.resend', { seq: row.seq });
    await until(() => noticeRows(h.raw)[0]!.state === 'done', 'sent again');
    expect(gateway.requests.map((r) => r.requestId)).toEqual([row.seq, row.seq].map(() => noticeRows(h.raw)[0]!.payload.messageId));
    expect(gateway.delivered).toHaveLength(1);
  });

  it('a manual notice goes by the gateway set up afterwards, when the clerk asks to send it again', async () => {
    const dossierId = await h.receive();
    await h.notice({ dossierId, kind: 'result-ready' });
    const [row] = await h.must('notify.list', { filter: 'manual' });
    await configure({ gatewayUrl: gateway.url });
    await h.must('notify.resend', { seq: row.seq });
    await until(() => noticeRows(h.raw)[0]!.state === 'done', 'sent by SMS');
    expect(noticeRows(h.raw)[0]!.payload).toMatchObject({ channel: 'sms', to: '0912345678' });
    expect(gateway.delivered[0]!.fields.to).toBe('84912345678');
  });

  it('only the channels the applicant can be reached by: no SMS to a landline, no e-mail without an address', async () => {
    await configure({ smtpPort: smtp.port, gatewayUrl: gateway.url });
    const landline = await h.receive({ phone: '024 3825 1234', email: '' });
    expect((await h.notice({ dossierId: landline, kind: 'result-ready' })).channels).toEqual(['manual']);
    const [row] = await h.must('notify.list', { filter: 'manual' });
    expect(row.lastError).toContain('không có số di động hay e-mail');
    expect(row.to).toBe('02438251234');
    const emailOnly = await h.receive({ phone: '', email: 'an@example.vn' });
    expect((await h.notice({ dossierId: emailOnly, kind: 'result-ready' })).channels).toEqual(['email']);
  });

  it('a wrong SMTP password stops the e-mail channel with what to fix; the test message says it too', async () => {
    await configure({ smtpPort: smtp.port }, { emailPassword: 'sai-mat-khau' });
    const test = await h.call('notify.test', { channel: 'email', to: 'an@example.vn' });
    expect(test.error.code).toBe('CONFLICT');
    expect(test.error.message).toContain('từ chối đăng nhập');
    const dossierId = await h.receive();
    await h.notice({ dossierId, kind: 'result-ready' });
    await until(async () => (await h.must('notify.status')).email === 'offline', 'e-mail channel offline');
    expect(noticeRows(h.raw)[0]!.state).toBe('pending');
    await configure({ smtpPort: smtp.port }, { emailPassword: smtp.password });
    await until(() => noticeRows(h.raw)[0]!.state === 'done', 'sent once the password is fixed');
    expect(smtp.accepted).toHaveLength(1);
    expect((await h.must('notify.test', { channel: 'email', to: 'an@example.vn' })).message).toBe('Đã gửi thư thử tới an@example.vn.');
  });
});

describe('next to the portal', () => {
  it("the portal's drainer neither sends nor parks notices, and its outage does not hold them back", async () => {
    // The notice drainer not started yet: the notice waits, due, while the portal's drainer empties the outbox.
    await h.close();
    h = await startNotifyCore({ dataDir: h.dataDir, autoStart: false });
    const portal = await startPortal();
    try {
      const { agencyCode: _a, ...config } = clientConfig(portal);
      await h.must('sync.setConfig', { ...config, agencyCode: portal.agencyCode, password: PORTAL_PASSWORD });
      await configure({ gatewayUrl: gateway.url });
      const dossierId = await h.receive();
      await h.notice({ dossierId, kind: 'result-ready' });
      await until(() => portal.store.allDossiers().length === 1, 'dossier on the portal');
      await until(async () => (await h.must('sync.status')).waiting === 0, 'portal items sent');
      // Still waiting for its own gateway: not claimed, parked or counted by the portal's side.
      expect(noticeRows(h.raw)[0]!.state).toBe('pending');
      expect(await h.must('sync.status')).toMatchObject({ waiting: 0, parked: 0 });
      await portal.close();
      await h.core.services.notices.startDrainer();
      await until(() => noticeRows(h.raw)[0]!.state === 'done', 'notice sent while the portal is down');
      expect(gateway.delivered).toHaveLength(1);
    } finally {
      await portal.close().catch(() => undefined);
    }
  });
});

describe('settings', () => {
  it('refuses a body template that is not JSON once filled, and a template field that does not exist, at their fields', async () => {
    const bad = settingsFor({ gatewayUrl: gateway.url }, defaults);
    bad.sms.bodyTemplate = '{"to": "{to}", "text": {text}}';
    (bad.templates as any)['result-ready'].sms = 'Hồ sơ {so_ho_so} của {ten_nguoi_nop} đã có kết quả.';
    const r = await h.call('notify.setSettings', bad);
    expect(r.error.code).toBe('VALIDATION');
    const fields = Object.fromEntries(r.error.fields.map((f: any) => [f.field, f.message]));
    expect(fields['sms.bodyTemplate']).toContain('chưa thành JSON hợp lệ');
    expect(fields['templates.result-ready.sms']).toContain('Không có trường {ten_nguoi_nop}');
    expect(fields['templates.result-ready.sms']).toContain('{nguoi_nop}');
  });

  it('keeps the secrets out of the settings and the audit; an office text replaces the shipped one', async () => {
    const s = settingsFor({ gatewayUrl: gateway.url }, defaults);
    (s.templates as any)['result-ready'].sms = 'Xã Ba Đình: hồ sơ {so_ho_so} đã có kết quả, mời ông/bà {nguoi_nop} đến nhận.';
    const saved = await h.must('notify.setSettings', { ...s, smsKey: gateway.key });
    expect(saved).toMatchObject({ hasSmsKey: true, hasEmailPassword: false });
    const stored = JSON.stringify(h.raw.prepare(`SELECT value_json FROM setting WHERE key = 'notify'`).get());
    const audit = JSON.stringify(h.raw.prepare(`SELECT before_json, after_json FROM audit_event WHERE action = 'notify.settings'`).all());
    expect(stored).not.toContain('khoa-bi-mat');
    expect(audit).not.toContain('khoa-bi-mat');
    const dossierId = await h.receive({ fullName: 'Lê Văn Ánh' });
    await h.notice({ dossierId, kind: 'result-ready' });
    await until(() => gateway.delivered.length === 1, 'sent');
    expect(gateway.delivered[0]!.fields.text).toMatch(/^Xã Ba Đình: hồ sơ \S+ đã có kết quả, mời ông\/bà Lê Văn Ánh đến nhận\.$/);
  });

  it('only an administrator configures; staff list; a leader cannot mark a notice sent', async () => {
    await h.must('users.create', { username: 'lanhdao', fullName: 'Phạm Lãnh Đạo', role: 'leader', password: 'matkhau-123' });
    const leader = (await h.must('auth.login', { username: 'lanhdao', password: 'matkhau-123' })).sessionToken;
    expect((await h.call('notify.getSettings', {}, leader)).error.code).toBe('FORBIDDEN');
    expect((await h.call('notify.list', {}, leader)).ok).toBe(true);
    const dossierId = await h.receive();
    await h.notice({ dossierId, kind: 'result-ready' });
    const [row] = await h.must('notify.list', { filter: 'manual' });
    expect((await h.call('notify.markSent', { seq: row.seq }, leader)).error.code).toBe('FORBIDDEN');
  });
});
