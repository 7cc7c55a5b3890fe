import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCoreOverPort } from '../../main/node/core-host';
import { startHttpShell, type HttpShell } from '../../main/node/http-server';
import { ADMIN } from '../support/fixtures';
import { startCore, type Harness } from '../support/core-harness';

let h: Harness;
let http: HttpShell;
beforeAll(async () => {
  h = await startCore();
  http = await startHttpShell({ core: h.core });
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
