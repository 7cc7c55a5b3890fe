import type { PartySpec } from '../../../shared/contract';
import { PARTY_LABEL_MAX, type PartyField } from '../../../shared/contract/parties';
import { describedBy } from '../components/Field';

/** As many other parties as the contract and form 01's template take. */
export const MAX_PARTIES = 2;

const REQUIRED: Array<{ key: PartyField; label: string }> = [
  { key: 'idNumber', label: 'Số định danh' }, { key: 'birthDate', label: 'Ngày sinh' }, { key: 'address', label: 'Địa chỉ' }, { key: 'phone', label: 'Điện thoại' },
];

export const newPartySpec = (): PartySpec => ({
  role: 'spouse', label: '', required: { idNumber: true, birthDate: false, address: false, phone: false }, basis: '',
});

/** The id of the input a 'parties.<i>.<field>' message belongs to. */
export const partyFieldId = (path: string) => {
  const m = /^parties\.(\d+)\.(role|label)/.exec(path);
  return m ? `v-party-${m[1]}-${m[2]}` : path === 'parties' ? 'v-party-add' : undefined;
};

/**
 * The parties of the dossier besides the applicant (the other spouse of a marriage): each role (a key the
 * civil-status entries use, e.g. spouse), the label the counter and the slip show, and which fields the
 * counter must fill in (the name always).
 */
export function PartiesEditor({ parties, errors, onChange }: {
  parties: PartySpec[]; errors: Record<string, string>; onChange: (parties: PartySpec[], focusId?: string) => void;
}) {
  const set = (i: number, p: Partial<PartySpec>) => onChange(parties.map((s, j) => (j === i ? { ...s, ...p } : s)));
  return (
    <>
      <table className="table compact version-parties" aria-labelledby="v-parties-title">
        <thead><tr><th>Vai trò (mã)</th><th>Tên hiển thị</th><th>Bắt buộc nhập</th><th /></tr></thead>
        <tbody>
          {parties.map((s, i) => {
            const roleId = `v-party-${i}-role`, labelId = `v-party-${i}-label`;
            const roleError = errors[`parties.${i}.role`], labelError = errors[`parties.${i}.label`];
            return (
              <tr key={i}>
                <td className={roleError ? 'has-error' : undefined}>
                  <input id={roleId} className="mono" value={s.role} maxLength={40} aria-label={`Vai trò ${i + 1}`} spellCheck={false} autoComplete="off"
                    onChange={(e) => set(i, { role: e.target.value })} {...describedBy(roleId, roleError)} />
                  {roleError && <div className="field-error" id={`${roleId}-error`} role="alert">{roleError}</div>}
                </td>
                <td className={labelError ? 'has-error' : undefined}>
                  <input id={labelId} value={s.label} maxLength={PARTY_LABEL_MAX} placeholder="VD: Người cùng đăng ký kết hôn" aria-label={`Tên hiển thị ${i + 1}`}
                    autoComplete="off" onChange={(e) => set(i, { label: e.target.value })} {...describedBy(labelId, labelError)} />
                  {labelError && <div className="field-error" id={`${labelId}-error`} role="alert">{labelError}</div>}
                </td>
                <td>
                  {REQUIRED.map((r) => (
                    <label key={r.key} style={{ marginRight: 8, whiteSpace: 'nowrap' }}>
                      <input type="checkbox" checked={s.required[r.key]} onChange={(e) => set(i, { required: { ...s.required, [r.key]: e.target.checked } })} /> {r.label}
                    </label>
                  ))}
                </td>
                <td>
                  <button type="button" className="icon-button" aria-label={`Xóa bên liên quan ${i + 1}`}
                    onClick={() => onChange(parties.filter((_, j) => j !== i), parties.length > 1 ? `v-party-${Math.min(i, parties.length - 2)}-role` : 'v-party-add')}>×</button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {parties.length === 0 && <p className="muted">Hồ sơ chỉ có người nộp. Thêm bên liên quan khi thủ tục có nhiều bên cùng đứng tên (VD: đăng ký kết hôn).</p>}
      {errors.parties && <div className="field-error" role="alert">{errors.parties}</div>}
      <button type="button" id="v-party-add" className="link-button" disabled={parties.length >= MAX_PARTIES}
        onClick={() => onChange([...parties, newPartySpec()], `v-party-${parties.length}-role`)}>+ Thêm bên liên quan</button>
    </>
  );
}
