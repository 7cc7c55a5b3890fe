import { flushSync } from 'react-dom';
import { describedBy, Field } from '../../components/Field';
import { focusWhenReady } from '../../lib/focus';
import { ProfileEditor } from './ProfileEditor';
import { Section } from './parts';
import { BLANK_LABEL, COLOR_LABEL, editProfile, profileChoices, profileRows, toProfileForm, type Profile, type ProfileForm } from './settings-form';
import type { ScanningSettings } from './useScanningSettings';

/**
 * The scan profiles: built-in ones (the office may replace one by its own version, never delete it), the
 * office's own, the editor of the selected one, and the profile for procedures without their own.
 */
export function ProfilesSection({ s }: { s: ScanningSettings }) {
  const { view, form, errors, update, selected } = s;
  const index = (p: ProfileForm) => form.profiles.indexOf(p);
  const hasError = (p: ProfileForm) => Object.keys(errors).some((k) => k.startsWith(`profiles.${index(p)}.`));

  /** Opens a profile's editor, rendered now so its name field takes the very next key. */
  const open = (key: string, change?: () => void) => {
    flushSync(() => { change?.(); s.setSelected(key); });
    focusWhenReady(() => document.getElementById('scan-profile-name'));
  };
  const addProfile = () => {
    const p = toProfileForm({ ...view.builtIns[0]!, id: '', name: '', source: 'office' }, true);
    open(p.key, () => update({ profiles: [...form.profiles, p] }));
  };
  const editBuiltIn = (b: Profile) => {
    const p = toProfileForm(b);
    open(p.key, () => update({ profiles: [...form.profiles, p] }));
  };
  const removeProfile = (p: ProfileForm) => {
    update({ profiles: form.profiles.filter((x) => x !== p) });
    s.dropErrors('profiles.');
    if (selected === p.key) s.setSelected(null);
  };
  const setProfile = (p: ProfileForm, patch: Partial<ProfileForm>, field: string) => {
    const { next, clear } = editProfile(p, index(p), patch, field);
    update({ profiles: form.profiles.map((x) => (x === p ? next : x)) }, clear);
  };
  const editing = form.profiles.find((p) => p.key === selected) ?? null;

  return (
    <Section title="Cấu hình quét" testId="scan-profiles-section">
      <table className="table compact scan-profiles" data-testid="scan-profiles">
        <thead><tr><th>Tên</th><th>Mã</th><th>Màu</th><th>dpi</th><th>JPEG</th><th>Trang trắng</th><th>Loại</th><th /></tr></thead>
        <tbody>
          {profileRows(view, form).map(({ profile: p, builtIn: b }) => {
            const values = p
              ? { name: p.name || '(chưa đặt tên)', id: p.id, color: COLOR_LABEL[p.colorMode], dpi: p.dpi, jpeg: p.jpegQuality, blank: BLANK_LABEL[p.blankMode] }
              : { name: b!.name, id: b!.id, color: COLOR_LABEL[b!.colorMode], dpi: String(b!.dpi), jpeg: String(b!.jpegQuality), blank: BLANK_LABEL[b!.blankDetection.mode] };
            return (
              <tr key={p?.key ?? b!.id} className={p && p.key === selected ? 'active' : undefined} data-testid="scan-profile-row" data-profile={(p ?? b!).id}>
                <td>{values.name}{p && hasError(p) && <span className="tag tag-error"> cần sửa</span>}</td>
                <td className="mono">{values.id}</td><td>{values.color}</td><td>{values.dpi}</td><td>{values.jpeg}</td><td>{values.blank}</td>
                <td>{b ? (p ? 'Có sẵn, cơ quan đã sửa' : 'Có sẵn') : 'Của cơ quan'}</td>
                <td className="row-actions">
                  {p
                    ? <button type="button" onClick={() => open(p.key)}>Sửa</button>
                    : <button type="button" onClick={() => editBuiltIn(b!)} title="Tạo bản của cơ quan thay cho cấu hình có sẵn">Sửa</button>}
                  {p && b && <button type="button" onClick={() => removeProfile(p)}>Khôi phục mặc định</button>}
                  {p && !b && <button type="button" onClick={() => removeProfile(p)}>Xóa</button>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={addProfile} data-testid="scan-profile-add">Thêm cấu hình</button>
      </div>
      {editing && <ProfileEditor p={editing} index={index(editing)} builtIn={view.builtIns.some((b) => b.id === editing.id && !editing.isNew)}
        errors={errors} onChange={(patch, field) => setProfile(editing, patch, field)} onDone={() => s.setSelected(null)} />}
      <div className="grid-2 scan-default-profile">
        <Field label="Cấu hình cho các thủ tục chưa đặt riêng" htmlFor="scan-defaultProfileId" error={errors.defaultProfileId}>
          <select id="scan-defaultProfileId" value={form.defaultProfileId} onChange={(e) => update({ defaultProfileId: e.target.value }, ['defaultProfileId'])}
            {...describedBy('scan-defaultProfileId', errors.defaultProfileId)}>
            <option value="">Mặc định của ứng dụng (Màu 200 dpi)</option>
            {profileChoices(view, form).map((c) => <option key={c.id} value={c.id}>{c.name || c.id}</option>)}
          </select>
        </Field>
      </div>
    </Section>
  );
}
