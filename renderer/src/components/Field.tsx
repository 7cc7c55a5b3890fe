import type { ReactNode } from 'react';

interface Props {
  label: string;
  htmlFor: string;
  error?: string;
  warnings?: string[];
  hint?: string;
  required?: boolean;
  children: ReactNode;
  className?: string;
}

/** Label, control, and the Vietnamese message under it (errors block saving, warnings do not). */
export function Field({ label, htmlFor, error, warnings, hint, required, children, className }: Props) {
  return (
    <div className={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={htmlFor}>
        {label}
        {required && <span className="required" aria-hidden="true"> *</span>}
      </label>
      {children}
      {error && <div className="field-error" id={`${htmlFor}-error`} role="alert">{error}</div>}
      {!error && warnings?.map((w) => <div className="field-warning" key={w}>{w}</div>)}
      {!error && !warnings?.length && hint && <div className="field-hint">{hint}</div>}
    </div>
  );
}

/** aria attributes that tie a control to its message. */
export function describedBy(id: string, error?: string) {
  return error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
}
