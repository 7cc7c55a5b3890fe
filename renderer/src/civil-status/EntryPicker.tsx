import { useRef, useState, type KeyboardEvent } from 'react';
import type { CivilStatusEntry } from '../../../shared/contract/api-civil-status';
import { api, errorMessage } from '../api/client';
import { describedBy, Field } from '../components/Field';
import { entryLine } from './labels';

/**
 * Picks a registered entry (for a change or an extract copy): type a name, an ID number or the Số, Enter
 * searches, ↓/↑ go through what was found, Enter takes one. `id` is the search box's (the form's field for
 * the entry reference), so a message about the reference lands on it.
 */
export function EntryPicker({ id, label, field, picked, onPick, error, disabled, onPicked }: {
  id: string; label: string; field: string; picked: CivilStatusEntry | null; onPick: (e: CivilStatusEntry | null) => void;
  error?: string; disabled: boolean;
  /** After a pick (in the key's handler): where focus goes next. */
  onPicked: () => void;
}) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<CivilStatusEntry[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const search = async () => {
    setProblem(null);
    try {
      const r = await api.call('civilStatus.search', { query: query.trim(), limit: 20 });
      // An extract or a change is about a registered event, not about another extract.
      setFound(r.filter((e) => e.eventType !== 'extract-copy' && e.eventType !== 'change'));
    } catch (e) {
      setFound(null);
      setProblem(errorMessage(e));
    }
  };

  const take = (e: CivilStatusEntry) => {
    onPick(e);
    setFound(null);
    onPicked();
  };

  const onBoxKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && !e.ctrlKey && !e.altKey) {
      // The form's Enter (next field) is not what Enter means here: it searches.
      e.preventDefault();
      e.stopPropagation();
      if (query.trim().length >= 2) void search();
      else setProblem('Nhập ít nhất 2 ký tự: họ tên, số định danh hoặc số đăng ký.');
    } else if (e.key === 'ArrowDown' && found?.length) {
      e.preventDefault();
      listRef.current?.querySelector<HTMLButtonElement>('button')?.focus();
    }
  };
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const buttons = Array.from(listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? []);
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    e.preventDefault();
    if (e.key === 'ArrowUp' && i <= 0) return document.getElementById(id)?.focus();
    buttons[Math.min(i + (e.key === 'ArrowDown' ? 1 : -1), buttons.length - 1)]?.focus();
  };

  if (picked) {
    return (
      <div className="field cs-picked" data-field={field}>
        <label>{label}</label>
        <div className="inline">
          <span data-testid="cs-picked-entry">{entryLine(picked)}</span>
          <button type="button" onClick={() => { onPick(null); setQuery(''); }} disabled={disabled} data-enter-skip="">Chọn mục khác</button>
        </div>
        {error && <div className="field-error" role="alert">{error}</div>}
      </div>
    );
  }
  return (
    <div className="cs-picker">
      <Field label={label} htmlFor={id} error={error ?? problem ?? undefined} required
        hint="Gõ họ tên, số định danh hoặc số đăng ký rồi Enter; ↓ chọn trong kết quả, Enter lấy.">
        <input id={id} type="search" value={query} disabled={disabled} autoComplete="off" spellCheck={false} data-field={field}
          onChange={(e) => setQuery(e.target.value)} onKeyDown={onBoxKey} data-testid="cs-entry-search" {...describedBy(id, error)} />
      </Field>
      {found && (
        <ul className="cs-found" ref={listRef} onKeyDown={onListKey} aria-label="Mục tìm thấy" data-testid="cs-entry-found">
          {found.map((e) => (
            <li key={e.id}>
              <button type="button" disabled={e.state === 'cancelled'} onClick={() => take(e)}
                onKeyDown={(k) => { if (k.key === 'Enter') { k.preventDefault(); k.stopPropagation(); take(e); } }}>{entryLine(e)}</button>
            </li>
          ))}
          {found.length === 0 && <li className="muted">Không tìm thấy mục nào: thử họ tên đầy đủ hoặc số định danh.</li>}
        </ul>
      )}
    </div>
  );
}
