// Exactly once after a SIGKILL: the process sending notices is killed while a message is on its way — the
// SMS gateway has taken the request but not answered, the SMTP server has the message's data but has not
// said 250 — several times in a row; then a last process sends the rest. The gateway sends each notice once
// (its duplicate check on the notice's id, which every attempt carries); every e-mail the mail server saw is
// one of the notices, under its one Message-ID.
import { spawn } from 'node:child_process';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/server';
import { settingsFor, startNotifyCore, until } from './support/harness';
import { startGateway, type TestGateway } from './support/sms-gateway';
import { startSmtp, type TestSmtp } from './support/smtp';

const KILLS = 4;
let smtp: TestSmtp;
let gateway: TestGateway;
beforeAll(async () => { smtp = await startSmtp(); gateway = await startGateway(); });
afterAll(async () => { await smtp.close(); await gateway.close(); });

function spawnChild(dataDir: string) {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/notify/support/notice-child.ts'), dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => { err += c; });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => proc.on('exit', (code, signal) => resolve(signal ?? code)));
  return { proc, exited, err: () => err };
}

describe('SIGKILL while notices are being sent', () => {
  it(`${KILLS} kills mid-send, then a clean run: each SMS sent once, each e-mail under its one Message-ID`, async () => {
    const h = await startNotifyCore({ autoStart: false });
    const defaults = (await h.must('notify.getSettings')).defaultTemplates;
    await h.must('notify.setSettings', { ...settingsFor({ smtpPort: smtp.port, gatewayUrl: gateway.url }, defaults), emailPassword: smtp.password, smsKey: gateway.key });
    for (let i = 0; i < 6; i++) await h.notice({ dossierId: await h.receive({ fullName: `Nguyễn Văn Thử ${i}` }), kind: 'result-ready' });
    const dataDir = h.dataDir;
    await h.close();
    const db = new Sqlite(path.join(dataDir, 'motcua.sqlite'), { readonly: true });
    const notices = () => (db.prepare(`SELECT state, attempts, payload_json FROM outbox WHERE kind = 'applicant.notice' ORDER BY seq`).all() as
      { state: string; attempts: number; payload_json: string }[]).map((r) => ({ ...r, payload: JSON.parse(r.payload_json) as { channel: string; messageId: string } }));
    let all: ReturnType<typeof notices> = [];
    try {
      for (let round = 0; round < KILLS; round++) {
        const [requests, mails] = [gateway.requests.length, smtp.received.length];
        gateway.hold = 1;
        smtp.hold = true;
        const child = spawnChild(dataDir);
        await until(() => gateway.requests.length > requests && smtp.received.length > mails, `round ${round}: a held SMS and a held e-mail (${child.err()})`, 60_000);
        child.proc.kill('SIGKILL');
        expect(await child.exited).toBe('SIGKILL');
      }
      const last = spawnChild(dataDir);
      await until(() => notices().every((n) => n.state === 'done'), `all notices sent (${last.err()})`, 60_000);
      last.proc.kill('SIGKILL');
      await last.exited;
      all = notices();
    } finally {
      db.close();
    }
    const sms = all.filter((n) => n.payload.channel === 'sms').map((n) => n.payload.messageId);
    const email = all.filter((n) => n.payload.channel === 'email').map((n) => n.payload.messageId);
    expect(sms).toHaveLength(6);
    expect(email).toHaveLength(6);
    // Some notice was asked for again after a kill (the test reached the dangerous moment) …
    expect(gateway.requests.length).toBeGreaterThan(new Set(gateway.requests.map((r) => r.requestId)).size);
    expect(smtp.received.length).toBeGreaterThan(smtp.accepted.length);
    // … and still each SMS went to the phone once, each e-mail was accepted once.
    expect(gateway.delivered.map((d) => d.requestId).sort()).toEqual([...sms].sort());
    // SMTP has no duplicate check of its own: a kill between the server's 250 and the local commit sends the
    // e-mail again — as the same message (same Message-ID, which mail programs show once). So: every notice's
    // Message-ID accepted, every copy the server saw carries one, and copies only from the kills.
    const ids = email.map((id) => `<${id}@baidinh.hanoi.gov.vn>`).sort();
    expect([...new Set(smtp.accepted.map((m) => m.messageId))].sort()).toEqual(ids);
    expect(smtp.received.every((m) => ids.includes(m.messageId))).toBe(true);
    // (The child sends 4 at a time and two are held: at most two others can be caught by each kill.)
    expect(smtp.accepted.length).toBeLessThanOrEqual(ids.length + 2 * KILLS);
    console.log(`[notify kill test] ${KILLS} kills: SMS requests ${gateway.requests.length} for ${sms.length} notices, sent ${gateway.delivered.length}; `
      + `e-mails seen ${smtp.received.length}, accepted ${smtp.accepted.length} for ${email.length} notices`);
  }, 240_000);
});
