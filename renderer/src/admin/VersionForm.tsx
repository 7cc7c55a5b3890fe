import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import type { ComponentSpec, CopyType, DurationUnitName, ProcedureVersion, ResultSpec } from '../../../shared/contract';
import { COPY_TYPES, DURATION_UNITS } from '../../../shared/contract/common';
import { LIMITS, parseDateVn } from '../../../shared/validation';
import { api, ApiError, errorMessage } from '../api/client';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useFocusFirstError } from '../lib/first-error';
import { COPY_TYPE_LABEL, formatDateKey, vnDateKey } from '../lib/format';
import { feeFieldId, FeeLinesEditor, toFeeForm, toFeeSpec, type FeeForm } from './FeeLinesEditor';
import { partyFieldId, PartiesEditor } from './PartiesEditor';
import { toWorkflow, toWorkflowForm, workflowFieldId, WorkflowStepsEditor } from './WorkflowStepsEditor';

const UNIT_LABEL: Record<DurationUnitName, string> = {
  'working-days': 'ngày làm việc', days: 'ngày', 'working-hours': 'giờ làm việc', 'same-day': 'trong ngày',
};

/** As many result papers as the server takes for one version. */
const MAX_RESULTS = 10;

/** The ids of the fields whose id does not follow their path. */
const FIELD_ID: Record<string, string> = {
  code: 'v-code', name: 'v-name', sector: 'v-sector', durationUnit: 'v-unit', durationValue: 'v-duration', cutoff: 'v-cutoff', validFrom: 'v-from', feeNote: 'v-feenote',
};

/** The message under a cell of the components, fees or results tables, tied to its input. */
function CellError({ id, error }: { id: string; error?: string }) {
  return error ? <div className="field-error" id={`${id}-error`} role="alert">{error}</div> : null;
}

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
  const [fees, setFees] = useState<FeeForm[]>(() => (base?.fees ?? []).map(toFeeForm));
  const [feeNote, setFeeNote] = useState(base?.feeNote ?? '');
  const [results, setResults] = useState<ResultSpec[]>(base?.results ?? []);
  const [workflow, setWorkflow] = useState(() => toWorkflowForm(base?.workflow));
  const [parties, setParties] = useState(base?.parties ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const focusNext = useRef<string | null>(null);
  const { formRef, focusErrors } = useFocusFirstError({
    idOf: (path) => FIELD_ID[path] ?? feeFieldId(path) ?? workflowFieldId(path, workflow) ?? partyFieldId(path) ?? path.replace(/^results\.(\d+)\.(code|name)$/, 'v-result-$1-$2'),
  });

  // Opened below the list: the form comes into view with its first field focused, before the next key.
  useLayoutEffect(() => {
    formRef.current?.scrollIntoView({ block: 'start' });
    document.getElementById(base ? 'v-name' : 'v-code')?.focus({ preventScroll: true });
  }, []);

  // After adding or removing a fee line or a result paper, the focus goes to the row (or the add button) it names.
  useEffect(() => {
    if (!focusNext.current) return;
    document.getElementById(focusNext.current)?.focus();
    focusNext.current = null;
  });

  const setComp = (i: number, p: Partial<ComponentSpec>) => setComponents(components.map((c, j) => (j === i ? { ...c, ...p } : c)));
  const setResult = (i: number, p: Partial<ResultSpec>) => setResults(results.map((r, j) => (j === i ? { ...r, ...p } : r)));
  const addResult = () => {
    focusNext.current = `v-result-${results.length}-code`;
    setResults([...results, { code: '', name: '', note: '' }]);
  };
  const removeResult = (i: number) => {
    const left = results.filter((_, j) => j !== i);
    focusNext.current = left.length ? `v-result-${Math.min(i, left.length - 1)}-code` : 'v-result-add';
    setResults(left);
    // The messages of the rows are by position: they no longer fit once a row is gone.
    setErrors(Object.fromEntries(Object.entries(errors).filter(([k]) => !k.startsWith('results.'))));
  };

  const addFee = () => {
    focusNext.current = `fees-${fees.length}-name`;
    setFees([...fees, { name: 'Lệ phí', amount: 0, note: '', rule: null }]);
  };
  const removeFee = (i: number) => {
    const left = fees.filter((_, j) => j !== i);
    focusNext.current = left.length ? `fees-${Math.min(i, left.length - 1)}-name` : 'v-fee-add';
    setFees(left);
    setErrors(Object.fromEntries(Object.entries(errors).filter(([k]) => !k.startsWith('fees.'))));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const from = parseDateVn(validFrom, { label: 'Ngày áp dụng' });
    if (!from.ok) {
      setErrors({ validFrom: from.error });
      return focusErrors({ validFrom: from.error });
    }
    setErrors({});
    try {
      const v = await api.call('procedures.createVersion', {
        code, name, sector, durationUnit: unit, durationValue: unit === 'same-day' ? 0 : value,
        cutoff: cutoff.trim() || null, validFrom: from.value, components, fees: fees.map(toFeeSpec), feeNote, results,
        workflow: toWorkflow(workflow), parties,
      });
      onCreated(v);
    } catch (err) {
      setFailure(errorMessage(err));
      if (err instanceof ApiError) {
        setErrors(err.fieldErrors());
        focusErrors(err.fieldErrors());
      }
    }
  };

  return (
    <form onSubmit={submit} className="section version-form" noValidate ref={formRef} data-testid="version-form">
      <h3>{base ? `Phiên bản mới của thủ tục ${base.code}` : 'Thêm thủ tục mới'}</h3>
      <div className="grid-3">
        <Field label="Mã thủ tục" htmlFor="v-code" error={errors.code} hint="VD: 1.001193">
          <input id="v-code" {...describedBy('v-code', errors.code)} value={code} maxLength={LIMITS.procedureCode} readOnly={!!base} onChange={(e) => setCode(e.target.value)} />
        </Field>
        <Field label="Tên thủ tục" htmlFor="v-name" error={errors.name} className="span-2">
          <input id="v-name" {...describedBy('v-name', errors.name)} value={name} maxLength={LIMITS.procedureName} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Lĩnh vực" htmlFor="v-sector" error={errors.sector}>
          <input id="v-sector" {...describedBy('v-sector', errors.sector)} value={sector} maxLength={LIMITS.sector} onChange={(e) => setSector(e.target.value)} />
        </Field>
        <Field label="Thời hạn giải quyết" htmlFor="v-unit" error={errors.durationValue ?? errors.durationUnit}>
          <div className="inline">
            {unit !== 'same-day' && <input id="v-duration" type="number" className="qty" min={0} max={365} value={value} aria-label="Số" {...describedBy('v-unit', errors.durationValue)} onChange={(e) => setValue(Number(e.target.value))} />}
            <select id="v-unit" value={unit} onChange={(e) => setUnit(e.target.value as DurationUnitName)}>
              {DURATION_UNITS.map((u) => <option key={u} value={u}>{UNIT_LABEL[u]}</option>)}
            </select>
          </div>
        </Field>
        <Field label="Giờ chốt nhận trong ngày" htmlFor="v-cutoff" error={errors.cutoff} hint="HH:MM, để trống nếu không có">
          <input id="v-cutoff" className="time" {...describedBy('v-cutoff', errors.cutoff)} value={cutoff} maxLength={LIMITS.hhmm} onChange={(e) => setCutoff(e.target.value)} />
        </Field>
        <Field label="Áp dụng từ ngày" htmlFor="v-from" error={errors.validFrom} hint="dd/mm/yyyy">
          <input id="v-from" {...describedBy('v-from', errors.validFrom)} value={validFrom} maxLength={LIMITS.typedDate} onChange={(e) => setValidFrom(e.target.value)} />
        </Field>
      </div>

      <h4>Thành phần hồ sơ</h4>
      <table className="table compact">
        <thead><tr><th>Giấy tờ</th><th>Loại bản</th><th>Số lượng</th><th>Bắt buộc</th><th /></tr></thead>
        <tbody>
          {components.map((c, i) => {
            const cell = (key: string) => ({ id: `components-${i}-${key}`, error: errors[`components.${i}.${key}`] });
            const name = cell('name'), quantity = cell('quantity');
            return (
              <tr key={i}>
                <td className={name.error ? 'has-error' : undefined}>
                  <input id={name.id} value={c.name} maxLength={LIMITS.componentName} aria-label={`Tên giấy tờ ${i + 1}`} {...describedBy(name.id, name.error)}
                    onChange={(e) => setComp(i, { name: e.target.value })} />
                  <CellError {...name} />
                </td>
                <td>
                  <select id={`components-${i}-copyType`} value={c.copyType} aria-label="Loại bản" onChange={(e) => setComp(i, { copyType: e.target.value as CopyType })}>
                    {COPY_TYPES.map((t) => <option key={t} value={t}>{COPY_TYPE_LABEL[t]}</option>)}
                  </select>
                </td>
                <td className={quantity.error ? 'has-error' : undefined}>
                  <input id={quantity.id} type="number" className="qty" min={1} max={99} value={c.quantity} aria-label="Số lượng" {...describedBy(quantity.id, quantity.error)}
                    onChange={(e) => setComp(i, { quantity: Number(e.target.value) })} />
                  <CellError {...quantity} />
                </td>
                <td><input type="checkbox" checked={c.required} aria-label="Bắt buộc" onChange={(e) => setComp(i, { required: e.target.checked })} /></td>
                <td><button type="button" className="icon-button" aria-label={`Xóa giấy tờ ${i + 1}`} onClick={() => setComponents(components.filter((_, j) => j !== i))}>×</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {errors.components && <div className="field-error" role="alert">{errors.components}</div>}
      <button type="button" className="link-button" onClick={() => setComponents([...components, { code: '', name: '', copyType: 'original', quantity: 1, required: true }])}>+ Thêm giấy tờ</button>

      <h4>Phí, lệ phí</h4>
      <FeeLinesEditor fees={fees} errors={errors} onChange={setFees} onAdd={addFee} onRemove={removeFee} />
      <Field label="Ghi chú về phí" htmlFor="v-feenote" error={errors.feeNote}>
        <input id="v-feenote" {...describedBy('v-feenote', errors.feeNote)} value={feeNote} maxLength={LIMITS.feeNote} onChange={(e) => setFeeNote(e.target.value)} />
      </Field>

      <h4 id="v-workflow-title">Quy trình xử lý</h4>
      <WorkflowStepsEditor form={workflow} errors={errors} onChange={setWorkflow} />

      <h4 id="v-results-title">Kết quả giải quyết</h4>
      <table className="table compact version-results" aria-labelledby="v-results-title">
        <thead><tr><th>Mã kết quả</th><th>Tên giấy tờ kết quả</th><th /></tr></thead>
        <tbody>
          {results.map((r, i) => {
            const codeId = `v-result-${i}-code`, nameId = `v-result-${i}-name`;
            const codeError = errors[`results.${i}.code`], nameError = errors[`results.${i}.name`];
            return (
              <tr key={i}>
                <td className={codeError ? 'has-error' : undefined}>
                  <input id={codeId} className="mono" value={r.code} maxLength={LIMITS.resultCode} placeholder="VD: KQ.G15.000032" aria-label={`Mã kết quả ${i + 1}`}
                    spellCheck={false} autoComplete="off" onChange={(e) => setResult(i, { code: e.target.value })} {...describedBy(codeId, codeError)} />
                  {codeError && <div className="field-error" id={`${codeId}-error`} role="alert">{codeError}</div>}
                </td>
                <td className={nameError ? 'has-error' : undefined}>
                  <input id={nameId} value={r.name} maxLength={LIMITS.resultName} aria-label={`Tên giấy tờ kết quả ${i + 1}`} autoComplete="off"
                    onChange={(e) => setResult(i, { name: e.target.value })} {...describedBy(nameId, nameError)} />
                  {nameError && <div className="field-error" id={`${nameId}-error`} role="alert">{nameError}</div>}
                </td>
                <td><button type="button" className="icon-button" aria-label={`Xóa kết quả ${i + 1}`} onClick={() => removeResult(i)}>×</button></td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {results.length === 0 && <p className="muted">Chưa có giấy tờ kết quả: phiên bản sẽ dùng kết quả mặc định “Kết quả giải quyết”.</p>}
      {errors.results && <div className="field-error" role="alert">{errors.results}</div>}
      <button type="button" id="v-result-add" className="link-button" disabled={results.length >= MAX_RESULTS} onClick={addResult}>+ Thêm giấy tờ kết quả</button>
      <p className="field-hint">Mã kết quả theo danh mục quốc gia (chữ, số và dấu chấm); để trống nếu chưa xác minh.</p>

      <h4 id="v-parties-title">Các bên liên quan ngoài người nộp</h4>
      <PartiesEditor parties={parties} errors={errors} onChange={(next, focusId) => {
        if (focusId) focusNext.current = focusId;
        setParties(next);
      }} />

      {failure && <Notice kind="error">{failure}</Notice>}
      <div className="actions">
        <button type="submit" className="primary">Tạo phiên bản</button>
        <button type="button" onClick={onCancel}>Hủy</button>
      </div>
    </form>
  );
}
