import { describe, expect, it } from 'vitest';
import { validateIdNumber } from '../../../shared/validation/id-number';
import { fieldError, fieldWarning, hasErrors, issuesFor, toFieldIssues } from '../../../shared/validation/result';

describe('field issues', () => {
  it('warnings alone do not block saving', () => {
    const issues = [fieldWarning('idNumber', 'w'), fieldWarning('phone', 'w2')];
    expect(hasErrors(issues)).toBe(false);
    expect(hasErrors([...issues, fieldError('email', 'e')])).toBe(true);
  });

  it('toFieldIssues converts a validator result and issuesFor filters by field', () => {
    const issues = [
      ...toFieldIssues('idNumber', validateIdNumber('003090123456', { sex: 'female' })),
      ...toFieldIssues('ownerIdNumber', validateIdNumber('123')),
    ];
    expect(issuesFor(issues, 'idNumber').map((i) => i.severity)).toEqual(['warning', 'warning']);
    expect(issuesFor(issues, 'ownerIdNumber')).toEqual([
      { field: 'ownerIdNumber', message: 'Số định danh cá nhân phải gồm đúng 12 chữ số (đang có 3 chữ số).', severity: 'error' },
    ]);
  });
});
