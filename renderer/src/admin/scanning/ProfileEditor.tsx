import { describedBy, Field } from '../../components/Field';
import { BLANK_LABEL, COLOR_LABEL, CROP_LABEL, PROFILE_FIELD, type BlankMode, type ColorMode, type CropMode, type Errors, type ProfileForm } from './settings-form';

/** The settings of one office profile; every message of the core appears under its control. */
export function ProfileEditor({ p, index, builtIn, errors, onChange, onDone }: {
  p: ProfileForm; index: number; builtIn: boolean; errors: Errors;
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
