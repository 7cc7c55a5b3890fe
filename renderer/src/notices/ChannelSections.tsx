// The two gateways of Quản trị → Thông báo: the office's mail server and its SMS gateway, each with a test
// message sent through the saved settings.
import { useState } from 'react';
import { api, ApiError, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { controlId, AreaField, SelectField, TextField } from './fields';
import type { NotifyForm } from './settings-form';

type SetPart<K extends 'email' | 'sms'> = <F extends keyof NotifyForm[K]>(field: F) => (value: NotifyForm[K][F]) => void;

export function EmailSection({ form, set, errors, hasPassword }: { form: NotifyForm['email']; set: SetPart<'email'>; errors: Record<string, string>; hasPassword: boolean }) {
  return (
    <fieldset className="section" data-testid="notify-email">
      <legend>E-mail (máy chủ gửi thư SMTP của cơ quan)</legend>
      <label className="inline"><input type="checkbox" id={controlId('email.enabled')} checked={form.enabled} onChange={(e) => set('enabled')(e.target.checked)} />
        Gửi thông báo qua e-mail cho người nộp có địa chỉ e-mail</label>
      <div className="grid-4">
        <TextField path="email.host" label="Máy chủ SMTP" value={form.host} onChange={set('host')} errors={errors} className="span-2" placeholder="smtp.tinh.gov.vn" />
        <TextField path="email.port" label="Cổng" value={form.port} onChange={set('port')} errors={errors} hint="587 (STARTTLS), 465 (TLS)" />
        <SelectField path="email.security" label="Bảo mật" value={form.security} onChange={set('security')} errors={errors}
          options={[['starttls', 'STARTTLS (cổng 587)'], ['tls', 'TLS ngay từ đầu (cổng 465)'], ['none', 'Không (máy chủ trong mạng nội bộ)']]} />
        <TextField path="email.login" label="Tên đăng nhập" value={form.login} onChange={set('login')} errors={errors} hint="Để trống nếu máy chủ không yêu cầu" />
        <TextField path="email.password" label="Mật khẩu" type="password" value={form.password} onChange={set('password')} errors={errors}
          placeholder={hasPassword ? 'Đã lưu — để trống nếu không đổi' : ''} hint={hasPassword ? 'Được bảo vệ trên máy này, không hiển thị lại.' : 'Chưa lưu mật khẩu.'} />
        <TextField path="email.from" label="Địa chỉ gửi" value={form.from} onChange={set('from')} errors={errors} placeholder="motcua@xa.tinh.gov.vn" />
        <TextField path="email.senderName" label="Tên người gửi" value={form.senderName} onChange={set('senderName')} errors={errors} placeholder="UBND xã …" maxLength={200} />
        <TextField path="email.timeoutSec" label="Chờ trả lời (giây)" value={form.timeoutSec} onChange={set('timeoutSec')} errors={errors} />
      </div>
      <TestSend channel="email" label="Gửi thư thử tới" placeholder="e-mail của bạn" />
    </fieldset>
  );
}

const BODY_HINT = 'Điền {to} (số nhận), {text} (nội dung), {messageId} (mã tin: cổng dùng để không gửi trùng), {unicode} (1 có dấu / 0 không dấu) theo tài liệu của nhà cung cấp.';

export function SmsSection({ form, set, errors, hasKey }: { form: NotifyForm['sms']; set: SetPart<'sms'>; errors: Record<string, string>; hasKey: boolean }) {
  return (
    <fieldset className="section" data-testid="notify-sms">
      <legend>SMS (cổng nhắn tin cơ quan đã ký hợp đồng)</legend>
      <label className="inline"><input type="checkbox" id={controlId('sms.enabled')} checked={form.enabled} onChange={(e) => set('enabled')(e.target.checked)} />
        Gửi thông báo qua SMS cho người nộp có số di động</label>
      <div className="grid-4">
        <TextField path="sms.url" label="Địa chỉ gửi tin (HTTP POST)" value={form.url} onChange={set('url')} errors={errors} className="span-2" placeholder="https://…/send" />
        <SelectField path="sms.contentType" label="Kiểu nội dung" value={form.contentType} onChange={set('contentType')} errors={errors}
          options={[['json', 'JSON'], ['form', 'Biểu mẫu (x-www-form-urlencoded)']]} />
        <SelectField path="sms.encoding" label="Chữ trong tin" value={form.encoding} onChange={set('encoding')} errors={errors}
          hint={form.encoding === 'unicode' ? '70 ký tự/tin: giữ nguyên dấu tiếng Việt' : '160 ký tự/tin: bỏ dấu (Hồ sơ → Ho so)'}
          options={[['unicode', 'Có dấu (Unicode)'], ['unaccented', 'Không dấu']]} />
        <TextField path="sms.authHeader" label="Tiêu đề chứa khóa" value={form.authHeader} onChange={set('authHeader')} errors={errors} hint="Thường là Authorization" />
        <TextField path="sms.key" label="Khóa truy cập" type="password" value={form.key} onChange={set('key')} errors={errors}
          placeholder={hasKey ? 'Đã lưu — để trống nếu không đổi' : ''} hint={hasKey ? 'Được bảo vệ trên máy này, không hiển thị lại.' : 'VD: Bearer …'} />
        <SelectField path="sms.phonePrefix" label="Viết số nhận" value={form.phonePrefix} onChange={set('phonePrefix')} errors={errors}
          options={[['84', '84912345678'], ['0', '0912345678']]} />
        <TextField path="sms.timeoutSec" label="Chờ trả lời (giây)" value={form.timeoutSec} onChange={set('timeoutSec')} errors={errors} />
      </div>
      <AreaField path="sms.bodyTemplate" label="Nội dung gửi cổng" value={form.bodyTemplate} onChange={set('bodyTemplate')} errors={errors} hint={BODY_HINT} rows={3} maxLength={2000} />
      <TextField path="sms.successMatch" label="Cổng nhận tin khi trả lời có chứa" value={form.successMatch} onChange={set('successMatch')} errors={errors}
        hint='VD "CodeResult":"100". Để trống: mọi trả lời 2xx là đã nhận.' maxLength={200} />
      <TestSend channel="sms" label="Gửi tin thử tới" placeholder="số di động của bạn" />
    </fieldset>
  );
}

/** "Gửi thử" with the saved settings: the answer (or the gateway's refusal) under it. */
function TestSend({ channel, label, placeholder }: { channel: 'email' | 'sms'; label: string; placeholder: string }) {
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const send = async () => {
    if (!to.trim()) return setResult({ kind: 'error', text: channel === 'email' ? 'Nhập địa chỉ e-mail nhận thư thử.' : 'Nhập số di động nhận tin thử.' });
    setBusy(true);
    try {
      setResult({ kind: 'success', text: (await api.call('notify.test', { channel, to: to.trim() })).message });
    } catch (e) {
      setResult({ kind: 'error', text: e instanceof ApiError ? e.message : errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  const id = `notify-test-${channel}`;
  return (
    <div className="notify-test">
      <label htmlFor={id}>{label}</label>
      <input id={id} value={to} placeholder={placeholder} onChange={(e) => setTo(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void send(); } }} />
      <button type="button" onClick={() => void send()} disabled={busy} data-testid={`${id}-send`}>Gửi thử (theo cấu hình đã lưu)</button>
      {result && <Notice kind={result.kind} testId={`${id}-result`}>{result.text}</Notice>}
    </div>
  );
}
