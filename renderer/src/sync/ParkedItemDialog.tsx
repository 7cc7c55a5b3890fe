import { useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import { CorrectionDialog } from '../correction/CorrectionDialog';
import { api, ApiError, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { formatInstant } from '../lib/format';
import { blockingLabel, type ActionReport, type SyncItem } from './format';

/**
 * A parked ("cần xử lý") item: the provincial system's reason in full, then either "Gửi lại" once the cause
 * was fixed (data or configuration) or "Đã xử lý" with a note when it was handled outside the app.
 */
export function ParkedItemDialog({ item, canAct, onDone, onClose }: {
  item: SyncItem; canAct: boolean; onDone: (report: ActionReport) => void; onClose: () => void;
}) {
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // The province refused the dossier's data: correct it here, then "Gửi lại" sends the corrected data.
  const [correcting, setCorrecting] = useState(false);
  const [corrected, setCorrected] = useState<string | null>(null);
  const resendRef = useRef<HTMLButtonElement>(null);

  // What happened is the core's answer (sent, refused again, kept on this PC), shown with its own tone.
  const run = async (fn: () => Promise<ActionReport>, pending: string) => {
    if (busy) return;
    setBusy(pending);
    setFailure(null);
    try {
      onDone(await fn());
    } catch (e) {
      setFailure(errorMessage(e));
      if (e instanceof ApiError) setNoteError(e.fieldErrors().note);
    } finally {
      setBusy(null);
    }
  };

  const resend = () => run(() => api.call('sync.resend', { seq: item.seq }), 'Đang gửi lại lên hệ thống tỉnh…');

  const resolve = (e?: FormEvent) => {
    e?.preventDefault();
    // Checked here too so the clerk is told before any call (the core checks the same rule).
    if (note.trim().length < 3) { setNoteError('Ghi rõ đã xử lý thế nào'); return; }
    setNoteError(undefined);
    void run(() => api.call('sync.resolve', { seq: item.seq, note: note.trim() }), 'Đang ghi nhận…');
  };

  return (
    <Dialog title="Mục cần xử lý" onClose={onClose} testId="parked-dialog">
      <dl className="facts sync-facts">
        <dt>Hồ sơ</dt><dd><span className="mono">{item.dossierNumber ?? '—'}</span>
          {/* Before "Gửi lại" in the tab order (Shift+Tab from it): the usual fix when the province refused the data. */}
          {canAct && item.dossierId && (
            <> <button type="button" className="link-button" onClick={() => setCorrecting(true)} data-testid="parked-correct">Sửa thông tin hồ sơ…</button></>
          )}</dd>
        <dt>Nội dung gửi</dt><dd>{item.kindLabel}{item.detail && <div className="sync-item-detail">{item.detail}</div>}</dd>
        <dt>Số lần thử</dt><dd>{item.attempts}</dd>
        <dt>Tạo lúc</dt><dd>{formatInstant(item.createdAt)}</dd>
      </dl>
      <Notice kind="error">{item.lastError ?? 'Hệ thống tỉnh không nhận mục này.'}</Notice>
      {item.blocking > 0 && <p data-testid="parked-blocking">{blockingLabel(item)}: các mục này chỉ được gửi sau khi mục này được gửi lại hoặc đánh dấu đã xử lý.</p>}
      {!canAct && <p className="muted">Cán bộ tiếp nhận hoặc quản trị viên xử lý mục này.</p>}
      {canAct && (
        <>
          <p>Nếu đã sửa nguyên nhân (dữ liệu hồ sơ hoặc cấu hình hệ thống tỉnh), chọn <strong>Gửi lại</strong>: mục được lập lại từ dữ liệu hiện tại.</p>
          {corrected && <Notice kind="success" testId="parked-corrected">{corrected} Chọn <strong>Gửi lại</strong> để gửi lên hệ thống tỉnh.</Notice>}
          <div className="dialog-actions">
            <button type="button" className="primary" ref={resendRef} data-autofocus aria-disabled={!!busy} onClick={() => void resend()} data-testid="parked-resend">Gửi lại</button>
          </div>
          <form onSubmit={resolve} noValidate className="sync-resolve">
            <Field label="Hoặc: đã xử lý ngoài ứng dụng — ghi rõ cách xử lý" htmlFor="parked-note" error={noteError}
              hint="Ví dụ: đã nhập trực tiếp trên hệ thống tỉnh. Các mục sau của hồ sơ sẽ tiếp tục được gửi.">
              <textarea id="parked-note" rows={2} value={note} maxLength={500} onChange={(e) => setNote(e.target.value)}
                onKeyDown={(e) => { if (e.key === 'Enter' && e.ctrlKey) resolve(); }} {...describedBy('parked-note', noteError)} />
            </Field>
            <div className="dialog-actions">
              <button type="submit" aria-disabled={!!busy} data-testid="parked-resolve">Đã xử lý <kbd>Ctrl+Enter</kbd></button>
              <button type="button" onClick={onClose}>Đóng <kbd>Esc</kbd></button>
            </div>
          </form>
        </>
      )}
      {busy && <Notice kind="info" testId="parked-busy">{busy}</Notice>}
      {failure && <Notice kind="error">{failure}</Notice>}
      {correcting && item.dossierId && (
        <CorrectionDialog dossierId={item.dossierId} onClose={() => setCorrecting(false)} onSaved={(r) => {
          flushSync(() => { setCorrecting(false); setCorrected(r.message); });
          resendRef.current?.focus();
        }} />
      )}
    </Dialog>
  );
}
