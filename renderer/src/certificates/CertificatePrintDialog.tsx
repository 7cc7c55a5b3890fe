// Printing a registered entry's certificate on its pre-printed blank (issue 11 #3): the preview drawn over the
// blank's image, the printer and its calibration offset, which copy (original once, then extracts) and how
// many, the blank's serial; Enter prints. A blank the printer spoiled is reprinted with "Phôi hỏng — in lại"
// and its serial, so every numbered blank is accounted for. The entry's issued copies are listed below.
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { EXTRACT_KIND, type CertificateKind, type CopyKind } from '../../../shared/certificates/template';
import type { CertificateIssue } from '../../../shared/contract/api-certificates';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { formatInstant } from '../lib/format';
import { lastPrinter, offsetText, rememberPrinter, useBlobUrl } from './shared';

interface Props {
  /**
   * The registered entry. For an extract-copy entry pass the extract-copy entry itself (its own date and signer
   * print over the cited entry's values), `kind` the cited event's paper and `copyKind` 'extract'.
   */
  entryId: string;
  kind: CertificateKind;
  /** The copy chosen at first (default: the original, or an extract once the original is out). */
  copyKind?: CopyKind;
  /** e.g. "Giấy khai sinh · Số 125, Quyển số 01/2026". */
  title: string;
  onClose: () => void;
  /** After a copy went to the printer (the entry's screen may move the dossier on). */
  onPrinted?: (issue: CertificateIssue) => void;
}

type Printer = { name: string; isDefault: boolean; state: string };
type Offset = { x: number; y: number; updatedAt: string | null };

export function CertificatePrintDialog({ entryId, kind, copyKind: initialCopy = 'original', title, onClose, onPrinted }: Props) {
  const [preview, setPreview] = useState<string | null>(null);
  const [feedHint, setFeedHint] = useState('');
  const [printers, setPrinters] = useState<Printer[]>([]);
  const [printer, setPrinter] = useState('');
  const [offset, setOffset] = useState<Offset | null>(null);
  const [issues, setIssues] = useState<CertificateIssue[]>([]);
  const [copyKind, setCopyKind] = useState<CopyKind>(initialCopy);
  const [copies, setCopies] = useState('1');
  const [serial, setSerial] = useState('');
  const [spoiled, setSpoiled] = useState<{ issue: CertificateIssue; spoiledSerial: string; blankSerial: string } | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const busy = useRef(false);
  const serialRef = useRef<HTMLInputElement>(null);
  const spoiledRef = useRef<HTMLInputElement>(null);
  const url = useBlobUrl(preview);

  const loadIssues = useCallback(async () => {
    const r = await api.call('certificates.issues', { entryId });
    setIssues(r.issues);
    // The original is issued once: once it is out, further copies are extracts.
    if (r.issues.some((i) => i.copyKind === 'original' && i.charged)) setCopyKind('extract');
  }, [entryId]);

  // An extract prints on plain paper (its full-page template): the preview shows the paper that will print.
  const paper = copyKind === 'extract' ? EXTRACT_KIND[kind] : kind;
  useEffect(() => {
    setPreview(null);
    api.call('certificates.preview', { kind: paper, entryId }).then((r) => {
      setPreview(r.pdf.base64);
      const t = r.template;
      // A landscape blank goes into the printer upright like any A4: say which way its top edge faces.
      setFeedHint(t.page.width > t.page.height
        ? `Phôi khổ ngang: đặt phôi đứng như tờ A4, đầu phôi (quốc hiệu) quay về bên ${t.landscapeFeed === 'cw' ? 'phải' : 'trái'}.` : '');
    }, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
  }, [entryId, paper]);

  useEffect(() => {
    api.call('printing.listPrinters', {}).then((list) => {
      setPrinters(list);
      const remembered = lastPrinter();
      setPrinter(list.some((p) => p.name === remembered) ? remembered : (list.find((p) => p.isDefault) ?? list[0])?.name ?? '');
    }, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
    loadIssues().catch((e) => setMessage({ kind: 'error', text: errorMessage(e) }));
  }, [loadIssues]);

  useEffect(() => {
    if (!printer) { setOffset(null); return; }
    api.call('certificates.calibration', { printer }).then(setOffset, (e) => setMessage({ kind: 'error', text: errorMessage(e) }));
  }, [printer]);

  const run = async (action: () => Promise<{ issue: CertificateIssue; message: string }>, focusAfter: () => void) => {
    if (busy.current) return;
    busy.current = true;
    setMessage(null);
    try {
      const r = await action();
      rememberPrinter(printer);
      setMessage({ kind: 'success', text: r.message });
      setSpoiled(null);
      setSerial('');
      await loadIssues();
      if (r.issue.state === 'sent') onPrinted?.(r.issue);
    } catch (e) {
      setMessage({ kind: 'error', text: errorMessage(e) });
    } finally {
      busy.current = false;
      // After React has drawn the answer (the spoiled form may be gone): focus never falls to the page.
      setTimeout(focusAfter, 0);
    }
  };

  const print = (e?: FormEvent) => {
    e?.preventDefault();
    if (!printer) { setMessage({ kind: 'error', text: 'Chưa có máy in: hãy cài máy in trên máy tính rồi mở lại.' }); return; }
    const n = Number(copies);
    if (!Number.isInteger(n) || n < 1 || n > 20) { setMessage({ kind: 'error', text: 'Số bản là số nguyên từ 1 đến 20 — hãy nhập lại.' }); return; }
    void run(() => api.call('certificates.print', { entryId, kind, copyKind, copies: n, printer, blankSerial: serial }), () => serialRef.current?.focus());
  };

  const lastSent = [...issues].reverse().find((i) => i.state === 'sent' && !i.spoiled);
  // Prints cut off by a stop or a crash: the core cannot know whether the blank printed; the officer looks.
  const interrupted = issues.filter((i) => i.state === 'pending' && i.error);
  const settle = (issue: CertificateIssue, printed: boolean) =>
    void run(() => api.call('certificates.settleInterrupted', { issueId: issue.id, printed }), () => serialRef.current?.focus());
  const startSpoiled = () => {
    if (!lastSent) return;
    setSpoiled({ issue: lastSent, spoiledSerial: lastSent.blankSerial, blankSerial: '' });
    setTimeout(() => spoiledRef.current?.focus(), 0);
  };
  const reprint = (e: FormEvent) => {
    e.preventDefault();
    if (!spoiled) return;
    void run(() => api.call('certificates.reprintSpoiled', {
      issueId: spoiled.issue.id, spoiledSerial: spoiled.spoiledSerial, blankSerial: spoiled.blankSerial, printer,
    }), () => (spoiledRef.current ?? serialRef.current)?.focus());
  };

  return (
    <Dialog title={`In ${title}`} onClose={onClose} wide testId="certificate-print-dialog">
      <div style={{ display: 'flex', gap: 16, height: 'calc(94vh - 4.75rem)', minHeight: '20rem' }}>
        <div style={{ flex: '3 1 0', minWidth: 0, display: 'flex', flexDirection: 'column' }}>
          {url
            ? <iframe className="pdf-frame" src={`${url}#view=Fit&toolbar=0&navpanes=0`} title={`Xem trước ${title}`} tabIndex={-1}
              style={{ flex: '1 1 auto', minHeight: 0, height: 'auto' }} data-testid="certificate-preview" />
            : <div className="pdf-frame pdf-loading">Đang vẽ bản xem trước trên ảnh phôi…</div>}
          <p className="muted" style={{ margin: '4px 0 0' }}>Bản xem trước vẽ chữ lên ảnh phôi (không cộng độ lệch máy in). Kiểm tra từng dòng trước khi in lên phôi thật.</p>
        </div>
        <div style={{ flex: '2 1 0', minWidth: '18rem', overflowY: 'auto' }}>
          <form onSubmit={print} data-testid="certificate-print-form"
            // Enter prints from every control of the form, the lists too (a select does not submit by itself).
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'SELECT' && !e.nativeEvent.isComposing) print(e); }}>
            <div className="field">
              <label htmlFor="cert-printer">Máy in</label>
              <select id="cert-printer" value={printer} onChange={(e) => setPrinter(e.target.value)} data-testid="cert-printer">
                {printers.length === 0 && <option value="">(không tìm thấy máy in)</option>}
                {printers.map((p) => <option key={p.name} value={p.name}>{p.name}{p.isDefault ? ' (mặc định)' : ''}</option>)}
              </select>
              <span className="field-hint" data-testid="cert-offset">{printer ? offsetText(offset) : ''}</span>
            </div>
            <div className="field">
              <label htmlFor="cert-copy-kind">Loại bản</label>
              <select id="cert-copy-kind" value={copyKind} onChange={(e) => setCopyKind(e.target.value as CopyKind)} data-testid="cert-copy-kind">
                <option value="original">Bản chính (cấp một lần)</option>
                <option value="extract">Bản sao trích lục</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="cert-copies">Số bản</label>
              <input id="cert-copies" type="number" min={1} max={20} value={copies} onChange={(e) => setCopies(e.target.value)} data-testid="cert-copies" />
            </div>
            <div className="field">
              <label htmlFor="cert-serial">Số seri phôi (in trên phôi)</label>
              <input id="cert-serial" ref={serialRef} value={serial} onChange={(e) => setSerial(e.target.value)} data-autofocus="" autoComplete="off" data-testid="cert-serial" />
              <span className="field-hint">Đặt phôi vào máy in đúng chiều, nhập số seri rồi bấm Enter để in.</span>
              {feedHint && <span className="field-hint" data-testid="cert-feed">{feedHint}</span>}
            </div>
            <div className="actions">
              <button type="submit" className="primary" data-testid="cert-print">In <kbd>Enter</kbd></button>
              <button type="button" onClick={startSpoiled} disabled={!lastSent} data-testid="cert-spoiled"
                title={lastSent ? '' : 'Chưa có lần in nào để in lại'}>Phôi hỏng — in lại</button>
              <button type="button" onClick={onClose}>Đóng <kbd>Esc</kbd></button>
            </div>
          </form>
          {interrupted.map((i) => (
            <div key={i.id} className="panel" style={{ marginTop: 10 }} data-testid="cert-interrupted">
              <p style={{ margin: '0 0 6px' }}>
                {i.copyKindName} in lúc {formatInstant(i.at)}{i.blankSerial ? ` (phôi seri ${i.blankSerial})` : ''}: {i.error}
              </p>
              <div className="actions">
                <button type="button" onClick={() => settle(i, true)} data-testid="cert-interrupted-printed">Đã in ra</button>
                <button type="button" onClick={() => settle(i, false)} data-testid="cert-interrupted-not">Chưa in ra</button>
              </div>
            </div>
          ))}
          {spoiled && (
            <form onSubmit={reprint} className="panel" style={{ marginTop: 10 }} data-testid="cert-spoiled-form">
              <p style={{ margin: '0 0 6px' }}>In lại {spoiled.issue.copyKindName.toLowerCase()} của lần in lúc {new Date(spoiled.issue.at).toLocaleTimeString('vi-VN')}; phôi hỏng được ghi lại theo số seri.</p>
              <div className="field">
                <label htmlFor="cert-spoiled-serial">Số seri phôi bị hỏng</label>
                <input id="cert-spoiled-serial" ref={spoiledRef} value={spoiled.spoiledSerial} autoComplete="off" data-testid="cert-spoiled-serial"
                  onChange={(e) => setSpoiled({ ...spoiled, spoiledSerial: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor="cert-new-serial">Số seri phôi mới</label>
                <input id="cert-new-serial" value={spoiled.blankSerial} autoComplete="off" data-testid="cert-new-serial"
                  onChange={(e) => setSpoiled({ ...spoiled, blankSerial: e.target.value })} />
              </div>
              <div className="actions">
                <button type="submit" className="primary" data-testid="cert-reprint">In lại <kbd>Enter</kbd></button>
                <button type="button" onClick={() => { setSpoiled(null); serialRef.current?.focus(); }}>Thôi</button>
              </div>
            </form>
          )}
          {message && <Notice kind={message.kind} testId="cert-message">{message.text}</Notice>}
          <IssuedCopies issues={issues} />
        </div>
      </div>
    </Dialog>
  );
}

function IssuedCopies({ issues }: { issues: CertificateIssue[] }) {
  if (!issues.length) return <p className="muted" data-testid="cert-issues-empty">Chưa cấp bản nào của mục này.</p>;
  return (
    <table className="table compact" data-testid="cert-issues" style={{ marginTop: 10 }}>
      <caption style={{ textAlign: 'left', fontWeight: 600 }}>Các bản đã cấp</caption>
      <thead><tr><th>Lúc</th><th>Bản</th><th>Số bản</th><th>Seri phôi</th><th>Người in</th></tr></thead>
      <tbody>
        {issues.map((i) => (
          <tr key={i.id} className={i.charged ? '' : 'muted'}>
            <td>{new Date(i.at).toLocaleString('vi-VN')}</td>
            <td>{i.copyKindName}{i.reprintOf ? ' (in lại)' : ''}</td>
            <td>{i.copies}</td>
            <td>{i.spoiled ? `${i.spoiledSerial} — hỏng` : i.state === 'failed' ? 'không in được'
              : i.state === 'pending' && i.error ? `${i.blankSerial || '—'} — chưa rõ đã in` : i.blankSerial || '—'}</td>
            <td>{i.userName}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
