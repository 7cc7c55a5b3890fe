import type { Applicant } from './draft';
import { Field, describedBy } from '../components/Field';
import { normalizePersonName } from '../../../shared/text/vietnamese';
import { LIMITS } from '../../../shared/validation/limits';

interface Props {
  value: Applicant;
  onChange: (a: Applicant) => void;
  errors: Record<string, string>;
  warnings: Record<string, string[]>;
  disabled: boolean;
  onTouch: (field: string) => void;
}

type Key = keyof Applicant;
const FIELDS: Array<{ key: Key; label: string; max: number; hint?: string; inputMode?: 'numeric' | 'tel' | 'email'; required?: boolean; wide?: boolean }> = [
  { key: 'fullName', label: 'Họ và tên', max: LIMITS.personName, required: true, wide: true },
  { key: 'idNumber', label: 'Số định danh cá nhân', max: LIMITS.idNumber, hint: '12 chữ số trên thẻ Căn cước/CCCD', inputMode: 'numeric' },
  { key: 'birthDate', label: 'Ngày sinh', max: LIMITS.birthDate, hint: 'dd/mm/yyyy', inputMode: 'numeric' },
  { key: 'address', label: 'Địa chỉ', max: LIMITS.address, wide: true },
  { key: 'phone', label: 'Điện thoại', max: LIMITS.phone, inputMode: 'tel' },
  { key: 'email', label: 'Email', max: LIMITS.email, inputMode: 'email' },
];

export function ApplicantSection({ value, onChange, errors, warnings, disabled, onTouch }: Props) {
  const set = (k: Key, v: string) => onChange({ ...value, [k]: v });
  return (
    <fieldset className="section applicant">
      <legend>Người nộp hồ sơ</legend>
      <div className="grid-4">
        {FIELDS.map((f) => {
          const id = `applicant-${f.key}`;
          const path = `applicant.${f.key}`;
          return (
            <Field key={f.key} label={f.label} htmlFor={id} error={errors[path]} warnings={warnings[path]}
              hint={f.hint} required={f.required} className={f.wide ? 'span-2' : undefined}>
              <input
                id={id} type="text" value={value[f.key]} disabled={disabled} inputMode={f.inputMode}
                autoComplete="off" spellCheck={false} data-field={path}
                maxLength={f.max}
                onChange={(e) => set(f.key, e.target.value)}
                onBlur={(e) => {
                  // Names are registered as "Nguyễn Văn An": fix the capitals once the clerk leaves the field.
                  if (f.key === 'fullName' && e.target.value.trim()) set('fullName', normalizePersonName(e.target.value));
                  onTouch(path);
                }}
                {...describedBy(id, errors[path])}
              />
            </Field>
          );
        })}
      </div>
    </fieldset>
  );
}
