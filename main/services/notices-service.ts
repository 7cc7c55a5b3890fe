// Notifying applicants as the core sees it: the office's settings (Quản trị → Thông báo), the notice drainer
// built from them, the clerk's list with "đã gửi thủ công" and "gửi lại", and a test message.
import crypto from 'node:crypto';
import type { MethodParsedInput } from '../../shared/contract';
import {
  NOTICE_CHANNEL_LABEL, NOTICE_FIELDS, NOTICE_KIND_LABEL, NOTICE_KINDS, type NoticeChannel, type NoticeRow, type NotifySettings,
} from '../../shared/contract/api-notify';
import type { Clock } from '../base/context';
import { AppError, notFound, validationError } from '../base/errors';
import { EmailTransport } from '../notify/email-transport';
import { NotifyError } from '../notify/errors';
import { DEFAULT_NOTICE_DRAINER_OPTIONS, NoticeDrainer, type ChannelSetup, type NoticeDrainerOptions } from '../notify/notice-drainer';
import type { NotifySecrets } from '../notify/secrets';
import { buildSmsRequest, SmsTransport } from '../notify/sms-transport';
import { DEFAULT_TEMPLATES, unknownFields } from '../notify/templates';
import type { NoticeTransport } from '../notify/transport';
import type { Database } from '../persistence/database';
import { DossierEntity, SettingEntity } from '../persistence/entities';
import {
  listNotices, markNoticeSentByHand, noticeCounts, noticeItem, OutboxStore, rawOf, resendNotice,
} from '../sync/outbox';
import { writeAudit } from './audit';
import { applicantContacts, NOTIFY_SETTINGS_KEY, readNotifySettings } from './notices';

export interface NoticeOptions {
  drainer?: Partial<NoticeDrainerOptions>;
  /** Start the notice drainer with the core (tests may drive it by hand). */
  autoStart?: boolean;
}

export interface NoticeDeps { db: Database; clock: Clock; secrets: NotifySecrets; options?: NoticeOptions; log?: (line: string) => void }

const STATE_LABEL: Record<NoticeRow['state'], string> = {
  pending: 'Chờ gửi', in_flight: 'Đang gửi', done: 'Đã gửi', needs_attention: 'Cần gửi thủ công', resolved: 'Đã gửi thủ công',
};

type Settings = MethodParsedInput<'notify.setSettings'>;

export class NoticeService {
  readonly store: OutboxStore;
  drainer: NoticeDrainer | null = null;
  private readonly log: (line: string) => void;

  constructor(private readonly deps: NoticeDeps) {
    this.store = new OutboxStore(deps.db);
    this.log = deps.log ?? (() => undefined);
  }

  async start(): Promise<void> {
    if (this.deps.options?.autoStart !== false) await this.startDrainer();
  }

  /** Builds the drainer from the saved settings and starts it (also by hand, when not started with the core). */
  async startDrainer(): Promise<void> {
    const settings = await this.settings();
    const secrets = await this.deps.secrets.get();
    const setup = (make: () => NoticeTransport): ChannelSetup => {
      try { return { transport: make() }; } catch (e) { return { off: e instanceof NotifyError ? e.message : 'Kênh gửi chưa dùng được.' }; }
    };
    this.drainer = new NoticeDrainer(this.store, {
      email: setup(() => new EmailTransport(settings.email, secrets.emailPassword ?? null)),
      sms: setup(() => new SmsTransport(settings.sms, secrets.smsKey ?? null)),
    }, this.deps.clock, { ...DEFAULT_NOTICE_DRAINER_OPTIONS, ...this.deps.options?.drainer }, this.log);
    await this.drainer.start();
  }

  async stop(): Promise<void> {
    await this.drainer?.stop();
    this.drainer = null;
  }

  /** New notices were committed: send them now rather than at the next poll. */
  wake(): void { this.drainer?.notify(); }

  private async settings(): Promise<NotifySettings> {
    const row = await this.deps.db.read((em) => em.findOneBy(SettingEntity, { key: NOTIFY_SETTINGS_KEY }));
    return readNotifySettings(row?.valueJson);
  }

  async getSettings() {
    const secrets = await this.deps.secrets.get();
    return { ...(await this.settings()), hasEmailPassword: !!secrets.emailPassword, hasSmsKey: !!secrets.smsKey, defaultTemplates: DEFAULT_TEMPLATES };
  }

  async setSettings(input: Settings, userId: string, at: Date) {
    const { emailPassword, smsKey, ...settings } = input;
    const problems = settingsProblems(settings);
    if (problems.length) throw validationError(problems, problems.length === 1 ? problems[0]!.message : undefined);
    await this.deps.db.write(async (em) => {
      const before = await em.findOneBy(SettingEntity, { key: NOTIFY_SETTINGS_KEY });
      await em.save(SettingEntity, { key: NOTIFY_SETTINGS_KEY, valueJson: JSON.stringify(settings) });
      await writeAudit(em, {
        at, userId, action: 'notify.settings', entity: 'setting', entityId: NOTIFY_SETTINGS_KEY,
        before: before ? JSON.parse(before.valueJson) : undefined,
        // Only whether a secret changed: never its value.
        after: { ...settings, emailPasswordChanged: emailPassword !== undefined, smsKeyChanged: smsKey !== undefined },
      });
    });
    if (emailPassword !== undefined || smsKey !== undefined) await this.deps.secrets.update({ emailPassword, smsKey });
    // The drainer is rebuilt with the new gateways; notices in flight finish (or go back in line) first.
    if (this.drainer) { await this.stop(); await this.startDrainer(); }
    return this.getSettings();
  }

  /** One message through a channel as saved, outside the queue, to check the settings. */
  async test(channel: 'email' | 'sms', to: string): Promise<{ message: string }> {
    const settings = await this.settings();
    const secrets = await this.deps.secrets.get();
    let transport: NoticeTransport | null = null;
    try {
      transport = channel === 'email' ? new EmailTransport(settings.email, secrets.emailPassword ?? null) : new SmsTransport(settings.sms, secrets.smsKey ?? null);
      const text = 'Một Cửa Desk: tin nhắn thử của Bộ phận Một cửa. Nếu nhận được tin này, cấu hình gửi thông báo đã đúng.';
      await transport.send({ to: to.trim(), subject: 'Thử gửi thông báo từ Một Cửa Desk', text, messageId: `test-${crypto.randomUUID()}` });
      return { message: channel === 'email' ? `Đã gửi thư thử tới ${to.trim()}.` : `Cổng SMS đã nhận tin thử tới ${to.trim()}.` };
    } catch (e) {
      if (!(e instanceof NotifyError)) throw e;
      if (e.kind === 'rejected') throw validationError([{ field: 'to', message: e.message, severity: 'error' }], e.message);
      throw new AppError('CONFLICT', e.message);
    } finally {
      transport?.close();
    }
  }

  async list(filter: 'manual' | 'open' | 'all', limit: number): Promise<NoticeRow[]> {
    const rows = await this.store.read((raw) => listNotices(raw, filter, limit));
    return rows.map((r) => ({
      seq: r.seq, dossierId: r.payload.dossierId, dossierNumber: r.dossierNumber, applicantName: r.applicantName,
      kind: r.payload.kind, kindLabel: NOTICE_KIND_LABEL[r.payload.kind] ?? r.payload.kind,
      channel: r.payload.channel, channelLabel: NOTICE_CHANNEL_LABEL[r.payload.channel] ?? r.payload.channel,
      to: r.payload.to, subject: r.payload.subject, text: r.payload.text, state: r.state, stateLabel: STATE_LABEL[r.state] ?? r.state,
      lastError: r.lastError, attempts: r.attempts, createdAt: r.createdAt, nextAttemptAt: r.nextAttemptAt, doneAt: r.doneAt,
    }));
  }

  async status() {
    const counts = await this.store.read((raw) => noticeCounts(raw));
    const channels = this.drainer?.status() ?? { email: 'off' as const, sms: 'off' as const, lastProblem: null };
    return { ...counts, ...channels };
  }

  async markSent(seq: number, note: string, userId: string, at: Date): Promise<void> {
    const done = await this.deps.db.write(async (em) => {
      const item = noticeItem(rawOf(em), seq);
      if (!item) return 'missing' as const;
      if (!markNoticeSentByHand(rawOf(em), seq, note, at)) return item.state;
      await writeAudit(em, { at, userId, action: 'notify.markSent', entity: 'notice', entityId: String(seq), before: { state: item.state }, after: { state: 'resolved', note } });
      return 'ok' as const;
    });
    if (done === 'missing') throw notFound('thông báo này');
    if (done !== 'ok') {
      throw new AppError('CONFLICT', done === 'in_flight'
        ? 'Thông báo này đang được gửi; chờ vài giây rồi xem lại trạng thái.' : 'Thông báo này đã được gửi hoặc đã đánh dấu gửi thủ công.');
    }
  }

  /**
   * A notice listed for the clerk goes again: through its channel if that is on now, else through the first
   * channel the office has on and the applicant can be reached by (a manual one, after a gateway was set up).
   */
  async resend(seq: number, userId: string, at: Date): Promise<void> {
    const settings = await this.settings();
    const outcome = await this.deps.db.write(async (em) => {
      const item = noticeItem(rawOf(em), seq);
      if (!item) return 'missing';
      if (item.state !== 'needs_attention') return 'state';
      const dossier = await em.findOneBy(DossierEntity, { id: item.payload.dossierId });
      const c = applicantContacts(dossier?.applicantPhone ?? '', dossier?.applicantEmail ?? '');
      const on = (ch: NoticeChannel) => (ch === 'sms' ? settings.sms.enabled && !!c.mobile : ch === 'email' ? settings.email.enabled && !!c.email : false);
      const channel = on(item.payload.channel) ? item.payload.channel : (['sms', 'email'] as const).find(on);
      if (!channel) return 'no-channel';
      const to = channel === 'sms' ? c.mobile! : c.email!;
      resendNotice(rawOf(em), seq, channel, to, at);
      await writeAudit(em, { at, userId, action: 'notify.resend', entity: 'notice', entityId: String(seq), before: { channel: item.payload.channel, to: item.payload.to }, after: { channel, to } });
      return 'ok';
    });
    if (outcome === 'missing') throw notFound('thông báo này');
    if (outcome === 'state') throw new AppError('CONFLICT', 'Chỉ gửi lại được thông báo đang chờ gửi thủ công.');
    if (outcome === 'no-channel') {
      throw new AppError('CONFLICT', 'Chưa gửi tự động được: cơ quan chưa bật SMS/e-mail (Quản trị → Thông báo) hoặc người nộp không có số di động/e-mail. Hãy báo cho người nộp rồi bấm "Đã gửi thủ công".');
    }
    this.wake();
  }
}

/** What stops the settings being saved, each at its field (paths as in the input). */
export function settingsProblems(s: NotifySettings): { field: string; message: string; severity: 'error' }[] {
  const out: { field: string; message: string; severity: 'error' }[] = [];
  const add = (field: string, message: string) => out.push({ field, message, severity: 'error' });
  if (s.email.enabled) {
    if (!s.email.host.trim()) add('email.host', 'Nhập địa chỉ máy chủ gửi thư (SMTP), VD smtp.tinh.gov.vn');
    if (!/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(s.email.from.trim())) add('email.from', 'Nhập địa chỉ e-mail gửi đi, VD motcua@xa.tinh.gov.vn');
  }
  if (s.sms.enabled) {
    if (!/^https?:\/\/\S+$/.test(s.sms.url.trim())) add('sms.url', 'Địa chỉ cổng SMS phải bắt đầu bằng http:// hoặc https://');
    const problem = bodyTemplateProblem(s.sms);
    if (problem) add('sms.bodyTemplate', problem);
  }
  const fields = Object.keys(NOTICE_FIELDS).map((f) => `{${f}}`).join(', ');
  for (const kind of NOTICE_KINDS) {
    for (const part of ['subject', 'email', 'sms'] as const) {
      const unknown = unknownFields(s.templates[kind][part]);
      if (unknown.length) add(`templates.${kind}.${part}`, `Không có trường ${unknown.map((u) => `{${u}}`).join(', ')}. Các trường dùng được: ${fields}`);
    }
  }
  return out;
}

function bodyTemplateProblem(sms: NotifySettings['sms']): string | null {
  const unknown = [...sms.bodyTemplate.matchAll(/\{([a-zA-Z_]+)\}/g)].map((m) => m[1]!).filter((n) => !['to', 'text', 'messageId', 'unicode'].includes(n));
  if (unknown.length) return `Không có trường {${unknown[0]}}; nội dung gửi cổng SMS chỉ dùng {to}, {text}, {messageId}, {unicode}.`;
  if (!sms.bodyTemplate.includes('{to}') || !sms.bodyTemplate.includes('{text}')) return 'Nội dung gửi cổng SMS phải có {to} (số nhận) và {text} (nội dung tin).';
  if (sms.contentType === 'json') {
    // Filled with a sample holding quotes, a line break and a backslash: the result must still be JSON.
    const { body } = buildSmsRequest(sms, null, { to: '0912345678', text: 'Thử "nháy kép"\nvà \\ gạch chéo', messageId: 'notice-thu' });
    try { JSON.parse(body); } catch {
      return 'Nội dung gửi cổng SMS chưa thành JSON hợp lệ sau khi điền (để {to}, {text}, {messageId} trong dấu nháy kép; {unicode} là số 1/0, không cần nháy).';
    }
  }
  return null;
}

