// What the clerk reads about sync, in plain Vietnamese: connection, "thử lại sau 2 phút", last sync time.
import type { MethodOutput } from '../../../shared/contract';
import { toVnParts, vnDateKey } from '../../../shared/time/vn-time';
import { formatInstant } from '../lib/format';

export type SyncStatus = MethodOutput<'sync.status'>;
export type SyncItem = MethodOutput<'sync.items'>[number];
export type SyncConflict = MethodOutput<'sync.conflicts'>[number];
export type Connectivity = SyncStatus['connectivity'];

export type ActionReport = Pick<MethodOutput<'sync.resend'>, 'outcome' | 'tone' | 'message'>;

/** Where the work is while it cannot go: said every time the line is not there, so nobody fears it is lost. */
const KEPT = 'hồ sơ vẫn được lưu trên máy này';

/** Whether the connection line carries the count of waiting items (it does whenever they cannot go now). */
export const lineCarriesCount = (s: Pick<SyncStatus, 'connectivity' | 'waiting'>) =>
  s.waiting > 0 && s.connectivity !== 'online' && s.connectivity !== 'checking';

/**
 * The connection in one line, as the status bar and the sync screen say it. "Đã kết nối" only on a real answer
 * of the provincial system (the core's 'online'); while it cannot send, what happens to the work and how much
 * waits. `withCount: false` leaves the count out (the status bar renders it itself, as its own element).
 */
export function connectivityLine(s: Pick<SyncStatus, 'connectivity' | 'connectionProblem' | 'waiting'>, withCount = true): string {
  const held = withCount && lineCarriesCount(s) ? ` (${s.waiting} mục chờ gửi)` : '';
  switch (s.connectivity) {
    case 'online': return 'Đã kết nối với hệ thống tỉnh';
    case 'checking': return 'Đang kiểm tra kết nối với hệ thống tỉnh…';
    case 'offline': return `Mất kết nối với hệ thống tỉnh — ${KEPT} và sẽ tự gửi khi có mạng${held}`;
    case 'paused': return `Hệ thống tỉnh đang lỗi, tạm dừng gửi — ${KEPT} và sẽ tự gửi khi hệ thống tỉnh hoạt động lại${held}`;
    case 'misconfigured': return `Không gửi được: ${s.connectionProblem ?? 'cấu hình kết nối chưa đúng'} — ${KEPT}${held}`;
    case 'not-configured': return `Đồng bộ: chưa cấu hình — ${KEPT}${held}`;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "Đồng bộ lần cuối 14:05" today, with the date on other days. */
export function lastSyncLabel(iso: string | null, now = new Date()): string {
  if (!iso) return 'Chưa đồng bộ lần nào';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'Chưa đồng bộ lần nào';
  if (vnDateKey(at) !== vnDateKey(now)) return `Đồng bộ lần cuối ${formatInstant(iso)}`;
  const p = toVnParts(at);
  return `Đồng bộ lần cuối ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "30 giây", "2 phút", "1 giờ 5 phút", rounded up so "sau 0 giây" never appears. */
export function durationLabel(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} giây`;
  const m = Math.ceil(s / 60);
  if (m < 60) return `${m} phút`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} giờ ${m % 60} phút` : `${h} giờ`;
  return `${Math.round(h / 24)} ngày`;
}

/** When the item goes next, as the clerk would say it. */
export function nextAttemptLabel(item: SyncItem, connectivity: Connectivity | undefined, now: number): string {
  if (item.state === 'in_flight') return 'Đang gửi';
  if (item.state === 'needs_attention') return 'Chờ người xử lý';
  if (item.state !== 'pending') return '';
  if (item.blocked) return 'Khi mục chặn nó được xử lý';
  if (connectivity === 'not-configured') return 'Khi cấu hình hệ thống tỉnh';
  if (connectivity === 'misconfigured') return 'Khi cấu hình kết nối được sửa';
  // While the line is down the drainer probes instead of retrying each item; all go once it answers.
  if (connectivity === 'offline') return 'Khi có kết nối trở lại';
  const due = item.nextAttemptAt ? Date.parse(item.nextAttemptAt) : NaN;
  if (Number.isNaN(due) || due <= now) return 'Đến lượt gửi';
  return `thử lại sau ${durationLabel(due - now)}`;
}

/** What a blocked item waits behind, as the row says it: "Bị chặn bởi: Tạo hồ sơ (mục #12, cần xử lý)". */
export function blockedByLabel(item: Pick<SyncItem, 'blockedBy' | 'state'>): string | null {
  if (!item.blockedBy || item.state !== 'pending') return null;
  return `Bị chặn bởi: ${item.blockedBy.kindLabel} (mục #${item.blockedBy.seq}, cần xử lý)`;
}

/** For a parked item: "Đang chặn 3 mục sau của hồ sơ" (null when nothing waits behind it). */
export function blockingLabel(item: Pick<SyncItem, 'blocking' | 'state'>): string | null {
  if (item.state !== 'needs_attention' || item.blocking <= 0) return null;
  return `Đang chặn ${item.blocking} mục sau của hồ sơ`;
}

/** The status line's count of items held behind parked ones, or null when there are none. */
export function blockedCountLabel(blocked: number): string | null {
  return blocked > 0 ? `${blocked} mục bị chặn chờ xử lý` : null;
}

export function uploadPercent(upload: SyncItem['upload']): number | null {
  if (!upload || upload.totalBytes <= 0) return null;
  return Math.min(100, Math.floor((upload.sentBytes / upload.totalBytes) * 100));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1).replace('.', ',')} MB`;
}

const KIND_RANK: Record<string, number> = { 'file.upload': 0, 'dossier.create': 1 };

/**
 * Waiting items in the order they go: dossier by dossier (oldest first), and within one dossier files,
 * then the dossier, then its updates — the drainer's order, so a blocked item sits under what blocks it.
 */
export function sendOrder(items: SyncItem[]): SyncItem[] {
  const first = new Map<string, number>();
  const group = (i: SyncItem) => i.dossierId ?? `#${i.seq}`;
  for (const i of items) first.set(group(i), Math.min(first.get(group(i)) ?? Infinity, i.seq));
  const rank = (i: SyncItem) => KIND_RANK[i.kind] ?? 2;
  return [...items].sort((a, b) => first.get(group(a))! - first.get(group(b))! || rank(a) - rank(b) || a.seq - b.seq);
}
