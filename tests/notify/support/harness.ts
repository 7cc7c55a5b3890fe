// A core for the notifier's tests: the app's Core on a fresh data folder, logged in as the admin, with the
// notice drainer's timings shortened (the logic is the shipped one), and the helpers the tests share.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Core } from '../../../main/core/core';
import type { NoticeDrainerOptions } from '../../../main/notify/notice-drainer';
import { enqueueApplicantNotice, type ApplicantNoticeInput } from '../../../main/services/notices';
import { ADMIN, OFFICE } from '../../support/fixtures';
import { intake, versionId } from '../../support/core-harness';
import { RecordingPrinter } from '../../support/recording-printer';

export const FAST: Partial<NoticeDrainerOptions> = { retryBaseMs: 30, retryMaxMs: 200, probeBaseMs: 40, probeMaxMs: 200, pollMs: 50 };

export async function startNotifyCore(opts: { dataDir?: string; drainer?: Partial<NoticeDrainerOptions>; autoStart?: boolean } = {}) {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-notify-'));
  const log = (line: string) => { if (process.env.DEBUG_CORE) console.error(line); };
  const core = await Core.start({
    dataDir, shell: 'browser', printerDriver: new RecordingPrinter(), log,
    notify: { drainer: { ...FAST, ...opts.drainer }, autoStart: opts.autoStart },
    sync: { drainer: { retryBaseMs: 50, retryMaxMs: 500, probeBaseMs: 100, probeMaxMs: 600, pollMs: 50 } },
  });
  const auth: { session?: string } = {};
  const call = async (method: string, input: unknown = {}, as = auth.session) => core.handle(method, input, as) as Promise<{ ok: boolean; data?: any; error?: any }>;
  const must = async (method: string, input: unknown = {}, as = auth.session) => {
    const r = await call(method, input, as);
    if (!r.ok) throw new Error(`${method}: ${JSON.stringify(r.error)}`);
    return r.data;
  };
  if ((await must('app.info')).setupRequired) await must('setup.initialize', { office: OFFICE, admin: ADMIN });
  auth.session = (await must('auth.login', { username: ADMIN.username, password: ADMIN.password })).sessionToken;
  const h = { core, dataDir, call, must, raw: core.services.db.raw };
  return {
    ...h,
    /** A dossier received at the counter (the real intake), with the applicant's contacts as given. */
    receive: async (applicant: { phone?: string; email?: string; fullName?: string } = {}) => {
      const base = intake(await versionId(h as never, 'xac nhan hon nhan'));
      const r = await must('dossiers.receive', { ...base, applicant: { ...base.applicant, ...applicant } });
      return r.dossier.id as string;
    },
    /** What a workflow step does: its notice queued inside its transaction. */
    notice: async (input: ApplicantNoticeInput) => {
      const r = await core.services.db.write((em) => enqueueApplicantNotice(em, input));
      core.services.notices.wake();
      return r;
    },
    close: () => core.close(),
  };
}
export type NotifyHarness = Awaited<ReturnType<typeof startNotifyCore>>;

/** The notice rows in the outbox, as stored. */
export function noticeRows(raw: NotifyHarness['raw']) {
  return (raw.prepare(`SELECT seq, state, attempts, dossier_id, last_error, error_kind, payload_json FROM outbox WHERE kind = 'applicant.notice' ORDER BY seq`).all() as
    { seq: number; state: string; attempts: number; dossier_id: string | null; last_error: string | null; error_kind: string | null; payload_json: string }[])
    .map((r) => ({ ...r, payload: JSON.parse(r.payload_json) as { channel: string; to: string; text: string; subject: string; messageId: string; dossierId: string; kind: string } }));
}

/** Waits until `check` holds (polling; the test's own time limit bounds it). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Settings for the API as an administrator types them, pointing at the test servers. */
export function settingsFor(o: { smtpPort?: number; gatewayUrl?: string; encoding?: 'unicode' | 'unaccented'; smsEnabled?: boolean; emailEnabled?: boolean }, templates: unknown) {
  return {
    email: {
      enabled: o.emailEnabled ?? o.smtpPort !== undefined, host: '127.0.0.1', port: o.smtpPort ?? 587, security: 'none', login: 'motcua',
      from: 'motcua@baidinh.hanoi.gov.vn', senderName: 'UBND phường Ba Đình', timeoutSec: 10,
    },
    sms: {
      enabled: o.smsEnabled ?? o.gatewayUrl !== undefined, url: o.gatewayUrl ?? '', contentType: 'json', authHeader: 'Authorization',
      bodyTemplate: '{"to": "{to}", "text": "{text}", "requestId": "{messageId}", "unicode": {unicode}}',
      encoding: o.encoding ?? 'unicode', phonePrefix: '84', successMatch: '"CodeResult":"100"', timeoutSec: 10,
    },
    templates,
  };
}
