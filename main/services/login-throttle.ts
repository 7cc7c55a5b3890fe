// Slows down guessing passwords, whatever the transport (Electron IPC or the HTTP shell): failures are counted
// per user name and per client, and past a few free tries each further try must wait a doubling delay. A try
// during the wait is refused without checking the password, so it costs neither CPU (scrypt) nor a guess.

export interface ThrottlePolicy {
  /** Failures allowed before the first wait. */
  free: number;
  /** First wait; it doubles with each further failure. */
  baseMs: number;
  maxMs: number;
}

/** One person mistyping gets 5 tries; a script trying many names from one client gets 10 in all. */
export const USER_POLICY: ThrottlePolicy = { free: 5, baseMs: 1_000, maxMs: 15 * 60_000 };
export const CLIENT_POLICY: ThrottlePolicy = { free: 10, baseMs: 1_000, maxMs: 15 * 60_000 };

interface Entry { failures: number; lastAt: number }

const FORGET_AFTER_MS = 24 * 3600_000;
const MAX_ENTRIES = 10_000;

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly policies: { user: ThrottlePolicy; client: ThrottlePolicy } = { user: USER_POLICY, client: CLIENT_POLICY }) {}

  /** Milliseconds still to wait before `user` may try from `client` (0: may try now). */
  waitMs(user: string, client: string, now: number): number {
    return Math.max(this.waitOf(userKey(user), this.policies.user, now), this.waitOf(clientKey(client), this.policies.client, now));
  }

  failed(user: string, client: string, now: number): void {
    this.prune(now);
    for (const key of [userKey(user), clientKey(client)]) {
      const e = this.entries.get(key);
      this.entries.delete(key); // re-inserted last: the map's order is the order of the latest failure
      this.entries.set(key, { failures: (e?.failures ?? 0) + 1, lastAt: now });
    }
  }

  succeeded(user: string, client: string): void {
    this.entries.delete(userKey(user));
    this.entries.delete(clientKey(client));
  }

  private waitOf(key: string, p: ThrottlePolicy, now: number): number {
    const e = this.entries.get(key);
    if (!e || e.failures < p.free) return 0;
    const delay = Math.min(p.maxMs, p.baseMs * 2 ** (e.failures - p.free));
    return Math.max(0, e.lastAt + delay - now);
  }

  private prune(now: number): void {
    if (this.entries.size < MAX_ENTRIES) return;
    for (const [k, e] of this.entries) if (now - e.lastAt > FORGET_AFTER_MS) this.entries.delete(k);
    // Still full (a flood of made-up names): drop the oldest half rather than grow without bound.
    if (this.entries.size >= MAX_ENTRIES) [...this.entries.keys()].slice(0, MAX_ENTRIES / 2).forEach((k) => this.entries.delete(k));
  }
}

const userKey = (user: string) => `u:${user.normalize('NFC').trim().toLowerCase()}`;
const clientKey = (client: string) => `c:${client}`;

/** "Hãy đợi 8 giây", "Hãy đợi 2 phút": whole seconds up to a minute, then whole minutes (rounded up). */
export function waitText(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 60 ? `${s} giây` : `${Math.ceil(s / 60)} phút`;
}
