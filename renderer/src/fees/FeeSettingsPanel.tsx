// The administrator's fee settings: the office's account for VietQR transfers (bank BIN, account, name),
// receipt templates (mẫu số, ký hiệu with {yy} for the year, paper), exemption categories, receipt printers,
// and the office's reading of amounts in words (linh/lẻ, nghìn/ngàn, lăm/nhăm, tư/bốn) with a sample.
// The core checks everything; its messages come back at the field they name.
import { useEffect, useState } from 'react';
import type { FeeSettings } from '../../../shared/contract/api-fees';
import { amountInWords } from '../../../shared/text/amount-words';
import { api, ApiError, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';

type WordsKey = keyof FeeSettings['amountWords'];
// The readings that differ by region (shared/text/amount-words.ts); the official one first.
const WORD_CHOICES: [WordsKey, string, readonly string[]][] = [
  ['zeroTens', 'Số 0 ở hàng chục (105)', ['linh', 'lẻ']],
  ['thousand', 'Hàng nghìn', ['nghìn', 'ngàn']],
  ['five', 'Số 5 sau hai mươi trở lên (25)', ['lăm', 'nhăm']],
  ['four', 'Số 4 sau hai mươi trở lên (24)', ['tư', 'bốn']],
];

export function FeeSettingsPanel() {
  const [s, setS] = useState<FeeSettings | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  useEffect(() => { void api.call('fees.getSettings', {}).then(setS, (e: unknown) => setMessage({ kind: 'error', text: errorMessage(e) })); }, []);
  if (!s) return message ? <Notice kind="error">{message.text}</Notice> : null;

  const save = async () => {
    try {
      setS(await api.call('fees.setSettings', s));
      setErrors({});
      setMessage({ kind: 'success', text: 'Đã lưu cấu hình thu phí.' });
    } catch (e) {
      setErrors(e instanceof ApiError ? Object.fromEntries((e.fields ?? []).map((f) => [f.field, f.message])) : {});
      setMessage({ kind: 'error', text: errorMessage(e) });
      const first = e instanceof ApiError ? e.fields?.[0]?.field : undefined;
      if (first) document.getElementById(`fee-set-${first.replace(/\./g, '-')}`)?.focus();
    }
  };
  const err = (k: string) => (errors[k] ? <div className="field-error" role="alert">{errors[k]}</div> : null);
  const setTemplate = (i: number, p: Partial<FeeSettings['templates'][number]>) => setS({ ...s, templates: s.templates.map((t, j) => (j === i ? { ...t, ...p } : t)) });
  const setExemption = (i: number, p: Partial<FeeSettings['exemptions'][number]>) => setS({ ...s, exemptions: s.exemptions.map((t, j) => (j === i ? { ...t, ...p } : t)) });

  return (
    <form data-testid="fee-settings" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <fieldset>
        <legend>Tài khoản nhận chuyển khoản (VietQR)</legend>
        <label>Mã BIN ngân hàng (6 số, VD 970415 VietinBank)
          <input id="fee-set-bank-bin" value={s.bank.bin} maxLength={6} inputMode="numeric" onChange={(e) => setS({ ...s, bank: { ...s.bank, bin: e.target.value.trim() } })} />
        </label>{err('bank.bin')}
        <label>Số tài khoản
          <input id="fee-set-bank-account" value={s.bank.account} maxLength={19} onChange={(e) => setS({ ...s, bank: { ...s.bank, account: e.target.value.trim() } })} />
        </label>{err('bank.account')}
        <label>Tên tài khoản
          <input id="fee-set-bank-accountName" value={s.bank.accountName} maxLength={70} onChange={(e) => setS({ ...s, bank: { ...s.bank, accountName: e.target.value } })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Mẫu biên lai</legend>
        {s.templates.map((t, i) => (
          <div className="inline" key={i} data-testid={`fee-template-${i}`}>
            <label>Mã <input id={`fee-set-templates-${i}-id`} value={t.id} onChange={(e) => setTemplate(i, { id: e.target.value })} /></label>
            <label>Mẫu số <input id={`fee-set-templates-${i}-formSymbol`} value={t.formSymbol} onChange={(e) => setTemplate(i, { formSymbol: e.target.value })} /></label>
            <label>Ký hiệu ({'{yy}'} = năm) <input id={`fee-set-templates-${i}-seriesPattern`} value={t.seriesPattern} onChange={(e) => setTemplate(i, { seriesPattern: e.target.value })} /></label>
            <label>Khổ giấy
              <select value={t.paper} onChange={(e) => setTemplate(i, { paper: e.target.value as 'a5' | 'thermal' })}><option value="a5">A5</option><option value="thermal">Máy in nhiệt 80 mm</option></select>
            </label>
            <label><input type="checkbox" checked={t.active} onChange={(e) => setTemplate(i, { active: e.target.checked })} /> Đang dùng</label>
            {err(`templates.${i}.id`)}{err(`templates.${i}.formSymbol`)}{err(`templates.${i}.seriesPattern`)}
          </div>
        ))}
        <button type="button" className="link-button" onClick={() => setS({ ...s, templates: [...s.templates, { id: `bl${s.templates.length + 1}`, formSymbol: '', seriesPattern: '', paper: 'a5', active: true }] })}
          data-testid="fee-template-add">+ Thêm mẫu biên lai</button>
        <p className="field-hint">Số biên lai tăng liên tục trong từng mẫu số và ký hiệu, không bao giờ dùng lại; ký hiệu có {'{yy}'} thì sang năm mới đánh số lại từ 1.</p>
      </fieldset>
      <fieldset>
        <legend>Đối tượng được miễn</legend>
        {s.exemptions.map((c, i) => (
          <div className="inline" key={i}>
            <label>Mã <input id={`fee-set-exemptions-${i}-code`} value={c.code} onChange={(e) => setExemption(i, { code: e.target.value })} /></label>
            <label>Tên <input id={`fee-set-exemptions-${i}-name`} value={c.name} onChange={(e) => setExemption(i, { name: e.target.value })} /></label>
            <label>Căn cứ <input value={c.basis} onChange={(e) => setExemption(i, { basis: e.target.value })} /></label>
            <label><input type="checkbox" checked={c.active} onChange={(e) => setExemption(i, { active: e.target.checked })} /> Đang áp dụng</label>
            {err(`exemptions.${i}.code`)}{err(`exemptions.${i}.name`)}
          </div>
        ))}
        <button type="button" className="link-button" onClick={() => setS({ ...s, exemptions: [...s.exemptions, { code: '', name: '', basis: '', active: true }] })}>+ Thêm đối tượng</button>
      </fieldset>
      <fieldset>
        <legend>Máy in biên lai</legend>
        <label>Máy in khổ A5 (để trống: máy in mặc định)
          <input value={s.printers.a5} onChange={(e) => setS({ ...s, printers: { ...s.printers, a5: e.target.value } })} />
        </label>
        <label>Máy in nhiệt 80 mm (cài driver của máy; biên lai in dạng ảnh nên đủ dấu tiếng Việt)
          <input value={s.printers.thermal} onChange={(e) => setS({ ...s, printers: { ...s.printers, thermal: e.target.value } })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Đọc số tiền bằng chữ trên biên lai</legend>
        {WORD_CHOICES.map(([key, label, values]) => (
          <label key={key}>{label}
            <select id={`fee-set-amountWords-${key}`} value={s.amountWords[key]}
              onChange={(e) => setS({ ...s, amountWords: { ...s.amountWords, [key]: e.target.value } })}>
              {values.map((v) => <option key={v} value={v}>{v}</option>)}
            </select>
          </label>
        ))}
        <p className="muted" data-testid="fee-set-amountWords-sample">VD 1.024.105 đ: {amountInWords(1_024_105, { variant: s.amountWords })}; 25.000 đ: {amountInWords(25_000, { variant: s.amountWords })}</p>
      </fieldset>
      {message && <Notice kind={message.kind} testId="fee-settings-message">{message.text}</Notice>}
      <button type="submit" className="primary" data-testid="fee-settings-save">Lưu cấu hình</button>
    </form>
  );
}
