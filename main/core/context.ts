import type { User } from '../../shared/contract';

/** Who is calling, as established by the transport and the session. */
export interface CallContext {
  user: User | null;
  shell: 'electron' | 'browser';
}

/** A clock that tests can set; production uses the system clock (an instant, not a zone). */
export interface Clock { now(): Date }
export const systemClock: Clock = { now: () => new Date() };
