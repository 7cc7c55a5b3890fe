import { AppError } from '../base/errors';
import { DEFAULT_PORTAL_CONFIG, isConfigured, portalConfigSchema, type PortalConfig } from './config';
import { checkConnection, ConnectionMonitor, SETTING_PROBLEMS, type ConnectionCheck } from './connection-check';
import type { SyncDeps } from './deps';
import { DEFAULT_DRAINER_OPTIONS, Drainer } from './drainer';
import { Inbound } from './inbound';
import { batchOutcome, itemOutcome, phraseOf, type OutcomeHost } from './action-outcomes';
import { describeItems } from './item-details';
import { itemReport, KIND_LABEL, notConfiguredReport, STATE_LABEL, type ActionReport, type LineState } from './messages';
import {
  itemsBySeq, lastDeliveredAt, listItems, outboxCounts, OutboxStore, parkedItem, rescheduleNow, resendParked, resolveParked, type ItemSnapshot, type ParkedItem,
} from './outbox';
import { PortalClient } from './portal/client';

export type { SyncDeps, SyncOptions } from './deps';

const CONFIG_KEY = 'sync.portal';

/** The sync capability as the core sees it: configuration, the drainer, inbound, and what the UI shows. */
export class SyncService implements OutcomeHost {
  readonly store: OutboxStore;
  private config: PortalConfig = DEFAULT_PORTAL_CONFIG;
  private hasPassword = false;
  private client: PortalClient | null = null;
  drainer: Drainer | null = null;
  inbound: Inbound | null = null;
  /** The last real answer of the portal's contract about the line (the status line's "Đã kết nối" rests on it). */
  private monitor: ConnectionMonitor | null = null;
  /** Whether the drainer and inbound were let go (see release). */
  private released = false;
  /** The drainer's connectivity as last seen, and when it was first seen offline (against the monitor's answers). */
  private drainerSeen = '';
  private offlineSeenAt = 0;
  private holdTimer: ReturnType<typeof setInterval> | null = null;
  private readonly log: (line: string) => void;

  constructor(private readonly deps: SyncDeps) {
    this.store = new OutboxStore(deps.db);
    this.log = deps.log ?? (() => undefined);
  }

  /** Called after the core is up; without a configured portal it only keeps the outbox filling. */
  async start(): Promise<void> {
    this.config = portalConfigSchema.parse(await this.deps.settings.get<unknown>(CONFIG_KEY, {}));
    const credentials = await this.deps.credentials.get();
    this.hasPassword = !!credentials?.password;
    if (!isConfigured(this.config, this.hasPassword) || this.deps.options?.autoStart === false) return;
    this.client = new PortalClient(this.config, credentials!.password);
    this.drainer = new Drainer(this.store, this.client, this.config, this.deps.filesRoot, this.deps.clock,
      { ...DEFAULT_DRAINER_OPTIONS, ...this.deps.options?.drainer }, this.log);
    if (this.deps.options?.inbound !== false && this.config.inboundIntervalSec > 0) {
      this.inbound = new Inbound(this.deps, this.store, this.client, this.config, this.log);
    }
    // Nothing is sent (no login, no password) before the address answered as the provincial system.
    this.monitor = new ConnectionMonitor(this.client, this.config, (check) => this.release(check));
    void this.monitor.check();
  }

  /**
   * The drainer and inbound start once a check found that the address is the provincial system and takes the
   * account (or simply cannot be reached: an outage the drainer waits out). While the address is another
   * server, https fails or the account is refused, they are held — the password never goes to a stranger and
   * the province's account is not hammered with wrong logins — and the check is repeated until that changes.
   */
  private release(check: ConnectionCheck): void {
    if (this.released || !this.drainer) return;
    if (check.problem && SETTING_PROBLEMS.has(check.problem.kind)) {
      if (!this.holdTimer) {
        this.holdTimer = setInterval(() => void this.monitor?.check(), HELD_RECHECK_MS);
        this.holdTimer.unref?.();
      }
      return;
    }
    this.released = true;
    if (this.holdTimer) clearInterval(this.holdTimer);
    this.holdTimer = null;
    void this.drainer.start();
    this.inbound?.start(this.config.inboundIntervalSec * 1000);
  }

  async stop(): Promise<void> {
    if (this.holdTimer) clearInterval(this.holdTimer);
    this.holdTimer = null;
    this.released = false;
    await this.monitor?.stop();
    this.monitor = null;
    await this.inbound?.stop();
    await this.drainer?.stop();
    this.inbound = null;
    this.drainer = null;
    this.client = null;
  }

  get portalClient(): PortalClient | null { return this.client; }
  get connectionMonitor(): ConnectionMonitor | null { return this.monitor; }
  get timeoutMs(): number { return this.config.timeoutMs; }

  getConfig() {
    const { ...config } = this.config;
    return { ...config, hasPassword: this.hasPassword };
  }

  async setConfig(input: Partial<PortalConfig> & { password?: string }, userId: string): Promise<ReturnType<SyncService['getConfig']>> {
    const { password, ...rest } = input;
    const next = portalConfigSchema.parse({ ...this.config, ...rest });
    if (next.baseUrl && !/^https?:\/\//.test(next.baseUrl)) throw new AppError('VALIDATION', 'Địa chỉ hệ thống tỉnh phải bắt đầu bằng http:// hoặc https://');
    if (password) await this.deps.credentials.set({ password });
    await this.deps.settings.set(CONFIG_KEY, next, userId, this.deps.clock.now());
    await this.stop();
    await this.start();
    return this.getConfig();
  }

  async status() {
    const { counts, conflicts } = await this.store.read((raw) => ({
      counts: outboxCounts(raw),
      conflicts: (raw.prepare(`SELECT count(*) AS n FROM sync_conflict WHERE state = 'open'`).get() as { n: number }).n,
    }));
    const last = this.drainer?.lastSuccessAt?.toISOString() ?? (await this.store.read(lastDeliveredAt));
    const configured = isConfigured(this.config, this.hasPassword);
    // Asked again when old, or when the drainer saw something new (went offline, a new error).
    this.monitor?.poke(`${this.drainer?.connectivity}|${this.drainer?.lastProblem ?? ''}`);
    const line = this.line();
    return {
      portalConfigured: configured,
      connectivity: line.connectivity,
      connectionProblem: line.problem,
      waiting: counts.waiting, blocked: counts.blocked, parked: counts.parked, openConflicts: conflicts,
      lastSuccessAt: last, lastProblem: this.drainer?.lastProblem ?? null,
    };
  }

  /**
   * The line from the most recent real answer: the monitor's check when it is newer than the drainer's last
   * delivery, the drainer's own state otherwise; "online" only on a real answer, "checking" before one.
   */
  private line(): { connectivity: 'not-configured' | 'checking' | 'online' | 'offline' | 'paused' | 'misconfigured'; problem: string | null } {
    if (!isConfigured(this.config, this.hasPassword)) return { connectivity: 'not-configured', problem: null };
    const drainer = this.drainer;
    // Watched on every read, whatever the answer below: when the drainer lost the line, against the checks' times.
    if (drainer && drainer.connectivity !== this.drainerSeen) {
      this.drainerSeen = drainer.connectivity;
      if (drainer.connectivity === 'offline') this.offlineSeenAt = Date.now();
    }
    const check = this.monitor?.result ?? null;
    const delivered = drainer?.lastSuccessAt?.getTime() ?? 0;
    const problem = check && check.at > delivered ? check.check.problem : null;
    if (problem) {
      const headline = problem.headline.charAt(0).toUpperCase() + problem.headline.slice(1);
      if (SETTING_PROBLEMS.has(problem.kind)) return { connectivity: 'misconfigured', problem: headline };
      return { connectivity: problem.kind === 'offline' ? 'offline' : 'paused', problem: headline };
    }
    if (!drainer) return { connectivity: 'checking', problem: null };
    if (drainer.connectivity === 'offline') {
      // The portal answered after the drainer lost it (it waits for its next probe): it is back; the drainer
      // is told to probe now and resumes.
      if (check && !check.check.problem && check.at > Math.max(delivered, this.offlineSeenAt)) {
        drainer.retryNow();
        return { connectivity: 'online', problem: null };
      }
      return { connectivity: 'offline', problem: null };
    }
    if (drainer.connectivity === 'paused') return { connectivity: 'paused', problem: null };
    return { connectivity: check || delivered ? 'online' : 'checking', problem: null };
  }

  lineState(): LineState {
    const { connectivity, problem } = this.line();
    return { connectivity, problem: problem ?? this.drainer?.lastProblem ?? null };
  }

  async items(filter: 'open' | 'parked' | 'all', limit: number) {
    const { rows, details } = await this.store.read((raw) => {
      const listed = listItems(raw, filter, limit);
      return { rows: listed, details: describeItems(raw, listed.map((r) => r.seq)) };
    });
    return rows.map((r) => {
      const live = this.drainer?.progress.get(r.seq);
      const size = live?.size ?? r.fileSize;
      const sent = live?.sent ?? r.fileOffset;
      const blockedBy = r.blockedBy && r.state === 'pending' ? { ...r.blockedBy, kindLabel: KIND_LABEL[r.blockedBy.kind] ?? r.blockedBy.kind } : null;
      return {
        seq: r.seq, kind: r.kind, kindLabel: KIND_LABEL[r.kind] ?? r.kind, dossierId: r.dossierId, dossierNumber: r.dossierNumber,
        detail: details.get(r.seq) ?? null,
        state: r.state,
        stateLabel: blockedBy ? 'Chờ mục trước của hồ sơ được xử lý' : STATE_LABEL[r.state] ?? r.state,
        blocked: blockedBy !== null, blockedBy, blocking: r.blocking,
        attempts: r.attempts, nextAttemptAt: r.nextAttemptAt, lastError: r.lastError,
        createdAt: r.createdAt,
        upload: size !== null && size !== undefined && r.kind === 'file.upload' ? { sentBytes: sent ?? 0, totalBytes: size } : null,
      };
    });
  }

  /**
   * "Thử lại ngay": the item (or every waiting item) becomes due now; the answer says what then happened —
   * sent, refused, still without a line — from what the drainer did within a short wait, never assumed.
   */
  async retryNow(seq?: number): Promise<ActionReport & { rescheduled: number }> {
    let rescheduled = 0;
    let before: ItemSnapshot | undefined;
    let what = '';
    await this.store.write((raw) => {
      before = seq === undefined ? undefined : itemsBySeq(raw, [seq])[0];
      rescheduled = rescheduleNow(raw, seq);
      if (before) what = phraseOf(raw, before);
    });
    if (seq !== undefined) {
      if (!before) return { rescheduled, outcome: 'nothing', tone: 'info', message: `Mục #${seq} không còn trong hàng chờ (đã được gửi, xử lý hoặc xếp lại sau các tệp của hồ sơ); xem danh sách vừa tải lại.` };
      if (!rescheduled) return { rescheduled, ...itemReport(before, before.attempts, what, this.lineState(), false) };
    }
    const counts = await this.store.read(outboxCounts);
    if (!isConfigured(this.config, this.hasPassword)) {
      return { rescheduled, ...notConfiguredReport(this.switchedOff(), seq === undefined ? `${counts.waiting} mục` : what) };
    }
    const drainer = this.drainer;
    if (!drainer) return { rescheduled, outcome: 'sending', tone: 'info', message: 'Đã đưa lên đầu hàng chờ; đồng bộ sẽ gửi khi chạy.' };
    const stats = { ...drainer.stats };
    this.line(); // the drainer's state as it was before the fresh check the outcome rests on
    drainer.retryNow();
    if (seq !== undefined) return { rescheduled, ...(await itemOutcome(this, seq, before!.attempts, what, false)) };
    return { rescheduled, ...(await batchOutcome(this, drainer, rescheduled, counts.waiting, stats)) };
  }

  /** A person fixed the cause (data or configuration): the parked item goes again, rebuilt from current data. */
  async resend(seq: number, userId: string): Promise<ActionReport> {
    const found = await this.changeParked(seq, userId, 'sync.resend', (raw, at) => resendParked(raw, seq, at));
    if (!isConfigured(this.config, this.hasPassword)) return notConfiguredReport(this.switchedOff(), found.what);
    if (!this.drainer) return { outcome: 'sending', tone: 'info', message: `Đã đưa ${found.what} trở lại hàng chờ gửi.` };
    this.line(); // the drainer's state as it was before the fresh check the outcome rests on
    this.drainer.retryNow();
    return itemOutcome(this, seq, 0, found.what, true);
  }

  /** A person handled the item outside the app (or it no longer applies): later items of the dossier go on. */
  async resolve(seq: number, note: string, userId: string): Promise<ActionReport> {
    const found = await this.changeParked(seq, userId, 'sync.resolve', (raw, at) => resolveParked(raw, seq, note, at));
    this.drainer?.retryNow();
    return { outcome: 'done', tone: 'success', message: `Đã ghi nhận: ${found.what} đã được xử lý thủ công; các mục sau của hồ sơ tiếp tục được gửi.` };
  }

  /**
   * "Kiểm tra kết nối": the typed settings (the saved ones where a field is left out, the saved password when
   * none is typed) tried against the contract, step by step; nothing is saved. A check of exactly the saved
   * settings also informs the status line.
   */
  async testConnection(input: Partial<Pick<PortalConfig, 'baseUrl' | 'agencyCode' | 'username' | 'dstcode' | 'timeoutMs'>> & { password?: string }): Promise<ConnectionCheck> {
    const { password: typed, ...rest } = input;
    const config = portalConfigSchema.parse({ ...this.config, ...rest, baseUrl: (rest.baseUrl ?? this.config.baseUrl).trim().replace(/\/+$/, '') });
    const password = typed || (await this.deps.credentials.get())?.password || '';
    const client = new PortalClient(config, password);
    try {
      const check = await checkConnection(client, config, { read: true, noPassword: !password });
      const same = !typed && (['baseUrl', 'agencyCode', 'username', 'dstcode'] as const).every((k) => config[k] === this.config[k].replace(/\/+$/, ''));
      if (same) this.monitor?.accept(check);
      return check;
    } finally {
      client.close();
    }
  }

  /** Sync set up once and switched off since (rather than never configured). */
  private switchedOff(): boolean {
    return !this.config.enabled && !!this.config.baseUrl;
  }

  private async changeParked(seq: number, userId: string, action: string, change: (raw: Parameters<typeof parkedItem>[0], at: Date) => boolean): Promise<{ what: string }> {
    const at = this.deps.clock.now();
    let found: ParkedItem | null = null;
    let what = '';
    await this.store.write((raw) => {
      const row = parkedItem(raw, seq);
      const snapshot = itemsBySeq(raw, [seq])[0];
      if (!row || !change(raw, at)) return;
      found = row;
      if (snapshot) what = phraseOf(raw, snapshot);
      raw.prepare(`INSERT INTO audit_event (at, user_id, action, entity, entity_id, before_json, after_json) VALUES (?, ?, ?, 'outbox', ?, ?, NULL)`)
        .run(at.toISOString(), userId, action, String(seq), JSON.stringify({ seq: row.seq, kind: row.kind, dossier_id: row.dossierId, last_error: row.lastError }));
    });
    if (!found) throw new AppError('NOT_FOUND', 'Không tìm thấy mục cần xử lý này (có thể đã được gửi lại hoặc xử lý).');
    return { what: what || `mục #${seq}` };
  }
}

/** How often a held drainer's address is checked again when nobody looks at the status line. */
const HELD_RECHECK_MS = 15_000;
