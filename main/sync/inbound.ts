// Inbound: what changed on the provincial side reaches the counter — catalogue versions, holidays and swapped
// working days, dossiers submitted online for this office, status changes made elsewhere. Where both sides
// changed the same thing, a conflict is recorded for a person; nothing local is silently overwritten.
import crypto from 'node:crypto';
import type { Database as Raw } from 'better-sqlite3';
import { formatDateKeyVn } from '../../shared/text';
import { vnDateKey } from '../../shared/time/vn-time';
import { dossierSearchText } from '../services/dossier-service';
import type { PortalConfig } from './config';
import { fromPortalDossier, fromPortalHoliday, fromPortalProcedure } from './mapping';
import { enqueueDossierUpdate, openItemCount, type OutboxStore } from './outbox';
import type { PortalClient } from './portal/client';
import type { PortalDossierRecord } from './portal/types';
import type { SyncDeps } from './deps';

/** A date key as the clerk reads dates (dd/mm/yyyy); a value that is no date key is shown as it came. */
const dmy = (key: string) => (/^\d{4}-\d{2}-\d{2}$/.test(key) ? formatDateKeyVn(key) : key);

/** Author of changes that came from the provincial system (inactive: nobody can log in as it). */
export const SYSTEM_USER_ID = 'system-sync';

export interface InboundReport { newVersions: number; calendarChanges: number; newOnlineDossiers: number; statusesApplied: number; conflicts: number }

export class Inbound {
  private timer: NodeJS.Timeout | null = null;
  private running$: Promise<unknown> | null = null;
  lastRunAt: Date | null = null;
  lastError: string | null = null;

  constructor(private readonly deps: SyncDeps, private readonly store: OutboxStore, private readonly client: PortalClient,
    private readonly config: PortalConfig, private readonly log: (l: string) => void) {}

  start(intervalMs: number): void {
    const tick = () => {
      void this.runOnce().catch((e) => { this.lastError = (e as Error).message; this.log(`[sync] inbound: ${(e as Error).message}`); });
      this.timer = setTimeout(tick, intervalMs);
    };
    this.timer = setTimeout(tick, 1000);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running$?.catch(() => undefined);
  }

  /** One pass over every inbound feed (serialized: a second call waits for the first). */
  async runOnce(): Promise<InboundReport> {
    while (this.running$) await this.running$.catch(() => undefined);
    const run = (async () => {
      const report: InboundReport = { newVersions: 0, calendarChanges: 0, newOnlineDossiers: 0, statusesApplied: 0, conflicts: 0 };
      await this.catalogue(report);
      await this.holidays(report);
      await this.dossiers(report);
      this.lastRunAt = this.deps.clock.now();
      this.lastError = null;
      return report;
    })();
    this.running$ = run;
    try { return await run; } finally { this.running$ = null; }
  }

  private async catalogue(report: InboundReport): Promise<void> {
    const now = this.deps.clock.now();
    for (const summary of await this.client.listProcedures()) {
      const seenKey = `catalogue:${summary.MaTTHC}`;
      if ((await this.store.read((raw) => getState(raw, seenKey))) === summary.PhienBan) continue;
      const input = fromPortalProcedure(await this.client.getProcedure(summary.MaTTHC));
      await this.store.write((raw) => {
        const versions = raw.prepare(`SELECT * FROM procedure_version WHERE code = ? ORDER BY valid_from`).all(input.code) as Record<string, unknown>[];
        const latest = versions.at(-1);
        const same = latest && sameProcedure({
          name: String(latest.name), sector: String(latest.sector), durationUnit: String(latest.duration_unit), durationValue: Number(latest.duration_value),
          cutoff: (latest.cutoff as string | null) ?? null, components: JSON.parse(String(latest.components_json)), fees: JSON.parse(String(latest.fees_json)),
        }, input);
        if (same) { setState(raw, seenKey, summary.PhienBan); return; }
        if (latest && String(latest.valid_from) >= input.validFrom) {
          // createVersion semantics: a new version must start after the current one; a person decides.
          report.conflicts += recordConflict(raw, now, {
            kind: 'catalogue', entityId: `${input.code}@${summary.PhienBan}`, dossierId: null,
            local: { code: input.code, validFrom: latest.valid_from, name: latest.name }, portal: input,
            message: `Thủ tục ${input.code}: hệ thống tỉnh có phiên bản mới áp dụng từ ${dmy(input.validFrom)}, không sau phiên bản đang dùng (từ ${dmy(String(latest.valid_from))}). Quản trị viên kiểm tra và tạo phiên bản trong Danh mục.`,
          });
        } else {
          if (latest) raw.prepare(`UPDATE procedure_version SET valid_to = ? WHERE id = ?`).run(dayBefore(input.validFrom), latest.id);
          const id = crypto.randomUUID();
          // LayThuTuc carries no result papers: the new version keeps the local previous version's (or none: the default).
          raw.prepare(`INSERT INTO procedure_version (id, code, name, sector, duration_unit, duration_value, cutoff, valid_from, valid_to,
              components_json, fees_json, fee_note, source, created_at, created_by, results_json, sector_code) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, 'portal', ?, NULL, ?, ?)`)
            .run(id, input.code, input.name, input.sector, input.durationUnit, input.durationValue, input.cutoff, input.validFrom,
              JSON.stringify(input.components), JSON.stringify(input.fees), input.feeNote, now.toISOString(), (latest?.results_json as string | null | undefined) ?? null,
              // The province's sector code (MaLinhVuc); without one, the code the previous version had for the same sector.
              input.sectorCode ?? (latest && latest.sector === input.sector ? (latest.sector_code as string | null) : null));
          audit(raw, now, 'procedure.version.create', 'procedure_version', id, latest ?? null, { ...input, source: 'portal', phienBan: summary.PhienBan });
          report.newVersions++;
        }
        setState(raw, seenKey, summary.PhienBan);
      });
    }
    if (report.newVersions) this.deps.catalogue.invalidate();
  }

  private async holidays(report: InboundReport): Promise<void> {
    const now = this.deps.clock.now();
    const year = Number(vnDateKey(now).slice(0, 4));
    for (const y of [year, year + 1]) {
      const entries = (await this.client.listHolidays(y)).map(fromPortalHoliday).filter((e) => e !== null);
      await this.store.write((raw) => {
        for (const e of entries) {
          const existing = raw.prepare(`SELECT kind, name, source FROM calendar_override WHERE date = ?`).get(e.date) as { kind: string; name: string; source: string } | undefined;
          if (existing && existing.kind === e.kind) continue;
          if (existing && existing.source === 'admin') {
            report.conflicts += recordConflict(raw, now, {
              kind: 'calendar', entityId: e.date, dossierId: null, local: existing, portal: e,
              message: `Ngày ${dmy(e.date)}: lịch của cơ quan ghi "${existing.name}" (${existing.kind === 'off' ? 'nghỉ' : 'làm việc'}), hệ thống tỉnh ghi "${e.name}" (${e.kind === 'off' ? 'nghỉ' : 'làm việc'}).`,
            });
            continue;
          }
          raw.prepare(`INSERT INTO calendar_override (date, kind, name, source, created_by, created_at) VALUES (?, ?, ?, 'portal', NULL, ?)
            ON CONFLICT(date) DO UPDATE SET kind = excluded.kind, name = excluded.name, source = 'portal', created_at = excluded.created_at`)
            .run(e.date, e.kind, e.name, now.toISOString());
          audit(raw, now, 'calendar.override.set', 'calendar_override', e.date, existing ?? null, { ...e, source: 'portal' });
          report.calendarChanges++;
        }
      });
    }
    if (report.calendarChanges) this.deps.calendar.invalidate();
  }

  private async dossiers(report: InboundReport): Promise<void> {
    for (;;) {
      const cursor = Number((await this.store.read((raw) => getState(raw, 'dossierCursor'))) ?? 0);
      const page = await this.client.listChangedDossiers(cursor);
      await this.store.write((raw) => {
        for (const r of page.items) this.applyDossier(raw, r, report);
        setState(raw, 'dossierCursor', String(page.cursor));
      });
      if (page.items.length === 0 || page.cursor === cursor) return;
    }
  }

  private applyDossier(raw: Raw, r: PortalDossierRecord, report: InboundReport): void {
    if (r.DonViXuLy !== this.config.agencyCode) return;
    const now = this.deps.clock.now();
    // The portal's numbers are official ones: a dossier here may hold the same number as its provisional one.
    const local = raw.prepare(`SELECT d.id, d.status, s.portal_status FROM dossier d LEFT JOIN sync_dossier s ON s.dossier_id = d.id
      WHERE d.number = ? ORDER BY d.provisional LIMIT 1`)
      .get(r.MaHoSo) as { id: string; status: number; portal_status: number | null } | undefined;
    if (!local) {
      if (r.KenhThucHien === 2) report.newOnlineDossiers += this.insertOnline(raw, r, now);
      return;
    }
    const P = r.TrangThaiHoSo;
    const base = local.portal_status;
    if (P === base) return;
    const outgoing = openItemCount(raw, local.id);
    if (P === local.status) { setPortalStatus(raw, local.id, P, now); return; }
    if ((base === null || local.status === base) && outgoing === 0) {
      applyStatus(raw, local.id, local.status, P, now, 'Cập nhật từ hệ thống một cửa của tỉnh');
      report.statusesApplied++;
      return;
    }
    report.conflicts += recordConflict(raw, now, {
      kind: 'status', entityId: `${local.id}@${P}`, dossierId: local.id, local: { status: local.status }, portal: { status: P },
      message: `Hồ sơ ${r.MaHoSo}: trạng thái trên máy là ${local.status}, hệ thống tỉnh là ${P}; cả hai bên đều đã thay đổi.`,
    });
  }

  private insertOnline(raw: Raw, r: PortalDossierRecord, now: Date): number {
    const d = fromPortalDossier(r);
    const version = raw.prepare(`SELECT id, duration_unit, duration_value, cutoff FROM procedure_version WHERE code = ? AND valid_from <= ?
      AND (valid_to IS NULL OR valid_to >= ?) ORDER BY valid_from DESC LIMIT 1`).get(d.procedureCode, vnDateKey(now), vnDateKey(now)) as { id: string } | undefined;
    if (!version) {
      return recordConflict(raw, now, {
        kind: 'dossier', entityId: r.MaHoSo, dossierId: null, local: {}, portal: { MaHoSo: r.MaHoSo, MaTTHC: r.MaTTHC },
        message: `Hồ sơ trực tuyến ${r.MaHoSo}: thủ tục ${r.MaTTHC} không có trong danh mục của cơ quan; chưa đưa vào danh sách tiếp nhận.`,
      });
    }
    ensureSystemUser(raw, now);
    const id = crypto.randomUUID();
    raw.prepare(`INSERT INTO dossier (id, number, provisional, counter_code, procedure_version_id, procedure_code, procedure_name, duration_text,
        channel, applicant_name, applicant_id_number, applicant_birth_date, applicant_address, applicant_phone, applicant_email, received_at,
        effective_received_at, due_at, status, delivery_method, delivery_address, set_count, note, reason, search_text, received_by, operation_id,
        created_at, updated_at, row_version)
      VALUES (?, ?, 0, '', ?, ?, ?, '', ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, '', 1, ?, '', ?, ?, ?, ?, ?, 1)`)
      .run(id, d.number, version.id, d.procedureCode, d.procedureName, d.channel, d.applicantName, d.applicantIdNumber, d.applicantAddress,
        d.applicantPhone, d.applicantEmail, d.receivedAt, d.receivedAt, d.dueAt, d.status, d.deliveryMethod, d.note,
        dossierSearchText(d.number, d.applicantName, d.applicantIdNumber, d.applicantPhone, d.procedureCode), SYSTEM_USER_ID,
        `portal:${d.number}`, now.toISOString(), now.toISOString());
    const comp = raw.prepare(`INSERT INTO dossier_component (dossier_id, position, code, name, copy_type, quantity, missing) VALUES (?, ?, ?, ?, 'copy', 1, 0)`);
    d.components.forEach((c, i) => comp.run(id, i, c.code, c.name));
    raw.prepare(`INSERT INTO dossier_event (dossier_id, kind, from_status, to_status, at, user_id, note) VALUES (?, 'status', NULL, ?, ?, ?, ?)`)
      .run(id, d.status, d.receivedAt, SYSTEM_USER_ID, 'Nộp trực tuyến trên Cổng Dịch vụ công');
    raw.prepare(`INSERT INTO sync_dossier (dossier_id, portal_number, created_on_portal, portal_status, updated_at) VALUES (?, ?, 1, ?, ?)`)
      .run(id, d.number, d.status, now.toISOString());
    audit(raw, now, 'dossier.online.arrived', 'dossier', id, null, { number: d.number });
    return 1;
  }

  /** Conflicts a person has to decide, newest first. */
  static list(raw: Raw, state: 'open' | 'all', limit: number) {
    return (raw.prepare(`SELECT * FROM sync_conflict ${state === 'open' ? `WHERE state = 'open'` : ''} ORDER BY id DESC LIMIT ?`).all(limit) as {
      id: number; kind: string; entity_id: string; dossier_id: string | null; local_json: string; portal_json: string; message: string;
      state: string; detected_at: string; resolved_at: string | null; resolution: string | null;
    }[]).map((c) => ({
      id: c.id, kind: c.kind, entityId: c.entity_id, dossierId: c.dossier_id, message: c.message, state: c.state,
      local: JSON.parse(c.local_json) as unknown, portal: JSON.parse(c.portal_json) as unknown,
      detectedAt: c.detected_at, resolvedAt: c.resolved_at, resolution: c.resolution,
    }));
  }

  /** keep 'portal': take the provincial value; keep 'local': ours stands (and is pushed again for a dossier). */
  static resolve(raw: Raw, id: number, keep: 'local' | 'portal', userId: string, now: Date): string | null {
    const c = raw.prepare(`SELECT * FROM sync_conflict WHERE id = ? AND state = 'open'`).get(id) as
      { kind: string; entity_id: string; dossier_id: string | null; portal_json: string } | undefined;
    if (!c) return 'Không tìm thấy xung đột này (có thể đã được xử lý).';
    const portal = JSON.parse(c.portal_json) as Record<string, unknown>;
    if (c.kind === 'status' && c.dossier_id) {
      const local = raw.prepare(`SELECT status FROM dossier WHERE id = ?`).get(c.dossier_id) as { status: number } | undefined;
      if (keep === 'portal' && local) applyStatus(raw, c.dossier_id, local.status, Number(portal.status), now, 'Theo hệ thống tỉnh (xử lý xung đột)', userId);
      // Either way the provincial system ends up with the state we now hold: after any progress still waiting.
      enqueueDossierUpdate(raw, now, c.dossier_id);
    } else if (c.kind === 'calendar' && keep === 'portal') {
      raw.prepare(`UPDATE calendar_override SET kind = ?, name = ?, source = 'portal' WHERE date = ?`).run(portal.kind, portal.name, c.entity_id);
    } else if (c.kind !== 'calendar' && keep === 'portal') {
      return 'Xung đột này không tự áp dụng được; hãy tạo phiên bản thủ tục trong màn hình Danh mục rồi chọn "Giữ như trên máy".';
    }
    raw.prepare(`UPDATE sync_conflict SET state = 'resolved', resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?`).run(now.toISOString(), userId, keep, id);
    audit(raw, now, 'sync.conflict.resolve', 'sync_conflict', String(id), null, { keep });
    return null;
  }
}

function applyStatus(raw: Raw, dossierId: string, from: number, to: number, now: Date, note: string, userId = SYSTEM_USER_ID): void {
  ensureSystemUser(raw, now);
  raw.prepare(`UPDATE dossier SET status = ?, updated_at = ?, row_version = row_version + 1 WHERE id = ?`).run(to, now.toISOString(), dossierId);
  raw.prepare(`INSERT INTO dossier_event (dossier_id, kind, from_status, to_status, at, user_id, note) VALUES (?, 'status', ?, ?, ?, ?, ?)`)
    .run(dossierId, from, to, now.toISOString(), userId, note);
  setPortalStatus(raw, dossierId, to, now);
}

function setPortalStatus(raw: Raw, dossierId: string, status: number, now: Date): void {
  raw.prepare(`INSERT INTO sync_dossier (dossier_id, created_on_portal, portal_status, updated_at) VALUES (?, 1, ?, ?)
    ON CONFLICT(dossier_id) DO UPDATE SET portal_status = excluded.portal_status, updated_at = excluded.updated_at`).run(dossierId, status, now.toISOString());
}

function recordConflict(raw: Raw, now: Date, c: { kind: string; entityId: string; dossierId: string | null; local: unknown; portal: unknown; message: string }): number {
  const open = raw.prepare(`SELECT 1 FROM sync_conflict WHERE kind = ? AND entity_id = ? AND state = 'open'`).get(c.kind, c.entityId);
  if (open) return 0;
  raw.prepare(`INSERT INTO sync_conflict (kind, entity_id, dossier_id, local_json, portal_json, message, state, detected_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?)`)
    .run(c.kind, c.entityId, c.dossierId, JSON.stringify(c.local), JSON.stringify(c.portal), c.message, now.toISOString());
  return 1;
}

function ensureSystemUser(raw: Raw, now: Date): void {
  // Not a usable account: inactive, and '!' is no password hash verifyPassword accepts.
  raw.prepare(`INSERT OR IGNORE INTO app_user (id, username, full_name, role, password_hash, active, created_at)
    VALUES (?, 'he-thong-dong-bo', 'Hệ thống một cửa tỉnh (đồng bộ)', 'clerk', '!', 0, ?)`).run(SYSTEM_USER_ID, now.toISOString());
}

function audit(raw: Raw, now: Date, action: string, entity: string, entityId: string, before: unknown, after: unknown): void {
  raw.prepare(`INSERT INTO audit_event (at, user_id, action, entity, entity_id, before_json, after_json) VALUES (?, NULL, ?, ?, ?, ?, ?)`)
    .run(now.toISOString(), action, entity, entityId, before === null ? null : JSON.stringify(before), JSON.stringify(after));
}

const getState = (raw: Raw, key: string) => (raw.prepare(`SELECT value FROM sync_state WHERE key = ?`).get(key) as { value: string } | undefined)?.value ?? null;
const setState = (raw: Raw, key: string, value: string) =>
  raw.prepare(`INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(key, value);

type ProcedureContent = {
  name: string; sector: string; durationUnit: string; durationValue: number; cutoff: string | null;
  components: { code: string; name: string; quantity: number; required: boolean }[]; fees: { name: string; amount: number }[];
};
/** What a clerk would notice: copy-type wording and notes differ between catalogues without being a change. */
function sameProcedure(a: ProcedureContent, b: ProcedureContent): boolean {
  const key = (p: ProcedureContent) => JSON.stringify([p.name.normalize('NFC'), p.sector.normalize('NFC'), p.durationUnit, p.durationValue, p.cutoff ?? null,
    p.components.map((c) => [c.code, c.name.normalize('NFC'), c.quantity, !!c.required]), p.fees.map((f) => [f.name.normalize('NFC'), f.amount])]);
  return key(a) === key(b);
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
