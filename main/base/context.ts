import type { User } from '../../shared/contract';
import { AppError } from './errors';

/** Who is calling, as established by the transport and the session. */
export interface CallContext {
  user: User | null;
  shell: 'electron' | 'browser';
  /** Who is calling within the shell (the HTTP shell: the remote address; IPC: the shell itself). */
  client?: string;
}

/** A clock that tests can set; production uses the system clock (an instant, not a zone). */
export interface Clock { now(): Date }
export const systemClock: Clock = { now: () => new Date() };

/** The signed-in user of a call that the contract already restricted to signed-in roles. */
export const requireUser = (ctx: CallContext): User => {
  if (!ctx.user) throw new AppError('UNAUTHENTICATED', 'Phiên làm việc đã hết, vui lòng đăng nhập lại.');
  return ctx.user;
};
