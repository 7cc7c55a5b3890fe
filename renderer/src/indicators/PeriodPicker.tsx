import { useEffect, useState, type KeyboardEvent } from 'react';
import { parseDateVn } from '../../../shared/validation/date';
import { describedBy } from '../components/Field';
import { dateText, monthOf, monthPeriod, monthText, parseMonth, shiftMonth, type Period } from './period';

/**
 * The period as typed, the way dates are typed everywhere else in the app (dd/mm/yyyy, a month as mm/yyyy),
 * whatever language the PC's date pickers speak. Enter applies; a wrong entry says why under the box.
 */
export function PeriodPicker({ period, onChange }: { period: Period; onChange: (p: Period) => void }) {
  const month = monthOf(period);
  const [monthBox, setMonthBox] = useState(month ? monthText(month) : '');
  const [fromBox, setFromBox] = useState(dateText(period.from));
  const [toBox, setToBox] = useState(dateText(period.to));
  const [error, setError] = useState<{ field: 'month' | 'from' | 'to'; text: string } | null>(null);
  useEffect(() => {
    setMonthBox(month ? monthText(month) : ''); setFromBox(dateText(period.from)); setToBox(dateText(period.to)); setError(null);
  }, [period.from, period.to]);

  const applyMonth = () => {
    const m = parseMonth(monthBox);
    if (!m) return setError({ field: 'month', text: 'Nhập tháng theo dạng tháng/năm, ví dụ 03/2026.' });
    onChange(monthPeriod(m));
  };
  const applyRange = () => {
    const from = parseDateVn(fromBox, { label: 'Từ ngày' });
    if (!from.ok) return setError({ field: 'from', text: from.error });
    const to = parseDateVn(toBox, { label: 'Đến ngày' });
    if (!to.ok) return setError({ field: 'to', text: to.error });
    if (to.value < from.value) return setError({ field: 'to', text: 'Đến ngày phải từ "Từ ngày" trở đi.' });
    onChange({ from: from.value, to: to.value });
  };
  const onEnter = (apply: () => void) => (e: KeyboardEvent<HTMLInputElement>) => { if (e.key === 'Enter') { e.preventDefault(); apply(); } };
  const step = (delta: number) => onChange(monthPeriod(shiftMonth(month ?? period.from.slice(0, 7), delta)));
  const box = (id: 'month' | 'from' | 'to', label: string, value: string, set: (v: string) => void, apply: () => void, placeholder: string) => (
    <label className="inline" htmlFor={`kpi-${id}`}>{label}
      <input id={`kpi-${id}`} value={value} size={id === 'month' ? 8 : 11} placeholder={placeholder} onChange={(e) => set(e.target.value)}
        onKeyDown={onEnter(apply)} {...describedBy(`kpi-${id}`, error?.field === id ? error.text : undefined)} />
    </label>
  );
  return (
    <div className="kpi-period">
      <button type="button" onClick={() => step(-1)}>‹ Tháng trước</button>
      {box('month', 'Tháng', monthBox, setMonthBox, applyMonth, 'mm/yyyy')}
      <button type="button" onClick={() => step(1)}>Tháng sau ›</button>
      {box('from', 'hoặc từ ngày', fromBox, setFromBox, applyRange, 'dd/mm/yyyy')}
      {box('to', 'đến ngày', toBox, setToBox, applyRange, 'dd/mm/yyyy')}
      <button type="button" onClick={applyRange}>Xem</button>
      {error && <div className="field-error" id={`kpi-${error.field}-error`} role="alert">{error.text}</div>}
    </div>
  );
}
