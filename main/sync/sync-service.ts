import type { Clock } from '../base/context';
import { AppError } from '../base/errors';
import type { Database } from '../persistence/database';
import type { CalendarService } from '../services/calendar-service';
import type { CatalogueService } from '../services/catalogue-service';
import type { SettingsService } from '../services/settings-service';
import {
  DEFAULT_PORTAL_CONFIG, isConfigured, portalConfigSchema, type CredentialStore, type PortalConfig,
} from './config';
import { DEFAULT_DRAINER_OPTIONS, Drainer, type DrainerOptions } from './drainer';
import { Inbound } from './inbound';
import { KIND_LABEL, STATE_LABEL } from './messages';
import { OutboxStore } from './outbox';
import { PortalClient } from './portal/client';

export interface SyncOptions {
  drainer?: Partial<DrainerOptions>;
  /** Start the drainer and inbound poller with the core (tests may drive them by hand). */
  autoStart?: boolean;
  inbound?: boolean;
}

export interface SyncDeps {
  db: Database; clock: Clock; settings: SettingsService; catalogue: CatalogueService; calendar: CalendarService;
  filesRoot: string; credentials: CredentialStore; options?: SyncOptions; log?: (line: string) => void;
}

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
    const counts = await this.store.read((raw) => raw.prepare(`SELECT
        sum(state IN ('pending','in_flight')) AS waiting, sum(state = 'needs_attention') AS parked,
        (SELECT count(*) FROM sync_conflict WHERE state = 'open') AS conflicts
      FROM outbox WHERE state IN ('pending','in_flight','needs_attention')`).get() as { waiting: number | null; parked: number | null; conflicts: number });
    const last = this.drainer?.lastSuccessAt?.toISOString() ?? (await this.store.read((raw) =>
      (raw.prepare(`SELECT max(done_at) AS at FROM outbox WHERE state = 'done'`).get() as { at: string | null }).at));
    const configured = isConfigured(this.config, this.hasPassword);
    return {
      portalConfigured: configured,
      connectivity: !configured ? 'not-configured' as const : this.drainer?.connectivity ?? 'offline' as const,
      waiting: counts.waiting ?? 0, parked: counts.parked ?? 0, openConflicts: counts.conflicts,
      lastSuccessAt: last, lastProblem: this.drainer?.lastProblem ?? null,
    };
  }

  async items(filter: 'open' | 'parked' | 'all', limit: number) {
    const where = filter === 'parked' ? `state = 'needs_attention'`
      : filter === 'open' ? `state IN ('pending','in_flight','needs_attention')` : '1';
    const rows = await this.store.read((raw) => raw.prepare(`SELECT o.seq, o.kind, o.dossier_id, o.state, o.attempts, o.next_attempt_at,
        o.last_error, o.error_kind, o.created_at, d.number,
        f.size AS file_size, f.upload_offset AS file_offset,
        (SELECT count(*) FROM outbox p WHERE p.dossier_id = o.dossier_id AND p.state = 'needs_attention'
           AND (p.phase < o.phase OR (p.phase = o.phase AND p.seq < o.seq))) AS blocked_by
      FROM outbox o LEFT JOIN dossier d ON d.id = o.dossier_id
      LEFT JOIN sync_file f ON o.kind = 'file.upload' AND f.file_key = json_extract(o.payload_json, '$.fileKey')
      WHERE ${where} ORDER BY o.seq DESC LIMIT ?`).all(limit) as {
        seq: number; kind: string; dossier_id: string | null; state: string; attempts: number; next_attempt_at: string | null;
        last_error: string | null; error_kind: string | null; created_at: string; number: string | null; file_size: number | null;
        file_offset: number | null; blocked_by: number;
      }[]);
    return rows.map((r) => {
      const live = this.drainer?.progress.get(r.seq);
      const size = live?.size ?? r.file_size;
      const sent = live?.sent ?? r.file_offset;
      return {
        seq: r.seq, kind: r.kind, kindLabel: KIND_LABEL[r.kind] ?? r.kind, dossierId: r.dossier_id, dossierNumber: r.number,
        state: r.state as 'pending', stateLabel: r.blocked_by > 0 && r.state === 'pending' ? 'Chờ mục trước của hồ sơ được xử lý' : STATE_LABEL[r.state] ?? r.state,
        blocked: r.blocked_by > 0, attempts: r.attempts, nextAttemptAt: r.next_attempt_at, lastError: r.last_error,
        createdAt: r.created_at,
        upload: size !== null && size !== undefined && r.kind === 'file.upload' ? { sentBytes: sent ?? 0, totalBytes: size } : null,
      };
    });
  }

  async retryNow(seq?: number): Promise<number> {
    let changed = 0;
    await this.store.write((raw) => {
      changed = seq === undefined
        ? raw.prepare(`UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending'`).run().changes
        : raw.prepare(`UPDATE outbox SET next_attempt_at = NULL WHERE state = 'pending' AND seq = ?`).run(seq).changes;
    });
    this.drainer?.retryNow();
    return changed;
  }

  /** A person fixed the cause (data or configuration): the parked item goes again, rebuilt from current data. */
  async resend(seq: number, userId: string): Promise<void> {
    await this.changeParked(seq, userId, 'sync.resend', `state = 'pending', attempts = 0, next_attempt_at = NULL, error_kind = NULL`);
    this.drainer?.retryNow();
  }

  /** A person handled the item outside the app (or it no longer applies): later items of the dossier go on. */
  async resolve(seq: number, note: string, userId: string): Promise<void> {
    await this.changeParked(seq, userId, 'sync.resolve', `state = 'resolved', next_attempt_at = NULL, last_error = ${quote(`Đã xử lý thủ công: ${note}`)}`);
    this.drainer?.retryNow();
  }

  private async changeParked(seq: number, userId: string, action: string, set: string): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    let found = false;
    await this.store.write((raw) => {
      const row = raw.prepare(`SELECT seq, kind, dossier_id, last_error FROM outbox WHERE seq = ? AND state = 'needs_attention'`).get(seq) as
        { seq: number; kind: string; dossier_id: string | null; last_error: string | null } | undefined;
      if (!row) return;
      found = true;
      raw.prepare(`UPDATE outbox SET ${set}, updated_at = ? WHERE seq = ?`).run(now, seq);
      raw.prepare(`INSERT INTO audit_event (at, user_id, action, entity, entity_id, before_json, after_json) VALUES (?, ?, ?, 'outbox', ?, ?, NULL)`)
        .run(now, userId, action, String(seq), JSON.stringify(row));
    });
    if (!found) throw new AppError('NOT_FOUND', 'Không tìm thấy mục cần xử lý này (có thể đã được gửi lại hoặc xử lý).');
  }
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
