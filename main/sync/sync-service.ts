import { AppError } from '../base/errors';
import { DEFAULT_PORTAL_CONFIG, isConfigured, portalConfigSchema, type PortalConfig } from './config';
import type { SyncDeps } from './deps';
import { DEFAULT_DRAINER_OPTIONS, Drainer } from './drainer';
import { Inbound } from './inbound';
import { KIND_LABEL, STATE_LABEL } from './messages';
import {
  lastDeliveredAt, listItems, outboxCounts, OutboxStore, parkedItem, rescheduleNow, resendParked, resolveParked, type ParkedItem,
} from './outbox';
import { PortalClient } from './portal/client';

export type { SyncDeps, SyncOptions } from './deps';

const CONFIG_KEY = 'sync.portal';

/** The sync capability as the core sees it: configuration, the drainer, inbound, and what the UI shows. */
export class SyncService {
  readonly store: OutboxStore;
  private config: PortalConfig = DEFAULT_PORTAL_CONFIG;
  private hasPassword = false;
  private client: PortalClient | null = null;
  drainer: Drainer | null = null;
  inbound: Inbound | null = null;
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
    await this.drainer.start();
    if (this.deps.options?.inbound !== false && this.config.inboundIntervalSec > 0) {
      this.inbound = new Inbound(this.deps, this.store, this.client, this.config, this.log);
      this.inbound.start(this.config.inboundIntervalSec * 1000);
    }
  }

  async stop(): Promise<void> {
    await this.inbound?.stop();
    await this.drainer?.stop();
    this.inbound = null;
    this.drainer = null;
    this.client = null;
  }

  get portalClient(): PortalClient | null { return this.client; }

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
    return {
      portalConfigured: configured,
      connectivity: !configured ? 'not-configured' as const : this.drainer?.connectivity ?? 'offline' as const,
      waiting: counts.waiting, blocked: counts.blocked, parked: counts.parked, openConflicts: conflicts,
      lastSuccessAt: last, lastProblem: this.drainer?.lastProblem ?? null,
    };
  }

  async items(filter: 'open' | 'parked' | 'all', limit: number) {
    const rows = await this.store.read((raw) => listItems(raw, filter, limit));
    return rows.map((r) => {
      const live = this.drainer?.progress.get(r.seq);
      const size = live?.size ?? r.fileSize;
      const sent = live?.sent ?? r.fileOffset;
      const blockedBy = r.blockedBy && r.state === 'pending' ? { ...r.blockedBy, kindLabel: KIND_LABEL[r.blockedBy.kind] ?? r.blockedBy.kind } : null;
      return {
        seq: r.seq, kind: r.kind, kindLabel: KIND_LABEL[r.kind] ?? r.kind, dossierId: r.dossierId, dossierNumber: r.dossierNumber,
        state: r.state,
        stateLabel: blockedBy ? 'Chờ mục trước của hồ sơ được xử lý' : STATE_LABEL[r.state] ?? r.state,
        blocked: blockedBy !== null, blockedBy, blocking: r.blocking,
        attempts: r.attempts, nextAttemptAt: r.nextAttemptAt, lastError: r.lastError,
        createdAt: r.createdAt,
        upload: size !== null && size !== undefined && r.kind === 'file.upload' ? { sentBytes: sent ?? 0, totalBytes: size } : null,
      };
    });
  }

  async retryNow(seq?: number): Promise<number> {
    let changed = 0;
    await this.store.write((raw) => { changed = rescheduleNow(raw, seq); });
    this.drainer?.retryNow();
    return changed;
  }

  /** A person fixed the cause (data or configuration): the parked item goes again, rebuilt from current data. */
  async resend(seq: number, userId: string): Promise<void> {
    await this.changeParked(seq, userId, 'sync.resend', (raw, at) => resendParked(raw, seq, at));
    this.drainer?.retryNow();
  }

  /** A person handled the item outside the app (or it no longer applies): later items of the dossier go on. */
  async resolve(seq: number, note: string, userId: string): Promise<void> {
    await this.changeParked(seq, userId, 'sync.resolve', (raw, at) => resolveParked(raw, seq, note, at));
    this.drainer?.retryNow();
  }

  private async changeParked(seq: number, userId: string, action: string, change: (raw: Parameters<typeof parkedItem>[0], at: Date) => boolean): Promise<void> {
    const at = this.deps.clock.now();
    let found: ParkedItem | null = null;
    await this.store.write((raw) => {
      const row = parkedItem(raw, seq);
      if (!row || !change(raw, at)) return;
      found = row;
      raw.prepare(`INSERT INTO audit_event (at, user_id, action, entity, entity_id, before_json, after_json) VALUES (?, ?, ?, 'outbox', ?, ?, NULL)`)
        .run(at.toISOString(), userId, action, String(seq), JSON.stringify({ seq: row.seq, kind: row.kind, dossier_id: row.dossierId, last_error: row.lastError }));
    });
    if (!found) throw new AppError('NOT_FOUND', 'Không tìm thấy mục cần xử lý này (có thể đã được gửi lại hoặc xử lý).');
  }
}
