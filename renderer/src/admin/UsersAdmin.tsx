import { useEffect, useState, type FormEvent } from 'react';
import { ROLES, type Role, type User } from '../../../shared/contract';
import { api, ApiError, errorMessage } from '../api/client';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useFocusFirstError } from '../lib/first-error';
import { ROLE_LABEL } from '../lib/format';
import { DeactivateDialog, PasswordDialog, RoleDialog } from './UserDialogs';

const EMPTY = { username: '', fullName: '', role: 'clerk' as Role, password: '' };
type Action = { kind: 'role' | 'password' | 'deactivate'; user: User } | null;
type Message = { kind: 'error' | 'success'; text: string };

/**
 * Quản trị → Người dùng: the accounts with their actions (role, new password, lock/unlock; the core keeps
 * the office from losing its last administrator) and the form for a new account.
 */
export function UsersAdmin() {
  const [users, setUsers] = useState<User[]>([]);
  const [me, setMe] = useState<string | null>(null);
  const [action, setAction] = useState<Action>(null);
  const [message, setMessage] = useState<Message | null>(null);

  const load = () => api.call('users.list', {}).then(setUsers, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
  useEffect(() => {
    void load();
    api.call('auth.me', {}).then((u) => setMe(u.id), () => undefined);
  }, []);

  const done = (text: string) => { setAction(null); setMessage({ kind: 'success', text }); void load(); };
  const reactivate = async (u: User) => {
    try {
      await api.call('users.reactivate', { userId: u.id });
      done(`Đã mở khóa tài khoản ${u.username}. Người này đăng nhập lại được với mật khẩu cũ.`);
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  return (
    <div className="admin-users">
      <table className="table compact" data-testid="users-table">
        <thead><tr><th>Tên đăng nhập</th><th>Họ và tên</th><th>Vai trò</th><th>Trạng thái</th><th>Thao tác</th></tr></thead>
        <tbody>
          {users.map((u) => {
            const self = u.id === me;
            return (
              <tr key={u.id} data-testid="user-row" data-username={u.username} className={u.active ? undefined : 'inactive'}>
                <td className="mono">{u.username}{self && <span className="tag">bạn</span>}</td>
                <td>{u.fullName}</td><td>{ROLE_LABEL[u.role]}</td>
                <td>{u.active ? 'Đang dùng' : <strong className="text-error">Đã khóa</strong>}</td>
                <td>
                  <div className="row-actions">
                    {/* Oneself: no lock and no role change (the core refuses them too: the next login would fail). */}
                    <button type="button" disabled={self} title={self ? 'Không tự đổi vai trò của mình' : undefined}
                      onClick={() => setAction({ kind: 'role', user: u })} data-testid="user-role">Đổi vai trò…</button>
                    <button type="button" onClick={() => setAction({ kind: 'password', user: u })} data-testid="user-password">Đặt lại mật khẩu…</button>
                    {u.active
                      ? <button type="button" disabled={self} title={self ? 'Không tự khóa tài khoản đang dùng' : undefined}
                        onClick={() => setAction({ kind: 'deactivate', user: u })} data-testid="user-lock">Khóa…</button>
                      : <button type="button" onClick={() => void reactivate(u)} data-testid="user-lock">Mở khóa</button>}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {message && <Notice kind={message.kind} testId="users-message">{message.text}</Notice>}
      <NewUserForm onCreated={(u) => done(`Đã tạo tài khoản ${u.username}.`)} />

      {action?.kind === 'role' && <RoleDialog user={action.user} onDone={(_u, text) => done(text)} onClose={() => setAction(null)} />}
      {action?.kind === 'password' && <PasswordDialog user={action.user} onDone={(_u, text) => done(text)} onClose={() => setAction(null)} />}
      {action?.kind === 'deactivate' && <DeactivateDialog user={action.user} onDone={(_u, text) => done(text)} onClose={() => setAction(null)} />}
    </div>
  );
}

/** A new account; after it is created the form is empty with focus on the user name, for the next one. */
function NewUserForm({ onCreated }: { onCreated: (u: User) => void }) {
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const { formRef, focusErrors } = useFocusFirstError({ idOf: (path) => `user-${path}` });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    setFailure(null);
    try {
      const u = await api.call('users.create', form);
      setForm(EMPTY);
      onCreated(u);
      document.getElementById('user-username')?.focus();
    } catch (err) {
      setFailure(errorMessage(err));
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors());
        focusErrors(err.fieldErrors());
      }
    }
  };

  return (
    <form onSubmit={submit} className="section" noValidate ref={formRef} data-testid="user-create-form">
      <h3>Thêm người dùng</h3>
      <div className="grid-4">
        <Field label="Tên đăng nhập" htmlFor="user-username" error={errors.username} hint="chữ thường không dấu">
          <input id="user-username" value={form.username} spellCheck={false} {...describedBy('user-username', errors.username)}
            onChange={(e) => setForm({ ...form, username: e.target.value })} />
        </Field>
        <Field label="Họ và tên" htmlFor="user-fullName" error={errors.fullName}>
          <input id="user-fullName" value={form.fullName} {...describedBy('user-fullName', errors.fullName)} onChange={(e) => setForm({ ...form, fullName: e.target.value })} />
        </Field>
        <Field label="Vai trò" htmlFor="user-role">
          <select id="user-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
            {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABEL[r]}</option>)}
          </select>
        </Field>
        <Field label="Mật khẩu" htmlFor="user-password" error={errors.password} hint="ít nhất 8 ký tự">
          <input id="user-password" type="password" autoComplete="new-password" value={form.password} {...describedBy('user-password', errors.password)}
            onChange={(e) => setForm({ ...form, password: e.target.value })} />
        </Field>
      </div>
      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions"><button type="submit" className="primary">Tạo tài khoản</button></div>
    </form>
  );
}
