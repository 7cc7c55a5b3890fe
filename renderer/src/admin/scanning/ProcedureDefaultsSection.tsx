import { useState } from 'react';
import { flushSync } from 'react-dom';
import type { ProcedureVersion } from '../../../../shared/contract';
import { describedBy } from '../../components/Field';
import { ProcedurePicker } from '../../intake/ProcedurePicker';
import { focusWhenReady } from '../../lib/focus';
import { Section } from './parts';
import { newKey, profileChoices } from './settings-form';
import type { ScanningSettings } from './useScanningSettings';

/** The scan profile per procedure: a procedure chosen in the picker becomes a line, then its profile is chosen. */
export function ProcedureDefaultsSection({ s }: { s: ScanningSettings }) {
  const { view, form, errors, update } = s;
  // A new picker after each choice: it starts empty again.
  const [pickerKey, setPickerKey] = useState(0);
  const choices = profileChoices(view, form);

  // Rendered at once and focused in the same handler: the next key goes to the line's select.
  const pick = (p: ProcedureVersion) => {
    const at = form.defaults.findIndex((d) => d.procedureCode === p.code);
    flushSync(() => {
      if (at >= 0) s.setMessage({ kind: 'warning', text: `Thủ tục ${p.code} đã có trong danh sách; đổi cấu hình ở dòng đó.` });
      else update({ defaults: [...form.defaults, { key: newKey(), procedureCode: p.code, procedureName: p.name, profileId: '' }] });
      setPickerKey((k) => k + 1);
    });
    const id = `scan-default-${at >= 0 ? at : form.defaults.length}-profile`;
    focusWhenReady(() => document.getElementById(id));
  };

  return (
    <Section title="Cấu hình quét theo thủ tục" testId="scan-defaults-section">
      <table className="table compact" data-testid="scan-defaults">
        <thead><tr><th>Thủ tục</th><th>Cấu hình quét</th><th /></tr></thead>
        <tbody>
          {form.defaults.map((d, i) => {
            const codeError = errors[`procedureDefaults.${i}.procedureCode`];
            const profileError = errors[`procedureDefaults.${i}.profileId`];
            return (
              <tr key={d.key}>
                <td><span className="mono">{d.procedureCode}</span> {d.procedureName || <span className="muted">(không còn trong danh mục)</span>}
                  {codeError && <div className="field-error" role="alert">{codeError}</div>}</td>
                <td className={profileError ? 'field has-error' : undefined}>
                  <select id={`scan-default-${i}-profile`} aria-label={`Cấu hình quét cho thủ tục ${d.procedureCode}`} value={d.profileId}
                    onChange={(e) => update({ defaults: form.defaults.map((x) => (x === d ? { ...x, profileId: e.target.value } : x)) }, [`procedureDefaults.${i}.profileId`])}
                    {...describedBy(`scan-default-${i}-profile`, profileError)}>
                    <option value="">— chọn cấu hình —</option>
                    {choices.map((c) => <option key={c.id} value={c.id}>{c.name || c.id}</option>)}
                    {d.profileId && !choices.some((c) => c.id === d.profileId) && <option value={d.profileId}>{d.profileId} (không còn)</option>}
                  </select>
                  {profileError && <div className="field-error" id={`scan-default-${i}-profile-error`} role="alert">{profileError}</div>}
                </td>
                <td><button type="button" onClick={() => {
                  update({ defaults: form.defaults.filter((x) => x !== d) });
                  s.dropErrors('procedureDefaults.');
                }}>Xóa</button></td>
              </tr>
            );
          })}
          {form.defaults.length === 0 && <tr><td colSpan={3} className="muted">Chưa đặt riêng cho thủ tục nào: mọi thủ tục dùng cấu hình mặc định ở trên.</td></tr>}
        </tbody>
      </table>
      <div className="scan-default-add">
        <ProcedurePicker key={pickerKey} selected={null} onSelect={pick} />
        <div className="field-hint">Chọn thủ tục (gõ tên không dấu hoặc mã, Enter) để thêm một dòng, rồi chọn cấu hình quét cho thủ tục đó.</div>
      </div>
    </Section>
  );
}
