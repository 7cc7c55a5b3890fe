// An in-process core on a fresh data folder, set up and logged in, for integration tests.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core, type CoreOptions } from '../../main/core/core';
import type { Clock } from '../../main/base/context';
import { ADMIN, OFFICE } from './fixtures';
import { RecordingPrinter } from './recording-printer';

export class SettableClock implements Clock {
  constructor(public current: Date) {}
  now() { return new Date(this.current); }
}

export async function startCore(opts: {
  dataDir?: string; clock?: Clock; setup?: boolean; scanning?: CoreOptions['scanning']; sync?: CoreOptions['sync'];
  /** A test's own printer double instead of the recording one (`printer` is then unused). */
  printerDriver?: CoreOptions['printerDriver'];
} = {}) {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-core-'));
  const printer = new RecordingPrinter();
  // DEBUG_CORE=1 prints the core's log lines (scanning, OCR, sync) to stderr.
  const log = (line: string) => { if (process.env.DEBUG_CORE) console.error(line); };
  const core = await Core.start({
    dataDir, shell: 'browser', printerDriver: opts.printerDriver ?? printer, clock: opts.clock, scanning: opts.scanning, sync: opts.sync, log,
  });
  let session: string | undefined;
  /** As the logged-in admin, or with another session (a clerk's, a made-up one). */
  const call = async (method: string, input: unknown = {}, as = session) => core.handle(method, input, as) as Promise<{ ok: boolean; data?: any; error?: any }>;
  const must = async (method: string, input: unknown = {}, as = session) => {
    const r = await call(method, input, as);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.data;
  };
  if (opts.setup !== false) {
    const info = await must('app.info');
    if (info.setupRequired) await must('setup.initialize', { office: OFFICE, admin: ADMIN });
    session = (await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken;
  }
  return {
    core, dataDir, printer, call, must,
    setSession: (s: string | undefined) => { session = s; },
    close: () => core.close(),
  };
}

export type Harness = Awaited<ReturnType<typeof startCore>>;

/** Polls a scan job until its scan or import has finished; returns the job view. */
export async function waitJob(h: Pick<Harness, 'must'>, jobId: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = await h.must('scanning.job', { jobId });
    if (!job.scan.running) return job;
    if (Date.now() > until) throw new Error(`scan job ${jobId} did not finish in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function versionId(h: Harness, query: string): Promise<string> {
  const list = await h.must('procedures.search', { query });
  if (!list.length) throw new Error(`no procedure for ${query}`);
  return list[0].id;
}

export function intake(procedureVersionId: string, over: Record<string, unknown> = {}) {
  return {
    operationId: crypto.randomUUID(),
    procedureVersionId,
    applicant: { fullName: 'Trần Thị Hoà Bình', idNumber: '001190012345', birthDate: '15/03/1990', address: '12 Đội Cấn, Ba Đình, Hà Nội', phone: '0912 345 678', email: 'hoabinh@example.vn' },
    components: [{ code: 'TKXN', name: 'Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', copyType: 'original', quantity: 1 }],
    setCount: 1,
    delivery: { method: 'counter', address: '' },
    outcome: 'receive',
    // The date a procedure's fee rule counts from (a birth registration's: the child's birth date), ignored by
    // procedures without one; the catalogue's first day, so every test clock is on or after it (a late fee).
    fee: { eventDate: '2025-07-01' },
    ...over,
  };
}
