import { useState } from 'react';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { COPY_TYPE_LABEL } from '../lib/format';
import type { ComponentLine } from './draft';

interface CompletionProps {
  lines: ComponentLine[];
  busy: boolean;
  error: string | null;
  onConfirm: (missing: ComponentLine[], reason: string) => void;
  onClose: () => void;
}

/**
 * Form 02: everything missing is listed at once (asking twice is a recognised bad practice), so the
 * required lines not handed in start ticked.
 */
export function CompletionDialog({ lines, busy, error, onConfirm, onClose }: CompletionProps) {
  const [picked, setPicked] = useState<Set<string>>(() => new Set(lines.filter((l) => l.required && !l.handedIn).map((l) => l.key)));
  const [reason, setReason] = useState('Hồ sơ chưa đầy đủ thành phần theo quy định.');
  const [check, setCheck] = useState<string | null>(null);

  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault();
    const missing = lines.filter((l) => picked.has(l.key));
    if (missing.length === 0) return setCheck('Chọn ít nhất một giấy tờ cần bổ sung.');
    if (!reason.trim()) return setCheck('Nhập lý do.');
    onConfirm(missing, reason);
  };
  const toggle = (key: string) => setPicked((s) => {
    const n = new Set(s);
    if (n.has(key)) n.delete(key); else n.add(key);
    return n;
  });

  return (
    <Dialog title="Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)" onClose={onClose} testId="completion-dialog">
      <form onSubmit={submit}>
        <p>Chọn các giấy tờ người nộp cần bổ sung:</p>
        <ul className="check-list">
          {lines.map((l, i) => (
            <li key={l.key}>
              <label>
                <input type="checkbox" checked={picked.has(l.key)} onChange={() => toggle(l.key)} data-autofocus={i === 0 ? '' : undefined} />
                {l.name || '(giấy tờ thêm)'} <span className="muted">– {COPY_TYPE_LABEL[l.copyType]}, {l.quantity} bản</span>
              </label>
            </li>
          ))}
        </ul>
        <label htmlFor="completion-reason">Lý do</label>
        <textarea id="completion-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && e.ctrlKey) submit(e); }} />
        {(check || error) && <Notice kind="error">{check ?? error}</Notice>}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Đang lưu…' : 'Lưu & lập phiếu'} <kbd>Ctrl+Enter</kbd></button>
          <button type="button" onClick={onClose}>Hủy <kbd>Esc</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}

interface RefusalProps {
  busy: boolean;
  error: string | null;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** Form 03: the refusal must state a concrete reason. */
export function RefusalDialog({ busy, error, onConfirm, onClose }: RefusalProps) {
  const [reason, setReason] = useState('');
  const [check, setCheck] = useState<string | null>(null);
  const submit = (e: { preventDefault(): void }) => {
    e.preventDefault();
    if (reason.trim().length < 5) return setCheck('Nhập lý do từ chối cụ thể.');
    onConfirm(reason);
  };
  return (
    <Dialog title="Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03)" onClose={onClose} testId="refusal-dialog">
      <form onSubmit={submit}>
        <label htmlFor="refusal-reason">Lý do từ chối</label>
        <textarea id="refusal-reason" rows={4} value={reason} data-autofocus="" onChange={(e) => setReason(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && e.ctrlKey) submit(e); }}
          placeholder="Ví dụ: Thủ tục không thuộc thẩm quyền giải quyết của UBND cấp xã." />
        {(check || error) && <Notice kind="error">{check ?? error}</Notice>}
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Đang lưu…' : 'Lưu & lập phiếu'} <kbd>Ctrl+Enter</kbd></button>
          <button type="button" onClick={onClose}>Hủy <kbd>Esc</kbd></button>
        </div>
      </form>
    </Dialog>
  );
}
