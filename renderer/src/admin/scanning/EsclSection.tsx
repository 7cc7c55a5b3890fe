import { useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { describedBy, Field } from '../../components/Field';
import { enterAdds, Section } from './parts';
import type { ScanningSettings } from './useScanningSettings';

type TestResult = { ok: boolean; message: string; busy?: boolean };
const ASK_ADDRESS = 'Nhập địa chỉ máy quét, ví dụ 192.168.1.20.';

/** The last save's warnings about an address (it did not answer as an eSCL scanner), found by the address. */
function savedWarnings(s: ScanningSettings, address: string): string[] {
  return s.view.warnings.filter((w) => {
    const m = /^esclAddresses\.(\d+)$/.exec(w.field);
    return m && s.view.esclAddresses[Number(m[1])] === address;
  }).map((w) => w.message);
}

/**
 * Network scanners (eSCL / AirScan): the saved addresses, and a new one to "Kiểm tra" (the scanner is asked
 * for its capabilities) before it is added. Answers stay next to their address, also after saving.
 */
export function EsclSection({ s }: { s: ScanningSettings }) {
  const { form, errors, update } = s;
  const [newAddress, setNewAddress] = useState('');
  const [tests, setTests] = useState<Record<string, TestResult>>({});

  const addAddress = () => {
    const a = newAddress.trim();
    if (!a) return s.setError('escl-new', ASK_ADDRESS);
    if (form.escl.includes(a)) return s.setError('escl-new', 'Địa chỉ này đã có trong danh sách.');
    update({ escl: [...form.escl, a] }, ['escl-new']);
    if (tests[newAddress]) setTests({ ...tests, [a]: tests[newAddress]! });
    setNewAddress('');
  };
  const test = async (address: string) => {
    const a = address.trim();
    if (!a) return s.setError('escl-new', ASK_ADDRESS);
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

  return (
    <Section title="Máy quét mạng (eSCL / AirScan)" testId="scan-escl-section">
      <table className="table compact" data-testid="scan-escl">
        <thead><tr><th>Địa chỉ</th><th>Kiểm tra</th><th /></tr></thead>
        <tbody>
          {form.escl.map((a, i) => (
            <tr key={a}>
              <td className="mono">{a}{errors[`esclAddresses.${i}`] && <div className="field-error" role="alert">{errors[`esclAddresses.${i}`]}</div>}
                {savedWarnings(s, a).map((w) => <div key={w} className="field-warning" role="status" data-testid="escl-warning">{w}</div>)}</td>
              <td>{testLine(a, `scan-escl-${i}-test`) ?? <span className="muted">Chưa kiểm tra</span>}</td>
              <td className="row-actions">
                <button type="button" onClick={() => void test(a)} disabled={tests[a]?.busy}>Kiểm tra</button>
                <button type="button" onClick={() => { update({ escl: form.escl.filter((x) => x !== a) }); s.dropErrors('esclAddresses.'); }}>Xóa</button>
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
            onChange={(e) => { setNewAddress(e.target.value); if (errors['escl-new']) s.dropErrors('escl-new'); }}
            onKeyDown={enterAdds(addAddress)} {...describedBy('scan-escl-new', errors['escl-new'])} />
        </Field>
        <button type="button" onClick={addAddress} data-testid="scan-escl-add">Thêm</button>
        <button type="button" onClick={() => void test(newAddress)} disabled={tests[newAddress]?.busy} data-testid="scan-escl-test">Kiểm tra</button>
      </div>
      {newAddress.trim() && testLine(newAddress, 'scan-escl-new-test')}
    </Section>
  );
}
