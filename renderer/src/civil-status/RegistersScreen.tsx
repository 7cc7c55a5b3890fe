import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { EVENT_TYPE_NAMES } from '../../../shared/civil-status/event-schemas';
import { EVENT_TYPES, type EventType } from '../../../shared/civil-status/types';
import type { CivilStatusEntry, RegisterBook } from '../../../shared/contract/api-civil-status';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { ShortcutLegend } from '../components/ShortcutLegend';
import { useCan } from '../lib/access';
import { focusWhenReady } from '../lib/focus';
import { formatDateKey, formatInstant, vnDateKey } from '../lib/format';
import { useShortcuts } from '../lib/hooks';
import { IssuedCopiesDialog } from '../certificates/IssuedCopiesDialog';
import { PdfDataDialog } from './PdfDataDialog';
import { CancelEntryDialog } from './CancelEntryDialog';
import { CloseBookDialog } from './CloseBookDialog';
import { bookLine, eventDay } from './labels';
import './civil-status.css';

export const BOOK_LIST_ID = 'cs-book-list';

/** Where focus goes on opening the screen: the chosen book once the list is there; the year when there is none. */
export function registersFocus(): HTMLElement | null {
  const list = document.getElementById(BOOK_LIST_ID);
  if (!list || list.getAttribute('data-loaded') !== 'true') return null;
  return list.querySelector<HTMLElement>('[aria-current="true"]') ?? document.querySelector<HTMLElement>('[data-testid="cs-year"]');
}

type Open = { kind: 'cancel'; entry: CivilStatusEntry } | { kind: 'close'; book: RegisterBook } | { kind: 'pdf'; base64: string; fileName: string; pages: number } | { kind: 'issued' } | null;

/**
 * "Sổ hộ tịch": the office's books per event type and year, and the entries of the chosen one — Số, name, day,
 * state — with cancelling an entry (it stays, marked, with its reason), the book printed as a PDF in the
 * preview, exported to Excel, and closed. ↑/↓ in the lists, Enter from a book into its entries, Esc back.
 */
export function RegistersScreen() {
  const thisYear = Number(vnDateKey(new Date()).slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [type, setType] = useState<EventType | ''>('');
  const [books, setBooks] = useState<RegisterBook[] | null>(null);
  const [bookId, setBookId] = useState<string | null>(null);
  const [entries, setEntries] = useState<{ list: CivilStatusEntry[]; total: number } | null>(null);
  const [row, setRow] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [version, setVersion] = useState(0);
  const can = useCan();
  const tableRef = useRef<HTMLTableSectionElement>(null);

  useEffect(() => {
    let live = true;
    api.call('civilStatus.books', { year, ...(type ? { eventType: type } : {}) }).then((b) => {
      if (!live) return;
      setBooks(b);
      setBookId((id) => (b.some((x) => x.id === id) ? id : b[0]?.id ?? null));
    }, (e) => { if (live) setFailure(errorMessage(e)); });
    return () => { live = false; };
  }, [year, type, version]);

  useEffect(() => {
    if (!bookId) { setEntries(null); return; }
    let live = true;
    api.call('civilStatus.bookEntries', { bookId, limit: 2000 }).then(
      (r) => { if (live) { setEntries({ list: r.entries, total: r.total }); setRow((i) => Math.min(i, Math.max(r.entries.length - 1, 0))); } },
      (e) => { if (live) setFailure(errorMessage(e)); },
    );
    return () => { live = false; };
  }, [bookId, version]);

  const book = books?.find((b) => b.id === bookId) ?? null;
  const current = entries?.list[row] ?? null;
  const reload = () => setVersion((v) => v + 1);
  const run = async (what: () => Promise<void>) => {
    setFailure(null);
    setNotice(null);
    try { await what(); } catch (e) { setFailure(errorMessage(e)); }
  };
  const printBook = () => book && run(async () => {
    const r = await api.call('civilStatus.bookPdf', { bookId: book.id });
    setOpen({ kind: 'pdf', ...r });
  });
  const exportBook = () => book && run(async () => {
    const { fileName, base64 } = await api.call('civilStatus.bookXlsx', { bookId: book.id });
    const url = URL.createObjectURL(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
    const a = document.createElement('a');
    a.href = url; a.download = fileName; a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setNotice(`Đã xuất ${fileName}.`);
  });
  const canCancel = can('civilStatus.cancel') && current?.state === 'registered';
  const startCancel = () => { if (canCancel && current) flushSync(() => setOpen({ kind: 'cancel', entry: current })); };
  const canSeeIssued = can('certificates.issues');
  const showIssued = () => { if (canSeeIssued) flushSync(() => setOpen({ kind: 'issued' })); };
  useShortcuts({ 'Ctrl+P': () => void printBook(), 'Ctrl+E': () => void exportBook(), 'Ctrl+B': showIssued });

  const focusRow = (i: number) => {
    setRow(i);
    focusWhenReady(() => tableRef.current?.querySelector<HTMLElement>(`tr[data-row="${i}"]`) ?? null);
  };
  const onBooksKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (!books?.length) return;
    const i = books.findIndex((b) => b.id === bookId);
    const to = (j: number) => { e.preventDefault(); const b = books[Math.max(0, Math.min(j, books.length - 1))]!; setBookId(b.id); setRow(0); document.getElementById(`cs-book-${b.id}`)?.focus(); };
    if (e.key === 'ArrowDown') to(i + 1);
    else if (e.key === 'ArrowUp') to(i - 1);
    else if ((e.key === 'Enter' || e.key === 'ArrowRight') && entries?.list.length) { e.preventDefault(); focusRow(row); }
  };
  const onRowsKey = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    if (!entries?.list.length || e.target instanceof HTMLButtonElement) return;
    if (e.key === 'ArrowDown') { e.preventDefault(); focusRow(Math.min(row + 1, entries.list.length - 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); focusRow(Math.max(row - 1, 0)); }
    else if (e.key === 'Home') { e.preventDefault(); focusRow(0); }
    else if (e.key === 'End') { e.preventDefault(); focusRow(entries.list.length - 1); }
    else if (e.key === 'Delete') { e.preventDefault(); startCancel(); }
    else if (e.key === 'ArrowLeft' || e.key === 'Escape') { e.preventDefault(); document.getElementById(`cs-book-${bookId}`)?.focus(); }
  };

  return (
    <div className="screen cs-registers">
      <div className="screen-head">
        <h1>Sổ hộ tịch</h1>
        <ShortcutLegend items={[
          ['Alt+H', 'Sổ hộ tịch'], ['↑/↓', 'Chọn sổ, chọn mục'], ['Enter', 'Vào danh sách mục'], ['Esc', 'Về danh sách sổ'],
          ['Delete', 'Hủy mục', canCancel ? null : 'chọn một mục chưa hủy'], ['Ctrl+P', 'In sổ (PDF)'], ['Ctrl+E', 'Xuất Excel'],
          ['Ctrl+B', 'Bản đã cấp trong ngày', canSeeIssued ? null : 'không thuộc quyền của tài khoản này'],
        ]} />
      </div>
      <div className="toolbar">
        <label className="inline">Năm
          <select value={year} onChange={(e) => setYear(Number(e.target.value))} data-testid="cs-year">
            {Array.from({ length: 6 }, (_, i) => thisYear - i).map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </label>
        <label className="inline">Loại việc
          <select value={type} onChange={(e) => setType(e.target.value as EventType | '')} data-testid="cs-type">
            <option value="">Tất cả</option>
            {EVENT_TYPES.map((t) => <option key={t} value={t}>{EVENT_TYPE_NAMES[t]}</option>)}
          </select>
        </label>
        {canSeeIssued && <button type="button" onClick={showIssued} data-testid="cs-issued-open">Bản đã cấp trong ngày <kbd>Ctrl+B</kbd></button>}
      </div>
      {notice && <Notice kind="success" testId="cs-books-notice">{notice}</Notice>}
      {failure && <Notice kind="error" testId="cs-books-error">{failure}</Notice>}
      <div className="cs-books">
        <ul className="cs-book-list" id={BOOK_LIST_ID} aria-label="Các quyển sổ" onKeyDown={onBooksKey} data-testid="cs-book-list"
          data-loaded={books ? 'true' : undefined}>
          {books?.map((b) => (
            <li key={b.id}>
              <button type="button" id={`cs-book-${b.id}`} aria-current={b.id === bookId} tabIndex={b.id === bookId ? 0 : -1}
                onClick={() => { setBookId(b.id); setRow(0); }} data-testid="cs-book">{bookLine(b)}</button>
            </li>
          ))}
          {books?.length === 0 && <li className="muted" style={{ padding: 8 }}>Năm {year} chưa có sổ nào: sổ mở khi đăng ký việc đầu tiên.</li>}
          {!books && <li className="muted" style={{ padding: 8 }}>Đang tải…</li>}
        </ul>
        <section aria-label="Các mục trong sổ">
          {book && (
            <div className="inline" style={{ marginBottom: 6, flexWrap: 'wrap' }}>
              <strong data-testid="cs-book-title">{book.name} · Quyển số {book.label}</strong>
              <span className="muted">{book.closedAt ? `đã khóa ${formatInstant(book.closedAt)}${book.closedBy ? ` · ${book.closedBy}` : ''}` : `đang mở · số tiếp theo ${book.nextNumber ?? '—'}`}</span>
              <button type="button" onClick={() => void printBook()} data-testid="cs-print-book">In sổ (PDF) <kbd>Ctrl+P</kbd></button>
              <button type="button" onClick={() => void exportBook()} data-testid="cs-export-book">Xuất Excel <kbd>Ctrl+E</kbd></button>
              {can('civilStatus.closeBook') && !book.closedAt && (
                <button type="button" onClick={() => setOpen({ kind: 'close', book })} data-testid="cs-close-book">Khóa sổ…</button>
              )}
            </div>
          )}
          <table className="table compact cs-entries" data-testid="cs-entries">
            <thead><tr><th>Số</th><th>Họ và tên</th><th>Ngày</th><th>Ngày đăng ký</th><th>Hồ sơ</th><th>Trạng thái</th><th /></tr></thead>
            <tbody ref={tableRef} onKeyDown={onRowsKey}>
              {entries?.list.map((e, i) => (
                // Keyed by position: the focused row stays the same element when another book's entries arrive.
                <tr key={i} data-row={i} tabIndex={i === row ? 0 : -1} className={`${i === row ? 'active' : ''}${e.state === 'cancelled' ? ' cancelled' : ''}`}
                  onClick={() => setRow(i)} onFocus={() => setRow(i)} data-testid="cs-entry-row" data-number={e.entryNumber ?? ''}>
                  <td className="mono">{e.entryNumber ?? ''}</td>
                  <td>{e.persons[0]?.fullName ?? ''}</td>
                  <td>{eventDay(e)}</td>
                  <td>{formatDateKey(e.registeredOn)}</td>
                  <td className="mono">{e.dossierNumber}</td>
                  <td className="cs-state">{e.state === 'cancelled' ? `Đã hủy: ${e.cancelReason}` : 'Đã đăng ký'}</td>
                  <td>{can('civilStatus.cancel') && e.state === 'registered' && i === row && (
                    <button type="button" onClick={startCancel} data-testid="cs-cancel-entry">Hủy mục… <kbd>Delete</kbd></button>
                  )}</td>
                </tr>
              ))}
              {entries && entries.list.length === 0 && <tr><td colSpan={7} className="empty muted">Sổ chưa có mục nào.</td></tr>}
            </tbody>
          </table>
          {entries && entries.total > entries.list.length && <p className="muted">Hiện {entries.list.length}/{entries.total} mục đầu; in sổ hoặc xuất Excel để có đủ.</p>}
        </section>
      </div>
      {open?.kind === 'cancel' && (
        <CancelEntryDialog entry={open.entry} onClose={() => setOpen(null)}
          onDone={(e) => { flushSync(() => { setOpen(null); setNotice(`Đã hủy mục số ${e.entryNumber ?? ''}: mục vẫn nằm trong sổ, được đánh dấu đã hủy.`); }); reload(); focusRow(row); }} />
      )}
      {open?.kind === 'close' && (
        <CloseBookDialog book={open.book} onClose={() => setOpen(null)}
          onDone={(b) => { flushSync(() => { setOpen(null); setNotice(`Đã khóa ${b.name} quyển số ${b.label}: việc đăng ký tiếp theo sẽ mở quyển mới.`); }); reload();
            // "Khóa sổ…" is gone with the open book: focus goes back to the book in the list.
            focusWhenReady(() => document.getElementById(`cs-book-${b.id}`)); }} />
      )}
      {open?.kind === 'issued' && <IssuedCopiesDialog onClose={() => setOpen(null)} />}
      {open?.kind === 'pdf' && book && (
        <PdfDataDialog title={`${book.name} · Quyển số ${book.label}`} base64={open.base64} fileName={open.fileName} pages={open.pages}
          onClose={() => setOpen(null)} testId="cs-book-preview" />
      )}
    </div>
  );
}
