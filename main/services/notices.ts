// Queuing a notice to the applicant, in the transaction of the workflow step that causes it (result ready,
// completion requested, new due date): the step and its notice commit together or not at all, and the notice
// drainer (main/notify) sends it afterwards — through every channel the office has turned on and the applicant
// can be reached by, or, when none, listed for the clerk to tell the applicant by hand.
import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  emailSettingsSchema, noticeTemplateSchema, smsSettingsSchema, NOTICE_KINDS, type NoticeChannel, type NoticeKind, type NotifySettings,
} from '../../shared/contract/api-notify';
import { formatDateTimeVn } from '../../shared/time/vn-time';
import { validatePhoneVn } from '../../shared/validation/contact';
import { renderTemplate, DEFAULT_TEMPLATES, type NoticeValues } from '../notify/templates';
import { DossierEntity, OfficeEntity, SettingEntity } from '../persistence/entities';
import { enqueueNotice } from '../sync/outbox';

export const NOTIFY_SETTINGS_KEY = 'notify';

export interface ApplicantNoticeInput {
  dossierId: string;
  kind: NoticeKind;
  /** The step's operation id: the same step queued again (a repeated request) queues its notices once. */
  operationId?: string;
  /** When the step happened (the caller's clock); now when absent. */
  at?: Date;
  /** Why (completion requested, extension). */
  reason?: string;
  /** The papers the applicant must bring (completion requested). */
  missingItems?: readonly string[];
  /** The due date before an extension (new due date); the new one is the dossier's current due date. */
  previousDueAt?: string | Date | null;
}

export interface QueuedNotices { channels: NoticeChannel[]; manualReason: string | null }

/** The stored settings, each part falling back to its default (an older or damaged value never stops a step). */
export function readNotifySettings(json: string | null | undefined): NotifySettings {
  let stored: Partial<Record<keyof NotifySettings, unknown>> = {};
  try { stored = json ? JSON.parse(json) as typeof stored : {}; } catch { /* defaults */ }
  const email = emailSettingsSchema.safeParse(stored.email ?? {});
  const sms = smsSettingsSchema.safeParse(stored.sms ?? {});
  const templates = (stored.templates ?? {}) as Record<string, unknown>;
  return {
    email: email.success ? email.data : emailSettingsSchema.parse({}),
    sms: sms.success ? sms.data : smsSettingsSchema.parse({}),
    templates: Object.fromEntries(NOTICE_KINDS.map((k) => {
      const t = noticeTemplateSchema.safeParse(templates[k]);
      return [k, t.success ? t.data : DEFAULT_TEMPLATES[k]];
    })) as NotifySettings['templates'],
  };
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** The applicant's addresses a gateway can use: a valid e-mail, a mobile number (SMS does not reach a landline). */
export function applicantContacts(phone: string, email: string): { mobile: string | null; email: string | null; phone: string | null } {
  const p = validatePhoneVn(phone);
  return {
    mobile: p.ok && p.kind === 'mobile' ? p.value : null,
    phone: p.ok && p.value ? p.value : null,
    email: EMAIL.test(email.trim()) ? email.trim() : null,
  };
}

/**
 * Queues the notices of one step, inside the caller's transaction. One notice per channel that applies (SMS
 * to a mobile number, e-mail to a valid address, each turned on by the office); none applies → one notice
 * listed for the clerk, with why. Answers which channels were used.
 */
export async function enqueueApplicantNotice(em: EntityManager, input: ApplicantNoticeInput): Promise<QueuedNotices> {
  const at = input.at ?? new Date();
  const [dossier, office, setting] = await Promise.all([
    em.findOneBy(DossierEntity, { id: input.dossierId }),
    em.findOneBy(OfficeEntity, { id: 1 }),
    em.findOneBy(SettingEntity, { key: NOTIFY_SETTINGS_KEY }),
  ]);
  if (!dossier) throw new Error(`notice for unknown dossier ${input.dossierId}`);
  const settings = readNotifySettings(setting?.valueJson);
  const template = settings.templates[input.kind];
  const previous = input.previousDueAt ? new Date(input.previousDueAt) : null;
  const values: NoticeValues = {
    nguoi_nop: dossier.applicantName, so_ho_so: dossier.number, thu_tuc: dossier.procedureName,
    co_quan: office?.governingBody ?? '', dia_chi_co_quan: office?.address ?? '', dien_thoai_co_quan: office?.phone ?? '',
    ngay_hen_tra: dossier.dueAt ? formatDateTimeVn(new Date(dossier.dueAt)) : '',
    ngay_hen_tra_truoc: previous && !Number.isNaN(previous.getTime()) ? formatDateTimeVn(previous) : '',
    ly_do: input.reason ?? '', giay_to_bo_sung: (input.missingItems ?? []).join('; '), ma_tra_cuu: dossier.lookupCode ?? '',
  };
  const subject = renderTemplate(template.subject, values);
  const contacts = applicantContacts(dossier.applicantPhone, dossier.applicantEmail);
  const routes: { channel: NoticeChannel; to: string; text: string }[] = [];
  if (settings.sms.enabled && contacts.mobile) routes.push({ channel: 'sms', to: contacts.mobile, text: renderTemplate(template.sms, values) });
  if (settings.email.enabled && contacts.email) routes.push({ channel: 'email', to: contacts.email, text: renderTemplate(template.email, values) });
  let manualReason: string | null = null;
  if (!routes.length) {
    manualReason = manualReasonFor(settings, contacts);
    routes.push({ channel: 'manual', to: contacts.phone ?? contacts.email ?? '', text: renderTemplate(template.sms, values) });
  }
  for (const r of routes) {
    const operationId = input.operationId ? `${input.operationId}:notice:${input.kind}:${r.channel}` : crypto.randomUUID();
    enqueueNotice(em, at, {
      dossierId: dossier.id, kind: input.kind, channel: r.channel, to: r.to, subject, text: r.text, messageId: `notice-${crypto.randomUUID()}`,
    }, operationId, r.channel === 'manual' ? manualReason! : undefined);
  }
  return { channels: routes.map((r) => r.channel), manualReason };
}

function manualReasonFor(settings: NotifySettings, c: ReturnType<typeof applicantContacts>): string {
  const how = c.phone ? `gọi hoặc nhắn tin số ${c.phone}` : c.email ? `gửi e-mail tới ${c.email}` : 'báo khi người nộp đến hoặc liên hệ';
  if (!settings.sms.enabled && !settings.email.enabled) {
    return `Cơ quan chưa cấu hình gửi SMS hay e-mail (Quản trị → Thông báo): hãy ${how}, rồi bấm "Đã gửi thủ công".`;
  }
  return `Người nộp không có ${settings.sms.enabled ? 'số di động' : ''}${settings.sms.enabled && settings.email.enabled ? ' hay ' : ''}${settings.email.enabled ? 'e-mail' : ''} để gửi tự động: hãy ${how}, rồi bấm "Đã gửi thủ công".`;
}
