import { useEffect, useState } from 'react';
import { DOCUMENT_KINDS } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { CalibrationSection } from '../certificates/CalibrationSection';
import { TemplatesSection } from '../certificates/TemplatesSection';
import { DOCUMENT_LABEL } from '../lib/format';

type Printer = { name: string; description?: string; isDefault: boolean; state: string; stateMessage?: string };

const STATE_LABEL: Record<string, string> = { idle: 'Sẵn sàng', printing: 'Đang in', disabled: 'Tạm dừng', unknown: 'Không rõ' };

/** Which printer each kind of slip goes to (keys form01, form02, form03); empty = the system default. */
export function PrintersAdmin() {
  const [printers, setPrinters] = useState<Printer[]>([]);
  const [settings, setSettings] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  useEffect(() => {
    Promise.all([api.call('printing.listPrinters', {}), api.call('printing.getSettings', {})]).then(
      ([p, s]) => { setPrinters(p); setSettings(s); },
      (e) => setMessage({ kind: 'error', text: errorMessage(e) }),
    );
  }, []);

  const save = async () => {
    try {
      setSettings(await api.call('printing.setSettings', settings));
      setMessage({ kind: 'success', text: 'Đã lưu cấu hình máy in.' });
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    }
  };

  return (
    <div>
      <table className="table compact">
        <thead><tr><th>Loại phiếu</th><th>Máy in</th></tr></thead>
        <tbody>
          {DOCUMENT_KINDS.map((k) => (
            <tr key={k}>
              <td><label htmlFor={`printer-${k}`}>{DOCUMENT_LABEL[k]}</label></td>
              <td>
                <select id={`printer-${k}`} value={settings[k] ?? ''} data-testid={`printer-${k}`}
                  onChange={(e) => setSettings({ ...settings, [k]: e.target.value })}>
                  <option value="">Máy in mặc định của hệ thống</option>
                  {printers.map((p) => (
                    <option key={p.name} value={p.name}>
                      {p.name}{p.isDefault ? ' (mặc định)' : ''} – {STATE_LABEL[p.state] ?? p.state}
                    </option>
                  ))}
                  {settings[k] && !printers.some((p) => p.name === settings[k]) && (
                    <option value={settings[k]}>{settings[k]} (không tìm thấy)</option>
                  )}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {printers.length === 0 && <p className="muted">Không tìm thấy máy in nào trên máy này.</p>}
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <div className="actions"><button type="button" className="primary" onClick={save} data-testid="printers-save">Lưu cấu hình máy in</button></div>
      <CalibrationSection />
      <TemplatesSection admin />
    </div>
  );
}
