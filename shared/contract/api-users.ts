// Managing the office's accounts (Quản trị → Người dùng), merged into the one API table: lock and unlock an
// account, set a new password, change a role. The core refuses what would leave the office without an
// administrator (the last active one locked or demoted, an administrator locking or demoting themselves),
// ends a locked account's sessions at once, and audits every change with its before/after.
import { z } from 'zod';
import { id, role } from './common';
import { ADMIN_ONLY, method } from './method';
import { userSchema } from './schemas';
import { LIMITS } from '../validation/limits';

/** The password rule of every account, the same as when it is created (users.create, setup.initialize). */
export const newPassword = z.string().min(8, 'Mật khẩu ít nhất 8 ký tự').max(LIMITS.password);

export const usersAdminApi = {
  /** Locks an account: its sessions end now and it cannot log in until unlocked. */
  'users.deactivate': method(z.object({ userId: id }), userSchema, ADMIN_ONLY),
  'users.reactivate': method(z.object({ userId: id }), userSchema, ADMIN_ONLY),
  /** Sets a new password (the old one stops working; the account's other sessions end). */
  'users.resetPassword': method(z.object({ userId: id, password: newPassword }), userSchema, ADMIN_ONLY),
  'users.changeRole': method(z.object({ userId: id, role }), userSchema, ADMIN_ONLY),
} as const;
