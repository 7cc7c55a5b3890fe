import type { RegisterBook } from '../../../shared/contract/api-civil-status';
import { describedBy, Field } from '../components/Field';
export { checkExternalNumber } from './entry-form';

export interface Numbering { external: boolean; number: string }

export const EXTERNAL_NUMBER_ID = 'cs-number-external';
export const EXTERNAL_TOGGLE_ID = 'cs-number-toggle';

/**
 * "Số: …, Quyển số: …": the number the app proposes in the open book of the year, or — the check box, Space —
 * the number the Ministry's shared civil-status software gave (the core checks it is free in the book).
 */
export function NumberingSection({ book, year, proposed, value, onChange, error, disabled }: {
  book: RegisterBook | null; year: number; proposed: number | null; value: Numbering; onChange: (n: Numbering) => void; error?: string; disabled: boolean;
}) {
  const bookText = book ? `Quyển số ${book.label}` : `quyển số mới của năm ${year} (mở khi đăng ký)`;
  return (
    <fieldset className="section cs-numbering" data-testid="cs-numbering">
      <legend>Số đăng ký</legend>
      <div className="cs-number-line">
        {!value.external && (
          <span data-testid="cs-proposed">Số đề xuất: <strong className="cs-number">{proposed ?? 1}</strong>, {bookText}</span>
        )}
        {value.external && (
          <Field label={`Số do phần mềm hộ tịch dùng chung cấp (${bookText})`} htmlFor={EXTERNAL_NUMBER_ID} error={error} required
            hint="Phần mềm kiểm tra số này chưa dùng trong quyển.">
            <input id={EXTERNAL_NUMBER_ID} type="text" inputMode="numeric" maxLength={5} value={value.number} disabled={disabled}
              data-field="number.entryNumber" autoComplete="off" onChange={(e) => onChange({ ...value, number: e.target.value })}
              {...describedBy(EXTERNAL_NUMBER_ID, error)} />
          </Field>
        )}
        <label className="inline">
          <input type="checkbox" id={EXTERNAL_TOGGLE_ID} checked={value.external} disabled={disabled} data-enter-skip=""
            onChange={(e) => onChange({ ...value, external: e.target.checked })} data-testid="cs-external-toggle" />
          Nhập số do phần mềm hộ tịch dùng chung của Bộ Tư pháp cấp
        </label>
      </div>
    </fieldset>
  );
}
