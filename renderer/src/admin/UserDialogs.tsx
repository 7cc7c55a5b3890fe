import { useState, type FormEvent } from 'react';
import { ROLES, type Role, type User } from '../../../shared/contract';
import { api, ApiError, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useFocusFirstError } from '../lib/first-error';
import { ROLE_LABEL } from '../lib/format';

interface Props {
  user: User;
  /** The account as the core saved it, and the sentence to show. */
  onDone: (saved: User, message: string) => void;
  onClose: () => void;
}

/** One call with its busy state and its messages (field messages next to the fields, the first one focused). */
function useSave(idOf: (path: string) => string | undefined) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { formRef, focusErrors } = useFocusFirstError({ idOf });
  const show = (errs: Record<string, string>, text: string) => { setErrors(errs); setFailure(text); focusErrors(errs); };
  const run = async (call: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    try {
      await call();
    } catch (e) {
      show(e instanceof ApiError ? e.fieldErrors() : {}, errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { errors, failure, busy, formRef, show, run };
}

/** "Đổi vai trò": the new role takes effect at the account's next action, no new login needed. */
export function RoleDialog({ user, onDone, onClose }: Props) {
  const [role, setRole] = useState<Role>(user.role);
  const s = useSave(() => 'user-role-new');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run(async () => {
      const saved = await api.call('users.changeRole', { userId: user.id, role });
      onDone(saved, `Đã đổi vai trò của ${user.username}: ${ROLE_LABEL[user.role]} → ${ROLE_LABEL[saved.role]}.`);
    });
  };
  return (
    <Dialog title={`Đổi vai trò: ${user.fullName} (${user.username})`} onClose={onClose} testId="user-role-dialog">
      <form onSubmit={submit} noValidate ref={s.formRef}>
        <Field label="Vai trò mới" htmlFor="user-role-new" error={s.errors.role}>
          <select id="user-role-new" value={role} data-autofocus="" onChange={(e) => setRole(e.target.value as Role)} {...describedBy('user-role-new', s.errors.role)}>
            {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABEL[r]}</option>)}
          </select>
        </Field>
        {s.failure && <Notice kind="error">{s.failure}</Notice>}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={s.busy} data-testid="user-role-save">Lưu vai trò <kbd>Enter</kbd></button>
          <button type="button" onClick={onClose}>Hủy <kbd>Esc</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}

/** "Đặt lại mật khẩu": the same rule as a new account; the account's open sessions end. */
export function PasswordDialog({ user, onDone, onClose }: Props) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const s = useSave((path) => (path === 'password' ? 'user-password-new' : path === 'again' ? 'user-password-again' : undefined));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (password.length < 8) local.password = 'Mật khẩu ít nhất 8 ký tự';
    else if (password !== again) local.again = 'Hai lần nhập mật khẩu không khớp';
    if (Object.keys(local).length) return s.show(local, 'Kiểm tra lại các ô báo lỗi.');
    void s.run(async () => {
      const saved = await api.call('users.resetPassword', { userId: user.id, password });
      onDone(saved, `Đã đặt mật khẩu mới cho ${user.username}. Hãy báo mật khẩu cho người dùng; các phiên đang mở của tài khoản này đã kết thúc.`);
    });
  };
  return (
    <Dialog title={`Đặt lại mật khẩu: ${user.fullName} (${user.username})`} onClose={onClose} testId="user-password-dialog">
      <form onSubmit={submit} noValidate ref={s.formRef}>
        <div className="grid-2">
          <Field label="Mật khẩu mới" htmlFor="user-password-new" error={s.errors.password} hint="Ít nhất 8 ký tự">
            <input id="user-password-new" type="password" autoComplete="new-password" value={password} data-autofocus=""
              onChange={(e) => setPassword(e.target.value)} {...describedBy('user-password-new', s.errors.password)} />
          </Field>
          <Field label="Nhập lại mật khẩu mới" htmlFor="user-password-again" error={s.errors.again}>
            <input id="user-password-again" type="password" autoComplete="new-password" value={again}
              onChange={(e) => setAgain(e.target.value)} {...describedBy('user-password-again', s.errors.again)} />
          </Field>
        </div>
        {s.failure && <Notice kind="error">{s.failure}</Notice>}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={s.busy} data-testid="user-password-save">Đặt mật khẩu mới <kbd>Enter</kbd></button>
          <button type="button" onClick={onClose}>Hủy <kbd>Esc</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}

/**
 * "Khóa tài khoản" asks first. Enter (focus starts on "Không khóa") keeps the account; locking takes a
 * deliberate Tab or a click on the red button.
 */
export function DeactivateDialog({ user, onDone, onClose }: Props) {
  const s = useSave(() => undefined);
  const confirm = () => void s.run(async () => {
    const saved = await api.call('users.deactivate', { userId: user.id });
    onDone(saved, `Đã khóa tài khoản ${user.username}. Người này đã bị đăng xuất và không đăng nhập được cho tới khi mở khóa.`);
  });
  return (
    <Dialog title={`Khóa tài khoản ${user.username}?`} onClose={onClose} testId="user-deactivate-dialog">
      <div>
        <p>
          <strong>{user.fullName}</strong> ({ROLE_LABEL[user.role]}) sẽ bị đăng xuất ngay và không đăng nhập được nữa cho tới khi
          quản trị viên mở khóa. Hồ sơ và lịch sử do người này làm vẫn được giữ nguyên.
        </p>
        {s.failure && <Notice kind="error">{s.failure}</Notice>}
        <div className="dialog-actions">
          <button type="button" onClick={onClose} data-autofocus="" data-testid="user-deactivate-cancel">Không khóa <kbd>Esc</kbd></button>
          <button type="button" className="danger" onClick={confirm} disabled={s.busy} data-testid="user-deactivate-confirm">Khóa tài khoản</button>
        </div>
      </div>
    </Dialog>
  );
}
