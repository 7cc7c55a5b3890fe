// Quản trị → Máy in, the certificate printer's calibration (issue 11 #3): print the calibration page, measure
// each cross mark with a ruler from the sheet's left and top edges, type the measurements (or the offset
// itself), save it for that printer, check with the page printed with the offset, then a test print.
import { useEffect, useState, type FormEvent } from 'react';
import { CALIBRATION_MARKS, CERTIFICATE_KIND_NAMES, CERTIFICATE_KINDS, offsetFromMeasurements, type CertificateKind } from '../../../shared/certificates/template';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { mmText, offsetText, parseMm } from './shared';

type Printer = { name: string; isDefault: boolean };
type Calibration = { printer: string; x: number; y: number; updatedAt: string | null; updatedBy: string | null };
type Msg = { kind: 'error' | 'success'; text: string } | null;

export function CalibrationSection() {
  const [printers, setPrinters] = useState<Printer[]>([]);
  const [printer, setPrinter] = useState('');
  const [current, setCurrent] = useState<Calibration | null>(null);
  const [measured, setMeasured] = useState<Record<string, { x: string; y: string }>>({});
  const [x, setX] = useState('0');
  const [y, setY] = useState('0');
  const [kind, setKind] = useState<CertificateKind>('birth');
  const [message, setMessage] = useState<Msg>(null);

  useEffect(() => {
    api.call('printing.listPrinters', {}).then((list) => {
      setPrinters(list);
      setPrinter((list.find((p) => p.isDefault) ?? list[0])?.name ?? '');
    }, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
  }, []);
  useEffect(() => {
    if (!printer) return;
    api.call('certificates.calibration', { printer }).then((c) => {
      setCurrent(c);
      setX(String(c.x).replace('.', ','));
      setY(String(c.y).replace('.', ','));
    }, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
  }, [printer]);

  const attempt = async (what: () => Promise<string>) => {
    setMessage(null);
    try { setMessage({ kind: 'success', text: await what() }); } catch (e) { setMessage({ kind: 'error', text: errorMessage(e) }); }
  };
  const printPage = (applyOffset: boolean) => attempt(async () => {
    const r = await api.call('certificates.calibrationPage', { printer, applyOffset, print: true });
    return `Đã gửi trang căn chỉnh${applyOffset ? ' (có cộng độ lệch đang lưu)' : ''} tới máy in ${r.printed}. Đo từ mép trái và mép trên tờ giấy tới tâm từng dấu chữ thập.`;
  });

  const marks = CALIBRATION_MARKS.flatMap((m) => {
    const v = measured[m.label];
    const mx = v ? parseMm(v.x) : null;
    const my = v ? parseMm(v.y) : null;
    return mx !== null && my !== null ? [{ label: m.label, x: mx, y: my }] : [];
  });
  const computed = marks.length ? offsetFromMeasurements(marks) : null;

  const save = (e: FormEvent) => {
    e.preventDefault();
    const ox = parseMm(x);
    const oy = parseMm(y);
    if (ox === null || oy === null) { setMessage({ kind: 'error', text: 'Độ lệch là số milimét, VD 1,5 hoặc -2 — hãy nhập lại.' }); return; }
    void attempt(async () => {
      const c = await api.call('certificates.setCalibration', { printer, x: ox, y: oy });
      setCurrent(c);
      return `Đã lưu độ lệch của máy in ${c.printer}: ngang ${mmText(c.x)}, dọc ${mmText(c.y)}. In lại trang căn chỉnh (có cộng độ lệch) để kiểm tra: các dấu chữ thập phải đúng vị trí ghi bên cạnh.`;
    });
  };

  return (
    <section data-testid="calibration-section" style={{ marginTop: 24 }}>
      <h3>Căn chỉnh máy in giấy tờ hộ tịch (in trên phôi)</h3>
      <div className="field" style={{ maxWidth: '28rem' }}>
        <label htmlFor="cal-printer">Máy in</label>
        <select id="cal-printer" value={printer} onChange={(e) => setPrinter(e.target.value)} data-testid="cal-printer">
          {printers.length === 0 && <option value="">(không tìm thấy máy in)</option>}
          {printers.map((p) => <option key={p.name} value={p.name}>{p.name}{p.isDefault ? ' (mặc định)' : ''}</option>)}
        </select>
        <span className="field-hint" data-testid="cal-current">{printer ? offsetText(current) : ''}</span>
      </div>
      <div className="actions">
        <button type="button" onClick={() => void printPage(false)} disabled={!printer} data-testid="cal-print-page">1. In trang căn chỉnh</button>
        <button type="button" onClick={() => void printPage(true)} disabled={!printer} data-testid="cal-print-check">In trang căn chỉnh có cộng độ lệch (kiểm tra)</button>
      </div>
      <p className="muted">2. Đo bằng thước (mm) từ mép <b>trái</b> và mép <b>trên</b> tờ giấy tới tâm mỗi dấu chữ thập; nhập số đo của các dấu đo được.</p>
      <table className="table compact" style={{ maxWidth: '34rem' }} data-testid="cal-marks">
        <thead><tr><th>Dấu</th><th>Vị trí chuẩn (ngang; dọc)</th><th>Đo ngang (mm)</th><th>Đo dọc (mm)</th></tr></thead>
        <tbody>
          {CALIBRATION_MARKS.map((m) => (
            <tr key={m.label}>
              <td>{m.label}</td>
              <td>{m.x}; {m.y}</td>
              {(['x', 'y'] as const).map((axis) => (
                <td key={axis}>
                  <input aria-label={`Dấu ${m.label}, đo ${axis === 'x' ? 'ngang' : 'dọc'} (mm)`} inputMode="decimal" size={6} data-testid={`cal-${m.label}-${axis}`}
                    value={measured[m.label]?.[axis] ?? ''}
                    onChange={(e) => setMeasured({ ...measured, [m.label]: { x: measured[m.label]?.x ?? '', y: measured[m.label]?.y ?? '', [axis]: e.target.value } })} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {computed && (
        <p data-testid="cal-computed">
          Độ lệch tính từ {marks.length} dấu: ngang {mmText(computed.x)}, dọc {mmText(computed.y)}{' '}
          <button type="button" onClick={() => { setX(String(computed.x).replace('.', ',')); setY(String(computed.y).replace('.', ',')); }} data-testid="cal-use-computed">Dùng độ lệch này</button>
        </p>
      )}
      <form onSubmit={save} className="actions" style={{ alignItems: 'flex-end' }}>
        <div className="field"><label htmlFor="cal-x">3. Độ lệch ngang (mm, + sang phải)</label>
          <input id="cal-x" inputMode="decimal" value={x} onChange={(e) => setX(e.target.value)} data-testid="cal-x" /></div>
        <div className="field"><label htmlFor="cal-y">Độ lệch dọc (mm, + xuống dưới)</label>
          <input id="cal-y" inputMode="decimal" value={y} onChange={(e) => setY(e.target.value)} data-testid="cal-y" /></div>
        <button type="submit" className="primary" disabled={!printer} data-testid="cal-save">Lưu độ lệch</button>
      </form>
      <div className="actions" style={{ alignItems: 'flex-end' }}>
        <div className="field"><label htmlFor="cal-test-kind">4. In thử với dữ liệu mẫu</label>
          <select id="cal-test-kind" value={kind} onChange={(e) => setKind(e.target.value as CertificateKind)} data-testid="cal-test-kind">
            {CERTIFICATE_KINDS.map((k) => <option key={k} value={k}>{CERTIFICATE_KIND_NAMES[k]}</option>)}
          </select></div>
        <button type="button" disabled={!printer} data-testid="cal-test-print"
          onClick={() => void attempt(async () => (await api.call('certificates.testPrint', { kind, printer })).message)}>In thử</button>
      </div>
      {message && <Notice kind={message.kind} testId="cal-message">{message.text}</Notice>}
    </section>
  );
}
