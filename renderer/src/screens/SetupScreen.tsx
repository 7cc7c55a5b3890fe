import { useLayoutEffect, useState, type FormEvent } from 'react';
import type { Office } from '../../../shared/contract';
import { api, ApiError, errorMessage } from '../api/client';
import { Field, describedBy } from '../components/Field';
import { Notice } from '../components/Notice';
import { DEFAULT_OFFICE, OfficeFields, checkOffice, officeFieldId } from '../components/OfficeFields';
import { useFocusFirstError } from '../lib/first-error';
import { useRevealFocus } from '../lib/reveal';

interface Admin { username: string; fullName: string; password: string; password2: string }

function checkAdmin(a: Admin): Record<string, string> {
  const e: Record<string, string> = {};
  if (!/^[a-z0-9._-]{3,40}$/.test(a.username)) e.username = 'Tên đăng nhập 3–40 ký tự: chữ thường không dấu, số, . _ -';
  if (a.fullName.trim().length < 2) e.fullName = 'Nhập họ tên';
  if (a.password.length < 8) e.password = 'Mật khẩu ít nhất 8 ký tự';
  else if (a.password !== a.password2) e.password2 = 'Hai lần nhập mật khẩu không khớp';
  return e;
}

/** First run: the office identity printed on every form, and the first administrator. */
export function SetupScreen({ onDone }: { onDone: (username: string) => void }) {
  const [office, setOffice] = useState<Office>(DEFAULT_OFFICE);
  const [admin, setAdmin] = useState<Admin>({ username: 'admin', fullName: '', password: '', password2: '' });
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Field paths as the core names them: 'office.agencyCode', 'admin.password'.
  const { formRef, focusErrors } = useFocusFirstError({
    idOf: (path) => (path.startsWith('office.') ? officeFieldId('setup-office', path.slice(7)) : path.startsWith('admin.') ? `setup-${path.slice(6)}` : undefined),
  });
  useRevealFocus();
  // The first field has focus as soon as the screen is there: the installer types at once.
  useLayoutEffect(() => document.getElementById('setup-office-governingBody')?.focus(), []);

  const officeErrors = { ...(submitted ? checkOffice(office) : {}), ...prefixed(serverErrors, 'office.') };
  const adminErrors = { ...(submitted ? checkAdmin(admin) : {}), ...prefixed(serverErrors, 'admin.') };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    setServerErrors({});
    const local = { ...withPrefix(checkOffice(office), 'office.'), ...withPrefix(checkAdmin(admin), 'admin.') };
    if (Object.keys(local).length) {
      setFailure('Kiểm tra lại các ô báo lỗi.');
      focusErrors(local);
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await api.call('setup.initialize', {
        office: { ...office, agencyCode: office.agencyCode.trim().toUpperCase() },
        admin: { username: admin.username, fullName: admin.fullName, password: admin.password },
      });
      onDone(admin.username);
    } catch (err) {
      setFailure(errorMessage(err));
      if (err instanceof ApiError) {
        setServerErrors(err.fieldErrors());
        focusErrors(err.fieldErrors());
      }
    } finally {
      setBusy(false);
    }
  };

  const adminField = (k: keyof Admin, label: string, type = 'text', hint?: string) => (
    <Field label={label} htmlFor={`setup-${k}`} error={adminErrors[k]} hint={hint} required>
      <input id={`setup-${k}`} type={type} value={admin[k]} autoComplete={type === 'password' ? 'new-password' : 'off'}
        onChange={(e) => setAdmin({ ...admin, [k]: e.target.value })} {...describedBy(`setup-${k}`, adminErrors[k])} />
    </Field>
  );

  return (
    <main className="setup-screen">
      <h1>Thiết lập lần đầu</h1>
      <p className="muted">Thông tin cơ quan được in trên mọi phiếu. Quản trị viên có thể sửa lại sau.</p>
      <form onSubmit={submit} noValidate data-testid="setup-form" ref={formRef}>
        <OfficeFields value={office} onChange={setOffice} errors={officeErrors} idPrefix="setup-office" />
        <fieldset className="section">
          <legend>Tài khoản quản trị</legend>
          <div className="grid-2">
            {adminField('username', 'Tên đăng nhập', 'text', 'Chữ thường không dấu, VD: admin')}
            {adminField('fullName', 'Họ và tên')}
            {adminField('password', 'Mật khẩu', 'password', 'Ít nhất 8 ký tự')}
            {adminField('password2', 'Nhập lại mật khẩu', 'password')}
          </div>
        </fieldset>
        {failure && <Notice kind="error">{failure}</Notice>}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Đang lưu…' : 'Hoàn tất thiết lập'}</button>
        </div>
      </form>
    </main>
  );
}

function withPrefix(errors: Record<string, string>, prefix: string): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [prefix + k, v]));
}

function prefixed(errors: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out;
}
