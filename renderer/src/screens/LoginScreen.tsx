import { useState, type FormEvent } from 'react';
import type { User } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';

export function LoginScreen({ officeTitle, defaultUsername, onLogin }: {
  officeTitle: string; defaultUsername: string; onLogin: (user: User) => void;
}) {
  const [username, setUsername] = useState(defaultUsername);
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const r = await api.call('auth.login', { username: username.trim(), password });
      api.setSession(r.sessionToken);
      onLogin(r.user);
    } catch (err) {
      setFailure(errorMessage(err));
      setPassword('');
      // The password is typed again: focus there, wherever the Enter or the click came from.
      document.getElementById('login-password')?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login-screen">
      <form onSubmit={submit} className="login-box" data-testid="login-form">
        <h1>Một Cửa Desk</h1>
        {officeTitle && <p className="office-title">{officeTitle}</p>}
        <label htmlFor="login-username">Tên đăng nhập</label>
        <input id="login-username" type="text" value={username} autoFocus={!defaultUsername} autoComplete="username"
          spellCheck={false} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="login-password">Mật khẩu</label>
        <input id="login-password" type="password" value={password} autoFocus={!!defaultUsername} autoComplete="current-password"
          onChange={(e) => setPassword(e.target.value)} />
        {failure && <Notice kind="error">{failure}</Notice>}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Đang đăng nhập…' : 'Đăng nhập'}</button>
      </form>
    </main>
  );
}
