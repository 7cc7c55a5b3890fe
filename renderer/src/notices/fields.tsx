// Small controls of the notify settings form: ids follow the core's field paths (notify-email-host for
// 'email.host'), so the shared first-error focus finds the control of every message.
import type { ReactNode } from 'react';
import { describedBy, Field } from '../components/Field';

export const controlId = (path: string) => `notify-${path.replace(/\./g, '-')}`;

export function TextField({ path, label, value, onChange, errors, hint, type = 'text', placeholder, className, maxLength }: {
  path: string; label: string; value: string; onChange: (v: string) => void; errors: Record<string, string>;
  hint?: string; type?: string; placeholder?: string; className?: string; maxLength?: number;
}) {
  const id = controlId(path);
  return (
    <Field label={label} htmlFor={id} error={errors[path]} hint={hint} className={className}>
      <input id={id} type={type} value={value} spellCheck={false} placeholder={placeholder} maxLength={maxLength}
        autoComplete={type === 'password' ? 'new-password' : 'off'} onChange={(e) => onChange(e.target.value)} {...describedBy(id, errors[path])} />
    </Field>
  );
}

export function SelectField<T extends string>({ path, label, value, options, onChange, errors, hint }: {
  path: string; label: string; value: T; options: ReadonlyArray<readonly [T, string]>; onChange: (v: T) => void; errors: Record<string, string>; hint?: string;
}) {
  const id = controlId(path);
  return (
    <Field label={label} htmlFor={id} error={errors[path]} hint={hint}>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)} {...describedBy(id, errors[path])}>
        {options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
      </select>
    </Field>
  );
}

export function AreaField({ path, label, value, onChange, errors, hint, rows = 3, maxLength, children }: {
  path: string; label: string; value: string; onChange: (v: string) => void; errors: Record<string, string>;
  hint?: string; rows?: number; maxLength?: number; children?: ReactNode;
}) {
  const id = controlId(path);
  return (
    <Field label={label} htmlFor={id} error={errors[path]} hint={hint}>
      <textarea id={id} rows={rows} value={value} maxLength={maxLength} onChange={(e) => onChange(e.target.value)} {...describedBy(id, errors[path])} />
      {children}
    </Field>
  );
}
