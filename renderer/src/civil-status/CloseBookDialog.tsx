import { useState } from 'react';
import type { RegisterBook } from '../../../shared/contract/api-civil-status';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';

/**
 * Closing a book before 31 December (full, damaged): asked first, because it cannot be undone — "Không khóa"
 * has focus (Enter keeps the book open); the next registration opens the next Quyển số of the year.
 */
export function CloseBookDialog({ book, onClose, onDone }: { book: RegisterBook; onClose: () => void; onDone: (b: RegisterBook) => void }) {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const go = async () => {
    if (busy) return;
    setBusy(true);
    try { onDone(await api.call('civilStatus.closeBook', { bookId: book.id })); } catch (e) { setFailure(errorMessage(e)); } finally { setBusy(false); }
  };
  return (
    <Dialog title="Khóa sổ hộ tịch?" onClose={onClose} testId="cs-close-book-dialog">
      <p>Khóa <strong>{book.name} quyển số {book.label}</strong> ({book.entryCount} mục). Sau khi khóa, không ghi thêm mục nào vào quyển này;
        việc đăng ký tiếp theo mở quyển số mới của năm {book.year}. Không mở lại được.</p>
      {failure && <Notice kind="error" testId="cs-close-book-error">{failure}</Notice>}
      <div className="dialog-actions">
        <button type="button" data-autofocus="" onClick={onClose}>Không khóa <kbd>Esc</kbd></button>
        <button type="button" className="quiet-danger" disabled={busy} onClick={() => void go()} data-testid="cs-close-book-confirm">{busy ? 'Đang khóa…' : 'Khóa sổ'}</button>
      </div>
    </Dialog>
  );
}
