// Shapes shared by the validators, so forms can show any field's problems the same way.

/** A single-value check: the normalized value, or a Vietnamese message for the user. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

export type Severity = 'error' | 'warning';

/** One problem on one form field; warnings are shown but do not block saving. */
export interface FieldIssue {
  field: string;
  message: string;
  severity: Severity;
}

export function fieldError(field: string, message: string): FieldIssue {
  return { field, message, severity: 'error' };
}

export function fieldWarning(field: string, message: string): FieldIssue {
  return { field, message, severity: 'warning' };
}

/** True when at least one issue blocks saving. */
export function hasErrors(issues: readonly FieldIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

export function issuesFor(issues: readonly FieldIssue[], field: string): FieldIssue[] {
  return issues.filter((i) => i.field === field);
}

/** Turns a validator's `{ errors, warnings }` into field issues. */
export function toFieldIssues(field: string, r: { errors: readonly string[]; warnings: readonly string[] }): FieldIssue[] {
  return [...r.errors.map((m) => fieldError(field, m)), ...r.warnings.map((m) => fieldWarning(field, m))];
}
