// The office's staff for integration and end-to-end tests: created through the API by the admin, logged in,
// each with their own caller. Tests assert on these names (hand-over logs, receipts, the portal's records),
// so they are fixed; a file adds its own people (a second clerk) or brings its own office.
import type { Harness } from './core-harness';
import { ADMIN, OFFICE } from './fixtures';
import { apiCaller, type RunningServer } from './server';

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

/**
 * The same over HTTP as the UI talks (end-to-end tests against startServer): one API caller per person and one
 * for the admin. Declared at module level; `start(server)` in `beforeAll` sets the office up first.
 */
export function officeStaffOverHttp<U extends Record<string, StaffMember>>(users: U) {
  type Who = Extract<keyof U, string>;
  const as = {} as Record<Who | 'admin', ReturnType<typeof apiCaller>>;
  const ids = {} as Record<Who, string>;
  const must = async (who: Who | 'admin', method: string, input: unknown = {}) => {
    const r = await as[who].call(method, input);
    if (!r.ok) throw new Error(`${who} ${method}: ${JSON.stringify(r.error)}`);
    return r.data;
  };
  const logIn = async (who: Who | 'admin', u: Pick<StaffMember, 'username' | 'password'>) =>
    as[who].setSession((await must(who, 'auth.login', { username: u.username, password: u.password })).sessionToken);
  /** Sets the office up, logs the admin in, creates everyone through `users.create` in the order given and logs them in. */
  const start = async (server: RunningServer) => {
    as.admin = apiCaller(server);
    await must('admin', 'setup.initialize', { office: OFFICE, admin: ADMIN });
    await logIn('admin', ADMIN);
    for (const [who, u] of Object.entries(users) as [Who, StaffMember][]) {
      ids[who] = (await must('admin', 'users.create', u)).id;
      as[who] = apiCaller(server);
      await logIn(who, u);
    }
  };
  return { users, as, ids, must, start };
}
