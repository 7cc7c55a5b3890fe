import { flushSync } from 'react-dom';
import { describedBy, Field } from '../../components/Field';
import { focusWhenReady } from '../../lib/focus';
import { Section } from './parts';
import { folderWarnings, newKey } from './settings-form';
import type { ScanningSettings } from './useScanningSettings';

/** Scan-to-folder: the shared folders the network scanners save into, each shown at the counter by its name. */
export function WatchFoldersSection({ s }: { s: ScanningSettings }) {
  const { view, form, errors, update } = s;
  type Folder = (typeof form.folders)[number];
  const edit = (f: Folder, patch: Partial<Folder>, field: string, i: number) =>
    update({ folders: form.folders.map((x) => (x === f ? { ...x, ...patch } : x)) }, [`watchFolders.${i}.${field}`]);
  const add = () => {
    flushSync(() => update({ folders: [...form.folders, { key: newKey(), path: '', name: '' }] }));
    const id = `scan-folder-${form.folders.length}-path`;
    focusWhenReady(() => document.getElementById(id));
  };

  return (
    <Section title="Thư mục nhận bản quét (máy quét lưu vào thư mục chia sẻ)" testId="scan-folders-section">
      {form.folders.map((f, i) => (
        <div className="grid-3 scan-folder" key={f.key}>
          <Field label="Đường dẫn thư mục" htmlFor={`scan-folder-${i}-path`} error={errors[`watchFolders.${i}.path`]}
            warnings={folderWarnings(view, f.path)} className="span-2" hint="Đường dẫn đầy đủ, ví dụ \\may-chu\scan hoặc D:\Scan">
            <input id={`scan-folder-${i}-path`} value={f.path} spellCheck={false} autoComplete="off" className="mono"
              onChange={(e) => edit(f, { path: e.target.value }, 'path', i)}
              {...describedBy(`scan-folder-${i}-path`, errors[`watchFolders.${i}.path`])} />
          </Field>
          <div className="scan-folder-name">
            <Field label="Tên hiển thị ở quầy" htmlFor={`scan-folder-${i}-name`} error={errors[`watchFolders.${i}.name`]} hint="Ví dụ: Máy photo tầng 1">
              <input id={`scan-folder-${i}-name`} value={f.name} autoComplete="off" onChange={(e) => edit(f, { name: e.target.value }, 'name', i)} />
            </Field>
            <button type="button" onClick={() => { update({ folders: form.folders.filter((x) => x !== f) }); s.dropErrors('watchFolders.'); }}>Xóa</button>
          </div>
        </div>
      ))}
      {form.folders.length === 0 && <p className="muted">Chưa có thư mục nào.</p>}
      <div className="actions">
        <button type="button" onClick={add} data-testid="scan-folder-add">Thêm thư mục</button>
      </div>
    </Section>
  );
}
