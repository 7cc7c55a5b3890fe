// Quản trị → Máy in, the certificate templates (issue 11 #3): which template of each blank is in force (the
// shipped positions are unverified), export them as JSON to adjust the millimetres, import the office's file
// (checked by the core, refused with the template and field named), and replace a stand-in image of a blank
// with a scan of the real one for the preview.
import { useCallback, useEffect, useState, type ChangeEvent } from 'react';
import type { CertificateKind } from '../../../shared/certificates/template';
import { formatDateKeyVn } from '../../../shared/text/format';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';

type Summary = { kind: CertificateKind; kindName: string; id: string; version: string; validFrom: string; name: string; unverified: boolean; source: string; image: string };
type Msg = { kind: 'error' | 'success'; text: string } | null;

const IMAGE_LABEL: Record<string, string> = { scan: 'ảnh quét phôi thật', 'stand-in': 'ảnh minh họa tự vẽ', none: 'chưa có ảnh' };

function readFile(file: File, as: 'text' | 'base64'): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(as === 'text' ? String(reader.result) : String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('Không đọc được tệp đã chọn.'));
    if (as === 'text') reader.readAsText(file, 'utf-8'); else reader.readAsDataURL(file);
  });
}

export function TemplatesSection({ admin }: { admin: boolean }) {
  const [list, setList] = useState<Summary[]>([]);
  const [message, setMessage] = useState<Msg>(null);
  const load = useCallback(() => api.call('certificates.templates', {}).then(setList, (e) => setMessage({ kind: 'error', text: errorMessage(e) })), []);
  useEffect(() => { void load(); }, [load]);

  const exportFile = async () => {
    try {
      const r = await api.call('certificates.exportTemplates', { all: false });
      const a = document.createElement('a');
      const url = URL.createObjectURL(new Blob([r.json], { type: 'application/json' }));
      a.href = url; a.download = r.fileName; a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (e) { setMessage({ kind: 'error', text: errorMessage(e) }); }
  };
  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setMessage(null);
    try {
      const r = await api.call('certificates.importTemplates', { json: await readFile(file, 'text') });
      setMessage({ kind: 'success', text: `Đã nhập ${r.imported.length} mẫu: ${r.imported.map((t) => `${t.id} (${t.version}, từ ${formatDateKeyVn(t.validFrom)})`).join('; ')}.` });
      await load();
    } catch (err) { setMessage({ kind: 'error', text: errorMessage(err) }); }
  };
  const setImage = (t: Summary) => async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const mime = file.type === 'image/jpeg' ? 'image/jpeg' : 'image/png';
    try {
      await api.call('certificates.setBlankImage', { kind: t.kind, validFrom: t.validFrom, mime, base64: await readFile(file, 'base64') });
      setMessage({ kind: 'success', text: `Đã thay ảnh phôi ${t.kindName} bằng ảnh quét.` });
      await load();
    } catch (err) { setMessage({ kind: 'error', text: errorMessage(err) }); }
  };

  return (
    <section data-testid="certificate-templates" style={{ marginTop: 24 }}>
      <h3>Mẫu giấy tờ hộ tịch (vị trí in trên phôi)</h3>
      <table className="table compact">
        <thead><tr><th>Giấy tờ</th><th>Mẫu đang dùng</th><th>Áp dụng từ</th><th>Ảnh phôi</th>{admin && <th>Thay ảnh phôi</th>}</tr></thead>
        <tbody>
          {list.map((t) => (
            <tr key={t.kind} data-testid={`template-${t.kind}`}>
              <td>{t.kindName}</td>
              <td>{t.id} · {t.version} {t.source === 'imported' ? '(của xã)' : '(kèm ứng dụng)'}
                {t.unverified && <span className="field-warning"> Vị trí chưa đối chiếu với phôi thật — hãy đo phôi và nhập mẫu đã sửa.</span>}</td>
              <td>{formatDateKeyVn(t.validFrom)}</td>
              <td>{IMAGE_LABEL[t.image] ?? t.image}</td>
              {admin && <td><input type="file" accept="image/png,image/jpeg" aria-label={`Ảnh quét phôi ${t.kindName}`} onChange={setImage(t)} /></td>}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions">
        <button type="button" onClick={() => void exportFile()} data-testid="templates-export">Xuất mẫu (JSON)</button>
        {admin && (
          <div className="field">
            <label htmlFor="templates-import">Nhập mẫu đã sửa (tệp JSON)</label>
            <input id="templates-import" type="file" accept="application/json,.json" onChange={(e) => void importFile(e)} data-testid="templates-import" />
          </div>
        )}
      </div>
      {message && <Notice kind={message.kind} testId="templates-message">{message.text}</Notice>}
    </section>
  );
}
