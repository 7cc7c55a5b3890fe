import { statusName } from '../../../shared/contract';
import { formatInstant } from '../lib/format';
import type { SyncConflict } from './format';

/** A side of a conflict in words: status codes by their national names, other fields as "tên: giá trị". */
function describeSide(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object') return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => (k === 'status' && typeof v === 'number' ? statusName(v) : `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`))
    .join('; ');
}

/** Both sides changed the same thing: a person chooses; nothing is overwritten silently. */
export function ConflictsList({ conflicts, canAct, busy, onResolve }: {
  conflicts: SyncConflict[]; canAct: boolean; busy: boolean; onResolve: (c: SyncConflict, keep: 'local' | 'portal') => void;
}) {
  if (!conflicts.length) return null;
  return (
    <section className="sync-conflicts" aria-labelledby="sync-conflicts-title">
      <h2 id="sync-conflicts-title">Xung đột cần chọn ({conflicts.length})</h2>
      <table className="table" data-testid="sync-conflicts-table">
        <thead><tr><th>Nội dung</th><th>Bản tại quầy</th><th>Bản của tỉnh</th><th>Phát hiện lúc</th><th>Chọn</th></tr></thead>
        <tbody>
          {conflicts.map((c) => (
            <tr key={c.id}>
              <td>{c.message}</td>
              <td>{describeSide(c.local)}</td>
              <td>{describeSide(c.portal)}</td>
              <td>{formatInstant(c.detectedAt)}</td>
              <td>
                {canAct ? (
                  <div className="row-actions">
                    <button type="button" disabled={busy} onClick={() => onResolve(c, 'local')}>Giữ bản tại quầy</button>
                    <button type="button" disabled={busy} onClick={() => onResolve(c, 'portal')}>Lấy bản của tỉnh</button>
                  </div>
                ) : <span className="muted">Chờ cán bộ xử lý</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
