// Quản trị → Người dùng through the core (issue 9 #17): lock and unlock an account, a new password, a new
// role — each audited with before/after and never the password hash. A locked account's open sessions end
// at once and it cannot log in (told so only with the right password); a new password ends the account's
// other sessions; the office never loses its last active administrator, and nobody locks or demotes
// themselves — also when two administrators act on each other at the same moment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserAdminService } from '../../main/services/user-admin';
import { ADMIN } from '../support/fixtures';
import { startCore, type Harness } from '../support/core-harness';

let h: Harness;
const CLERK = { username: 'letan', fullName: 'Lê Thị Tân', role: 'clerk', password: 'matkhau-789' };
const ADMIN2 = { username: 'quantri2', fullName: 'Phạm Văn Hai', role: 'admin', password: 'matkhau-222' };
let clerkId: string;
let adminId: string;
let admin2Id: string;

const raw = () => h.core.services.db.raw;
const login = (u: { username: string; password: string }) => h.call('auth.login', { username: u.username, password: u.password });
const sessionOf = async (u: { username: string; password: string }) => {
  const r = await login(u);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data.sessionToken as string;
};
const audits = (action: string, id: string) => raw().prepare('SELECT user_id, before_json, after_json FROM audit_event WHERE action = ? AND entity_id = ? ORDER BY id')
  .all(action, id) as { user_id: string; before_json: string; after_json: string }[];

beforeAll(async () => {
  h = await startCore();
  clerkId = (await h.must('users.create', CLERK)).id;
  admin2Id = (await h.must('users.create', ADMIN2)).id;
  adminId = (await h.must('auth.me')).id;
});
afterAll(async () => { await h?.close(); });

describe('locking and unlocking an account', () => {
  it('ends the locked account\'s sessions now, refuses its login with a message, and audits before/after', async () => {
    const clerkSession = await sessionOf(CLERK);
    expect((await h.call('auth.me', {}, clerkSession)).ok).toBe(true);

    const locked = await h.must('users.deactivate', { userId: clerkId });
    expect(locked).toMatchObject({ id: clerkId, active: false, role: 'clerk' });

    const me = await h.call('auth.me', {}, clerkSession);
    expect(me.error?.code).toBe('UNAUTHENTICATED');
    const again = await login(CLERK);
    expect(again.ok).toBe(false);
    expect(again.error.message).toBe('Tài khoản này đã bị khóa. Hãy nhờ quản trị viên mở khóa nếu cần dùng lại.');
    // A wrong password still says only that the name or password is wrong.
    expect((await login({ ...CLERK, password: 'sai-mat-khau' })).error.message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');

    const [row] = audits('user.deactivate', clerkId);
    expect(row!.user_id).toBe(adminId);
    expect(JSON.parse(row!.before_json)).toEqual({ username: 'letan', fullName: 'Lê Thị Tân', role: 'clerk', active: true });
    expect(JSON.parse(row!.after_json)).toEqual({ username: 'letan', fullName: 'Lê Thị Tân', role: 'clerk', active: false });
    expect((await h.must('users.list')).find((u: { id: string }) => u.id === clerkId).active).toBe(false);

    expect(await h.must('users.reactivate', { userId: clerkId })).toMatchObject({ active: true });
    expect((await login(CLERK)).ok).toBe(true);
    expect(audits('user.reactivate', clerkId)).toHaveLength(1);
  });

  it('refuses to lock the administrator\'s own account', async () => {
    const r = await h.call('users.deactivate', { userId: adminId });
    expect(r.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Không thể tự khóa') });
    expect((await h.must('auth.me')).active).toBe(true);
  });

  it('says so for an account that does not exist', async () => {
    const r = await h.call('users.deactivate', { userId: 'khong-co' });
    expect(r.error?.code).toBe('NOT_FOUND');
  });
});

describe('a new password', () => {
  it('keeps the rule of a new account, ends the account\'s sessions, and is audited without the hash', async () => {
    const short = await h.call('users.resetPassword', { userId: clerkId, password: 'ngan' });
    expect(short.error).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'password', message: 'Mật khẩu ít nhất 8 ký tự' }] });

    const clerkSession = await sessionOf(CLERK);
    await h.must('users.resetPassword', { userId: clerkId, password: 'mat-khau-moi-1' });
    expect((await h.call('auth.me', {}, clerkSession)).error?.code).toBe('UNAUTHENTICATED');
    expect((await login(CLERK)).ok).toBe(false);
    expect((await login({ ...CLERK, password: 'mat-khau-moi-1' })).ok).toBe(true);

    const [row] = audits('user.resetPassword', clerkId);
    expect(JSON.parse(row!.after_json)).toMatchObject({ passwordChanged: true });
    expect(row!.before_json + row!.after_json).not.toMatch(/scrypt|passwordHash|mat-khau/);
  });

  it('an administrator setting their own password stays logged in', async () => {
    await h.must('users.resetPassword', { userId: adminId, password: ADMIN.password });
    expect((await h.must('auth.me')).id).toBe(adminId);
  });
});

describe('a new role', () => {
  it('applies to the open session at once and is audited', async () => {
    const clerkSession = await sessionOf({ ...CLERK, password: 'mat-khau-moi-1' });
    await h.must('users.changeRole', { userId: clerkId, role: 'leader' });
    expect((await h.call('auth.me', {}, clerkSession)).data.role).toBe('leader');
    const [row] = audits('user.changeRole', clerkId);
    expect(JSON.parse(row!.before_json).role).toBe('clerk');
    expect(JSON.parse(row!.after_json).role).toBe('leader');
    // The same role again changes nothing and writes nothing.
    await h.must('users.changeRole', { userId: clerkId, role: 'leader' });
    expect(audits('user.changeRole', clerkId)).toHaveLength(1);
  });

  it('refuses a role no one has', async () => {
    const r = await h.call('users.changeRole', { userId: clerkId, role: 'superuser' });
    expect(r.error?.code).toBe('VALIDATION');
    expect(r.error.fields[0].field).toBe('role');
  });

  it('refuses an administrator demoting themselves', async () => {
    const r = await h.call('users.changeRole', { userId: adminId, role: 'clerk' });
    expect(r.error).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'role' }] });
    expect((await h.must('auth.me')).role).toBe('admin');
  });

  it('only an administrator may change accounts', async () => {
    const clerkSession = await sessionOf({ ...CLERK, password: 'mat-khau-moi-1' });
    const r = await h.call('users.deactivate', { userId: adminId }, clerkSession);
    expect(r.error?.code).toBe('FORBIDDEN');
  });
});

describe('the last active administrator', () => {
  it('another administrator may be locked and demoted while one stays', async () => {
    await h.must('users.deactivate', { userId: admin2Id });
    await h.must('users.reactivate', { userId: admin2Id });
    await h.must('users.changeRole', { userId: admin2Id, role: 'officer' });
    await h.must('users.changeRole', { userId: admin2Id, role: 'admin' });
  });

  it('is never locked or demoted by an administrator whose own account went away meanwhile', async () => {
    // Admin 2 acts with what their session said when the call came in; admin 1 has locked them since.
    const admin2 = (await h.call('auth.me', {}, await sessionOf(ADMIN2))).data;
    await h.must('users.deactivate', { userId: admin2Id });
    const service = new UserAdminService(h.core.services.db, h.core.services.auth);
    await expect(service.deactivate(adminId, admin2, new Date())).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('quản trị viên cuối cùng') });
    await expect(service.changeRole(adminId, 'clerk', admin2, new Date())).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('quản trị viên cuối cùng') });
    expect((await h.must('auth.me')).role).toBe('admin');
    await h.must('users.reactivate', { userId: admin2Id });
  });

  it('two administrators locking each other at the same moment: one of them stays', async () => {
    const s2 = await sessionOf(ADMIN2);
    const [a, b] = await Promise.all([
      h.call('users.deactivate', { userId: admin2Id }),
      h.call('users.deactivate', { userId: adminId }, s2),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const activeAdmins = (await h.core.services.auth.list()).filter((u) => u.role === 'admin' && u.active);
    expect(activeAdmins).toHaveLength(1);
  });
});
