// The office's staff for integration tests: created through the API by the admin, logged in, each with their
// own caller. Tests assert on these names (hand-over logs, receipts, the portal's records), so they are fixed.
import type { Harness } from './core-harness';
import { ADMIN } from './fixtures';

export interface StaffMember {
  readonly username: string;
  readonly fullName: string;
  readonly password: string;
  readonly role: 'clerk' | 'officer' | 'leader' | 'admin';
}

/** The usual commune office: the counter's clerk, the civil-status officer and the chairman who approves. */
export const STAFF = {
  clerk: { username: 'motcua', fullName: 'Nguyễn Thị Một Cửa', password: 'matkhau-123', role: 'clerk' },
  officer: { username: 'tuphap', fullName: 'Trần Văn Tư Pháp', password: 'matkhau-234', role: 'officer' },
  leader: { username: 'chutich', fullName: 'Lê Văn Chủ Tịch', password: 'matkhau-345', role: 'leader' },
} as const satisfies Record<string, StaffMember>;

type Caller = Pick<Harness, 'call' | 'must' | 'setSession'>;

/**
 * Declared at module level (the harness is read when used, after `beforeAll` started it); `create()` in
 * `beforeAll`, `logInAgain()` after the clock moved (sessions last 12 hours of the clock).
 * `as('admin')` calls with the harness's own (admin) session.
 */
export function officeStaff<U extends Record<string, StaffMember> = typeof STAFF>(harness: () => Caller, users: U = STAFF as unknown as U) {
  type Who = Extract<keyof U, string>;
  const session: Partial<Record<Who, string>> = {};
  const ids = {} as Record<Who, string>;
  const entries = () => Object.entries(users) as [Who, StaffMember][];
  const logIn = async (u: Pick<StaffMember, 'username' | 'password'>) => (await harness().must('auth.login', { username: u.username, password: u.password })).sessionToken as string;
  const as = (who: Who | 'admin') => {
    const s = () => (who === 'admin' ? undefined : session[who]);
    return {
      call: (method: string, input: unknown = {}) => harness().call(method, input, s()),
      must: (method: string, input: unknown = {}) => harness().must(method, input, s()),
    };
  };
  /** Everyone logs in again (and the admin, if asked): after `clock.current = …` their sessions may have expired. */
  const logInAgain = async (opts: { admin?: boolean } = {}) => {
    for (const [who, u] of entries()) session[who] = await logIn(u);
    if (opts.admin) harness().setSession(await logIn(ADMIN));
  };
  /** Creates everyone through `users.create` (as the admin), in the order given, and logs them in unless told not to. */
  const create = async (opts: { logIn?: boolean } = {}) => {
    for (const [who, u] of entries()) ids[who] = (await harness().must('users.create', u)).id;
    if (opts.logIn !== false) await logInAgain();
  };
  return { users, ids, session, as, create, logInAgain };
}

export type OfficeStaff<U extends Record<string, StaffMember> = typeof STAFF> = ReturnType<typeof officeStaff<U>>;
