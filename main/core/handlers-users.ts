import type { usersAdminApi } from '../../shared/contract/api-users';
import { requireUser } from '../base/context';
import { UserAdminService } from '../services/user-admin';
import type { HandlersFor } from './handler-types';
import type { Services } from './services';

/** Quản trị → Người dùng: lock, unlock, new password, role (the rules are in services/user-admin.ts). */
export function createUserAdminHandlers(s: Services): HandlersFor<keyof typeof usersAdminApi> {
  const users = new UserAdminService(s.db, s.auth);
  const now = () => s.clock.now();
  return {
    'users.deactivate': async (input, ctx) => users.deactivate(input.userId, requireUser(ctx), now()),
    'users.reactivate': async (input, ctx) => users.reactivate(input.userId, requireUser(ctx), now()),
    'users.resetPassword': async (input, ctx) => users.resetPassword(input.userId, input.password, requireUser(ctx), now(), ctx.token),
    'users.changeRole': async (input, ctx) => users.changeRole(input.userId, input.role, requireUser(ctx), now()),
  };
}
