import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { PortCipher } from '../../main/node/core-host';
import { FileCredentialStore } from '../../main/sync/config';

// Stands in for Electron's main process: answers { cipherId, op, data } as main/electron/main.ts does,
// with AES-GCM in place of safeStorage (which only exists inside Electron).
function fakeMainProcess(port: import('node:worker_threads').MessagePort, opts: { available: boolean }) {
  const key = crypto.randomBytes(32);
  port.on('message', (m: { cipherId: number; op: string; data: string }) => {
    if (!opts.available) return port.postMessage({ cipherId: m.cipherId, ok: false, error: 'Hệ điều hành chưa sẵn sàng bảo vệ mật khẩu (safeStorage).' });
    if (m.op === 'encrypt') {
      const iv = crypto.randomBytes(12);
      const c = crypto.createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(m.data, 'utf8'), c.final()]);
      return port.postMessage({ cipherId: m.cipherId, ok: true, data: Buffer.concat([iv, c.getAuthTag(), body]).toString('base64') });
    }
    const raw = Buffer.from(m.data, 'base64');
    const d = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    port.postMessage({ cipherId: m.cipherId, ok: true, data: Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8') });
  });
}

const channels: MessageChannel[] = [];
function cipherPair(available = true) {
  const channel = new MessageChannel();
  channels.push(channel);
  fakeMainProcess(channel.port2, { available });
  return new PortCipher({ on: (_e, l) => channel.port1.on('message', (data) => l({ data })), postMessage: (m) => channel.port1.postMessage(m) });
}
afterAll(() => { for (const c of channels) { c.port1.close(); c.port2.close(); } });

describe('portal password kept with the OS protection in the Electron shell', () => {
  it('stores the password encrypted (never in clear), mode 0600, and reads it back', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cred-')), 'sync-credentials.json');
    const store = new FileCredentialStore(file, cipherPair());
    await store.set({ password: 'Mật-khẩu-tỉnh-2026' });
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('Mật-khẩu');
    expect(JSON.parse(text)).toEqual({ encrypted: expect.any(String) });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await store.get()).toEqual({ password: 'Mật-khẩu-tỉnh-2026' });
    // The browser shell (no cipher) cannot read an encrypted entry and does not pretend to.
    expect(await new FileCredentialStore(file).get()).toBeNull();
  });

  it('refuses to store when the OS protection is unavailable, with a Vietnamese message', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cred-')), 'sync-credentials.json');
    const store = new FileCredentialStore(file, cipherPair(false));
    await expect(store.set({ password: 'x' })).rejects.toThrow(/safeStorage/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
