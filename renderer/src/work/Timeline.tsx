import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { statusName } from '../../../shared/contract/dossier-status';
import { api, errorMessage } from '../api/client';
import { formatInstant } from '../lib/format';

type Entry = MethodOutput<'workflow.timeline'>['entries'][number];

const KIND_LABEL: Record<Entry['kind'], string> = {
  status: 'Trạng thái', handover: 'Chuyển giao', confirm: 'Xác nhận', 'due-change': 'Hạn trả', document: 'Phiếu',
  print: 'In', return: 'Trả kết quả', audit: 'Nhật ký',
};

/** Every event of the dossier, who and when (the core's timeline: status events, audit, hand-overs, prints). */
export function Timeline({ dossierId, refresh }: { dossierId: string; refresh: number }) {
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.call('workflow.timeline', { dossierId }).then(
      (r) => { if (live) { setEntries(r.entries); setFailure(null); } },
      (e) => { if (live) setFailure(errorMessage(e)); },
    );
    return () => { live = false; };
  }, [dossierId, refresh]);
  return (
    <>
      <h3>Diễn biến hồ sơ</h3>
      {failure && <p className="text-error">{failure}</p>}
      {!entries && !failure && <p className="muted">Đang tải…</p>}
      {entries && (
        <table className="table compact timeline" data-testid="workflow-timeline">
          <thead><tr><th>Lúc</th><th>Việc</th><th>Nội dung</th><th>Người làm</th></tr></thead>
          <tbody>
            {entries.map((e, i) => (
              <tr key={i} data-kind={e.kind}>
                <td className="nowrap">{formatInstant(e.at)}</td>
                <td>{KIND_LABEL[e.kind]}</td>
                <td>{e.title}
                  {e.fromStatus !== null && e.toStatus !== null && e.fromStatus !== e.toStatus && (
                    <span className="muted"> ({statusName(e.fromStatus)} → {statusName(e.toStatus)})</span>
                  )}
                  {e.detail && <div className="muted">{e.detail}</div>}</td>
                <td>{e.byName}</td>
              </tr>
            ))}
            {entries.length === 0 && <tr><td colSpan={4} className="muted">Chưa có sự kiện nào</td></tr>}
          </tbody>
        </table>
      )}
    </>
  );
}
