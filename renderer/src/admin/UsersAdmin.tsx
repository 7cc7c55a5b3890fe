import { useEffect, useState, type FormEvent } from 'react';
import { ROLES, type Role, type User } from '../../../shared/contract';
import { api, ApiError, errorMessage } from '../api/client';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { ROLE_LABEL } from '../lib/format';

const EMPTY = { username: '', fullName: '', role: 'clerk' as Role, password: '' };

export function UsersAdmin() {
  const [users, setUsers] = useState<User[]>([]);
  const [form, setForm] = useState(EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const load = () => api.call('users.list', {}).then(setUsers, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
  useEffect(() => { void load(); }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setErrors({});
    try {
      const u = await api.call('users.create', form);
      setForm(EMPTY);
      setMessage({ kind: 'success', text: `Đã tạo tài khoản ${u.username}.` });
      void load();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
      if (err instanceof ApiError) setErrors(err.fieldErrors());
    }
  };

  return (
    <div className="admin-users">
      <table className="table compact">
        <thead><tr><th>Tên đăng nhập</th><th>Họ và tên</th><th>Vai trò</th><th>Trạng thái</th></tr></thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}><td className="mono">{u.username}</td><td>{u.fullName}</td><td>{ROLE_LABEL[u.role]}</td><td>{u.active ? 'Đang dùng' : 'Đã khóa'}</td></tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={submit} className="section" noValidate>
        <h3>Thêm người dùng</h3>
        <div className="grid-4">
          <Field label="Tên đăng nhập" htmlFor="user-username" error={errors.username} hint="chữ thường không dấu">
            <input id="user-username" value={form.username} spellCheck={false} onChange={(e) => setForm({ ...form, username: e.target.value })} />
          </Field>
          <Field label="Họ và tên" htmlFor="user-fullName" error={errors.fullName}>
            <input id="user-fullName" value={form.fullName} onChange={(e) => setForm({ ...form, fullName: e.target.value })} />
          </Field>
          <Field label="Vai trò" htmlFor="user-role">
            <select id="user-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLES.map((r) => <option key={r} value={r}>{ROLE_LABEL[r]}</option>)}
            </select>
          </Field>
          <Field label="Mật khẩu" htmlFor="user-password" error={errors.password} hint="ít nhất 8 ký tự">
            <input id="user-password" type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} />
          </Field>
        </div>
        {message && <Notice kind={message.kind}>{message.text}</Notice>}
        <div className="actions"><button type="submit" className="primary">Tạo tài khoản</button></div>
      </form>
    </div>
  );
}
