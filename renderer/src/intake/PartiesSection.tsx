import type { ProcedureVersion } from '../../../shared/contract';
import type { PartyField } from '../../../shared/contract/parties';
import { normalizePersonName } from '../../../shared/text/vietnamese';
import { LIMITS } from '../../../shared/validation/limits';
import { Field, describedBy } from '../components/Field';
import { emptyParty, shownParties, type PartyDraft, type PartyDrafts } from './parties-draft';

interface Props {
  procedure: ProcedureVersion | null;
  value: PartyDrafts;
  onChange: (parties: PartyDrafts, changedPaths: string[]) => void;
  /** The applicant's address, for "Như địa chỉ người nộp" (spouses often live together). */
  applicantAddress: string;
  errors: Record<string, string>;
  warnings: Record<string, string[]>;
  disabled: boolean;
  onTouch: (field: string) => void;
}

type Key = keyof PartyDraft;
// The applicant's fields in the applicant's order (ApplicantSection), without the e-mail.
const FIELDS: Array<{ key: Key; label: string; max: number; hint?: string; inputMode?: 'numeric' | 'tel'; wide?: boolean }> = [
  { key: 'fullName', label: 'Họ và tên', max: LIMITS.personName, wide: true },
  { key: 'idNumber', label: 'Số định danh cá nhân', max: LIMITS.idNumber, hint: '12 chữ số trên thẻ Căn cước/CCCD', inputMode: 'numeric' },
  { key: 'birthDate', label: 'Ngày sinh', max: LIMITS.birthDate, hint: 'dd/mm/yyyy', inputMode: 'numeric' },
  { key: 'address', label: 'Địa chỉ', max: LIMITS.address, wide: true },
  { key: 'phone', label: 'Điện thoại', max: LIMITS.phone, inputMode: 'tel' },
];

/**
 * The other parties of the dossier (the other spouse of a marriage), one section each under the applicant,
 * shown only when the chosen procedure version names them. Field ids 'parties-<i>-<field>' follow the core's
 * paths ('parties.0.idNumber'), so a refused save puts focus on the first wrong field.
 */
export function PartiesSection({ procedure, value, onChange, applicantAddress, errors, warnings, disabled, onTouch }: Props) {
  const shown = shownParties(procedure, value);
  if (!shown.length) return null;
  return (
    <>
      {shown.map(({ spec, value: party }, i) => {
        const set = (k: Key, v: string) => onChange({ ...value, [spec.role]: { ...(value[spec.role] ?? emptyParty()), [k]: v } }, [`parties.${i}.${k}`]);
        return (
          <fieldset className="section applicant party" key={spec.role} data-testid={`party-${spec.role}`}>
            <legend>{spec.label}</legend>
            <div className="grid-4">
              {FIELDS.map((f) => {
                const id = `parties-${i}-${f.key}`;
                const path = `parties.${i}.${f.key}`;
                const required = f.key === 'fullName' || spec.required[f.key as PartyField];
                return (
                  <Field key={f.key} label={f.label} htmlFor={id} error={errors[path]} warnings={warnings[path]}
                    hint={f.hint} required={required} className={f.wide ? 'span-2' : undefined}>
                    <input
                      id={id} type="text" value={party[f.key]} disabled={disabled} inputMode={f.inputMode}
                      autoComplete="off" spellCheck={false} data-field={path} maxLength={f.max}
                      onChange={(e) => set(f.key, e.target.value)}
                      onBlur={(e) => {
                        if (f.key === 'fullName' && e.target.value.trim()) set('fullName', normalizePersonName(e.target.value));
                        onTouch(path);
                      }}
                      {...describedBy(id, errors[path])}
                    />
                    {f.key === 'address' && (
                      // Reached with Tab after the address (Enter goes on to the next field); Space copies.
                      <button type="button" className="link-button" disabled={disabled || !applicantAddress.trim()}
                        onClick={() => set('address', applicantAddress.trim())} data-testid={`party-${i}-copy-address`}>
                        Như địa chỉ người nộp
                      </button>
                    )}
                  </Field>
                );
              })}
            </div>
          </fieldset>
        );
      })}
    </>
  );
}
