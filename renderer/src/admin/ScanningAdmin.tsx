import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { MethodInput, MethodOutput, ProcedureVersion } from '../../../shared/contract';
import { foldForSearch } from '../../../shared/text';
import { api, ApiError, errorMessage } from '../api/client';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { ProcedurePicker } from '../intake/ProcedurePicker';
import { useShortcuts } from '../lib/hooks';

type View = MethodOutput<'scanning.getSettings'>;
type Profile = View['profiles'][number];
type Input = MethodInput<'scanning.setSettings'>;
type ProfileInput = NonNullable<Input['profiles']>[number];
type ColorMode = Profile['colorMode'];
type BlankMode = Profile['blankDetection']['mode'];
type CropMode = 'none' | 'content' | 'box';

const COLOR_LABEL: Record<ColorMode, string> = { color: 'Màu', gray: 'Xám', bw: 'Đen trắng (nén 1 bit)' };
const BLANK_LABEL: Record<BlankMode, string> = { off: 'Tắt', backs: 'Chỉ mặt sau khi quét hai mặt', all: 'Mọi trang' };
const CROP_LABEL: Record<CropMode, string> = { none: 'Không cắt', content: 'Theo nội dung (chừa lề)', box: 'Theo vùng cố định' };

/** One office profile as edited: numbers kept as typed until saving. */
interface ProfileForm {
  key: string; isNew: boolean; idTouched: boolean;
  id: string; name: string; colorMode: ColorMode; dpi: string; jpegQuality: string;
  blankMode: BlankMode; blankInk: string; deskew: boolean;
  cropMode: CropMode; marginMm: string; leftMm: string; topMm: string; widthMm: string; heightMm: string;
  /** Not edited here; kept as they are. */
  bilevelThreshold: number; jpegTrellis: boolean;
}

interface Form {
  profiles: ProfileForm[];
  defaults: { key: string; procedureCode: string; procedureName: string; profileId: string }[];
  escl: string[];
  folders: { key: string; path: string; name: string }[];
  defaultProfileId: string;
}

let keySeq = 0;
const newKey = () => `k${++keySeq}`;
const str = (n: number | undefined) => (n === undefined ? '' : String(n).replace('.', ','));

function toProfileForm(p: Profile, isNew = false): ProfileForm {
  const crop = p.crop;
  return {
    key: newKey(), isNew, idTouched: !isNew, id: p.id, name: p.name, colorMode: p.colorMode, dpi: str(p.dpi), jpegQuality: str(p.jpegQuality),
    blankMode: p.blankDetection.mode, blankInk: str(p.blankDetection.maxInkPercent), deskew: p.deskew,
    cropMode: crop?.mode ?? 'none', marginMm: str(crop?.mode === 'content' ? crop.marginMm : 2),
    leftMm: str(crop?.mode === 'box' ? crop.leftMm : 0), topMm: str(crop?.mode === 'box' ? crop.topMm : 0),
    widthMm: str(crop?.mode === 'box' ? crop.widthMm : 210), heightMm: str(crop?.mode === 'box' ? crop.heightMm : 297),
    bilevelThreshold: p.bilevelThreshold, jpegTrellis: p.jpegTrellis,
  };
}

function toForm(v: View): Form {
  return {
    profiles: v.profiles.filter((p) => p.source !== 'built-in').map((p) => toProfileForm(p)),
    defaults: v.procedureDefaults.map((d) => ({ key: newKey(), ...d })),
    escl: [...v.esclAddresses],
    folders: v.watchFolders.map((f) => ({ key: newKey(), path: f.path, name: f.name ?? '' })),
    defaultProfileId: v.defaultProfileId ?? '',
  };
}

/** "Văn bản 250 dpi" → "van-ban-250-dpi". */
const slug = (name: string) => foldForSearch(name).replace(/\s+/g, '-').replace(/[^a-z0-9-]/g, '').slice(0, 64);

/** Form → setSettings input, or the fields whose text is not a number. */
function toInput(f: Form): { input: Input; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const profiles = f.profiles.map((p, i): ProfileInput => {
    const num = (field: string, text: string): number => {
      const n = Number(text.trim().replace(',', '.'));
      if (!text.trim() || !Number.isFinite(n)) errors[`profiles.${i}.${field}`] = 'Nhập một số.';
      return n;
    };
    const crop: ProfileInput['crop'] = p.cropMode === 'content' ? { mode: 'content', marginMm: num('crop.marginMm', p.marginMm) }
      : p.cropMode === 'box' ? {
        mode: 'box', leftMm: num('crop.leftMm', p.leftMm), topMm: num('crop.topMm', p.topMm),
        widthMm: num('crop.widthMm', p.widthMm), heightMm: num('crop.heightMm', p.heightMm),
      } : undefined;
    return {
      id: p.id.trim(), name: p.name.trim(), colorMode: p.colorMode, dpi: num('dpi', p.dpi), jpegQuality: num('jpegQuality', p.jpegQuality),
      bilevel: p.colorMode === 'bw', bilevelThreshold: p.bilevelThreshold, jpegTrellis: p.jpegTrellis,
      blankDetection: { mode: p.blankMode, maxInkPercent: num('blankDetection.maxInkPercent', p.blankInk) },
      deskew: p.deskew, ...(crop ? { crop } : {}),
    };
  });
  return {
    errors,
    input: {
      profiles,
      procedureDefaults: f.defaults.map((d) => ({ procedureCode: d.procedureCode, profileId: d.profileId })),
      esclAddresses: f.escl,
      watchFolders: f.folders.map((x) => ({ path: x.path.trim(), ...(x.name.trim() ? { name: x.name.trim() } : {}) })),
      defaultProfileId: f.defaultProfileId || null,
    },
  };
}

/** Where a message about a profile setting is shown ('bilevel' goes with the colour mode). */
const PROFILE_FIELD: Record<string, string> = { bilevel: 'colorMode', bilevelThreshold: 'colorMode' };

type TestResult = { ok: boolean; message: string; busy?: boolean };

/**
 * Quản trị → "Máy quét": the office's scan profiles (built-in ones can be overridden, not removed), the
 * profile per procedure, network scanners (eSCL) with "Kiểm tra", and scan-to-folder directories.
 * Saved as a whole with Ctrl+S; the core's messages appear next to the fields they are about.
 */
export function ScanningAdmin() {
  const [view, setView] = useState<View | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success' | 'warning'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [newAddress, setNewAddress] = useState('');
  const [tests, setTests] = useState<Record<string, TestResult>>({});
  const [picked, setPicked] = useState<ProcedureVersion | null>(null);
  const focusNext = useRef<string | null>(null);

  const loaded = (v: View) => { setView(v); setForm(toForm(v)); };
  useEffect(() => { api.call('scanning.getSettings', {}).then(loaded, (e) => setMessage({ kind: 'error', text: errorMessage(e) })); }, []);

  // After adding a row, the new row's first control gets the focus.
  useEffect(() => {
    if (!focusNext.current) return;
    const el = document.getElementById(focusNext.current);
    if (el) { el.focus(); focusNext.current = null; }
  });

  // A procedure chosen in the picker becomes a line (or the existing line is focused), then the picker clears.
  useEffect(() => {
    if (!picked || !form) return;
    const at = form.defaults.findIndex((d) => d.procedureCode === picked.code);
    if (at >= 0) {
      focusNext.current = `scan-default-${at}-profile`;
      setMessage({ kind: 'warning', text: `Thủ tục ${picked.code} đã có trong danh sách; đổi cấu hình ở dòng đó.` });
    } else {
      focusNext.current = `scan-default-${form.defaults.length}-profile`;
      setForm({ ...form, defaults: [...form.defaults, { key: newKey(), procedureCode: picked.code, procedureName: picked.name, profileId: '' }] });
    }
    setPicked(null);
  }, [picked]);

  /** A message about a profile is only visible in its editor: open the first profile that has one. */
  const showFirstProfileError = (errs: Record<string, string>) => {
    const first = Object.keys(errs).map((k) => /^profiles\.(\d+)\./.exec(k)).find(Boolean);
    if (first && form) setSelected(form.profiles[Number(first[1])]?.key ?? null);
  };

  const save = async () => {
    if (!form || busy) return;
    const { input, errors: local } = toInput(form);
    setErrors(local);
    if (Object.keys(local).length) {
      showFirstProfileError(local);
      return setMessage({ kind: 'error', text: 'Kiểm tra lại các ô báo lỗi.' });
    }
    setBusy(true);
    try {
      const v = await api.call('scanning.setSettings', input);
      loaded(v);
      setSelected(null);
      setMessage(v.warnings.length
        ? { kind: 'warning', text: 'Đã lưu cấu hình máy quét, có điều cần xem lại (xem các ô được đánh dấu).' }
        : { kind: 'success', text: 'Đã lưu cấu hình máy quét. Màn hình số hóa dùng ngay cấu hình mới.' });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
      if (err instanceof ApiError) {
        const fields = err.fieldErrors();
        setErrors(fields);
        showFirstProfileError(fields);
      }
    } finally {
      setBusy(false);
    }
  };
  useShortcuts({ 'Ctrl+S': () => void save() });

  if (!form || !view) return message ? <Notice kind={message.kind}>{message.text}</Notice> : <p>Đang tải…</p>;

  const update = (next: Partial<Form>, clear: string[] = []) => {
    setForm({ ...form, ...next });
    if (clear.some((c) => errors[c])) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !clear.includes(k))));
  };
  /** The saved answer's warnings about a folder, found by its path (lines may have moved since). */
  const folderWarnings = (dir: string) => view.warnings.filter((w) => {
    const m = /^watchFolders\.(\d+)\.path$/.exec(w.field);
    return m && view.watchFolders[Number(m[1])]?.path === dir.trim();
  }).map((w) => w.message);

  // ---- profiles ----
  const rows: { profile: ProfileForm | null; builtIn: Profile | null }[] = [
    ...view.builtIns.map((b) => ({ profile: form.profiles.find((p) => p.id === b.id && !p.isNew) ?? null, builtIn: b })),
    ...form.profiles.filter((p) => p.isNew || !view.builtIns.some((b) => b.id === p.id)).map((p) => ({ profile: p, builtIn: null })),
  ];
  const profileIndex = (p: ProfileForm) => form.profiles.indexOf(p);
  const profileHasError = (p: ProfileForm) => Object.keys(errors).some((k) => k.startsWith(`profiles.${profileIndex(p)}.`));
  /** Removing a profile moves the later ones up: their old messages no longer fit, so they go. */
  const withoutProfileErrors = () => setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('profiles.'))));

  const addProfile = () => {
    const base = view.builtIns[0]!;
    const p = { ...toProfileForm({ ...base, id: '', name: '', source: 'office' }, true) };
    update({ profiles: [...form.profiles, p] });
    setSelected(p.key);
    focusNext.current = 'scan-profile-name';
  };
  const editBuiltIn = (b: Profile) => {
    const p = toProfileForm(b);
    update({ profiles: [...form.profiles, p] });
    setSelected(p.key);
    focusNext.current = 'scan-profile-name';
  };
  const removeProfile = (p: ProfileForm) => {
    update({ profiles: form.profiles.filter((x) => x !== p) });
    withoutProfileErrors();
    if (selected === p.key) setSelected(null);
  };
  const editing = form.profiles.find((p) => p.key === selected) ?? null;
  const setProfile = (p: ProfileForm, patch: Partial<ProfileForm>, field: string) => {
    const next = { ...p, ...patch };
    if (p.isNew && !p.idTouched && patch.name !== undefined) next.id = slug(patch.name);
    const i = profileIndex(p);
    const clear = [`profiles.${i}.${field}`, ...Object.entries(PROFILE_FIELD).filter(([, to]) => to === field).map(([from]) => `profiles.${i}.${from}`)];
    if (patch.name !== undefined) clear.push(`profiles.${i}.id`);
    update({ profiles: form.profiles.map((x) => (x === p ? next : x)) }, clear);
  };

  // Every profile the counter will see after saving, for the selects.
  const choices = [
    ...view.builtIns.map((b) => form.profiles.find((p) => p.id === b.id && !p.isNew) ?? { id: b.id, name: b.name }),
    ...form.profiles.filter((p) => p.isNew || !view.builtIns.some((b) => b.id === p.id)),
  ].filter((p) => p.id.trim());

  // ---- eSCL ----
  const addAddress = () => {
    const a = newAddress.trim();
    if (!a) return setErrors({ ...errors, 'escl-new': 'Nhập địa chỉ máy quét, ví dụ 192.168.1.20.' });
    if (form.escl.includes(a)) return setErrors({ ...errors, 'escl-new': 'Địa chỉ này đã có trong danh sách.' });
    update({ escl: [...form.escl, a] }, ['escl-new']);
    if (tests[newAddress]) setTests({ ...tests, [a]: tests[newAddress]! });
    setNewAddress('');
  };
  const test = async (address: string) => {
    const a = address.trim();
    if (!a) return setErrors({ ...errors, 'escl-new': 'Nhập địa chỉ máy quét, ví dụ 192.168.1.20.' });
    setTests((t) => ({ ...t, [address]: { ok: true, message: 'Đang hỏi máy quét…', busy: true } }));
    try {
      const r = await api.call('scanning.testEscl', { address: a });
      // Kept under the address as the core writes it too, so the answer stays next to the row after saving.
      setTests((t) => ({ ...t, [address]: { ok: r.ok, message: r.message }, [r.address]: { ok: r.ok, message: r.message } }));
    } catch (err) {
      setTests((t) => ({ ...t, [address]: { ok: false, message: errorMessage(err) } }));
    }
  };
  const testLine = (address: string, id: string) => {
    const t = tests[address];
    if (!t) return null;
    return <div className={t.busy ? 'field-hint' : t.ok ? 'escl-ok' : 'field-error'} id={id} role={t.ok ? 'status' : 'alert'} data-testid="escl-test-result">{t.message}</div>;
  };

  const section = (title: string, children: ReactNode, testId: string) => (
    <fieldset className="section" data-testid={testId}><legend>{title}</legend>{children}</fieldset>
  );
  const enterAdds = (fn: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && !e.ctrlKey && !e.altKey && !e.nativeEvent.isComposing) { e.preventDefault(); fn(); }
  };

  return (
    <div className="scanning-admin" data-testid="scanning-admin">
      {section('Cấu hình quét', <>
        <table className="table compact scan-profiles" data-testid="scan-profiles">
          <thead><tr><th>Tên</th><th>Mã</th><th>Màu</th><th>dpi</th><th>JPEG</th><th>Trang trắng</th><th>Loại</th><th /></tr></thead>
          <tbody>
            {rows.map(({ profile: p, builtIn: b }) => {
              const shown = p ?? b!;
              const values = p
                ? { name: p.name || '(chưa đặt tên)', id: p.id, color: COLOR_LABEL[p.colorMode], dpi: p.dpi, jpeg: p.jpegQuality, blank: BLANK_LABEL[p.blankMode] }
                : { name: b!.name, id: b!.id, color: COLOR_LABEL[b!.colorMode], dpi: String(b!.dpi), jpeg: String(b!.jpegQuality), blank: BLANK_LABEL[b!.blankDetection.mode] };
              const key = p?.key ?? b!.id;
              return (
                <tr key={key} className={p && p.key === selected ? 'active' : undefined} data-testid="scan-profile-row" data-profile={shown.id}>
                  <td>{values.name}{p && profileHasError(p) && <span className="tag tag-error"> cần sửa</span>}</td>
                  <td className="mono">{values.id}</td><td>{values.color}</td><td>{values.dpi}</td><td>{values.jpeg}</td><td>{values.blank}</td>
                  <td>{b ? (p ? 'Có sẵn, cơ quan đã sửa' : 'Có sẵn') : 'Của cơ quan'}</td>
                  <td className="row-actions">
                    {p
                      ? <button type="button" onClick={() => { setSelected(p.key); focusNext.current = 'scan-profile-name'; }}>Sửa</button>
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
        {editing && <ProfileEditor p={editing} index={profileIndex(editing)} builtIn={view.builtIns.some((b) => b.id === editing.id && !editing.isNew)}
          errors={errors} onChange={(patch, field) => setProfile(editing, patch, field)} onDone={() => setSelected(null)} />}
        <div className="grid-2 scan-default-profile">
          <Field label="Cấu hình cho các thủ tục chưa đặt riêng" htmlFor="scan-defaultProfileId" error={errors.defaultProfileId}>
            <select id="scan-defaultProfileId" value={form.defaultProfileId} onChange={(e) => update({ defaultProfileId: e.target.value }, ['defaultProfileId'])}
              {...describedBy('scan-defaultProfileId', errors.defaultProfileId)}>
              <option value="">Mặc định của ứng dụng (Màu 200 dpi)</option>
              {choices.map((c) => <option key={c.id} value={c.id}>{c.name || c.id}</option>)}
            </select>
          </Field>
        </div>
      </>, 'scan-profiles-section')}

      {section('Cấu hình quét theo thủ tục', <>
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
                    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('procedureDefaults.'))));
                  }}>Xóa</button></td>
                </tr>
              );
            })}
            {form.defaults.length === 0 && <tr><td colSpan={3} className="muted">Chưa đặt riêng cho thủ tục nào: mọi thủ tục dùng cấu hình mặc định ở trên.</td></tr>}
          </tbody>
        </table>
        <div className="scan-default-add">
          <ProcedurePicker selected={picked} onSelect={setPicked} />
          <div className="field-hint">Chọn thủ tục (gõ tên không dấu hoặc mã, Enter) để thêm một dòng, rồi chọn cấu hình quét cho thủ tục đó.</div>
        </div>
      </>, 'scan-defaults-section')}

      {section('Máy quét mạng (eSCL / AirScan)', <>
        <table className="table compact" data-testid="scan-escl">
          <thead><tr><th>Địa chỉ</th><th>Kiểm tra</th><th /></tr></thead>
          <tbody>
            {form.escl.map((a, i) => (
              <tr key={a}>
                <td className="mono">{a}{errors[`esclAddresses.${i}`] && <div className="field-error" role="alert">{errors[`esclAddresses.${i}`]}</div>}</td>
                <td>{testLine(a, `scan-escl-${i}-test`) ?? <span className="muted">Chưa kiểm tra</span>}</td>
                <td className="row-actions">
                  <button type="button" onClick={() => void test(a)} disabled={tests[a]?.busy}>Kiểm tra</button>
                  <button type="button" onClick={() => {
                    update({ escl: form.escl.filter((x) => x !== a) });
                    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('esclAddresses.'))));
                  }}>Xóa</button>
                </td>
              </tr>
            ))}
            {form.escl.length === 0 && <tr><td colSpan={3} className="muted">Chưa có máy quét mạng nào.</td></tr>}
          </tbody>
        </table>
        <div className="scan-add-row">
          <Field label="Thêm địa chỉ máy quét mạng" htmlFor="scan-escl-new" error={errors['escl-new']}
            hint="Địa chỉ IP hoặc tên máy, ví dụ 192.168.1.20 hoặc http://192.168.1.20/eSCL. Enter để thêm.">
            <input id="scan-escl-new" value={newAddress} spellCheck={false} autoComplete="off" className="mono"
              onChange={(e) => { setNewAddress(e.target.value); if (errors['escl-new']) setErrors(({ 'escl-new': _gone, ...rest }) => rest); }}
              onKeyDown={enterAdds(addAddress)} {...describedBy('scan-escl-new', errors['escl-new'])} />
          </Field>
          <button type="button" onClick={addAddress} data-testid="scan-escl-add">Thêm</button>
          <button type="button" onClick={() => void test(newAddress)} disabled={tests[newAddress]?.busy} data-testid="scan-escl-test">Kiểm tra</button>
        </div>
        {newAddress.trim() && testLine(newAddress, 'scan-escl-new-test')}
      </>, 'scan-escl-section')}

      {section('Thư mục nhận bản quét (máy quét lưu vào thư mục chia sẻ)', <>
        {form.folders.map((f, i) => (
          <div className="grid-3 scan-folder" key={f.key}>
            <Field label="Đường dẫn thư mục" htmlFor={`scan-folder-${i}-path`} error={errors[`watchFolders.${i}.path`]}
              warnings={folderWarnings(f.path)} className="span-2" hint="Đường dẫn đầy đủ, ví dụ \\may-chu\scan hoặc D:\Scan">
              <input id={`scan-folder-${i}-path`} value={f.path} spellCheck={false} autoComplete="off" className="mono"
                onChange={(e) => update({ folders: form.folders.map((x) => (x === f ? { ...x, path: e.target.value } : x)) }, [`watchFolders.${i}.path`])}
                {...describedBy(`scan-folder-${i}-path`, errors[`watchFolders.${i}.path`])} />
            </Field>
            <div className="scan-folder-name">
              <Field label="Tên hiển thị ở quầy" htmlFor={`scan-folder-${i}-name`} error={errors[`watchFolders.${i}.name`]} hint="Ví dụ: Máy photo tầng 1">
                <input id={`scan-folder-${i}-name`} value={f.name} autoComplete="off"
                  onChange={(e) => update({ folders: form.folders.map((x) => (x === f ? { ...x, name: e.target.value } : x)) }, [`watchFolders.${i}.name`])} />
              </Field>
              <button type="button" onClick={() => {
                update({ folders: form.folders.filter((x) => x !== f) });
                setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('watchFolders.'))));
              }}>Xóa</button>
            </div>
          </div>
        ))}
        {form.folders.length === 0 && <p className="muted">Chưa có thư mục nào.</p>}
        <div className="actions">
          <button type="button" onClick={() => {
            focusNext.current = `scan-folder-${form.folders.length}-path`;
            update({ folders: [...form.folders, { key: newKey(), path: '', name: '' }] });
          }} data-testid="scan-folder-add">Thêm thư mục</button>
        </div>
      </>, 'scan-folders-section')}

      {message && <Notice kind={message.kind} testId="scanning-message">{message.text}</Notice>}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void save()} disabled={busy} data-testid="scanning-save">
          Lưu cấu hình máy quét <kbd>Ctrl+S</kbd>
        </button>
      </div>
    </div>
  );
}

/** The settings of one office profile; every message of the core appears under its control. */
function ProfileEditor({ p, index, builtIn, errors, onChange, onDone }: {
  p: ProfileForm; index: number; builtIn: boolean; errors: Record<string, string>;
  onChange: (patch: Partial<ProfileForm>, field: string) => void; onDone: () => void;
}) {
  const err = (field: string) => errors[`profiles.${index}.${field}`]
    ?? Object.entries(PROFILE_FIELD).filter(([, to]) => to === field).map(([from]) => errors[`profiles.${index}.${from}`]).find(Boolean);
  const id = (field: string) => `scan-profile-${field.replace(/\./g, '-')}`;
  const text = (field: string, key: keyof ProfileForm, label: string, hint?: string) => (
    <Field label={label} htmlFor={id(field)} error={err(field)} hint={hint}>
      <input id={id(field)} value={p[key] as string} inputMode="decimal" autoComplete="off"
        onChange={(e) => onChange({ [key]: e.target.value } as Partial<ProfileForm>, field)} {...describedBy(id(field), err(field))} />
    </Field>
  );
  const cropError = errors[`profiles.${index}.crop`];
  return (
    <fieldset className="section scan-profile-editor" data-testid="scan-profile-editor">
      <legend>{p.isNew ? 'Cấu hình mới' : `Sửa cấu hình: ${p.name || p.id}`}{builtIn ? ' (bản của cơ quan thay cho cấu hình có sẵn)' : ''}</legend>
      <div className="grid-4">
        <Field label="Tên cấu hình" htmlFor="scan-profile-name" error={err('name')} className="span-2">
          <input id="scan-profile-name" value={p.name} autoComplete="off" onChange={(e) => onChange({ name: e.target.value }, 'name')} {...describedBy('scan-profile-name', err('name'))} />
        </Field>
        <Field label="Mã cấu hình" htmlFor="scan-profile-id" error={err('id')} hint={p.isNew ? 'Chữ không dấu, số, . _ -' : 'Không đổi được sau khi lưu'} className="span-2">
          <input id="scan-profile-id" value={p.id} readOnly={!p.isNew} spellCheck={false} autoComplete="off" className="mono"
            onChange={(e) => onChange({ id: e.target.value, idTouched: true }, 'id')} {...describedBy('scan-profile-id', err('id'))} />
        </Field>
        <Field label="Chế độ màu" htmlFor="scan-profile-colorMode" error={err('colorMode')}>
          <select id="scan-profile-colorMode" value={p.colorMode} onChange={(e) => onChange({ colorMode: e.target.value as ColorMode }, 'colorMode')}
            {...describedBy('scan-profile-colorMode', err('colorMode'))}>
            {(Object.keys(COLOR_LABEL) as ColorMode[]).map((m) => <option key={m} value={m}>{COLOR_LABEL[m]}</option>)}
          </select>
        </Field>
        {text('dpi', 'dpi', 'Độ phân giải (dpi)', 'Tối thiểu 200 dpi')}
        {text('jpegQuality', 'jpegQuality', 'Chất lượng JPEG', 'Từ 30 đến 95')}
        <Field label="Chỉnh nghiêng" htmlFor="scan-profile-deskew">
          <label className="inline"><input type="checkbox" id="scan-profile-deskew" checked={p.deskew} onChange={(e) => onChange({ deskew: e.target.checked }, 'deskew')} /> Tự chỉnh trang bị nghiêng</label>
        </Field>
        <Field label="Phát hiện trang trắng" htmlFor="scan-profile-blank" error={errors[`profiles.${index}.blankDetection.mode`]}>
          <select id="scan-profile-blank" value={p.blankMode} onChange={(e) => onChange({ blankMode: e.target.value as BlankMode }, 'blankDetection.mode')}>
            {(Object.keys(BLANK_LABEL) as BlankMode[]).map((m) => <option key={m} value={m}>{BLANK_LABEL[m]}</option>)}
          </select>
        </Field>
        {text('blankDetection.maxInkPercent', 'blankInk', 'Độ nhạy trang trắng (% mực)', 'Trang có ít mực hơn mức này (0–5%) là trang trắng')}
        <Field label="Cắt ảnh" htmlFor="scan-profile-crop" error={cropError}>
          <select id="scan-profile-crop" value={p.cropMode} onChange={(e) => onChange({ cropMode: e.target.value as CropMode }, 'crop')}>
            {(Object.keys(CROP_LABEL) as CropMode[]).map((m) => <option key={m} value={m}>{CROP_LABEL[m]}</option>)}
          </select>
        </Field>
        {p.cropMode === 'content' && text('crop.marginMm', 'marginMm', 'Lề giữ lại (mm)', 'Từ 0 đến 50 mm')}
      </div>
      {p.cropMode === 'box' && (
        <div className="grid-4">
          {text('crop.leftMm', 'leftMm', 'Cách mép trái (mm)')}
          {text('crop.topMm', 'topMm', 'Cách mép trên (mm)')}
          {text('crop.widthMm', 'widthMm', 'Chiều rộng (mm)')}
          {text('crop.heightMm', 'heightMm', 'Chiều cao (mm)')}
        </div>
      )}
      <div className="actions"><button type="button" onClick={onDone}>Xong</button>
        <span className="field-hint">Thay đổi chỉ có hiệu lực sau khi lưu (Ctrl+S).</span></div>
    </fieldset>
  );
}
