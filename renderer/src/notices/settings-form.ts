// Quản trị → Thông báo as a form: the settings' own view with numbers as typed text and write-only secrets,
// and the input the core takes. Pure, so it is tested without a browser.
import type { MethodInput, MethodOutput } from '../../../shared/contract';
import type { NoticeKind, NoticeTemplates } from '../../../shared/contract/api-notify';

export type NotifyView = MethodOutput<'notify.getSettings'>;
type Email = NotifyView['email'];
type Sms = NotifyView['sms'];

export interface NotifyForm {
  email: Omit<Email, 'port' | 'timeoutSec'> & { port: string; timeoutSec: string; password: string };
  sms: Omit<Sms, 'timeoutSec'> & { timeoutSec: string; key: string };
  templates: NoticeTemplates;
}

export function toForm(v: NotifyView): NotifyForm {
  return {
    email: { ...v.email, port: String(v.email.port), timeoutSec: String(v.email.timeoutSec), password: '' },
    sms: { ...v.sms, timeoutSec: String(v.sms.timeoutSec), key: '' },
    templates: structuredClone(v.templates),
  };
}

/** Form → notify.setSettings input, or the field errors (paths as the core names them) that stop it. */
export function toInput(f: NotifyForm): { input?: MethodInput<'notify.setSettings'>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const int = (path: string, text: string, min: number, max: number) => {
    const n = Number(text.trim());
    if (!/^\d+$/.test(text.trim()) || n < min || n > max) errors[path] = `Nhập số nguyên từ ${min} đến ${max}`;
    return n;
  };
  const { password, port, timeoutSec: emailTimeout, ...email } = f.email;
  const { key, timeoutSec: smsTimeout, ...sms } = f.sms;
  const input: MethodInput<'notify.setSettings'> = {
    email: { ...email, host: email.host.trim(), from: email.from.trim(), login: email.login.trim(), port: int('email.port', port, 1, 65535), timeoutSec: int('email.timeoutSec', emailTimeout, 5, 300) },
    sms: { ...sms, url: sms.url.trim(), authHeader: sms.authHeader.trim(), timeoutSec: int('sms.timeoutSec', smsTimeout, 5, 300) },
    templates: f.templates,
    ...(password ? { emailPassword: password } : {}),
    ...(key ? { smsKey: key } : {}),
  };
  return Object.keys(errors).length ? { errors } : { input, errors };
}

/** Roughly how many SMS parts a template makes once filled (fields counted at a typical length). */
export function smsPartsEstimate(template: string, unicode: boolean): number {
  const typical: Record<string, number> = { nguoi_nop: 18, so_ho_so: 20, thu_tuc: 45, co_quan: 22, dien_thoai_co_quan: 12, ngay_hen_tra: 16, ngay_hen_tra_truoc: 16, ly_do: 40, giay_to_bo_sung: 50, ma_tra_cuu: 10, dia_chi_co_quan: 40 };
  const length = template.replace(/\{([a-z_]+)\}/g, (_m, k: string) => 'x'.repeat(typical[k] ?? 10)).length;
  return unicode ? (length <= 70 ? 1 : Math.ceil(length / 67)) : (length <= 160 ? 1 : Math.ceil(length / 153));
}

export const KIND_ORDER: NoticeKind[] = ['result-ready', 'completion-requested', 'new-due-date'];
