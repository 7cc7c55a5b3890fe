import type { ProcedureVersion } from '../../../shared/contract';
import { ruleReason, type FeeDecision } from '../../../shared/intake/fees';
import { LIMITS } from '../../../shared/validation/limits';
import { Field, describedBy } from '../components/Field';
import { formatMoney } from '../lib/format';
import type { FeeEntry } from './draft';

interface Props {
  procedure: ProcedureVersion | null;
  value: FeeEntry;
  onChange: (fee: FeeEntry) => void;
  /** The fee as decided from what is entered so far (shared/intake/fees.ts), null before a procedure. */
  decision: FeeDecision | null;
  errors: Record<string, string>;
  disabled: boolean;
  onTouch: (field: string) => void;
}

const money = (amount: number) => (amount === 0 ? 'Miễn' : formatMoney(amount));

/**
 * Which of the procedure's fee lines applies, asked only when it has more than one: the date its rule counts
 * from (the child's birth date: on time or late follows from it), and the clerk's choice where nothing decides.
 */
export function FeeSection({ procedure, value, onChange, decision, errors, disabled, onTouch }: Props) {
  if (!procedure || procedure.fees.length < 2 || !decision) return null;
  const label = decision.dateLabel;
  const reason = ruleReason(decision);
  return (
    <fieldset className="section fee" data-testid="fee-section">
      <legend>Phí, lệ phí áp dụng</legend>
      <div className="grid-3">
        {label && (
          <Field label={label} htmlFor="fee-eventDate" error={errors['fee.eventDate']} required
            hint={procedure.fees.find((f) => f.when?.basis)?.when?.basis ?? 'dd/mm/yyyy'}>
            <input id="fee-eventDate" type="text" inputMode="numeric" autoComplete="off" spellCheck={false} placeholder="dd/mm/yyyy"
              value={value.eventDate} disabled={disabled} data-field="fee.eventDate" maxLength={LIMITS.birthDate}
              onChange={(e) => onChange({ ...value, eventDate: e.target.value })} onBlur={() => onTouch('fee.eventDate')}
              {...describedBy('fee-eventDate', errors['fee.eventDate'])} />
          </Field>
        )}
        {decision.choices.length > 1 && (
          <Field label="Khoản phí, lệ phí" htmlFor="fee-line" error={errors['fee.line']} required
            hint={label ? `Không tính được từ ${label.toLowerCase()}: chọn khoản áp dụng.` : 'Chọn khoản áp dụng cho hồ sơ này.'}>
            <select id="fee-line" value={value.line ?? ''} disabled={disabled} data-field="fee.line"
              onChange={(e) => onChange({ ...value, line: e.target.value === '' ? null : Number(e.target.value) })}
              onBlur={() => onTouch('fee.line')} {...describedBy('fee-line', errors['fee.line'])}>
              <option value="">— Chọn —</option>
              {decision.choices.map((i) => (
                <option key={i} value={i}>{procedure.fees[i]!.name}: {money(procedure.fees[i]!.amount)}</option>
              ))}
            </select>
          </Field>
        )}
        <div className="fee-applied" role="status" data-testid="fee-applied">
          {decision.applied.length > 0 && (
            <>
              <span className="label">Áp dụng: </span>
              <strong>{decision.applied.map((l) => `${l.name}: ${money(l.amount)}`).join('; ')}</strong>
              {reason && <div className="muted">{reason}</div>}
            </>
          )}
        </div>
      </div>
    </fieldset>
  );
}
