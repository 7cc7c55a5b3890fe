import { useState, type FormEvent } from 'react';
import type { ComponentSpec, CopyType, DurationUnitName, ProcedureVersion } from '../../../shared/contract';
import { COPY_TYPES, DURATION_UNITS } from '../../../shared/contract/common';
import { parseDateVn } from '../../../shared/validation';
import { api, ApiError, errorMessage } from '../api/client';
import { Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { COPY_TYPE_LABEL, formatDateKey, vnDateKey } from '../lib/format';

const UNIT_LABEL: Record<DurationUnitName, string> = {
  'working-days': 'ngày làm việc', days: 'ngày', 'working-hours': 'giờ làm việc', 'same-day': 'trong ngày',
};

interface Fee { name: string; amount: number; note: string }

/**
 * A new version of a procedure, valid from a date: earlier versions stay as they were, so dossiers
 * received under them keep their rules.
 */
export function VersionForm({ base, onCreated, onCancel }: {
  base: ProcedureVersion | null; onCreated: (v: ProcedureVersion) => void; onCancel: () => void;
}) {
  const tomorrow = vnDateKey(new Date(Date.now() + 86_400_000));
  const [code, setCode] = useState(base?.code ?? '');
  const [name, setName] = useState(base?.name ?? '');
  const [sector, setSector] = useState(base?.sector ?? '');
  const [unit, setUnit] = useState<DurationUnitName>(base?.durationUnit ?? 'working-days');
  const [value, setValue] = useState(base?.durationValue ?? 1);
  const [cutoff, setCutoff] = useState(base?.cutoff ?? '');
  const [validFrom, setValidFrom] = useState(formatDateKey(tomorrow));
  const [components, setComponents] = useState<ComponentSpec[]>(base?.components ?? []);
  const [fees, setFees] = useState<Fee[]>(base?.fees ?? []);
  const [feeNote, setFeeNote] = useState(base?.feeNote ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  const setComp = (i: number, p: Partial<ComponentSpec>) => setComponents(components.map((c, j) => (j === i ? { ...c, ...p } : c)));
  const setFee = (i: number, p: Partial<Fee>) => setFees(fees.map((f, j) => (j === i ? { ...f, ...p } : f)));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const from = parseDateVn(validFrom, { label: 'Ngày áp dụng' });
    if (!from.ok) return setErrors({ validFrom: from.error });
    setErrors({});
    try {
      const v = await api.call('procedures.createVersion', {
        code, name, sector, durationUnit: unit, durationValue: unit === 'same-day' ? 0 : value,
        cutoff: cutoff.trim() || null, validFrom: from.value, components, fees, feeNote,
      });
      onCreated(v);
    } catch (err) {
      setFailure(errorMessage(err));
      if (err instanceof ApiError) setErrors(err.fieldErrors());
    }
  };

  return (
    <form onSubmit={submit} className="section version-form" noValidate>
      <h3>{base ? `Phiên bản mới của thủ tục ${base.code}` : 'Thêm thủ tục mới'}</h3>
      <div className="grid-3">
        <Field label="Mã thủ tục" htmlFor="v-code" error={errors.code} hint="VD: 1.001193">
          <input id="v-code" value={code} readOnly={!!base} onChange={(e) => setCode(e.target.value)} />
        </Field>
        <Field label="Tên thủ tục" htmlFor="v-name" error={errors.name} className="span-2">
          <input id="v-name" value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Lĩnh vực" htmlFor="v-sector" error={errors.sector}>
          <input id="v-sector" value={sector} onChange={(e) => setSector(e.target.value)} />
        </Field>
        <Field label="Thời hạn giải quyết" htmlFor="v-unit" error={errors.durationValue}>
          <div className="inline">
            {unit !== 'same-day' && <input type="number" className="qty" min={0} max={365} value={value} aria-label="Số" onChange={(e) => setValue(Number(e.target.value))} />}
            <select id="v-unit" value={unit} onChange={(e) => setUnit(e.target.value as DurationUnitName)}>
              {DURATION_UNITS.map((u) => <option key={u} value={u}>{UNIT_LABEL[u]}</option>)}
            </select>
          </div>
        </Field>
        <Field label="Giờ chốt nhận trong ngày" htmlFor="v-cutoff" error={errors.cutoff} hint="HH:MM, để trống nếu không có">
          <input id="v-cutoff" className="time" value={cutoff} maxLength={5} onChange={(e) => setCutoff(e.target.value)} />
        </Field>
        <Field label="Áp dụng từ ngày" htmlFor="v-from" error={errors.validFrom} hint="dd/mm/yyyy">
          <input id="v-from" value={validFrom} maxLength={10} onChange={(e) => setValidFrom(e.target.value)} />
        </Field>
      </div>

      <h4>Thành phần hồ sơ</h4>
      <table className="table compact">
        <thead><tr><th>Giấy tờ</th><th>Loại bản</th><th>Số lượng</th><th>Bắt buộc</th><th /></tr></thead>
        <tbody>
          {components.map((c, i) => (
            <tr key={i}>
              <td><input value={c.name} aria-label="Tên giấy tờ" onChange={(e) => setComp(i, { name: e.target.value })} /></td>
              <td>
                <select value={c.copyType} aria-label="Loại bản" onChange={(e) => setComp(i, { copyType: e.target.value as CopyType })}>
                  {COPY_TYPES.map((t) => <option key={t} value={t}>{COPY_TYPE_LABEL[t]}</option>)}
                </select>
              </td>
              <td><input type="number" className="qty" min={1} max={99} value={c.quantity} aria-label="Số lượng" onChange={(e) => setComp(i, { quantity: Number(e.target.value) })} /></td>
              <td><input type="checkbox" checked={c.required} aria-label="Bắt buộc" onChange={(e) => setComp(i, { required: e.target.checked })} /></td>
              <td><button type="button" className="icon-button" aria-label="Xóa" onClick={() => setComponents(components.filter((_, j) => j !== i))}>×</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="link-button" onClick={() => setComponents([...components, { code: '', name: '', copyType: 'original', quantity: 1, required: true }])}>+ Thêm giấy tờ</button>

      <h4>Phí, lệ phí</h4>
      <table className="table compact">
        <thead><tr><th>Khoản thu</th><th>Số tiền (đồng)</th><th>Ghi chú</th><th /></tr></thead>
        <tbody>
          {fees.map((f, i) => (
            <tr key={i}>
              <td><input value={f.name} aria-label="Khoản thu" onChange={(e) => setFee(i, { name: e.target.value })} /></td>
              <td><input type="number" min={0} step={1000} value={f.amount} aria-label="Số tiền" onChange={(e) => setFee(i, { amount: Number(e.target.value) })} /></td>
              <td><input value={f.note} aria-label="Ghi chú" onChange={(e) => setFee(i, { note: e.target.value })} /></td>
              <td><button type="button" className="icon-button" aria-label="Xóa" onClick={() => setFees(fees.filter((_, j) => j !== i))}>×</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" className="link-button" onClick={() => setFees([...fees, { name: 'Lệ phí', amount: 0, note: '' }])}>+ Thêm khoản thu</button>
      <Field label="Ghi chú về phí" htmlFor="v-feenote">
        <input id="v-feenote" value={feeNote} onChange={(e) => setFeeNote(e.target.value)} />
      </Field>

      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button type="submit" className="primary">Tạo phiên bản</button>
        <button type="button" onClick={onCancel}>Hủy</button>
      </div>
    </form>
  );
}
