import crypto from 'node:crypto';
import type { Role, User } from '../../shared/contract';
import { AppError } from '../base/errors';
import type { Database } from '../persistence/database';
import { UserEntity, type UserRow } from '../persistence/entities';
import type { EntityManager } from 'typeorm';
import { writeAudit } from './audit';
import { LoginThrottle, waitText } from './login-throttle';
import { hashPassword, verifyPassword } from './passwords';

const SESSION_HOURS = 12;

export const rowToUser = (r: UserRow): User => ({ id: r.id, username: r.username, fullName: r.fullName, role: r.role as Role, active: !!r.active });

/** Local accounts; sessions live in memory for one launch of the core (a restart asks to log in again). */
export class AuthService {
  private readonly sessions = new Map<string, { userId: string; expiresAt: number }>();
  private readonly throttle = new LoginThrottle();

  constructor(private readonly db: Database) {}

  async createUser(em: EntityManager, input: { username: string; fullName: string; role: Role; password: string }, by: string | null, at: Date): Promise<User> {
    const existing = await em.findOneBy(UserEntity, { username: input.username });
    if (existing) throw new AppError('CONFLICT', `Tên đăng nhập "${input.username}" đã có.`, [{ field: 'username', message: 'Tên đăng nhập đã có', severity: 'error' }]);
    const row: UserRow = {
      id: crypto.randomUUID(), username: input.username, fullName: input.fullName, role: input.role,
      passwordHash: hashPassword(input.password), active: true, createdAt: at.toISOString(),
    };
    await em.insert(UserEntity, row);
    await writeAudit(em, { at, userId: by, action: 'user.create', entity: 'user', entityId: row.id, after: { ...row, passwordHash: undefined } });
    return rowToUser(row);
  }

  /**
   * `client` tells callers apart (the shell and, over HTTP, the remote address): repeated failures make the
   * next try wait, per user name and per client (login-throttle.ts), over every transport alike.
   */
  async login(username: string, password: string, now: Date, client = 'local'): Promise<{ sessionToken: string; user: User }> {
    const wait = this.throttle.waitMs(username, client, now.getTime());
    if (wait > 0) {
      throw new AppError('UNAUTHENTICATED', `Đã nhập sai mật khẩu nhiều lần. Hãy đợi ${waitText(wait)} rồi đăng nhập lại; nếu quên mật khẩu, hãy nhờ quản trị đặt lại.`);
    }
    const row = await this.db.read((em) => em.findOneBy(UserEntity, { username: username.toLowerCase() }));
    if (!row || !verifyPassword(password, row.passwordHash)) {
      this.throttle.failed(username, client, now.getTime());
      throw new AppError('UNAUTHENTICATED', 'Tên đăng nhập hoặc mật khẩu không đúng.');
    }
    // Said only to whoever knows the password: a locked account is told apart from a typing mistake.
    if (!row.active) throw new AppError('UNAUTHENTICATED', 'Tài khoản này đã bị khóa. Hãy nhờ quản trị viên mở khóa nếu cần dùng lại.');
    this.throttle.succeeded(username, client);
    const sessionToken = crypto.randomBytes(32).toString('base64url');
    this.sessions.set(sessionToken, { userId: row.id, expiresAt: now.getTime() + SESSION_HOURS * 3600_000 });
    await this.db.write((em) => writeAudit(em, { at: now, userId: row.id, action: 'auth.login', entity: 'user', entityId: row.id }));
    return { sessionToken, user: rowToUser(row) };
  }

  logout(token: string): void {
    this.sessions.delete(token);
  }

  /** Ends every session of a user (locked account, new password), except `keep` (the caller's own). */
  endSessions(userId: string, keep?: string): number {
    let ended = 0;
    for (const [token, s] of this.sessions) {
      if (s.userId === userId && token !== keep) { this.sessions.delete(token); ended += 1; }
    }
    return ended;
  }

  async userForSession(token: string | undefined, now: Date): Promise<User | null> {
    if (!token) return null;
    const s = this.sessions.get(token);
    if (!s) return null;
    if (s.expiresAt < now.getTime()) {
      this.sessions.delete(token);
      return null;
    }
    const row = await this.db.read((em) => em.findOneBy(UserEntity, { id: s.userId }));
    return row && row.active ? rowToUser(row) : null;
  }

  async list(): Promise<User[]> {
    const rows = await this.db.read((em) => em.find(UserEntity, { order: { username: 'ASC' } }));
    return rows.map(rowToUser);
  }
}
