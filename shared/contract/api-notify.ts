// Notifying applicants (issue 10, item 7): the office's e-mail (SMTP) and SMS-gateway settings, the message
// texts per kind as data, and the list of notices — sent, waiting, or to be sent by hand by the clerk.
import { z } from 'zod';
import { LIMITS } from '../validation/limits';
import { isoInstant, multilineText, text } from './common';
import { ADMIN_ONLY, COUNTER, method, STAFF } from './method';

/** What a notice tells the applicant; each kind has its texts (templates) and is triggered by a workflow step. */
export const NOTICE_KINDS = ['result-ready', 'completion-requested', 'new-due-date'] as const;
export const noticeKind = z.enum(NOTICE_KINDS);
export type NoticeKind = z.infer<typeof noticeKind>;
export const NOTICE_KIND_LABEL: Record<NoticeKind, string> = {
  'result-ready': 'Đã có kết quả',
  'completion-requested': 'Yêu cầu bổ sung hồ sơ',
  'new-due-date': 'Hẹn ngày trả mới',
};

/** How a notice goes: by e-mail, by SMS, or by the clerk (no gateway configured for the applicant's contact). */
export const NOTICE_CHANNELS = ['email', 'sms', 'manual'] as const;
export type NoticeChannel = (typeof NOTICE_CHANNELS)[number];
export const NOTICE_CHANNEL_LABEL: Record<NoticeChannel, string> = { email: 'E-mail', sms: 'SMS', manual: 'Gửi thủ công' };

/**
 * The fields a template may use, written {field}. Filled from the dossier, the office and the step that
 * triggered the notice; a field that does not apply to the step is empty.
 */
export const NOTICE_FIELDS = {
  nguoi_nop: 'Họ tên người nộp',
  so_ho_so: 'Số hồ sơ',
  thu_tuc: 'Tên thủ tục',
  co_quan: 'Tên cơ quan',
  dia_chi_co_quan: 'Địa chỉ cơ quan',
  dien_thoai_co_quan: 'Điện thoại cơ quan',
  ngay_hen_tra: 'Ngày hẹn trả hiện tại (dd/mm/yyyy hh:mm)',
  ngay_hen_tra_truoc: 'Ngày hẹn trả trước khi gia hạn',
  ly_do: 'Lý do (yêu cầu bổ sung, gia hạn)',
  giay_to_bo_sung: 'Giấy tờ cần bổ sung',
  ma_tra_cuu: 'Mã tra cứu hồ sơ',
} as const;
export type NoticeField = keyof typeof NOTICE_FIELDS;

/** One kind's texts: the e-mail's subject and body, and the SMS (short: 1–3 SMS parts). */
export const noticeTemplateSchema = z.object({
  subject: text(200).pipe(z.string().min(3, 'Nhập tiêu đề e-mail')),
  email: multilineText(3000).pipe(z.string().min(10, 'Nhập nội dung e-mail')),
  sms: multilineText(480).pipe(z.string().min(10, 'Nhập nội dung tin nhắn SMS')),
});
export type NoticeTemplate = z.infer<typeof noticeTemplateSchema>;
export const noticeTemplatesSchema = z.object({
  'result-ready': noticeTemplateSchema, 'completion-requested': noticeTemplateSchema, 'new-due-date': noticeTemplateSchema,
});
export type NoticeTemplates = z.infer<typeof noticeTemplatesSchema>;

/** The office's mail server (SMTP). The password is kept apart, encrypted where the shell can, never returned. */
export const emailSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  host: z.string().max(200).default(''),
  port: z.number().int().min(1, 'Cổng từ 1 đến 65535').max(65535, 'Cổng từ 1 đến 65535').default(587),
  /** starttls: upgrade on 587 (the usual); tls: TLS from the start (465); none: a relay inside the office network. */
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  login: z.string().max(200).default(''),
  /** The sender's address, e.g. motcua@xa.tinh.gov.vn. */
  from: z.string().max(200).default(''),
  /** The sender's name shown to the applicant, e.g. "UBND xã …". */
  senderName: text(200).default(''),
  timeoutSec: z.number().int().min(5, 'Từ 5 đến 300 giây').max(300, 'Từ 5 đến 300 giây').default(30),
});
export type EmailSettings = z.infer<typeof emailSettingsSchema>;

/**
 * The SMS gateway the office contracted (VNPT, Viettel, FPT, eSMS…): an HTTP POST to `url` whose body is
 * `bodyTemplate` with {to}, {text}, {messageId} and {unicode} filled in (JSON-escaped for a JSON body,
 * URL-encoded for a form body), an authentication header, and the text the gateway's answer must contain
 * to count as accepted (empty: any 2xx answer). {messageId} is the notice's own id: the gateway's duplicate
 * check, sent also as the Idempotency-Key header.
 */
export const smsSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  url: z.string().max(500).default(''),
  contentType: z.enum(['json', 'form']).default('json'),
  /** Header that carries the key, e.g. Authorization; its value is a secret kept apart. */
  authHeader: z.string().max(100).regex(/^$|^[A-Za-z0-9-]+$/, 'Tên tiêu đề chỉ gồm chữ không dấu, số và dấu gạch ngang, VD Authorization').default('Authorization'),
  bodyTemplate: z.string().max(2000).default('{"to": "{to}", "text": "{text}", "requestId": "{messageId}", "unicode": {unicode}}'),
  /** unicode: with diacritics (UCS-2, 70 characters per part); unaccented: without (GSM 7-bit, 160 per part). */
  encoding: z.enum(['unicode', 'unaccented']).default('unicode'),
  /** How {to} is written: 0912345678 or 84912345678. */
  phonePrefix: z.enum(['0', '84']).default('84'),
  successMatch: z.string().max(200).default(''),
  timeoutSec: z.number().int().min(5, 'Từ 5 đến 300 giây').max(300, 'Từ 5 đến 300 giây').default(30),
});
export type SmsSettings = z.infer<typeof smsSettingsSchema>;

export const notifySettingsSchema = z.object({ email: emailSettingsSchema, sms: smsSettingsSchema, templates: noticeTemplatesSchema });
export type NotifySettings = z.infer<typeof notifySettingsSchema>;

const notifyView = notifySettingsSchema.extend({
  hasEmailPassword: z.boolean(), hasSmsKey: z.boolean(),
  /** The shipped texts, for "Khôi phục nội dung mặc định". */
  defaultTemplates: noticeTemplatesSchema,
});

const noticeState = z.enum(['pending', 'in_flight', 'done', 'needs_attention', 'resolved']);
export const noticeRowSchema = z.object({
  seq: z.number().int(), dossierId: z.string(), dossierNumber: z.string().nullable(), applicantName: z.string().nullable(),
  kind: noticeKind, kindLabel: z.string(), channel: z.enum(NOTICE_CHANNELS), channelLabel: z.string(),
  /** The e-mail address or phone number it goes to ('' when the applicant left none). */
  to: z.string(), subject: z.string(), text: z.string(),
  state: noticeState, stateLabel: z.string(),
  /** Why it waits or needs a person, in Vietnamese (a gateway's refusal, no gateway configured…). */
  lastError: z.string().nullable(), attempts: z.number().int(), createdAt: isoInstant, nextAttemptAt: isoInstant.nullable(),
  doneAt: isoInstant.nullable(),
});
export type NoticeRow = z.infer<typeof noticeRowSchema>;

const ok = z.object({ ok: z.literal(true) });

export const notifyApi = {
  'notify.getSettings': method(z.object({}), notifyView, ADMIN_ONLY),
  /** Saves the settings; a password or key left out stays as stored, '' removes it. */
  'notify.setSettings': method(notifySettingsSchema.extend({
    emailPassword: z.string().max(200).optional(), smsKey: z.string().max(2000).optional(),
  }), notifyView, ADMIN_ONLY),
  /** Sends one test message now through a channel as configured (saved settings), outside the queue. */
  'notify.test': method(z.object({ channel: z.enum(['email', 'sms']), to: z.string().max(200) }),
    z.object({ message: z.string() }), ADMIN_ONLY),
  /** Notices, newest first: those the clerk must send by hand (and refused ones), those waiting, or all. */
  'notify.list': method(z.object({
    filter: z.enum(['manual', 'open', 'all']).default('manual'), limit: z.number().int().min(1).max(1000).default(200),
  }), z.array(noticeRowSchema), STAFF),
  /** "Đã gửi thủ công": the clerk told the applicant another way; the notice is closed. */
  'notify.markSent': method(z.object({
    seq: z.number().int(), note: multilineText(LIMITS.handlingNote).optional().default(''),
  }), ok, COUNTER),
  /** A refused or unsent notice goes again through the gateways as now configured. */
  'notify.resend': method(z.object({ seq: z.number().int() }), ok, COUNTER),
  /** How many notices wait for the clerk (the menu's badge) and how the gateways are doing. */
  'notify.status': method(z.object({}), z.object({
    manual: z.number().int(), waiting: z.number().int(),
    email: z.enum(['off', 'online', 'offline']), sms: z.enum(['off', 'online', 'offline']), lastProblem: z.string().nullable(),
  }), STAFF),
} as const;
