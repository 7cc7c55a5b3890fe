import { useState, type FormEvent } from 'react';
import { INDICATOR_KEYS, INDICATOR_LABEL, type IndicatorKey, type IndicatorTargets } from '../../../shared/contract/api-indicators';
import { api, ApiError, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useFocusFirstError } from '../lib/first-error';

/** The province's targets as the office keeps them: where they come from, and the least share per indicator. */
export function TargetsDialog({ targets, onSaved, onClose }: { targets: IndicatorTargets; onSaved: (t: IndicatorTargets) => void; onClose: () => void }) {
  const [source, setSource] = useState(targets.source);
  const [values, setValues] = useState<Record<IndicatorKey, string>>(
    Object.fromEntries(INDICATOR_KEYS.map((k) => [k, targets.targets[k] === null ? '' : String(targets.targets[k]).replace('.', ',')])) as Record<IndicatorKey, string>);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const { formRef, focusErrors } = useFocusFirstError({ idOf: (p) => (p.startsWith('targets.') ? `target-${p.slice(8)}` : `targets-${p}`) });

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    const parsed = Object.fromEntries(INDICATOR_KEYS.map((k) => {
      const text = values[k].trim().replace(',', '.').replace('%', '').trim();
      if (!text) return [k, null];
      const n = Number(text);
      if (!Number.isFinite(n) || n < 0 || n > 100) local[`targets.${k}`] = 'Nhập tỷ lệ từ 0 đến 100 (%), hoặc để trống nếu không có chỉ tiêu';
      return [k, n];
    })) as IndicatorTargets['targets'];
    if (!source.trim()) local.source = 'Ghi nguồn chỉ tiêu, VD "Kế hoạch của UBND tỉnh năm 2026"';
    setErrors(local);
    if (Object.keys(local).length) return focusErrors(local);
    try {
      onSaved(await api.call('indicators.setTargets', { source: source.trim(), targets: parsed }));
    } catch (err) {
      setFailure(errorMessage(err));
      if (err instanceof ApiError) { setErrors(err.fieldErrors()); focusErrors(err.fieldErrors()); }
    }
  };

  return (
    <Dialog title="Chỉ tiêu của tỉnh" onClose={onClose} testId="kpi-targets">
      <form onSubmit={save} noValidate ref={formRef}>
        <Field label="Nguồn chỉ tiêu" htmlFor="targets-source" error={errors.source}>
          <input id="targets-source" value={source} maxLength={300} onChange={(e) => setSource(e.target.value)} {...describedBy('targets-source', errors.source)} />
        </Field>
        <div className="grid-2">
          {INDICATOR_KEYS.map((k) => (
            <Field key={k} label={`${INDICATOR_LABEL[k]} (tối thiểu, %)`} htmlFor={`target-${k}`} error={errors[`targets.${k}`]}>
              <input id={`target-${k}`} inputMode="decimal" value={values[k]} placeholder="Không có chỉ tiêu"
                onChange={(e) => setValues({ ...values, [k]: e.target.value })} {...describedBy(`target-${k}`, errors[`targets.${k}`])} />
            </Field>
          ))}
        </div>
        {failure && <Notice kind="error">{failure}</Notice>}
        <div className="dialog-actions"><button type="submit" className="primary" data-testid="kpi-targets-save">Lưu chỉ tiêu</button></div>
      </form>
    </Dialog>
  );
}
