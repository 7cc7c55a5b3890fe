import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../main/core/core';
import { ADMIN, OFFICE } from '../support/fixtures';
import { intake } from '../support/core-harness';
import { RecordingPrinter } from '../support/recording-printer';
import { startForeignServer, type ForeignServer } from '../support/reference-portal/foreign';
import { ReferencePortal } from '../support/reference-portal/server';
import { PORTAL_PASSWORD, until } from './support/portal';

// Issue 9 #12 through the API, as Quản trị → Hệ thống tỉnh and the status line call it, against the reference
// portal (docs/portal-openapi.yaml) and servers that are not it: "Kiểm tra kết nối" answers each step from a
// real answer and names the setting at fault; the status line says "online" only after the contract answered
// (a 404 page, another service, a wrong password or a closed port never show as connected); items meet a
// wrong address without being parked as their own fault; and a person's actions say what actually happened.
describe('connection check, connectivity and action outcomes against real answers', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-sync-check-'));
  let core: Core;
  let portal: ReferencePortal;
  let closedPort = 0;
  const foreign: Partial<Record<'html-404' | 'html-200' | 'json-404' | 'tls-self-signed', ForeignServer>> = {};
  let session = '';
  const must = async (method: string, input: unknown = {}) => {
    const r = await core.handle(method, input, session);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.data as any;
  };
  const settings = (over: Record<string, unknown> = {}) => ({
    baseUrl: portal.url, agencyCode: OFFICE.agencyCode, username: 'motcua', password: PORTAL_PASSWORD, timeoutMs: 2000, ...over,
  });
  const stepStates = (check: any) => Object.fromEntries(check.steps.map((s: any) => [s.step, s.state]));
  const failed = (check: any) => check.steps.find((s: any) => s.state === 'failed');

  beforeAll(async () => {
    portal = await new ReferencePortal({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-portal-')) }).start();
    const gone = await new ReferencePortal({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-portal-')) }).start();
    closedPort = gone.port;
    await gone.close();
    for (const kind of ['html-404', 'html-200', 'json-404', 'tls-self-signed'] as const) foreign[kind] = await startForeignServer(kind);
    core = await Core.start({ dataDir, shell: 'browser', printerDriver: new RecordingPrinter(), sync: {
      drainer: { retryBaseMs: 50, retryMaxMs: 400, probeBaseMs: 100, probeMaxMs: 400, pollMs: 50 },
    } });
    await must('setup.initialize', { office: OFFICE, admin: ADMIN });
    session = (await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken;
  });
  afterAll(async () => {
    await core.close();
    await portal.close();
    for (const f of Object.values(foreign)) await f?.close();
  });

  describe('"Kiểm tra kết nối" tries the typed settings, saves nothing, and names each step', () => {
    it('the provincial system with the right account: reach, identity, login and a harmless read all pass', async () => {
      const check = await must('sync.testConnection', settings());
      expect(check.ok).toBe(true);
      expect(stepStates(check)).toEqual({ reach: 'ok', service: 'ok', login: 'ok', read: 'ok' });
      expect(check.steps.find((s: any) => s.step === 'read').message).toMatch(/^Đọc được danh sách ngày nghỉ năm \d{4} của tỉnh/);
      expect((await must('sync.getConfig')).baseUrl).toBe(''); // nothing saved
      expect((await must('sync.status')).connectivity).toBe('not-configured');
    });

    it('a wrong password is "sai tài khoản" at the login, on the account fields; the read is not tried', async () => {
      const check = await must('sync.testConnection', settings({ password: 'sai-mat-khau' }));
      expect(check.ok).toBe(false);
      expect(stepStates(check)).toEqual({ reach: 'ok', service: 'ok', login: 'failed', read: 'skipped' });
      expect(failed(check)).toMatchObject({ fields: ['username', 'password'] });
      expect(failed(check).message).toMatch(/^Sai tài khoản đồng bộ: hệ thống tỉnh trả lời "Sai tên đăng nhập hoặc mật khẩu"/);
      expect(check.summary).toBe('Chưa kết nối được: sai tài khoản đồng bộ.');
    });

    it('an agency code the account may not use fails the read, on the agency field', async () => {
      const check = await must('sync.testConnection', settings({ agencyCode: '000.00.99.H99' }));
      expect(stepStates(check)).toEqual({ reach: 'ok', service: 'ok', login: 'ok', read: 'failed' });
      expect(failed(check)).toMatchObject({ fields: ['agencyCode'] });
      expect(failed(check).message).toMatch(/^Tài khoản không được dùng mã đơn vị 000\.00\.99\.H99/);
    });

    it('addresses that answer but are not the provincial system: a 404 page, a web page, another service, a wrong path', async () => {
      const wrongPath = portal.url.replace(/\/dvc$/, '/api'); // the reference portal itself answers 401 there, not /health's 200
      for (const url of [foreign['html-404']!.url, foreign['html-200']!.url, foreign['json-404']!.url, wrongPath]) {
        const check = await must('sync.testConnection', settings({ baseUrl: url }));
        expect(check.ok, url).toBe(false);
        expect(stepStates(check), url).toEqual({ reach: 'ok', service: 'failed', login: 'skipped', read: 'skipped' });
        expect(failed(check).message, url).toMatch(/^Địa chỉ không phải hệ thống một cửa của tỉnh: \/health trả lời/);
        expect(failed(check).fields, url).toEqual(['baseUrl']);
        expect(check.summary).toBe('Chưa kết nối được: địa chỉ không phải hệ thống một cửa của tỉnh.');
      }
      // The 404 server was asked /health only: no login (no password) was sent to a stranger.
      expect(foreign['html-404']!.requests).toEqual(['GET /dvc/health']);
    });

    it('nothing listening, a self-signed certificate, https to an http server: the reach fails with the reason named', async () => {
      const refused = await must('sync.testConnection', settings({ baseUrl: `http://127.0.0.1:${closedPort}/dvc` }));
      expect(stepStates(refused)).toEqual({ reach: 'failed', service: 'skipped', login: 'skipped', read: 'skipped' });
      expect(failed(refused).message).toMatch(/từ chối kết nối/);
      expect(failed(refused).fields).toEqual(['baseUrl']);

      const selfSigned = await must('sync.testConnection', settings({ baseUrl: foreign['tls-self-signed']!.url }));
      expect(failed(selfSigned)).toMatchObject({ step: 'reach', fields: ['baseUrl'] });
      expect(failed(selfSigned).message).toMatch(/^Không kết nối an toàn \(https\) được tới 127\.0\.0\.1:\d+: máy chủ dùng chứng chỉ tự ký/);
      expect(selfSigned.summary).toMatch(/lỗi kết nối https/);

      const plain = await must('sync.testConnection', settings({ baseUrl: portal.url.replace(/^http:/, 'https:') }));
      expect(failed(plain)).toMatchObject({ step: 'reach', fields: ['baseUrl'] });
      expect(failed(plain).message).toMatch(/không dùng https ở địa chỉ này \(thử http:\/\/\)/);
    });

    it('missing settings are named at their field before anything is sent', async () => {
      expect(failed(await must('sync.testConnection', settings({ baseUrl: '' })))).toMatchObject({ step: 'reach', fields: ['baseUrl'] });
      const noPassword = await must('sync.testConnection', settings({ password: undefined }));
      expect(failed(noPassword)).toMatchObject({ step: 'login', fields: ['password'], message: 'Nhập mật khẩu đồng bộ do tỉnh cấp.' });
    });
  });

  describe('the status line and the actions say what really happened', () => {
    // The receipt's create item moves behind its files (a new seq) once they are queued: asked for each time.
    const createSeq = async () => (await must('sync.items')).find((i: any) => i.kind === 'dossier.create').seq as number;
    it('not configured: "Thử lại ngay" says the work is kept on this PC, as a warning, never "đang gửi"', async () => {
      const xnhn = (await must('procedures.search', { query: '1.004873' }))[0].id;
      await must('dossiers.receive', intake(xnhn));
      for (const answer of [await must('sync.retryNow', {}), await must('sync.retryNow', { seq: await createSeq() })]) {
        expect(answer).toMatchObject({ outcome: 'not-configured', tone: 'warning' });
        expect(answer.message).toMatch(/^Chưa cấu hình kết nối hệ thống một cửa của tỉnh nên chưa gửi được: .+ vẫn được lưu trên máy này và sẽ tự gửi khi quản trị viên cấu hình/);
        expect(answer.message).not.toMatch(/Đang gửi/);
      }
    });

    /** Polls the status until `done`, keeping every connectivity seen on the way. */
    const watch = async (done: (s: any) => boolean, what: string) => {
      const seen = new Set<string>();
      let last: any;
      await until(async () => { last = await must('sync.status'); seen.add(last.connectivity); return done(last); }, 15_000, what);
      return { seen, last };
    };

    it('an address answering a 404 page is never "online": the line is "misconfigured", named; no password goes there, nothing is parked', async () => {
      const stranger = foreign['html-404']!;
      stranger.requests.length = 0;
      await must('sync.setConfig', { enabled: true, ...settings({ baseUrl: stranger.url }), inboundIntervalSec: 0 });
      const { seen, last } = await watch((s) => s.connectivity === 'misconfigured', 'misconfigured');
      expect(last.connectionProblem).toBe('Địa chỉ không phải hệ thống một cửa của tỉnh');
      expect(seen.has('online')).toBe(false);
      const retried = await must('sync.retryNow', { seq: await createSeq() });
      expect(retried).toMatchObject({ outcome: 'misconfigured', tone: 'error' });
      expect(retried.message).toMatch(/^Không gửi được tạo hồ sơ ".+" của hồ sơ .+: Địa chỉ không phải hệ thống một cửa của tỉnh\. Mục vẫn được lưu trên máy này/);
      const all = await must('sync.retryNow', {});
      expect(all).toMatchObject({ outcome: 'misconfigured', tone: 'error' });
      // The drainer is held: only /health was asked, no login (no password) and no dossier went to that server.
      expect(stranger.requests.length).toBeGreaterThan(0);
      expect(stranger.requests.every((r) => r === 'GET /dvc/health')).toBe(true);
      expect((await must('sync.items')).every((i: any) => i.attempts === 0 && i.state === 'pending')).toBe(true);
      expect((await must('sync.status')).parked).toBe(0);
    });

    it('another service\'s JSON "not found", a web page and a wrong password are not "online" either (the drainer held)', async () => {
      const logins = portal.stats.logins;
      for (const [over, problem] of [
        [{ baseUrl: foreign['json-404']!.url }, 'Địa chỉ không phải hệ thống một cửa của tỉnh'],
        [{ baseUrl: foreign['html-200']!.url }, 'Địa chỉ không phải hệ thống một cửa của tỉnh'],
        [{ password: 'sai-mat-khau' }, 'Sai tài khoản đồng bộ'],
      ] as const) {
        await must('sync.setConfig', settings(over));
        const { seen, last } = await watch((s) => s.connectivity === 'misconfigured', 'misconfigured');
        expect(last.connectionProblem).toBe(problem);
        expect(seen.has('online')).toBe(false);
      }
      expect((await must('sync.status')).parked).toBe(0);
      // The wrong password was tried by the check (again only every few seconds), never by a drainer retrying items.
      expect(portal.stats.logins - logins).toBeLessThanOrEqual(3);
    });

    it('nothing listening is "offline" at once, before any item was tried; "Thử lại ngay" says the work is kept', async () => {
      await must('sync.setConfig', settings({ baseUrl: `http://127.0.0.1:${closedPort}/dvc` }));
      const { seen } = await watch((s) => s.connectivity === 'offline', 'offline');
      expect(seen.has('online')).toBe(false);
      const answer = await must('sync.retryNow', { seq: await createSeq() });
      expect(answer).toMatchObject({ outcome: 'offline', tone: 'warning' });
      expect(answer.message).toMatch(/^Vẫn chưa kết nối được hệ thống tỉnh.*: tạo hồ sơ ".+" của hồ sơ .+ vẫn được lưu trên máy này và sẽ tự gửi khi có mạng\.$/);
    });

    it('the provincial system with the right account: "online" once it answered, then everything goes', async () => {
      await must('sync.setConfig', settings());
      await watch((s) => s.connectivity === 'online', 'online');
      const answer = await must('sync.retryNow', {});
      expect(answer.tone).not.toBe('error');
      await until(async () => (await must('sync.status')).waiting === 0, 15_000, 'delivered');
    });

    it('"Gửi lại" of an item the province refuses again says so (error), and says "sent" only once it was', async () => {
      portal.store.db.prepare(`DELETE FROM procedure WHERE code = '1.001193'`).run();
      const ks = (await must('procedures.search', { query: '1.001193' }))[0].id;
      await must('dossiers.receive', intake(ks));
      await until(async () => (await must('sync.status')).parked === 1, 15_000, 'parked');
      const [parked] = await must('sync.items', { filter: 'parked' });

      const again = await must('sync.resend', { seq: parked.seq });
      expect(again).toMatchObject({ ok: true, outcome: 'parked', tone: 'error' });
      expect(again.message).toMatch(/^Chưa gửi được tạo hồ sơ ".+" của hồ sơ .+\. Hệ thống tỉnh từ chối: .*1\.001193.* Mục vẫn ở "cần xử lý"/);
      expect(again.message).not.toMatch(/Đã gửi/);

      await must('sync.setConfig', { procedureCodeMap: { '1.001193': '1.004873' } });
      await until(async () => (await must('sync.status')).connectivity === 'online', 15_000, 'online again');
      const sent = await must('sync.resend', { seq: parked.seq });
      expect(sent).toMatchObject({ outcome: 'sent', tone: 'success' });
      expect(sent.message).toMatch(/^Đã gửi lên hệ thống tỉnh: tạo hồ sơ/);
    });

    it('a check of the saved settings informs the status line at once', async () => {
      await portal.stop();
      const check = await must('sync.testConnection', {});
      expect(failed(check)).toMatchObject({ step: 'reach' });
      const status = await must('sync.status');
      expect(status.connectivity).toBe('offline');
      await portal.start(portal.port);
    });
  });
});
