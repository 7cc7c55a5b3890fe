// The dossier-number pattern's one rule (shared/validation/number-pattern.ts): the core's office schema and
// office.update, and the office fields of setup and Quản trị → Cơ quan, refuse the same patterns with the same
// Vietnamese message (issue 8 follow-up d).
import { describe, expect, it } from 'vitest';
import { officeSchema } from '../../../shared/contract';
import { numberPatternProblem, SEQUENCE_PERIOD_TEXT, sequencePeriod } from '../../../shared/validation/number-pattern';
import { checkOffice, DEFAULT_OFFICE } from '../../../renderer/src/components/OfficeFields';
import { OFFICE } from '../../support/fixtures';

describe('numberPatternProblem', () => {
  it.each([
    ['{agency}-{yy}{MM}{dd}-{seq:4}', ''],
    ['{agency}-{yyyy}{MM}{dd}-{seq}', ''],
    ['{agency}/{yy}{MM}/{seq:3}', ''],
    ['{agency}-{yy}-{seq:6}', ''],
    ['{agency}-{seq:4}', ''],
    ['{agency}-{yy}{MM}{dd}-{counter}{seq:3}', 'Q2'],
  ])('accepts %s (counter code %j)', (pattern, counter) => {
    expect(numberPatternProblem(pattern, counter)).toBeNull();
  });

  it.each([
    ['{agency}-{yy}{MM}{dd}', '', /phải có \{seq\}/],
    ['{agency}-{dd}-{seq:4}', '', /ngày \{dd\} nhưng thiếu tháng \{MM\}.*Thêm \{MM\}/],
    ['{agency}-{yy}{dd}-{seq:4}', '', /thiếu tháng \{MM\}/],
    ['{agency}-{MM}{dd}-{seq:4}', '', /thiếu năm \{yy\} hoặc \{yyyy\}.*Thêm \{yy\}/],
    ['{agency}-{yy}{MM}{DD}-{seq:4}', '', /"\{DD\}" không phải trường được hỗ trợ/],
    ['{agency}-{seq:12}', '', /"\{seq:12\}" không phải trường/],
    ['{agency}-{yy}{MM}{dd-{seq:4}', '', /dấu \{ hoặc \} lẻ|không phải trường/],
    ['{agency}-{yy}{MM}{dd}-{seq:4}}', '', /dấu \{ hoặc \} lẻ/],
    ['{agency}-{yy}{MM}{dd}-{seq:4}', 'Q2', /mã quầy.*\{counter\}/],
  ])('refuses %s (counter code %j) saying what to do', (pattern, counter, message) => {
    expect(numberPatternProblem(pattern, counter)).toMatch(message);
  });

  it('the sequence restarts only when what the pattern prints changes', () => {
    expect(sequencePeriod('{agency}-{yy}{MM}{dd}-{seq:4}')).toBe('day');
    expect(sequencePeriod('{agency}-{yyyy}{MM}-{seq:4}')).toBe('month');
    expect(sequencePeriod('{agency}-{yy}-{seq:4}')).toBe('year');
    expect(sequencePeriod('{agency}-{seq:4}')).toBe('ever');
    expect(SEQUENCE_PERIOD_TEXT.day).toBe('Số thứ tự bắt đầu lại mỗi ngày.');
  });
});

describe('one rule for the core and the office screens', () => {
  const patterns: [string, string][] = [
    ['{agency}-{dd}-{seq:4}', ''], ['{agency}-{MM}{dd}-{seq:4}', ''], ['{agency}-{yy}{MM}{DD}-{seq:4}', ''],
    ['{agency}-{yy}{MM}{dd}', ''], ['{agency}-{yy}{MM}{dd}-{seq:4}', 'Q2'], ['{agency}-{seq:4}', ''], ['{agency}-{yy}{MM}{dd}-{counter}{seq:3}', 'Q2'],
  ];
  it.each(patterns)('%s (counter code %j): the office fields show the message the core answers, before saving', (numberPattern, counterCode) => {
    const expected = numberPatternProblem(numberPattern, counterCode) ?? undefined;
    // What the screen shows next to the field (setup and Cơ quan share OfficeFields' check).
    expect(checkOffice({ ...DEFAULT_OFFICE, ...OFFICE, numberPattern, counterCode }).numberPattern).toBe(expected);
    // What the core's boundary answers for office.update and setup.initialize.
    const parsed = officeSchema.safeParse({ ...OFFICE, numberPattern, counterCode });
    const issues = parsed.success ? [] : parsed.error.issues.filter((i) => i.path.join('.') === 'numberPattern').map((i) => i.message);
    expect(issues).toEqual(expected ? [expected] : []);
  });
});
