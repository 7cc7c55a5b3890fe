// The fee lines of a new version, each with the rule that decides when it applies (shared/intake/fees.ts):
// counted in days from a date the clerk enters at intake, within or after N days, carried over a day off
// (Bộ luật Dân sự 2015, Điều 148 khoản 5) unless unticked. Keyboard first: the condition is a select under
// each line (arrows change it, focus stays), its fields follow in Tab order; adding a line puts focus in it,
// removing one on the next line (or "+ Thêm khoản thu"). The core checks the rules (createVersion); its
// messages come back at fees.N.when.* and are shown under the cell they name.
import type { FeeSpec } from '../../../shared/contract';
import { DAY_OFF_BASIS } from '../../../shared/intake/fees';
import { LIMITS } from '../../../shared/validation';
import { describedBy } from '../components/Field';
import './fee-lines.css';

export interface RuleForm { kind: 'within' | 'after'; days: string; countFrom: string; basis: string; dayOffExtends: boolean }
export interface FeeForm { name: string; amount: number; note: string; rule: RuleForm | null }

export function toFeeForm(f: FeeSpec): FeeForm {
  const w = f.when;
  const rule: RuleForm | null = w ? {
    kind: w.withinDays !== undefined ? 'within' : 'after', days: String(w.withinDays ?? w.afterDays ?? ''),
    countFrom: w.countFrom, basis: w.basis ?? '', dayOffExtends: w.dayOffExtends !== false,
  } : null;
  return { name: f.name, amount: f.amount, note: f.note ?? '', rule };
}

/** The line as the contract takes it; days left empty are sent as none, so the core names the field. */
export function toFeeSpec(f: FeeForm): FeeSpec {
  const { rule, ...line } = f;
  if (!rule) return line;
  const days = rule.days.trim() === '' ? undefined : Number(rule.days);
  return {
    ...line,
    when: {
      countFrom: rule.countFrom, ...(rule.kind === 'within' ? { withinDays: days } : { afterDays: days }),
      ...(rule.basis.trim() ? { basis: rule.basis } : {}), dayOffExtends: rule.dayOffExtends,
    },
  };
}

/** The id of a fee rule path's control, for the first-error focus ('fees.0.when.afterDays' → the days input). */
export function feeFieldId(path: string): string | undefined {
  const m = /^fees\.(\d+)\.when\.(withinDays|afterDays)$/.exec(path);
  return m ? `fees-${m[1]}-when-days` : undefined;
}

type Kind = 'none' | RuleForm['kind'];

/** A new rule takes what the version's other rules say (the same date; the other side of the same days). */
function newRule(kind: RuleForm['kind'], fees: readonly FeeForm[], i: number): RuleForm {
  const other = fees.find((f, j) => j !== i && f.rule)?.rule;
  return { kind, days: other?.days ?? '', countFrom: other?.countFrom ?? '', basis: other?.basis ?? '', dayOffExtends: other?.dayOffExtends ?? true };
}

function CellError({ id, error }: { id: string; error?: string }) {
  return error ? <div className="field-error" id={`${id}-error`} role="alert">{error}</div> : null;
}

export function FeeLinesEditor({ fees, errors, onChange, onAdd, onRemove }: {
  fees: FeeForm[]; errors: Record<string, string>;
  onChange: (fees: FeeForm[]) => void; onAdd: () => void; onRemove: (i: number) => void;
}) {
  const setFee = (i: number, p: Partial<FeeForm>) => onChange(fees.map((f, j) => (j === i ? { ...f, ...p } : f)));
  const setRule = (i: number, p: Partial<RuleForm>) => setFee(i, { rule: { ...fees[i]!.rule!, ...p } });
  const setKind = (i: number, kind: Kind) => {
    const rule = fees[i]!.rule;
    setFee(i, { rule: kind === 'none' ? null : rule ? { ...rule, kind } : newRule(kind, fees, i) });
  };

  return (
    <>
      <table className="table compact version-fees">
        <thead><tr><th>Khoản thu</th><th>Số tiền (đồng)</th><th>Ghi chú</th><th /></tr></thead>
        {fees.map((f, i) => {
          const cell = (key: string) => ({ id: `fees-${i}-${key.replace(/\./g, '-')}`, error: errors[`fees.${i}.${key}`] });
          const name = cell('name'), amount = cell('amount'), note = cell('note');
          const when = cell('when'), countFrom = cell('when.countFrom'), basis = cell('when.basis');
          const daysId = `fees-${i}-when-days`;
          const daysError = errors[`fees.${i}.when.withinDays`] ?? errors[`fees.${i}.when.afterDays`];
          const r = f.rule;
          return (
            <tbody key={i} data-testid={`fee-line-${i}`}>
              <tr>
                <td className={name.error ? 'has-error' : undefined}>
                  <input id={name.id} value={f.name} maxLength={LIMITS.feeName} aria-label={`Khoản thu ${i + 1}`} {...describedBy(name.id, name.error)} onChange={(e) => setFee(i, { name: e.target.value })} />
                  <CellError {...name} />
                </td>
                <td className={amount.error ? 'has-error' : undefined}>
                  <input id={amount.id} type="number" min={0} step={1000} value={f.amount} aria-label="Số tiền" {...describedBy(amount.id, amount.error)} onChange={(e) => setFee(i, { amount: Number(e.target.value) })} />
                  <CellError {...amount} />
                </td>
                <td className={note.error ? 'has-error' : undefined}>
                  <input id={note.id} value={f.note} maxLength={LIMITS.feeNote} aria-label="Ghi chú" {...describedBy(note.id, note.error)} onChange={(e) => setFee(i, { note: e.target.value })} />
                  <CellError {...note} />
                </td>
                <td><button type="button" className="icon-button" aria-label={`Xóa khoản thu ${i + 1}`} onClick={() => onRemove(i)}>×</button></td>
              </tr>
              <tr className="fee-rule">
                <td colSpan={4}>
                  <div className="inline fee-rule-fields">
                    <span className={when.error ? 'has-error' : undefined}>
                      <label htmlFor={when.id}>Áp dụng</label>
                      <select id={when.id} value={r?.kind ?? 'none'} aria-label={`Điều kiện áp dụng khoản thu ${i + 1}`} {...describedBy(when.id, when.error)}
                        onChange={(e) => setKind(i, e.target.value as Kind)}>
                        <option value="none">Không điều kiện (cán bộ chọn khi có nhiều khoản)</option>
                        <option value="within">Khi tiếp nhận trong … ngày</option>
                        <option value="after">Khi tiếp nhận sau … ngày</option>
                      </select>
                    </span>
                    {r && (
                      <>
                        <span className={daysError ? 'has-error' : undefined}>
                          <input id={daysId} type="number" className="qty" min={0} max={36_500} step={1} value={r.days} aria-label={r.kind === 'within' ? 'Trong số ngày' : 'Sau số ngày'}
                            {...describedBy(daysId, daysError)} onChange={(e) => setRule(i, { days: e.target.value })} />
                          <span>ngày kể từ</span>
                        </span>
                        <span className={countFrom.error ? 'has-error' : undefined}>
                          <input id={countFrom.id} className="fee-rule-from" value={r.countFrom} maxLength={LIMITS.feeName} placeholder="VD: Ngày sinh của trẻ" aria-label="Tính từ ngày (cán bộ nhập khi tiếp nhận)"
                            autoComplete="off" {...describedBy(countFrom.id, countFrom.error)} onChange={(e) => setRule(i, { countFrom: e.target.value })} />
                        </span>
                        <span className={basis.error ? 'has-error' : undefined}>
                          <span>Căn cứ</span>
                          <input id={basis.id} className="fee-rule-basis" value={r.basis} maxLength={LIMITS.feeNote} placeholder="VD: Luật Hộ tịch, Điều 16" aria-label="Căn cứ của điều kiện"
                            autoComplete="off" {...describedBy(basis.id, basis.error)} onChange={(e) => setRule(i, { basis: e.target.value })} />
                        </span>
                        <label className="fee-rule-dayoff">
                          <input type="checkbox" id={`fees-${i}-when-dayOffExtends`} checked={r.dayOffExtends} onChange={(e) => setRule(i, { dayOffExtends: e.target.checked })} />
                          Hạn rơi vào ngày nghỉ thì kéo dài đến hết ngày làm việc tiếp theo ({DAY_OFF_BASIS})
                        </label>
                      </>
                    )}
                  </div>
                  <CellError {...when} />
                  {r && <CellError id={daysId} error={daysError} />}
                  <CellError {...countFrom} />
                  <CellError {...basis} />
                </td>
              </tr>
            </tbody>
          );
        })}
      </table>
      {errors.fees && <div className="field-error" role="alert">{errors.fees}</div>}
      <button type="button" id="v-fee-add" className="link-button" disabled={fees.length >= 20} onClick={onAdd}>+ Thêm khoản thu</button>
      <p className="field-hint">Các khoản thu là các khoản thay thế nhau: mỗi hồ sơ áp dụng một khoản. Điều kiện (VD trong 60 ngày / sau 60 ngày kể từ ngày sinh của trẻ) để ứng dụng tự chọn khoản khi tiếp nhận; không có điều kiện thì cán bộ chọn.</p>
    </>
  );
}
