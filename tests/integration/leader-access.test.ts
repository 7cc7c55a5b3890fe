// The office leader views what the counter digitized, through the API as the UI calls it (the HTTP shell):
// the dossier detail, its print log, its slips, its digitized files and result papers, and the state of a
// scan — and changes nothing: every method that writes stays at the counter (or the administrator).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intake } from '../support/core-harness';
import { ADMIN, OFFICE, SPOUSE_PARTY } from '../support/fixtures';
import { writePageImage } from '../support/page-images';
import { apiCaller, startServer, type RunningServer } from '../support/server';

const LEADER = { username: 'lanhdao', fullName: 'Lê Thị Lãnh Đạo', password: 'matkhau-456', role: 'leader' };
const TKKH = [{ code: 'TKKH', name: 'Tờ khai đăng ký kết hôn', copyType: 'original', quantity: 1 }];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-leader-'));
let server: RunningServer;
let admin: ReturnType<typeof apiCaller>;
let leader: ReturnType<typeof apiCaller>;
let dossierId: string;
let versionId: string;
let slipId: string;

async function must(caller: ReturnType<typeof apiCaller>, method: string, input: unknown = {}) {
  const r = await caller.call(method, input);
  if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
  return r.data;
}

beforeAll(async () => {
  server = await startServer();
  admin = apiCaller(server);
  await must(admin, 'setup.initialize', { office: OFFICE, admin: ADMIN });
  admin.setSession((await must(admin, 'auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken);
  await must(admin, 'users.create', LEADER);
  [{ id: versionId }] = await must(admin, 'procedures.search', { query: 'đăng ký kết hôn' });
  const r = await must(admin, 'dossiers.receive', intake(versionId, { components: TKKH, parties: [SPOUSE_PARTY] }));
  dossierId = r.dossier.id;
  slipId = r.document.id;
  // One print attempt for the log (no such printer here: it is logged as failed).
  await admin.call('printing.print', { documentId: slipId, printer: 'MayIn-Khong-Co' });
  // The declaration and the marriage certificate (the result paper) digitized at the counter.
  let job = await must(admin, 'scanning.openJob', { dossierId });
  const declaration = (await writePageImage(path.join(tmp, 'to-khai.png'), { title: 'Tờ khai đăng ký kết hôn', seed: 1 })).filePath;
  const certificate = (await writePageImage(path.join(tmp, 'gcn.png'), { title: 'Giấy chứng nhận kết hôn', seed: 3, stamp: true })).filePath;
  for (const [component, file] of [['TKKH', declaration], ['KQ1', certificate]] as const) {
    job = await must(admin, 'scanning.importFiles', { jobId: job.id, component, paths: [file] });
    const until = Date.now() + 60_000;
    while (job.scan.running && Date.now() < until) {
      await new Promise((res) => setTimeout(res, 100));
      job = await must(admin, 'scanning.job', { jobId: job.id });
    }
  }
  await must(admin, 'scanning.save', { jobId: job.id });
  await must(admin, 'scanning.close', { jobId: job.id });
  leader = apiCaller(server);
  leader.setSession((await must(leader, 'auth.login', { username: LEADER.username, password: LEADER.password })).sessionToken);
}, 180_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the office leader reads', () => {
  it('the dossier\'s detail with its print log, and its slip', async () => {
    const d = await must(leader, 'dossiers.get', { id: dossierId });
    expect(d.prints).toHaveLength(1);
    expect(d.digitization).toMatchObject({ digitized: 1, resultDigitized: true });
    const slip = await must(leader, 'documents.content', { id: slipId });
    expect(Buffer.from(slip.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the digitized files, the result paper among them, and their PDFs', async () => {
    const files = await must(leader, 'scanning.files', { dossierId });
    expect(files.map((f: { kind: number }) => f.kind).sort()).toEqual([0, 1]);
    for (const f of files) {
      const content = await must(leader, 'scanning.fileContent', { fileId: f.id });
      expect(Buffer.from(content.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      expect(content.fileName).toMatch(/\.pdf$/);
    }
    // The ids the detail gives open the same files.
    const d = await must(leader, 'dossiers.get', { id: dossierId });
    expect((await leader.call('scanning.fileContent', { fileId: d.digitization.components[0].fileId })).ok).toBe(true);
    expect((await leader.call('scanning.fileContent', { fileId: d.digitization.results[0].fileId })).ok).toBe(true);
  });

  it('whether a scan is running or pages wait to be saved', async () => {
    expect(await must(leader, 'scanning.jobStatus', { dossierId })).toBeNull();
  });
});

describe('the office leader changes nothing', () => {
  it('every write of the counter is refused with the Vietnamese message', async () => {
    const [file] = await must(leader, 'scanning.files', { dossierId });
    const job = await must(admin, 'scanning.openJob', { dossierId });
    const writes: [string, unknown][] = [
      ['scanning.openJob', { dossierId }],
      ['scanning.start', { jobId: job.id, deviceId: 'test:0' }],
      ['scanning.importFiles', { jobId: job.id, paths: [path.join(tmp, 'to-khai.png')] }],
      ['scanning.pageOp', { jobId: job.id, op: { kind: 'delete', pageId: 'p1' } }],
      ['scanning.save', { jobId: job.id }],
      ['scanning.cancel', { jobId: job.id }],
      ['scanning.close', { jobId: job.id }],
      ['scanning.reuse', { dossierId, componentPosition: 0, sourceFileId: file.id }],
      ['dossiers.receive', intake(versionId, { components: TKKH, parties: [SPOUSE_PARTY] })],
      ['dossiers.correct', { dossierId, operationId: crypto.randomUUID() }],
      ['sync.resend', { seq: 1 }],
      ['procedures.createVersion', {}],
    ];
    for (const [method, input] of writes) {
      const r = await leader.call(method, input);
      expect({ method, ok: r.ok, code: r.error?.code }).toEqual({ method, ok: false, code: 'FORBIDDEN' });
      expect(r.error!.message).toBe('Tài khoản của bạn không có quyền dùng chức năng này.');
    }
    // Nothing changed: the same files, the job still open at the counter.
    expect((await must(leader, 'scanning.files', { dossierId })).map((f: { id: string }) => f.id).sort())
      .toEqual((await must(admin, 'scanning.files', { dossierId })).map((f: { id: string }) => f.id).sort());
    expect((await must(admin, 'scanning.job', { jobId: job.id })).id).toBe(job.id);
    await must(admin, 'scanning.close', { jobId: job.id });
  });
});
