import { useEffect, useState, type FormEvent } from 'react';
import type { Office } from '../../../shared/contract';
import { api, ApiError, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { OfficeFields, checkOffice, officeFieldId } from '../components/OfficeFields';
import { useFocusFirstError } from '../lib/first-error';

const ID_PREFIX = 'admin-office';

export function OfficeSettings({ onSaved }: { onSaved: (o: Office) => void }) {
  const [office, setOffice] = useState<Office | null>(null);
  // Stored settings the core could not use as they are (shown until the admin saves a correct value).
  const [problems, setProblems] = useState<{ field: string; message: string }[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const { formRef, focusErrors } = useFocusFirstError({ idOf: (path) => officeFieldId(ID_PREFIX, path) });

  useEffect(() => {
    api.call('office.get', {}).then((o) => { setOffice(o); setProblems(o.problems); }, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!office) return;
    const local = checkOffice(office);
    setErrors(local);
    if (Object.keys(local).length) {
      focusErrors(local);
      return setMessage({ kind: 'error', text: 'Kiểm tra lại các ô báo lỗi.' });
    }
    try {
      const saved = await api.call('office.update', office);
      setOffice(saved);
      setProblems(saved.problems);
      onSaved(saved);
      setMessage({ kind: 'success', text: 'Đã lưu thông tin cơ quan. Phiếu lập từ nay dùng thông tin mới.' });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors());
        focusErrors(err.fieldErrors());
      }
    }
  };

  if (!office) return message ? <Notice kind={message.kind}>{message.text}</Notice> : <p>Đang tải…</p>;
  return (
    <form onSubmit={submit} noValidate ref={formRef} data-testid="office-form">
      {problems.map((p) => <Notice key={p.field} kind="warning" testId="office-problem">{p.message}</Notice>)}
      <OfficeFields value={office} onChange={setOffice} errors={errors} idPrefix={ID_PREFIX} />
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div className="actions"><button type="submit" className="primary">Lưu thông tin cơ quan</button></div>
    </form>
  );
}
