import type { EntityManager } from 'typeorm';
import type { Role, User } from '../../shared/contract';
import { AppError, notFound } from '../base/errors';
import type { Database } from '../persistence/database';
import { UserEntity, type UserRow } from '../persistence/entities';
import { writeAudit } from './audit';
import { rowToUser, type AuthService } from './auth-service';
import { hashPassword } from './passwords';

/** What the audit trail keeps of an account: never its password hash. */
const auditView = (r: UserRow) => ({ username: r.username, fullName: r.fullName, role: r.role, active: !!r.active });

/**
 * The administrator's changes to accounts. Each runs in one write transaction that reads the accounts it
 * checks, so two administrators demoting each other at the same moment cannot both succeed: the office
 * always keeps one active administrator, and nobody locks or demotes themselves (the next login would fail).
 */
export class UserAdminService {
  constructor(private readonly db: Database, private readonly auth: AuthService) {}

  async deactivate(userId: string, by: User, at: Date): Promise<User> {
    const user = await this.change(userId, by, at, 'user.deactivate', async (em, row) => {
      if (row.id === by.id) throw new AppError('CONFLICT', 'Không thể tự khóa tài khoản đang dùng. Hãy nhờ một quản trị viên khác nếu cần.');
      if (!row.active) return null;
      if (row.role === 'admin') await this.keepAnAdmin(em, row, 'khóa');
      return { active: false };
    });
    // The account's open windows stop working now, not at their next login.
    this.auth.endSessions(userId);
    return user;
  }

  async reactivate(userId: string, by: User, at: Date): Promise<User> {
    return this.change(userId, by, at, 'user.reactivate', async (_em, row) => (row.active ? null : { active: true }));
  }

  /** `keepToken`: the caller's own session, kept when they set their own password. */
  async resetPassword(userId: string, password: string, by: User, at: Date, keepToken?: string): Promise<User> {
    const user = await this.change(userId, by, at, 'user.resetPassword', async () => ({ passwordHash: hashPassword(password) }));
    this.auth.endSessions(userId, keepToken);
    return user;
  }

  async changeRole(userId: string, role: Role, by: User, at: Date): Promise<User> {
    return this.change(userId, by, at, 'user.changeRole', async (em, row) => {
      if (row.role === role) return null;
      if (row.role === 'admin') {
        if (row.id === by.id) throw new AppError('CONFLICT', 'Không thể tự bỏ vai trò quản trị của mình. Hãy nhờ một quản trị viên khác đổi vai trò.', [{ field: 'role', message: 'Không thể tự bỏ vai trò quản trị', severity: 'error' }]);
        if (row.active) await this.keepAnAdmin(em, row, 'đổi vai trò của');
      }
      return { role };
    });
  }

  /**
   * Reads the account, lets `decide` check it and name the columns to change (null: nothing to change, the
   * account is returned as it is and nothing is audited), writes them and the audit row with before/after.
   */
  private change(userId: string, by: User, at: Date, action: string,
    decide: (em: EntityManager, row: UserRow) => Promise<Partial<Pick<UserRow, 'active' | 'role' | 'passwordHash'>> | null>): Promise<User> {
    return this.db.write(async (em) => {
      const row = await em.findOneBy(UserEntity, { id: userId });
      if (!row) throw notFound('tài khoản này (có thể đã bị xóa); tải lại danh sách người dùng');
      const patch = await decide(em, row);
      if (!patch) return rowToUser(row);
      const next: UserRow = { ...row, ...patch };
      await em.update(UserEntity, { id: row.id }, patch);
      await writeAudit(em, {
        at, userId: by.id, action, entity: 'user', entityId: row.id, before: auditView(row),
        after: { ...auditView(next), ...(patch.passwordHash ? { passwordChanged: true } : {}) },
      });
      return rowToUser(next);
    });
  }

  /** Refuses a change that would leave no active administrator besides `row`. */
  private async keepAnAdmin(em: EntityManager, row: UserRow, verb: string): Promise<void> {
    const admins = await em.findBy(UserEntity, { role: 'admin' });
    if (!admins.some((a) => a.active && a.id !== row.id)) {
      throw new AppError('CONFLICT', `Không thể ${verb} quản trị viên cuối cùng còn hoạt động: hãy tạo hoặc mở khóa một quản trị viên khác trước.`);
    }
  }
}
