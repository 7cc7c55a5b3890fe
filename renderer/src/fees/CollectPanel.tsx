// Collecting one dossier's fee, keyboard first: the count the line needs (pages of each document, copies),
// an exemption with its reason, the method (a transfer shows the VietQR code to scan), Ctrl+Enter collects and
// opens the receipt to print. The dossier's receipts below, each to view/print or cancel with a reason. The
// leader may let a dossier with a fee due on return go unpaid, with a reason.
import { useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { FEE_METHOD_NAMES, type DossierFee, type FeeMethod, type FeeSettings, type Receipt } from '../../../shared/contract/api-fees';
import { COLLECT_AT_NAMES, dueBeforeReturn } from '../../../shared/fees/pricing';
import { amountInWords } from '../../../shared/text/amount-words';
import { api, errorMessage } from '../api/client';
import { Notice } from '../components/Notice';
import { focusWhenReady } from '../lib/focus';
import { useShortcuts } from '../lib/hooks';
import { formatInstant, formatMoney } from '../lib/format';
import { checkCollect, collectHasInput, emptyCollectForm, toCollectInput, type CollectForm } from './collect-form';
import { ReasonDialog } from './ReasonDialog';
import { ReceiptDialog } from './ReceiptDialog';
import './fees.css';

const METHODS: FeeMethod[] = ['cash', 'transfer', 'online'];

export function CollectPanel({ fee, settings, canOverride, canCollect, onChanged, onFormChange, dialog, returnFocusId = 'fees-search' }: {
  fee: DossierFee; settings: FeeSettings | null; canOverride: boolean; canCollect: boolean;
  onChanged: (fee: DossierFee) => void; onFormChange?: (dirty: boolean, form: CollectForm) => void;
  /** Inside a dialog (the dossier page's): its data-testid, so Ctrl+Enter works while it is on top. */
  dialog?: string;
  /** Where focus goes once a collection is done and its receipt closed. */
  returnFocusId?: string;
}) {
  const [form, setForm] = useState<CollectForm>(emptyCollectForm);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [qr, setQr] = useState<{ pngBase64: string; content: string; amount: number } | null>(null);
  const [qrError, setQrError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [cancelling, setCancelling] = useState<Receipt | null>(null);
  const [overriding, setOverriding] = useState(false);
  const busy = useRef(false);
  const attempt = useRef<{ key: string; id: string } | null>(null);
  const check = useMemo(() => checkCollect(fee, form), [fee, form]);
  const line = fee.line;

  const patch = (p: Partial<CollectForm>) => {
    const next = { ...form, ...p };
    setForm(next);
    setError(null);
    onFormChange?.(collectHasInput(next), next);
  };

  // A transfer shows the code for the amount as counted now.
  useEffect(() => {
    setQr(null);
    setQrError(null);
    if (!fee.owed || form.method !== 'transfer' || form.exemptionCode || check.problem || !check.quote) return;
    let live = true;
    const kind = line?.pricing.kind;
    api.call('fees.paymentQr', {
      dossierId: fee.dossierId, ...(kind === 'per-page' ? { pages: toCollectInput(fee, form, '').pages } : {}), ...(kind === 'per-copy' ? { copies: Number(form.copies) } : {}),
    }).then((r) => { if (live) setQr(r); }, (e: unknown) => { if (live) setQrError(errorMessage(e)); });
    return () => { live = false; };
  }, [fee, form.method, form.exemptionCode, form.pages, form.copies, check.problem]);

  const collect = async () => {
    if (busy.current || !fee.owed || !canCollect) return;
    if (check.problem) { setError(check.problem); focusWhenReady(() => document.querySelector<HTMLElement>('#fee-pages, #fee-copies, #fee-exemption-reason')); return; }
    busy.current = true;
    const key = JSON.stringify(form);
    if (attempt.current?.key !== key) attempt.current = { key, id: crypto.randomUUID() };
    try {
      const r = await api.call('fees.collect', toCollectInput(fee, form, attempt.current.id));
      attempt.current = null;
      flushSync(() => {
        setForm(emptyCollectForm());
        setNotice(r.receipt ? `Đã thu ${formatMoney(r.receipt.amount)}, lập biên lai số ${r.receipt.numberText} (${r.receipt.series}).` : 'Đã ghi nhận miễn phí, lệ phí với căn cứ đã nhập.');
        setReceipt(r.receipt);
      });
      onFormChange?.(false, emptyCollectForm());
      onChanged(r.fee);
      if (!r.receipt) focusWhenReady(() => document.getElementById(returnFocusId));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      busy.current = false;
    }
  };
  useShortcuts({ 'Ctrl+Enter': () => void collect() }, dialog ? { inDialogs: true, dialog } : {});

  const cancel = async (reason: string) => {
    const r = cancelling!;
    await api.call('fees.cancelReceipt', { receiptId: r.id, reason });
    flushSync(() => { setCancelling(null); setNotice(`Đã hủy biên lai số ${r.numberText}; biên lai vẫn lưu trong sổ, đánh dấu đã hủy.`); });
    onChanged(await api.call('fees.dossier', { dossierId: fee.dossierId }));
    focusWhenReady(() => document.getElementById(fee.line?.pricing.kind === 'per-page' ? 'fee-pages' : 'fee-method'));
  };
  const override = async (reason: string) => {
    const r = await api.call('fees.overrideReturn', { dossierId: fee.dossierId, reason });
    flushSync(() => { setOverriding(false); setNotice('Đã cho phép trả kết quả khi chưa thu phí; lý do được lưu.'); });
    onChanged(r);
  };

  const amount = check.quote?.amount ?? null;
  return (
    <section className="fee-collect" data-testid="fee-collect">
      <h3>Hồ sơ {fee.dossierNumber} · {fee.payerName}</h3>
      {!line && <p className="muted">Thủ tục này không có khoản phí, lệ phí.</p>}
      {line && (
        <p data-testid="fee-line">
          <strong>{line.name}</strong>: {line.pricing.kind === 'fixed' ? formatMoney(line.amount) : line.pricing.kind === 'per-copy' ? `${formatMoney(line.amount)}/bản` : 'theo số trang'}
          {' · '}{COLLECT_AT_NAMES[line.collect]}
        </p>
      )}
      {notice && <Notice kind="success" testId="fee-notice">{notice}</Notice>}
      {fee.record?.paid && <p data-testid="fee-paid">Đã thu {formatMoney(fee.record.amount)} ({fee.record.method ? FEE_METHOD_NAMES[fee.record.method] : ''}) lúc {formatInstant(fee.record.paidAt)}, người thu {fee.record.collectorName}.</p>}
      {fee.record?.exemption && <p data-testid="fee-exempt">Miễn: {fee.record.exemption.name} — {fee.record.exemption.reason}</p>}
      {fee.record?.override && <p>Lãnh đạo {fee.record.override.byName} cho phép trả kết quả khi chưa thu ({fee.record.override.reason}).</p>}

      {fee.owed && canCollect && line && (
        <div className="form-grid" data-testid="fee-form">
          {line.pricing.kind === 'per-page' && (
            <label>Số trang từng giấy tờ (cách nhau bởi dấu phẩy)
              <input id="fee-pages" value={form.pages} placeholder="VD 3, 12" autoComplete="off" data-autofocus="" onChange={(e) => patch({ pages: e.target.value })} />
            </label>
          )}
          {line.pricing.kind === 'per-copy' && (
            <label>Số bản sao
              <input id="fee-copies" type="number" min={1} max={100} value={form.copies} data-autofocus="" onChange={(e) => patch({ copies: e.target.value })} />
            </label>
          )}
          <label>Hình thức nộp
            <select id="fee-method" value={form.method} disabled={!!form.exemptionCode} data-autofocus={line.pricing.kind === 'fixed' ? '' : undefined}
              onChange={(e) => patch({ method: e.target.value as FeeMethod })}>
              {METHODS.map((m) => <option key={m} value={m}>{FEE_METHOD_NAMES[m]}</option>)}
            </select>
          </label>
          <label>Miễn phí, lệ phí
            <select id="fee-exemption" value={form.exemptionCode} onChange={(e) => patch({ exemptionCode: e.target.value })}>
              <option value="">— Không miễn —</option>
              {(settings?.exemptions ?? []).filter((c) => c.active).map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
            </select>
          </label>
          {form.exemptionCode && (
            <label>Căn cứ miễn (số giấy tờ chứng minh)
              <input id="fee-exemption-reason" value={form.exemptionReason} autoComplete="off" onChange={(e) => patch({ exemptionReason: e.target.value })} />
            </label>
          )}
          {!form.exemptionCode && (
            <>
              <label>Người nộp tiền (để trống: người nộp hồ sơ)
                <input id="fee-payer-name" value={form.payerName} placeholder={fee.payerName} autoComplete="off" maxLength={120}
                  onChange={(e) => patch({ payerName: e.target.value })} />
              </label>
              {form.payerName.trim() !== '' && (
                <label>Địa chỉ người nộp tiền
                  <input id="fee-payer-address" value={form.payerAddress} autoComplete="off" maxLength={300} onChange={(e) => patch({ payerAddress: e.target.value })} />
                </label>
              )}
            </>
          )}
          <p className="fee-amount" data-testid="fee-amount" aria-live="polite">
            {amount === null ? check.problem : <>Số tiền: <strong>{formatMoney(amount)}</strong> ({amountInWords(amount, { variant: settings?.amountWords })}){check.quote && check.quote.detail !== formatMoney(check.quote.gross) ? ` — ${check.quote.detail}` : ''}</>}
          </p>
          {form.method === 'transfer' && !form.exemptionCode && (
            <div className="fee-qr" data-testid="fee-qr">
              {qr && <img src={`data:image/png;base64,${qr.pngBase64}`} alt={`Mã VietQR chuyển ${formatMoney(qr.amount)}, nội dung ${qr.content}`} width={220} height={220} data-testid="vietqr-image" />}
              {qr && <p>Nội dung chuyển khoản: <strong>{qr.content}</strong>{settings?.bank.accountName ? ` · Tài khoản ${settings.bank.account} (${settings.bank.accountName})` : ''}</p>}
              {qrError && <Notice kind="error" testId="fee-qr-error">{qrError}</Notice>}
            </div>
          )}
          {error && <Notice kind="error" testId="fee-error">{error}</Notice>}
          <div className="dialog-actions">
            <button type="button" className="primary" id="fee-collect-submit" onClick={() => void collect()} data-testid="fee-collect-submit">
              {form.exemptionCode ? 'Ghi nhận miễn' : 'Thu phí và lập biên lai'} <kbd>Ctrl+Enter</kbd>
            </button>
          </div>
        </div>
      )}
      {fee.owed && canOverride && line && dueBeforeReturn(line.collect) && !fee.record?.override && (
        <button type="button" onClick={() => setOverriding(true)} data-testid="fee-override">Cho phép trả kết quả khi chưa thu…</button>
      )}

      {fee.receipts.length > 0 && (
        <table className="table compact" data-testid="fee-receipts">
          <thead><tr><th>Biên lai</th><th>Thời điểm</th><th>Số tiền</th><th>Hình thức</th><th>Trạng thái</th><th /></tr></thead>
          <tbody>
            {fee.receipts.map((r) => (
              <tr key={r.id}>
                <td>{r.formSymbol} · {r.series} · số {r.numberText}</td>
                <td>{formatInstant(r.issuedAt)}</td>
                <td>{formatMoney(r.amount)}</td>
                <td>{FEE_METHOD_NAMES[r.method]}</td>
                <td>{r.cancelledAt ? `Đã hủy: ${r.cancelReason}` : 'Hợp lệ'}</td>
                <td>
                  <button type="button" className="link-button" onClick={() => setReceipt(r)}>Xem, in</button>
                  {!r.cancelledAt && canCollect && <button type="button" className="link-button" onClick={() => setCancelling(r)} data-testid="fee-cancel">Hủy…</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {receipt && <ReceiptDialog receipt={receipt} onClose={() => { flushSync(() => setReceipt(null)); focusWhenReady(() => document.getElementById(returnFocusId)); }} />}
      {cancelling && (
        <ReasonDialog title={`Hủy biên lai số ${cancelling.numberText} (${cancelling.series})`} label="Lý do hủy" confirm="Hủy biên lai" testId="fee-cancel-dialog"
          hint="Biên lai đã hủy vẫn nằm trong sổ, đánh dấu đã hủy; số của nó không được dùng lại." onClose={() => setCancelling(null)} onConfirm={cancel} />
      )}
      {overriding && (
        <ReasonDialog title="Cho phép trả kết quả khi chưa thu phí" label="Lý do" confirm="Cho phép" testId="fee-override-dialog"
          hint="Lý do và người cho phép được lưu vào nhật ký." onClose={() => setOverriding(false)} onConfirm={override} />
      )}
    </section>
  );
}
