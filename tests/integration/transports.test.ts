import crypto from 'node:crypto';
import { request } from 'node:http';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCoreOverPort } from '../../main/node/core-host';
import { startHttpShell, type HttpShell } from '../../main/node/http-server';
import { api, MAX_REQUEST_BYTES, MAX_UPLOADS_BASE64_TOTAL } from '../../shared/contract';
import { ADMIN } from '../support/fixtures';
import { SettableClock, startCore, type Harness } from '../support/core-harness';

let h: Harness;
let http: HttpShell;
let session = '';
beforeAll(async () => {
  h = await startCore();
  http = await startHttpShell({ core: h.core });
  session = (await h.must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken;
});
afterAll(async () => {
  await http.close();
  await h.close();
});

describe('HTTP transport on 127.0.0.1', () => {
  it('listens on loopback only and rejects calls without the launch token', async () => {
    expect(http.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const none = await fetch(`${http.baseUrl}/api/app.info`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(401);
    const wrong = await fetch(`${http.baseUrl}/api/app.info`, { method: 'POST', body: '{}', headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.message).toMatch(/Mã phiên chạy/);
    const get = await fetch(`${http.baseUrl}/api/app.info`, { headers: { authorization: `Bearer ${http.token}` } });
    expect(get.status).toBe(405);
  });

  it('serves the contract with the token, and reports bad JSON in Vietnamese', async () => {
    const headers = { authorization: `Bearer ${http.token}`, 'content-type': 'application/json' };
    const info = await (await fetch(`${http.baseUrl}/api/app.info`, { method: 'POST', headers, body: '{}' })).json();
    expect(info).toMatchObject({ ok: true, data: { setupRequired: false, shell: 'browser' } });
    const bad = await (await fetch(`${http.baseUrl}/api/auth.login`, { method: 'POST', headers, body: '{oops' })).json();
    expect(bad.error.message).toMatch(/JSON/);
    const login = await (await fetch(`${http.baseUrl}/api/auth.login`, { method: 'POST', headers, body: JSON.stringify({ username: ADMIN.username, password: ADMIN.password }) })).json();
    const list = await (await fetch(`${http.baseUrl}/api/dossiers.list`, { method: 'POST', headers: { ...headers, 'x-session': login.data.sessionToken }, body: '{}' })).json();
    expect(list).toEqual({ ok: true, data: [] });
  });
});

describe('utility-process transport (message port)', () => {
  it('answers each request by id through the same handler table', async () => {
    const { port1, port2 } = new MessageChannel();
    // Electron's parentPort delivers { data }; adapt Node's port to that shape.
    serveCoreOverPort(h.core, { on: (_e, l) => port2.on('message', (data) => l({ data })), postMessage: (m) => port2.postMessage(m) });
    const answers = new Map<number, unknown>();
    const done = new Promise<void>((resolve) => port1.on('message', (m: { id: number; response: unknown }) => { answers.set(m.id, m.response); if (answers.size === 2) resolve(); }));
    port1.postMessage({ id: 1, method: 'app.info', input: {} });
    port1.postMessage({ id: 2, method: 'dossiers.list', input: {} });
    await done;
    port1.close();
    expect(answers.get(1)).toMatchObject({ ok: true, data: { setupRequired: false } });
    expect(answers.get(2)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

/** A raw request (node:http lets the test set Host and send what a browser or a script would). */
function raw(baseUrl: string, opts: { method?: string; path: string; host?: string; headers?: Record<string, string>; body?: Buffer | Buffer[] }) {
  const u = new URL(baseUrl);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({
      host: u.hostname, port: Number(u.port), method: opts.method ?? 'GET', path: opts.path,
      // host '' = no Host header at all (an HTTP/1.0-style client).
      setHost: false, headers: { ...(opts.host === '' ? {} : { host: opts.host ?? u.host }), ...opts.headers },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    if (Array.isArray(opts.body)) {
      // Chunked, without a Content-Length: the limit must hold while reading, not only on the header.
      for (const chunk of opts.body) req.write(chunk);
      req.end();
    } else req.end(opts.body);
  });
}

describe('HTTP shell hardening', () => {
  const auth = () => ({ authorization: `Bearer ${http.token}`, 'content-type': 'application/json' });

  it('answers only for its own Host (DNS rebinding), API and pages alike', async () => {
    const port = http.port;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1.nip.io:${port}`, `127.0.0.1:${port + 1}`]) {
      const api = await raw(http.baseUrl, { method: 'POST', path: '/api/app.info', host, headers: auth(), body: Buffer.from('{}') });
      expect(api.status, `Host: ${host}`).toBe(403);
      expect(JSON.parse(api.body).error.message).toMatch(/Địa chỉ truy cập không đúng/);
      expect((await raw(http.baseUrl, { path: '/', host })).status, host).toBe(403);
    }
    // No Host at all: Node's server refuses an HTTP/1.1 request without one (400) before we see it.
    expect((await raw(http.baseUrl, { method: 'POST', path: '/api/app.info', host: '', headers: auth(), body: Buffer.from('{}') })).status).toBe(400);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`]) {
      const ok = await raw(http.baseUrl, { method: 'POST', path: '/api/app.info', host, headers: auth(), body: Buffer.from('{}') });
      expect(ok.status, host).toBe(200);
      expect(JSON.parse(ok.body)).toMatchObject({ ok: true });
    }
  });

  it('answers 400 with a Vietnamese message to a malformed path, not 500', async () => {
    const api = await raw(http.baseUrl, { method: 'POST', path: '/api/app.%E0%A4%A', headers: auth(), body: Buffer.from('{}') });
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body).error).toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/Đường dẫn yêu cầu không hợp lệ/) });
    expect((await raw(http.baseUrl, { path: '/assets/%C0%AF' })).status).toBe(400);
  });

  it('takes a 26 MB file upload whole (the contract allows 40 MB a file)', async () => {
    const file = crypto.randomBytes(26 * 1024 * 1024).toString('base64');
    const body = Buffer.from(JSON.stringify({ jobId: crypto.randomUUID(), uploads: [{ name: 'ho-so.pdf', base64: file }] }));
    const res = await raw(http.baseUrl, { method: 'POST', path: '/api/scanning.importFiles', headers: { ...auth(), 'x-session': session }, body });
    // The transport passed it on: the core answers about the (made-up) job, not the transport about the size.
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  }, 60_000);

  it('answers 413 with a Vietnamese message to a body larger than the contract allows, declared or chunked', async () => {
    const over = Buffer.alloc(MAX_REQUEST_BYTES + 1, 0x41);
    const declared = await raw(http.baseUrl, { method: 'POST', path: '/api/scanning.importFiles', headers: auth(), body: over });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body).error.message).toBe('Dữ liệu gửi lên quá lớn (tối đa 40 MB mỗi tệp và 80 MB mỗi lần nhập). Hãy nhập ít tệp hơn mỗi lần hoặc quét với độ phân giải thấp hơn.');
    const chunks = Array.from({ length: Math.ceil(over.length / (8 << 20)) }, (_, i) => over.subarray(i * (8 << 20), (i + 1) * (8 << 20)));
    const chunked = await raw(http.baseUrl, { method: 'POST', path: '/api/scanning.importFiles', headers: auth(), body: chunks });
    expect(chunked.status).toBe(413);
    // The server is still there for the next call.
    expect((await raw(http.baseUrl, { method: 'POST', path: '/api/app.info', headers: auth(), body: Buffer.from('{}') })).status).toBe(200);
  }, 60_000);

  it('the contract caps one import at 80 MB of files, with a message, below the transport limit', () => {
    const big = 'A'.repeat(40_000_000);
    const parsed = api['scanning.importFiles'].input.safeParse({ jobId: crypto.randomUUID(), uploads: [1, 2, 3].map((i) => ({ name: `${i}.pdf`, base64: big })) });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('tối đa 80 MB mỗi lần');
    expect(MAX_UPLOADS_BASE64_TOTAL).toBeLessThan(MAX_REQUEST_BYTES);
  });
});

describe('login backoff in the core (HTTP and IPC alike)', () => {
  it('30 wrong passwords: five are checked, then each try waits a doubling delay; the right one waits too', async () => {
    const clock = new SettableClock(new Date('2026-11-27T09:00:00+07:00'));
    const c = await startCore({ clock });
    const shell = await startHttpShell({ core: c.core });
    try {
      const headers = { authorization: `Bearer ${shell.token}`, 'content-type': 'application/json' };
      const login = async (password: string, username = ADMIN.username) =>
        (await (await fetch(`${shell.baseUrl}/api/auth.login`, { method: 'POST', headers, body: JSON.stringify({ username, password }) })).json()) as
          { ok: boolean; error?: { message: string } };
      const answers: string[] = [];
      for (let i = 0; i < 30; i++) answers.push((await login(`sai-${i}`)).error!.message);
      expect(answers.filter((m) => m === 'Tên đăng nhập hoặc mật khẩu không đúng.')).toHaveLength(5);
      expect(answers.slice(5).every((m) => /Đã nhập sai mật khẩu nhiều lần\. Hãy đợi 1 giây/.test(m))).toBe(true);
      // Refused without being checked: the right password waits as well.
      expect((await login(ADMIN.password)).ok).toBe(false);
      // Over IPC (the same core's handle, as the Electron shell calls it) the name is throttled too.
      expect((await c.core.handle('auth.login', { username: 'ADMIN', password: ADMIN.password })).ok).toBe(false);

      clock.current = new Date(clock.current.getTime() + 1000);
      expect((await login('sai-nua')).error!.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
      const wait = (await login(ADMIN.password)).error!.message;
      expect(wait).toMatch(/Hãy đợi 2 giây/);
      clock.current = new Date(clock.current.getTime() + 2000);
      expect((await login(ADMIN.password)).ok).toBe(true);
      // A success clears the count: the next mistake is an ordinary one.
      expect((await login('sai')).error!.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    } finally {
      await shell.close();
      await c.close();
    }
  });

  it('one client trying many names is slowed after ten failures in all', async () => {
    const clock = new SettableClock(new Date('2026-11-27T09:00:00+07:00'));
    const c = await startCore({ clock });
    try {
      const answers: string[] = [];
      for (let i = 0; i < 12; i++) {
        const r = await c.core.handle('auth.login', { username: `nguoi${i}`, password: 'x' });
        answers.push((r as { error: { message: string } }).error.message);
      }
      expect(answers.slice(0, 10).every((m) => m === 'Tên đăng nhập hoặc mật khẩu không đúng.')).toBe(true);
      expect(answers.slice(10).every((m) => /Hãy đợi/.test(m))).toBe(true);
      // Another client (the HTTP shell's address) is not held up by this one.
      expect((await c.core.handle('auth.login', { username: ADMIN.username, password: ADMIN.password }, undefined, 'http:127.0.0.1')).ok).toBe(true);
    } finally {
      await c.close();
    }
  });
});
