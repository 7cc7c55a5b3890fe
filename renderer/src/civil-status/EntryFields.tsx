import type { EventSchema, FieldDef } from '../../../shared/civil-status/types';
import { normalizePersonName } from '../../../shared/text/vietnamese';
import { describedBy, Field } from '../components/Field';
import { controlId, dateWords, fieldsByGroup, type Typed } from './entry-form';

interface Props {
  schema: EventSchema;
  typed: Typed;
  /** Messages to show now (the screen decides which: left after a change, or all after a refused save). */
  errors: Record<string, string>;
  warnings: Record<string, string[]>;
  disabled: boolean;
  onChange: (key: string, value: string) => void;
  /** The officer left a field (its message may show now). */
  onLeave: (key: string) => void;
  /** Fields drawn elsewhere (an entry picked from the book). */
  skip?: (f: FieldDef) => boolean;
}

/**
 * The event's fields, drawn from its schema: one section per group (Trẻ em, Cha, Mẹ…), each field with its label,
 * required mark, hint and message; dates with the date in words beside them, as the certificate writes it.
 * Enter moves to the next field (the form's handler); nothing here takes keys of its own.
 */
export function EntryFields({ schema, typed, errors, warnings, disabled, onChange, onLeave, skip }: Props) {
  return (
    <>
      {fieldsByGroup(schema).map((g) => {
        const fields = g.fields.filter((f) => !skip?.(f));
        if (!fields.length) return null;
        return (
          <fieldset key={g.key} className="section cs-group" data-group={g.key}>
            <legend>{g.label}</legend>
            <div className="cs-grid">
              {fields.map((f) => (
                <EntryField key={f.key} field={f} value={typed[f.key] ?? ''} error={errors[f.key]} warnings={warnings[f.key]}
                  disabled={disabled} onChange={(v) => onChange(f.key, v)} onLeave={() => onLeave(f.key)} />
              ))}
            </div>
          </fieldset>
        );
      })}
    </>
  );
}

const WIDE = new Set<FieldDef['kind']>(['name', 'place', 'address', 'text']);

function EntryField({ field: f, value, error, warnings, disabled, onChange, onLeave }: {
  field: FieldDef; value: string; error?: string; warnings?: string[]; disabled: boolean;
  onChange: (v: string) => void; onLeave: () => void;
}) {
  const id = controlId(f.key);
  const common = { id, disabled, 'data-field': f.key, onBlur: onLeave, ...describedBy(id, error) };
  const words = f.kind === 'date' ? dateWords(value) : '';
  const hint = f.kind === 'date' ? (f.hint ?? 'ngày/tháng/năm, ví dụ 05/03/2026')
    : f.kind === 'id-number' ? (f.hint ?? '12 chữ số trên thẻ Căn cước/CCCD') : f.hint;
  let control;
  if (f.kind === 'sex' || f.kind === 'choice') {
    const options = f.kind === 'sex' ? ['Nam', 'Nữ'] : (f.options ?? []);
    control = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{f.required ? '— Chọn —' : '— Không ghi —'}</option>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  } else if (f.kind === 'text' && (f.max ?? 0) > 300) {
    control = <textarea {...common} rows={2} value={value} maxLength={f.max} onChange={(e) => onChange(e.target.value)} />;
  } else {
    const numeric = ['date', 'id-number', 'year', 'count', 'time'].includes(f.kind);
    control = (
      <input {...common} type="text" value={value} autoComplete="off" spellCheck={false} maxLength={f.max && f.kind !== 'year' && f.kind !== 'count' ? f.max : undefined}
        inputMode={numeric ? 'numeric' : undefined}
        onChange={(e) => onChange(e.target.value)}
        onBlur={(e) => {
          // Names are registered as "Nguyễn Văn An": the capitals are fixed once the officer leaves the field.
          if (f.kind === 'name' && e.target.value.trim()) onChange(normalizePersonName(e.target.value));
          onLeave();
        }} />
    );
  }
  return (
    <Field label={f.label} htmlFor={id} error={error} warnings={warnings} hint={words ? undefined : hint} required={f.required}
      className={WIDE.has(f.kind) ? 'span-2' : undefined}>
      {control}
      {words && <div className="cs-date-words" data-testid={`${id}-words`} aria-live="polite">Bằng chữ: {words}</div>}
    </Field>
  );
}
