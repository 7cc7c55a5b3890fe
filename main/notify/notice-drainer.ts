// The notices' own drainer. Notices go to other places than the portal (the office's mail server, its SMS
// gateway) and must not wait for the portal: not for its configuration (many offices run without a portal
// link for months), not for its outages (a province down for a day must not keep "your result is ready"
// from the applicant), not behind a parked item of the same dossier. So they leave the outbox through this
// loop: per channel (e-mail, SMS) an outage is detected and probed on its own, retries back off with
// jitter, a refusal is listed for the clerk, and every attempt of a notice carries the same message id.
// All state is in SQLite: after a crash (SIGKILL included) `start` puts what was in flight back in line.
import type { NoticeChannel } from '../../shared/contract/api-notify';
import type { Clock } from '../base/context';
import {
  claimNotices, nextNoticeDue, payloadOf, recoverNotices, releaseNoticeChannel, type ErrorKind, type OutboxItem, type OutboxStore,
} from '../sync/outbox';
import { isChannelDown, NotifyError, type NotifyErrorKind } from './errors';
import type { NoticeTransport } from './transport';

export interface NoticeDrainerOptions {
  /** Notices sent at the same time. */
  concurrency: number;
  /** Backoff of one notice's retries (time-outs, 5xx, SMTP 4xx). */
  retryBaseMs: number; retryMaxMs: number;
  /** While a channel's gateway cannot be reached: one probe with this backoff, then all of its notices go. */
  probeBaseMs: number; probeMaxMs: number;
  pollMs: number;
  /** A notice failing this many times in a row the same way is listed for the clerk instead of retried. */
  parkAfterSameFailures: number;
}
export const DEFAULT_NOTICE_DRAINER_OPTIONS: NoticeDrainerOptions = {
  concurrency: 2, retryBaseMs: 10_000, retryMaxMs: 30 * 60_000, probeBaseMs: 5_000, probeMaxMs: 10 * 60_000, pollMs: 2_000, parkAfterSameFailures: 8,
};

type Channel = Exclude<NoticeChannel, 'manual'>;
const CHANNELS: readonly Channel[] = ['email', 'sms'];

/** A channel as configured: its transport, or why there is none (off, incomplete). */
export type ChannelSetup = { transport: NoticeTransport } | { off: string };

interface ChannelState {
  setup: ChannelSetup;
  down: boolean; downAttempts: number; probeAt: number; probing: boolean;
  lastProblem: string | null;
}

const ERROR_KIND: Record<NotifyErrorKind, ErrorKind> = { network: 'network', transient: 'transient', auth: 'auth', rejected: 'rejected', config: 'local' };

/** Exponential backoff with equal jitter (as the portal's drainer): half fixed, half random. */
export function noticeBackoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(30, attempt - 1)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export class NoticeDrainer {
  private running = false;
  private loop$: Promise<void> | null = null;
  private readonly inFlight = new Map<number, Promise<void>>();
  private wake: (() => void) | null = null;
  private signalled = false;
  private readonly channels: Record<Channel, ChannelState>;
  readonly stats = { sent: 0, retried: 0, parked: 0, probes: 0, outages: 0 };

  constructor(
    private readonly store: OutboxStore,
    setups: Record<Channel, ChannelSetup>,
    private readonly clock: Clock,
    private readonly options: NoticeDrainerOptions = DEFAULT_NOTICE_DRAINER_OPTIONS,
    private readonly log: (line: string) => void = () => undefined,
  ) {
    const state = (setup: ChannelSetup): ChannelState => ({ setup, down: false, downAttempts: 0, probeAt: 0, probing: false, lastProblem: null });
    this.channels = { email: state(setups.email), sms: state(setups.sms) };
  }

  async start(): Promise<void> {
    if (this.running) return;
    await this.store.write((raw) => { recoverNotices(raw); });
    this.running = true;
    this.loop$ = this.loop().catch((e) => this.log(`[notify] drainer stopped: ${(e as Error).stack ?? e}`));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const c of CHANNELS) { const s = this.channels[c].setup; if ('transport' in s) s.transport.close(); }
    this.notify();
    await this.loop$;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** New notices were queued (or a person asked to send again). */
  notify(): void {
    const w = this.wake;
    this.wake = null;
    if (w) w(); else this.signalled = true;
  }

  get busy(): number { return this.inFlight.size; }

  /** Per channel: off (not configured), offline (its gateway cannot be reached) or online; the last problem. */
  status(): { email: 'off' | 'online' | 'offline'; sms: 'off' | 'online' | 'offline'; lastProblem: string | null } {
    const of = (c: Channel) => ('off' in this.channels[c].setup ? 'off' as const : this.channels[c].down ? 'offline' as const : 'online' as const);
    const problem = CHANNELS.map((c) => this.channels[c]).find((s) => s.down)?.lastProblem ?? null;
    return { email: of('email'), sms: of('sms'), lastProblem: problem };
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const now = this.clock.now();
      let claimed: OutboxItem[] = [];
      try {
        claimed = await this.claim(now);
      } catch (e) {
        this.log(`[notify] claim failed: ${(e as Error).stack ?? e}`);
      }
      for (const item of claimed) this.launch(item);
      if (!claimed.length || this.inFlight.size >= this.options.concurrency) await this.sleep(await this.idleDelay());
    }
  }

  private async claim(now: Date): Promise<OutboxItem[]> {
    const free = this.options.concurrency - this.inFlight.size;
    if (free <= 0) return [];
    // Channels whose gateway is down wait for their probe; an unconfigured channel is claimed, to be listed.
    // 'manual' only reaches here by a resend through the sync screen: it is listed for the clerk again.
    const up: NoticeChannel[] = [...CHANNELS.filter((c) => !this.channels[c].down), 'manual'];
    const probes = CHANNELS.filter((c) => this.channels[c].down && !this.channels[c].probing && this.channels[c].probeAt <= now.getTime());
    let items: OutboxItem[] = [];
    await this.store.write((raw) => {
      items = claimNotices(raw, now, free, up);
      for (const c of probes) {
        if (items.length >= free) break;
        const probe = claimNotices(raw, now, 1, [], c);
        if (probe.length) { this.channels[c].probing = true; this.stats.probes++; items.push(...probe); }
      }
    });
    return items;
  }

  private async idleDelay(): Promise<number> {
    if (this.inFlight.size) return this.options.pollMs;
    const now = this.clock.now().getTime();
    const due = await this.store.read((raw) => nextNoticeDue(raw));
    const probe = Math.min(...CHANNELS.filter((c) => this.channels[c].down && !this.channels[c].probing).map((c) => this.channels[c].probeAt));
    const next = Math.min(due ? Date.parse(due) : Infinity, probe);
    return Math.max(5, Math.min(this.options.pollMs, next - now));
  }

  private launch(item: OutboxItem): void {
    const task = this.run(item).finally(() => { this.inFlight.delete(item.seq); this.notify(); });
    this.inFlight.set(item.seq, task);
  }

  private async run(item: OutboxItem): Promise<void> {
    let channel: Channel | null = null;
    try {
      const notice = payloadOf(item, 'applicant.notice');
      if (notice.channel === 'manual') throw new NotifyError('config', 'Chưa có cách gửi tự động cho người nộp này: hãy báo cho họ rồi bấm "Đã gửi thủ công".');
      channel = notice.channel;
      const setup = this.channels[channel].setup;
      if ('off' in setup) throw new NotifyError('config', `${setup.off} Hãy báo cho người nộp bằng cách khác rồi bấm "Đã gửi thủ công", hoặc bật lại rồi bấm "Gửi lại".`);
      await setup.transport.send({ to: notice.to, subject: notice.subject, text: notice.text, messageId: notice.messageId });
      await this.store.write((raw) => this.store.done(raw, item.seq, this.clock.now()));
      this.stats.sent++;
      this.channelUp(channel);
    } catch (e) {
      await this.fail(item, channel, e);
    }
  }

  private channelUp(channel: Channel): void {
    const s = this.channels[channel];
    const wasDown = s.down;
    s.down = false; s.probing = false; s.downAttempts = 0; s.lastProblem = null;
    // The gateway answers again: what waited for it goes now, not at each notice's own retry time.
    if (wasDown) void this.store.write((raw) => { releaseNoticeChannel(raw, channel); }).then(() => this.notify(), () => undefined);
  }

  private async fail(item: OutboxItem, channel: Channel | null, e: unknown): Promise<void> {
    const err = e instanceof NotifyError ? e : null;
    if (!err) this.log(`[notify] notice ${item.seq}: ${(e as Error).stack ?? e}`);
    const kind: NotifyErrorKind = err?.kind ?? 'transient';
    const message = err?.message ?? 'Lỗi khi gửi thông báo; sẽ tự gửi lại. Nếu lặp lại, báo quản trị viên.';
    const now = this.clock.now();
    if (kind === 'rejected' || kind === 'config') {
      await this.store.write((raw) => this.store.park(raw, item.seq, ERROR_KIND[kind], message, now));
      this.stats.parked++;
      if (channel) this.channels[channel].probing = false;
      return;
    }
    if (channel && isChannelDown(kind)) {
      // The gateway itself cannot be used: the channel waits for one probe; this notice goes then too.
      const s = this.channels[channel];
      if (!s.down) this.stats.outages++;
      s.down = true; s.probing = false; s.downAttempts++; s.lastProblem = message;
      s.probeAt = now.getTime() + noticeBackoffMs(s.downAttempts, this.options.probeBaseMs, this.options.probeMaxMs);
      await this.store.write((raw) => this.store.retry(raw, item.seq, ERROR_KIND[kind], message, new Date(s.probeAt), now));
      this.stats.retried++;
      return;
    }
    if (channel) this.channels[channel].probing = false;
    const streak = item.errorKind === ERROR_KIND[kind] && item.lastError === message ? item.failureStreak + 1 : 1;
    if (streak >= this.options.parkAfterSameFailures) {
      const parked = `${message} Đã thử ${streak} lần không được: hãy báo cho người nộp bằng cách khác rồi bấm "Đã gửi thủ công", hoặc bấm "Gửi lại".`;
      await this.store.write((raw) => this.store.park(raw, item.seq, ERROR_KIND[kind], parked, now, streak));
      this.stats.parked++;
      return;
    }
    const next = new Date(now.getTime() + noticeBackoffMs(item.attempts, this.options.retryBaseMs, this.options.retryMaxMs));
    await this.store.write((raw) => this.store.retry(raw, item.seq, ERROR_KIND[kind], message, next, now, streak));
    this.stats.retried++;
  }

  private sleep(ms: number): Promise<void> {
    if (this.signalled) { this.signalled = false; return Promise.resolve(); }
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.wake = null; resolve(); }, ms);
      this.wake = () => { clearTimeout(timer); resolve(); };
    });
  }
}
