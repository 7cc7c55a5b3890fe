import { useState, type FormEvent } from 'react';
import type { NoticeRow } from '../../../shared/contract/api-notify';
import { api, ApiError, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';

/**
 * A notice to pass on by hand: what to tell the applicant and where (phone, e-mail), then "Đã gửi thủ công"
 * with an optional note (how and when). Enter on the button (focused first) marks it; Esc leaves it listed.
 */
export function MarkSentDialog({ notice, onDone, onClose }: { notice: NoticeRow; onDone: (message: string) => void; onClose: () => void }) {
  const [note, setNote] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [noteError, setNoteError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const mark = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setFailure(null);
    try {
      await api.call('notify.markSent', { seq: notice.seq, note: note.trim() });
      onDone(`Đã ghi nhận: đã báo thủ công cho ${notice.applicantName ?? 'người nộp'} (hồ sơ ${notice.dossierNumber ?? ''}).`);
    } catch (err) {
      setFailure(errorMessage(err));
      if (err instanceof ApiError) setNoteError(err.fieldErrors().note);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Báo thủ công cho người nộp" onClose={onClose} testId="notice-mark-dialog">
      <dl className="facts">
        <dt>Hồ sơ</dt><dd className="mono">{notice.dossierNumber ?? '—'}</dd>
        <dt>Người nộp</dt><dd>{notice.applicantName ?? '—'}</dd>
        <dt>Liên hệ</dt><dd className="mono" data-testid="notice-mark-to">{notice.to || 'Không có số điện thoại hay e-mail'}</dd>
        <dt>Thông báo</dt><dd>{notice.kindLabel}</dd>
      </dl>
      <p className="notice-text" data-testid="notice-mark-text">{notice.text}</p>
      {notice.lastError && <Notice kind="warning">{notice.lastError}</Notice>}
      <form onSubmit={mark} noValidate>
        <Field label="Ghi chú (không bắt buộc): đã báo bằng cách nào, lúc nào" htmlFor="notice-mark-note" error={noteError}>
          <textarea id="notice-mark-note" rows={2} maxLength={500} value={note} onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && e.ctrlKey) void mark(); }} {...describedBy('notice-mark-note', noteError)} />
        </Field>
        {failure && <Notice kind="error">{failure}</Notice>}
        <div className="dialog-actions">
          <button type="submit" className="primary" data-autofocus disabled={busy} data-testid="notice-mark-sent">Đã gửi thủ công <kbd>Ctrl+Enter</kbd></button>
          <button type="button" onClick={onClose}>Để sau</button>
        </div>
      </form>
    </Dialog>
  );
}
