// The fee lines of a new version, each with the rule that decides when it applies (shared/intake/fees.ts):
// counted in days from a date the clerk enters at intake, within or after N days, carried over a day off
// (Bộ luật Dân sự 2015, Điều 148 khoản 5) unless unticked. Keyboard first: the condition is a select under
// each line (arrows change it, focus stays), its fields follow in Tab order; adding a line puts focus in it,
// removing one on the next line (or "+ Thêm khoản thu"). The core checks the rules (createVersion); its
// messages come back at fees.N.when.* and are shown under the cell they name.
import type { FeeSpec } from '../../../shared/contract';
import { DAY_OFF_BASIS } from '../../../shared/intake/fees';
import { COLLECT_AT, COLLECT_AT_NAMES, FIXED, type CollectAt, type FeePricing } from '../../../shared/fees/pricing';
import { LIMITS } from '../../../shared/validation';
import { describedBy } from '../components/Field';
import './fee-lines.css';

export interface RuleForm { kind: 'within' | 'after'; days: string; countFrom: string; basis: string; dayOffExtends: boolean }
/** How the amount is reached (shared/fees/pricing.ts) and when it is collected; absent on a new line: fixed, at receipt. */
export interface PricingForm { kind: FeePricing['kind']; tiers: { fromPage: string; amount: string }[]; cap: string }
export interface FeeForm { name: string; amount: number; note: string; rule: RuleForm | null; pricing?: PricingForm; collect?: CollectAt }

export function toFeeForm(f: FeeSpec): FeeForm {
  const w = f.when;
  const rule: RuleForm | null = w ? {
    kind: w.withinDays !== undefined ? 'within' : 'after', days: String(w.withinDays ?? w.afterDays ?? ''),
    countFrom: w.countFrom, basis: w.basis ?? '', dayOffExtends: w.dayOffExtends !== false,
  } : null;
  const p = f.pricing ?? FIXED;
  const pricing: PricingForm = p.kind === 'per-page'
    ? { kind: 'per-page', tiers: p.tiers.map((t) => ({ fromPage: String(t.fromPage), amount: String(t.amount) })), cap: p.cap === undefined ? '' : String(p.cap) }
    : { kind: p.kind, tiers: [], cap: '' };
  return { name: f.name, amount: f.amount, note: f.note ?? '', rule, pricing, collect: f.collect ?? 1 };
}

/** The pricing as the contract takes it; numbers left empty go as NaN, so the core names the cell. */
function toPricing(p: PricingForm | undefined): FeePricing {
  if (!p || p.kind === 'fixed') return FIXED;
  if (p.kind === 'per-copy') return { kind: 'per-copy' };
  return {
    kind: 'per-page', tiers: p.tiers.map((t) => ({ fromPage: Number(t.fromPage), amount: Number(t.amount) })),
    ...(p.cap.trim() ? { cap: Number(p.cap) } : {}),
  };
}

/** The line as the contract takes it; days left empty are sent as none, so the core names the field. */
export function toFeeSpec(f: FeeForm): FeeSpec {
  const { rule, pricing, collect, ...rest } = f;
  const line: FeeSpec = { ...rest, pricing: toPricing(pricing), collect: collect ?? 1 };
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
              <PricingRow i={i} f={f} errors={errors} onChange={(p) => setFee(i, p)} />
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

const PRICING_NAMES: Record<FeePricing['kind'], string> = { fixed: 'Mức cố định', 'per-page': 'Theo trang (mức theo trang, tối đa mỗi bản)', 'per-copy': 'Theo số bản sao' };

/**
 * How a line is priced and when it is collected (issue 11): a select each (arrows change them, focus stays);
 * per page, the tiers (from page N, so much a page) and the cap per document follow in Tab order.
 */
function PricingRow({ i, f, errors, onChange }: { i: number; f: FeeForm; errors: Record<string, string>; onChange: (p: Partial<FeeForm>) => void }) {
  const p = f.pricing ?? { kind: 'fixed', tiers: [], cap: '' };
  const set = (q: Partial<PricingForm>) => onChange({ pricing: { ...p, ...q } });
  const setKind = (kind: FeePricing['kind']) => set({ kind, tiers: kind === 'per-page' && !p.tiers.length ? [{ fromPage: '1', amount: String(f.amount || '') }] : p.tiers });
  const setTier = (t: number, q: Partial<PricingForm['tiers'][number]>) => set({ tiers: p.tiers.map((x, j) => (j === t ? { ...x, ...q } : x)) });
  const err = (key: string) => errors[`fees.${i}.pricing.${key}`];
  return (
    <tr className="fee-pricing">
      <td colSpan={4}>
        <div className="inline fee-rule-fields">
          <span>
            <label htmlFor={`fees-${i}-pricing-kind`}>Cách tính</label>
            <select id={`fees-${i}-pricing-kind`} value={p.kind} aria-label={`Cách tính khoản thu ${i + 1}`} onChange={(e) => setKind(e.target.value as FeePricing['kind'])}>
              {(Object.keys(PRICING_NAMES) as FeePricing['kind'][]).map((k) => <option key={k} value={k}>{PRICING_NAMES[k]}</option>)}
            </select>
          </span>
          {p.kind === 'per-page' && p.tiers.map((t, j) => (
            <span key={j} className={err(`tiers.${j}.fromPage`) || err(`tiers.${j}.amount`) ? 'has-error' : undefined}>
              <span>từ trang</span>
              <input id={`fees-${i}-pricing-tiers-${j}-fromPage`} type="number" className="qty" min={1} value={t.fromPage} aria-label={`Mức ${j + 1}: từ trang`} onChange={(e) => setTier(j, { fromPage: e.target.value })} />
              <input id={`fees-${i}-pricing-tiers-${j}-amount`} type="number" min={0} step={500} value={t.amount} aria-label={`Mức ${j + 1}: số tiền mỗi trang`} onChange={(e) => setTier(j, { amount: e.target.value })} />
              <span>đ/trang</span>
              {p.tiers.length > 1 && <button type="button" className="icon-button" aria-label={`Xóa mức ${j + 1}`} onClick={() => set({ tiers: p.tiers.filter((_, k) => k !== j) })}>×</button>}
            </span>
          ))}
          {p.kind === 'per-page' && (
            <>
              <button type="button" className="link-button" disabled={p.tiers.length >= 10}
                onClick={() => set({ tiers: [...p.tiers, { fromPage: String(Number(p.tiers.at(-1)?.fromPage ?? 0) + 2), amount: '' }] })}>+ Thêm mức</button>
              <span className={err('cap') ? 'has-error' : undefined}>
                <span>tối đa</span>
                <input id={`fees-${i}-pricing-cap`} type="number" min={0} step={1000} value={p.cap} placeholder="không giới hạn" aria-label="Mức thu tối đa mỗi bản (đồng)" onChange={(e) => set({ cap: e.target.value })} />
                <span>đ/bản</span>
              </span>
            </>
          )}
          {p.kind === 'per-copy' && <span className="muted">Số tiền ở trên là mức cho mỗi bản sao.</span>}
          <span>
            <label htmlFor={`fees-${i}-collect`}>Thời điểm thu</label>
            <select id={`fees-${i}-collect`} value={f.collect ?? 1} aria-label={`Thời điểm thu khoản ${i + 1}`} onChange={(e) => onChange({ collect: Number(e.target.value) as CollectAt })}>
              {COLLECT_AT.map((c) => <option key={c} value={c}>{COLLECT_AT_NAMES[c]}</option>)}
            </select>
          </span>
        </div>
        {Object.entries(errors).filter(([k]) => k.startsWith(`fees.${i}.pricing`) || k === `fees.${i}.collect`).map(([k, m]) => <div key={k} className="field-error" role="alert">{m}</div>)}
      </td>
    </tr>
  );
}
