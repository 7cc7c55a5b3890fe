import { useEffect, useState, type FormEvent } from 'react';
import type { NoticeKind, NoticeTemplate } from '../../../shared/contract/api-notify';
import { api, ApiError, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { useFocusFirstError } from '../lib/first-error';
import { EmailSection, SmsSection } from '../notices/ChannelSections';
import { controlId } from '../notices/fields';
import { toForm, toInput, type NotifyForm, type NotifyView } from '../notices/settings-form';
import { TemplatesSection } from '../notices/TemplatesSection';
import '../notices/notices.css';

/**
 * Quản trị → "Thông báo": how applicants are told their result is ready, that papers are missing, or of a new
 * due date — the office's mail server, its SMS gateway, and the texts. Without either, every notice is listed
 * for the clerk (Thông báo người nộp) to pass on by hand. The password and the key are write-only.
 */
export function NotifyAdmin() {
  const [view, setView] = useState<NotifyView | null>(null);
  const [form, setForm] = useState<NotifyForm | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const { formRef, focusErrors } = useFocusFirstError({ idOf: controlId });

  const loaded = (v: NotifyView) => { setView(v); setForm(toForm(v)); };
  useEffect(() => { api.call('notify.getSettings', {}).then(loaded, (e) => setMessage({ kind: 'error', text: errorMessage(e) })); }, []);

  if (!form || !view) return message ? <Notice kind={message.kind}>{message.text}</Notice> : <p>Đang tải…</p>;

  // Editing a field takes its message away; the others stay until the next save.
  const clear = (path: string) => { if (errors[path]) setErrors(({ [path]: _gone, ...rest }) => rest); };
  const setEmail = <F extends keyof NotifyForm['email']>(field: F) => (value: NotifyForm['email'][F]) => {
    setForm({ ...form, email: { ...form.email, [field]: value } }); clear(`email.${String(field)}`);
  };
  const setSms = <F extends keyof NotifyForm['sms']>(field: F) => (value: NotifyForm['sms'][F]) => {
    setForm({ ...form, sms: { ...form.sms, [field]: value } }); clear(`sms.${String(field)}`);
  };
  const setTemplate = (kind: NoticeKind, t: NoticeTemplate) => {
    setForm({ ...form, templates: { ...form.templates, [kind]: t } });
    for (const part of ['subject', 'email', 'sms']) clear(`templates.${kind}.${part}`);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { input, errors: local } = toInput(form);
    setErrors(local);
    if (!input) {
      focusErrors(local);
      return setMessage({ kind: 'error', text: 'Kiểm tra lại các ô báo lỗi.' });
    }
    try {
      loaded(await api.call('notify.setSettings', input));
      const on = [input.email.enabled && 'e-mail', input.sms.enabled && 'SMS'].filter(Boolean).join(' và ');
      setMessage({ kind: 'success', text: on ? `Đã lưu. Thông báo được gửi tự động qua ${on}.` : 'Đã lưu. Chưa bật e-mail hay SMS: thông báo được liệt kê để cán bộ báo thủ công.' });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        setErrors(fields);
        focusErrors(fields);
      }
    }
  };

  return (
    <form onSubmit={submit} noValidate className="notify-admin" data-testid="notify-admin" ref={formRef}>
      <EmailSection form={form.email} set={setEmail} errors={errors} hasPassword={view.hasEmailPassword} />
      <SmsSection form={form.sms} set={setSms} errors={errors} hasKey={view.hasSmsKey} />
      <TemplatesSection templates={form.templates} defaults={view.defaultTemplates} unicode={form.sms.encoding === 'unicode'} errors={errors} onChange={setTemplate} />
      {message && <Notice kind={message.kind} testId="notify-message">{message.text}</Notice>}
      <div className="actions"><button type="submit" className="primary" data-testid="notify-save">Lưu cấu hình thông báo</button></div>
    </form>
  );
}
