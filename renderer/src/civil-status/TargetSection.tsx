import type { EventSchema } from '../../../shared/civil-status/types';
import { schemaOf } from '../../../shared/civil-status/event-schemas';
import type { CivilStatusEntry } from '../../../shared/contract/api-civil-status';
import { describedBy, Field } from '../components/Field';
import { CHANGE_FIELD, changedFieldValues, controlId, keyToTyped } from './entry-form';
import { EntryPicker } from './EntryPicker';

/**
 * For a change or an extract copy: the registered entry it is about (searched in the books), and for a change
 * the information to change, picked from that entry's own fields, with its present value filled in as "old".
 */
export function TargetSection({ schema, target, onTarget, typed, onChange, errors, disabled, focusAfterPick }: {
  schema: EventSchema; target: CivilStatusEntry | null; onTarget: (e: CivilStatusEntry | null) => void;
  typed: Record<string, string>; onChange: (patch: Record<string, string>) => void;
  errors: Record<string, string>; disabled: boolean; focusAfterPick: () => void;
}) {
  const ref = schema.fields.find((f) => f.kind === 'entry-ref');
  if (!ref) return null;
  const targetSchema = target ? schemaOf(target.eventType, target.schemaVersion) : null;
  const changeField = schema.fields.find((f) => f.key === CHANGE_FIELD);
  const selectId = controlId(CHANGE_FIELD);
  return (
    <fieldset className="section cs-target" data-testid="cs-target">
      <legend>{schema.type === 'change' ? 'Việc hộ tịch được thay đổi' : 'Việc hộ tịch cần cấp bản sao'}</legend>
      <EntryPicker id={controlId(ref.key)} field={ref.key} label={ref.label} picked={target} error={errors[ref.key]} disabled={disabled}
        onPick={(e) => { onTarget(e); onChange({ [ref.key]: e?.id ?? '' }); }} onPicked={focusAfterPick} />
      {changeField && target && (
        <Field label={changeField.label} htmlFor={selectId} error={errors[CHANGE_FIELD]} required
          hint="Nội dung cũ được lấy từ mục đã đăng ký; ghi nội dung mới và lý do.">
          <select id={selectId} data-field={CHANGE_FIELD} value={typed[CHANGE_FIELD] ?? ''} disabled={disabled}
            onChange={(e) => onChange(e.target.value ? changedFieldValues(target, e.target.value) : { [CHANGE_FIELD]: '' })}
            {...describedBy(selectId, errors[CHANGE_FIELD])}>
            <option value="">— Chọn thông tin cần thay đổi —</option>
            {(targetSchema?.fields ?? []).filter((f) => f.kind !== 'entry-ref').map((f) => (
              <option key={f.key} value={f.key}>{f.label}{target.fields[f.key] ? `: ${f.kind === 'date' ? keyToTyped(target.fields[f.key]!) : target.fields[f.key]}` : ''}</option>
            ))}
          </select>
        </Field>
      )}
    </fieldset>
  );
}
