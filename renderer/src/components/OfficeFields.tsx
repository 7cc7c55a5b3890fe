import { checkWorkingHours } from '../../../shared/calendar/working-hours';
import type { Office } from '../../../shared/contract';
import { LIMITS } from '../../../shared/validation/limits';
import { numberPatternProblem, SEQUENCE_PERIOD_TEXT, sequencePeriod } from '../../../shared/validation/number-pattern';
import { Field, describedBy } from './Field';

export const DEFAULT_OFFICE: Office = {
  governingBody: '', officeName: 'BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ', place: '', agencyCode: '',
  address: '', phone: '', website: '', lookupUrl: '',
  workingHours: { intervals: [{ start: '07:30', end: '11:30' }, { start: '13:30', end: '17:00' }] },
  dueTime: 'end-of-day', numberPattern: '{agency}-{yy}{MM}{dd}-{seq:4}', counterCode: '',
};

/** The text fields and their longest value, from the limits the core checks. */
const MAX_LENGTH = {
  governingBody: LIMITS.governingBody, officeName: LIMITS.officeName, place: LIMITS.place, agencyCode: LIMITS.agencyCode,
  address: LIMITS.officeAddress, phone: LIMITS.officePhone, website: LIMITS.website, numberPattern: LIMITS.numberPattern,
  counterCode: LIMITS.counterCode,
} as const;

const AGENCY_CODE = /^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[0-9A-Z]{3}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Inline checks mirroring officeSchema; keys are the schema's field paths ('office.' prefix added by callers). */
export function checkOffice(o: Office): Record<string, string> {
  const e: Record<string, string> = {};
  if (!o.governingBody.trim()) e.governingBody = 'Nhập tên cơ quan chủ quản (VD: UBND PHƯỜNG …)';
  if (!o.officeName.trim()) e.officeName = 'Nhập tên bộ phận/trung tâm';
  if (!o.place.trim()) e.place = 'Nhập địa danh ghi trên phiếu';
  if (!AGENCY_CODE.test(o.agencyCode.trim())) e.agencyCode = 'Mã định danh cơ quan gồm 13 ký tự, dạng 000.00.13.H42';
  // The core checks the hours with the same function (officeSchema), overlaps included.
  for (const issue of checkWorkingHours(o.workingHours)) {
    const key = issue.interval === null ? 'workingHours' : `workingHours.intervals.${issue.interval}`;
    e[key] ??= issue.message;
  }
  if (o.dueTime !== 'end-of-day' && !HHMM.test(o.dueTime)) e.dueTime = 'Giờ phải có dạng HH:MM';
  // The core's own rule (shared), so a pattern that could repeat a number is refused here with its message.
  const pattern = numberPatternProblem(o.numberPattern, o.counterCode.trim());
  if (pattern) e.numberPattern = pattern;
  return e;
}

/** The id of the control a field path of the office names (for focus on the first error). */
export function officeFieldId(idPrefix: string, path: string): string {
  const hours = /^workingHours(?:\.intervals\.(\d+))?/.exec(path);
  return hours ? `${idPrefix}-hours-${hours[1] ?? 0}` : `${idPrefix}-${path}`;
}

interface Props {
  value: Office;
  onChange: (o: Office) => void;
  errors: Record<string, string>;
  idPrefix: string;
}

/** Office settings, shared by first-run setup and the admin screen. */
export function OfficeFields({ value, onChange, errors, idPrefix }: Props) {
  const set = <K extends keyof Office>(k: K, v: Office[K]) => onChange({ ...value, [k]: v });
  // The number pattern is checked as it is typed (the rule the core applies), not only when saving: the admin
  // sees at once why a pattern would repeat numbers, and how often the sequence restarts.
  const shown: Record<string, string | undefined> = {
    ...errors, numberPattern: errors.numberPattern ?? numberPatternProblem(value.numberPattern, value.counterCode.trim()) ?? undefined,
  };
  const text = (k: keyof typeof MAX_LENGTH, label: string, opts: { hint?: string; required?: boolean; wide?: boolean } = {}) => {
    const id = `${idPrefix}-${k}`;
    return (
      <Field label={label} htmlFor={id} error={shown[k]} hint={opts.hint} required={opts.required} className={opts.wide ? 'span-2' : undefined}>
        <input id={id} type="text" value={value[k]} spellCheck={false} maxLength={MAX_LENGTH[k]}
          onChange={(e) => set(k, e.target.value)}
          {...describedBy(id, shown[k])} />
      </Field>
    );
  };
  const intervals = value.workingHours.intervals;
  const setInterval = (i: number, part: 'start' | 'end', v: string) =>
    set('workingHours', { intervals: intervals.map((iv, j) => (j === i ? { ...iv, [part]: v } : iv)) });

  return (
    <>
      <fieldset className="section">
        <legend>Cơ quan</legend>
        <div className="grid-2">
          {text('governingBody', 'Cơ quan chủ quản', { required: true, hint: 'VD: UBND PHƯỜNG BA ĐÌNH' })}
          {text('officeName', 'Tên bộ phận', { required: true, hint: 'VD: BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ' })}
          {text('place', 'Địa danh ghi trên phiếu', { required: true, hint: 'VD: Ba Đình (… , ngày … tháng … năm …)' })}
          {text('agencyCode', 'Mã định danh cơ quan', { required: true, hint: '13 ký tự, VD: 000.00.13.H42' })}
          {text('address', 'Địa chỉ', { wide: true })}
          {text('phone', 'Điện thoại')}
          {text('website', 'Trang thông tin (nếu có)')}
        </div>
      </fieldset>
      <fieldset className="section">
        <legend>Giờ làm việc và số hồ sơ</legend>
        <div className="grid-2">
          {intervals.map((iv, i) => {
            const id = `${idPrefix}-hours-${i}`;
            const err = errors[`workingHours.intervals.${i}`];
            return (
              <Field key={i} label={i === 0 ? 'Buổi sáng' : i === 1 ? 'Buổi chiều' : `Khoảng ${i + 1}`} htmlFor={id} error={err}>
                <div className="inline">
                  <input id={id} type="text" className="time" value={iv.start} maxLength={LIMITS.hhmm} aria-label="Từ giờ" onChange={(e) => setInterval(i, 'start', e.target.value)} {...describedBy(id, err)} />
                  <span>đến</span>
                  <input type="text" className="time" value={iv.end} maxLength={LIMITS.hhmm} aria-label="Đến giờ" onChange={(e) => setInterval(i, 'end', e.target.value)} />
                </div>
              </Field>
            );
          })}
          {errors.workingHours && <div className="field-error span-2" id={`${idPrefix}-hours-error`} role="alert">{errors.workingHours}</div>}
          <Field label="Giờ hẹn trả trong ngày hẹn" htmlFor={`${idPrefix}-dueTime`} error={errors.dueTime}
            hint="Để trống: hết giờ làm việc">
            <input id={`${idPrefix}-dueTime`} type="text" className="time" maxLength={LIMITS.hhmm}
              value={value.dueTime === 'end-of-day' ? '' : value.dueTime} placeholder="HH:MM"
              onChange={(e) => set('dueTime', e.target.value.trim() ? e.target.value.trim() : 'end-of-day')} />
          </Field>
          {text('numberPattern', 'Mẫu số hồ sơ', { hint: `{agency} {yy} {MM} {dd} {yyyy} {counter} {seq:4}. ${SEQUENCE_PERIOD_TEXT[sequencePeriod(value.numberPattern)]}` })}
          {text('counterCode', 'Mã quầy (nếu có nhiều máy)', { hint: 'Để hai máy không cấp trùng số' })}
        </div>
      </fieldset>
    </>
  );
}
