import { useEffect, useState, type FormEvent } from 'react';
import { LIMITS, parseDateVn } from '../../../shared/validation';
import { api, ApiError, errorMessage } from '../api/client';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useFocusFirstError } from '../lib/first-error';
import { formatDateKey, vnDateKey } from '../lib/format';

type Holiday = { date: string; name: string; kind: string };
type Override = { date: string; kind: 'off' | 'work'; name: string };
type Problem = { origin: 'official' | 'office'; key: string; kind: string; name: string; source: string; message: string };

const HOLIDAY_KIND: Record<string, string> = {
  statutory: 'Nghỉ lễ', substitute: 'Nghỉ bù', 'override-off': 'Nghỉ (điều chỉnh)', 'override-work': 'Làm việc (bù)',
};

/** Public holidays of a year (computed by the core) and local overrides: extra days off or make-up working days. */
export function CalendarAdmin() {
  const [year, setYear] = useState(Number(vnDateKey(new Date()).slice(0, 4)));
  const [holidays, setHolidays] = useState<Holiday[]>([]);
  const [overrides, setOverrides] = useState<Override[]>([]);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [form, setForm] = useState({ date: '', kind: 'off' as 'off' | 'work', name: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const { formRef, focusErrors } = useFocusFirstError({ idOf: (path) => `cal-${path}` });
  const showErrors = (e: Record<string, string>) => { setErrors(e); focusErrors(e); };

  const load = () => Promise.all([
    api.call('calendar.holidays', { year }), api.call('calendar.overrides', { year }), api.call('calendar.problems', {}),
  ]).then(
    ([h, o, p]) => { setHolidays(h); setOverrides(o); setProblems(p); },
    (e) => setMessage({ kind: 'error', text: errorMessage(e) }),
  );
  useEffect(() => { void load(); }, [year]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const d = parseDateVn(form.date, { label: 'Ngày' });
    if (!d.ok) return showErrors({ date: d.error });
    if (!form.name.trim()) return showErrors({ name: 'Nhập lý do/tên ngày' });
    setErrors({});
    try {
      await api.call('calendar.setOverride', { date: d.value, kind: form.kind, name: form.name });
      setForm({ date: '', kind: 'off', name: '' });
      setMessage({ kind: 'success', text: `Đã thêm ngày ${formatDateKey(d.value)}.` });
      if (d.value.startsWith(String(year))) void load(); else setYear(Number(d.value.slice(0, 4)));
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
      if (err instanceof ApiError) showErrors(err.fieldErrors());
    }
  };

  const remove = async (date: string) => {
    try {
      await api.call('calendar.removeOverride', { date });
      setMessage({ kind: 'success', text: `Đã xóa điều chỉnh ngày ${formatDateKey(date)}.` });
      void load();
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
    }
  };

  return (
    <div className="calendar-admin">
      <div className="toolbar">
        <label htmlFor="cal-year">Năm</label>
        <input id="cal-year" type="number" className="qty" min={1900} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value))} />
      </div>
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      {problems.length > 0 && (
        <section className="calendar-problems" data-testid="calendar-problems">
          <Notice kind="warning">
            {problems.length} mục lịch bị lỗi nên đang bị bỏ qua khi tính ngày làm việc và ngày hẹn trả.
            Xóa dòng lỗi của cơ quan rồi nhập lại cho đúng.
          </Notice>
          <table className="table compact">
            <thead><tr><th>Ngày đã lưu</th><th>Loại</th><th>Lý do</th><th>Vấn đề</th><th /></tr></thead>
            <tbody>
              {problems.map((p) => (
                <tr key={`${p.origin}|${p.key}|${p.name}`}>
                  <td>{p.key || '(trống)'}</td><td>{p.kind === 'off' ? 'Nghỉ' : p.kind === 'work' ? 'Làm việc' : p.kind}</td><td>{p.name}</td>
                  <td>{p.message}</td>
                  <td>{p.origin === 'office' && <button type="button" onClick={() => void remove(p.key)}>Xóa</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <div className="two-col">
        <section>
          <h3>Ngày nghỉ lễ, Tết và ngày làm bù</h3>
          <table className="table compact">
            <thead><tr><th>Ngày</th><th>Loại</th><th>Tên</th></tr></thead>
            <tbody>
              {holidays.map((h) => (
                <tr key={h.date}><td>{formatDateKey(h.date)}</td><td>{HOLIDAY_KIND[h.kind] ?? h.kind}</td><td>{h.name}</td></tr>
              ))}
            </tbody>
          </table>
        </section>
        <section>
          <h3>Điều chỉnh của cơ quan</h3>
          <table className="table compact">
            <thead><tr><th>Ngày</th><th>Loại</th><th>Lý do</th><th /></tr></thead>
            <tbody>
              {overrides.map((o) => (
                <tr key={o.date}>
                  <td>{formatDateKey(o.date)}</td><td>{o.kind === 'off' ? 'Nghỉ' : 'Làm việc'}</td><td>{o.name}</td>
                  <td><button type="button" onClick={() => void remove(o.date)}>Xóa</button></td>
                </tr>
              ))}
              {overrides.length === 0 && <tr><td colSpan={4} className="muted">Chưa có</td></tr>}
            </tbody>
          </table>
          <form onSubmit={add} className="grid-3" noValidate ref={formRef} data-testid="calendar-form">
            <Field label="Ngày" htmlFor="cal-date" error={errors.date} hint="dd/mm/yyyy">
              <input id="cal-date" value={form.date} maxLength={LIMITS.typedDate} onChange={(e) => setForm({ ...form, date: e.target.value })} />
            </Field>
            <Field label="Loại" htmlFor="cal-kind">
              <select id="cal-kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as 'off' | 'work' })}>
                <option value="off">Nghỉ</option>
                <option value="work">Làm việc bù</option>
              </select>
            </Field>
            <Field label="Lý do" htmlFor="cal-name" error={errors.name}>
              <input id="cal-name" value={form.name} maxLength={LIMITS.overrideName} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            </Field>
            <div className="actions span-3"><button type="submit" className="primary">Thêm điều chỉnh</button></div>
          </form>
        </section>
      </div>
    </div>
  );
}
