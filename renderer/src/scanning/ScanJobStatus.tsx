// The dossier's scan job as the core knows it, for screens that show the dossier (its detail): a scan running
// — started from any panel, open or closed — and pages scanned but not saved, which do not count as digitized.
// Asked again while a scan runs, and whenever `refresh` changes (the panel was closed).
import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import { api } from '../api/client';
import { Notice } from '../components/Notice';

type Status = MethodOutput<'scanning.jobStatus'>;

export function ScanJobStatus({ dossierId, refresh = 0 }: { dossierId: string; refresh?: number }) {
  const [status, setStatus] = useState<Status>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = () => api.call('scanning.jobStatus', { dossierId }).then((s) => {
      if (stopped) return;
      setStatus(s);
      if (s?.scanning) timer = setTimeout(ask, 1000);
    }, () => undefined);
    void ask();
    return () => { stopped = true; clearTimeout(timer); };
  }, [dossierId, refresh]);
  if (!status) return null;
  if (status.scanning) {
    return (
      <Notice kind="info" testId="scan-job-status">
        Đang quét giấy tờ của hồ sơ này{status.deviceLabel ? ` trên máy quét "${status.deviceLabel}"` : ''}: đã nhận {status.pagesDone} trang.
        Bấm <strong>Số hóa…</strong> để xem hoặc dừng quét.
      </Notice>
    );
  }
  const parts = [
    status.unsorted > 0 ? `${status.unsorted} trang chưa phân loại` : '',
    status.unsaved.length > 0 ? `thay đổi chưa lưu ở ${status.unsaved.map((c) => `"${c.name}"`).join(', ')}` : '',
  ].filter(Boolean);
  return (
    <Notice kind="warning" testId="scan-job-status">
      Bản số hóa chưa lưu: {parts.join('; ')}. Các trang vẫn được giữ trên máy này nhưng chưa tính là đã số hóa —
      bấm <strong>Số hóa…</strong> rồi <kbd>Ctrl+S</kbd> để lưu.
    </Notice>
  );
}
