import { Fragment, useEffect, useRef, useState } from 'react';
import { formatPhoneVn } from '../../../shared/validation';
import type { DocumentInfo, DossierDetail } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { FilePreviewDialog, PreviewDialog } from '../components/PreviewDialog';
import { PrintButton } from '../components/PrintButton';
import { ScanningPanel } from '../scanning/ScanningPanel';
import { ScanJobStatus } from '../scanning/ScanJobStatus';
import { CorrectionDialog } from '../correction/CorrectionDialog';
import { useCan } from '../lib/access';
import { COPY_TYPE_LABEL, DOCUMENT_LABEL, formatDateKey, formatInstant, formatMoney } from '../lib/format';
import { DossierWork } from '../work/DossierWork';
import { Timeline } from '../work/Timeline';
import { hasNextAction } from '../work/next-action';
import { useDossierWork } from '../work/useDossierWork';

/** A digitized file to read: its id and what the preview's title says. */
interface OpenFile { fileId: string; title: string }

/** "✓ 7 trang": a button that opens the saved PDF when the user may read digitized files, else plain text. */
function Digitized({ text, title, fileId, canOpen, onOpen, testId }: {
  text: string; title?: string; fileId: string | null; canOpen: boolean; onOpen: () => void; testId: string;
}) {
  if (!fileId || !canOpen) return <span className="digitized-yes" title={title}>{text}</span>;
  return (
    <button type="button" className="link-button digitized-yes" title={title ? `${title}. Bấm để xem tệp PDF.` : 'Xem tệp PDF đã số hóa'}
      onClick={onOpen} data-testid={testId}>{text} · Xem</button>
  );
}

/**
 * One dossier: where its processing stands and the actions this user may take now, applicant, documents
 * handed in, the forms made (view / print again), the print log and the timeline. `focusAction` (opened from a
 * work list): focus starts on the next useful action instead of the first slip.
 */
export function DossierDetailDialog({ id, onClose, focusAction = false }: { id: string; onClose: () => void; focusAction?: boolean }) {
  const [d, setD] = useState<DossierDetail | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [viewing, setViewing] = useState<DocumentInfo | null>(null);
  const [version, setVersion] = useState(0);
  const [scanning, setScanning] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [file, setFile] = useState<OpenFile | null>(null);
  const can = useCan();
  const reload = () => setVersion((v) => v + 1);

  const bodyRef = useRef<HTMLDivElement>(null);
  const work = useDossierWork(id, version);
  const actionFirst = focusAction && hasNextAction(work.state, (a) => can(`workflow.${a}`));

  useEffect(() => {
    api.call('dossiers.get', { id }).then(setD, (e) => setFailure(errorMessage(e)));
  }, [id, version]);

  // The dialog opens before the data arrives: once it is there, put focus on "Xem" of the first slip (or on
  // the next action, opened from a work list).
  const loaded = d !== null && work.settled;
  useEffect(() => {
    if (loaded) bodyRef.current?.querySelector<HTMLElement>('[data-autofocus]')?.focus();
  }, [loaded]);

  const title = d ? `Hồ sơ ${d.number}` : 'Hồ sơ';
  return (
    <Dialog title={title} onClose={onClose} wide testId="dossier-detail">
      {failure && <Notice kind="error">{failure}</Notice>}
      {notice && <Notice kind="success" testId="detail-notice">{notice}</Notice>}
      {!d && !failure && <p>Đang tải…</p>}
      {d && (
        <div className="detail" ref={bodyRef} data-settled={work.settled ? '' : undefined}>
          <DossierWork dossier={d} state={work.state} setState={work.setState} failure={work.failure} perDay={work.perDay}
            autofocus={actionFirst} onChanged={reload} />
          <dl className="facts">
            <dt>Mã hồ sơ</dt><dd className="mono">{d.number}{d.provisional && <span className="tag">tạm</span>}</dd>
            <dt>Thủ tục</dt><dd>{d.procedureCode} – {d.procedureName}</dd>
            <dt>Trạng thái</dt><dd>{d.statusName}</dd>
            <dt>Người nộp</dt><dd data-testid="detail-name">{d.applicant.fullName}</dd>
            <dt>Số định danh</dt><dd className="mono">{d.applicant.idNumber}</dd>
            <dt>Ngày sinh</dt><dd>{formatDateKey(d.applicant.birthDate)}</dd>
            <dt>Địa chỉ</dt><dd data-testid="detail-address">{d.applicant.address}</dd>
            <dt>Điện thoại</dt><dd>{formatPhoneVn(d.applicant.phone)}</dd>
            <dt>Email</dt><dd>{d.applicant.email}</dd>
            {(d.parties ?? []).map((p, i) => (
              <Fragment key={p.role}>
                <dt>{p.roleLabel}</dt>
                <dd data-testid={`detail-party-${i}`}>
                  {p.fullName}{p.idNumber && <> · <span className="mono">{p.idNumber}</span></>}
                  {p.birthDate && <> · sinh {formatDateKey(p.birthDate)}</>}{p.address && <> · {p.address}</>}{p.phone && <> · {formatPhoneVn(p.phone)}</>}
                </dd>
              </Fragment>
            ))}
            <dt>Nhận lúc</dt><dd>{formatInstant(d.receivedAt)} · {d.receivedBy}</dd>
            <dt>Hẹn trả</dt><dd>{formatInstant(d.dueAt)} ({d.durationText})</dd>
            <dt>Số bộ</dt><dd>{d.setCount}</dd>
            <dt>Nhận kết quả</dt><dd>{d.delivery.method === 'post' ? `Qua bưu chính: ${d.delivery.address}` : 'Tại Bộ phận Một cửa'}</dd>
            {d.fee && (
              <><dt>Phí, lệ phí</dt><dd data-testid="detail-fee">
                {d.fee.lines.length ? d.fee.lines.map((l) => `${l.name}: ${l.amount === 0 ? 'Miễn' : formatMoney(l.amount)}`).join('; ') : 'Không thu'}
                {d.fee.eventDate && <span className="muted"> (tính từ ngày {formatDateKey(d.fee.eventDate)})</span>}
                {d.fee.by === 'clerk' && <span className="muted"> (cán bộ chọn)</span>}
              </dd></>
            )}
            {d.reason && <><dt>Lý do</dt><dd>{d.reason}</dd></>}
            {d.note && <><dt>Ghi chú</dt><dd>{d.note}</dd></>}
          </dl>

          <h3>Thành phần hồ sơ{d.digitization && (
            <span className="muted" data-testid="detail-digitized"> · {d.digitization.digitized}/{d.digitization.total} đã số hóa
              {d.digitization.reused > 0 && ` (${d.digitization.reused} dùng lại từ hồ sơ khác)`}</span>
          )}
            {can('scanning.openJob') && <>{' '}<button type="button" onClick={() => setScanning(true)} data-testid="detail-scan">Số hóa…</button></>}</h3>
          {/* A scan running (the panel open or not) and pages not saved yet: these are not counted as digitized. */}
          {can('scanning.jobStatus') && !scanning && <ScanJobStatus dossierId={id} refresh={version} />}
          <table className="table compact">
            <thead><tr><th>#</th><th>Giấy tờ</th><th>Loại bản</th><th>Số lượng</th><th>Số hóa</th></tr></thead>
            <tbody>
              {d.components.map((c, i) => {
                const dg = d.digitization?.components[i];
                return (
                  <tr key={i} data-testid="detail-component"><td>{i + 1}</td><td>{c.name}</td><td>{COPY_TYPE_LABEL[c.copyType]}</td><td>{c.quantity}</td>
                    <td>{!dg || dg.state === 0 ? <span className="muted">Chưa</span> : (
                      <Digitized testId={`detail-component-file-${i}`} fileId={dg.fileId ?? dg.reusedFrom?.fileId ?? null} canOpen={can('scanning.fileContent')}
                        onOpen={() => setFile({ fileId: (dg.fileId ?? dg.reusedFrom?.fileId)!, title: `${c.name} · Hồ sơ ${d.number}` })}
                        text={dg.reusedFrom ? `✓ Dùng lại từ hồ sơ ${dg.reusedFrom.dossierNumber}${dg.state === 3 ? ' (kết quả)' : ''} · ${dg.pageCount} trang` : `✓ ${dg.pageCount} trang`}
                        title={dg.reusedFrom ? (dg.state === 3 ? 'Dùng lại kết quả giải quyết của hồ sơ khác' : 'Dùng lại bản đã số hóa của hồ sơ khác, không yêu cầu nộp lại') : undefined} />
                    )}</td></tr>
                );
              })}
              {d.components.length === 0 && <tr><td colSpan={5} className="muted">Không có</td></tr>}
            </tbody>
          </table>

          {d.digitization && d.digitization.results.length > 0 && (
            <>
              <h3>Kết quả giải quyết <span className="muted" data-testid="detail-result-digitized">
                · {d.digitization.resultDigitized ? 'đã số hóa kết quả' : 'chưa số hóa kết quả'}
                {d.digitization.results.length > 1 && ` (${d.digitization.resultsDigitized}/${d.digitization.results.length})`}</span></h3>
              <table className="table compact">
                <thead><tr><th>Giấy tờ kết quả</th><th>Mã kết quả</th><th>Số hóa</th></tr></thead>
                <tbody>
                  {d.digitization.results.map((r) => (
                    <tr key={r.position} data-testid="detail-result"><td>{r.name}</td><td className="mono">{r.code}</td>
                      <td>{r.state === 0 ? <span className="muted">Chưa</span> : (
                        <Digitized testId={`detail-result-file-${r.position}`} fileId={r.fileId} canOpen={can('scanning.fileContent')}
                          onOpen={() => setFile({ fileId: r.fileId!, title: `${r.name} (kết quả) · Hồ sơ ${d.number}` })} text={`✓ ${r.pageCount} trang`} />
                      )}</td></tr>
                  ))}
                </tbody>
              </table>
            </>
          )}

          <h3>Phiếu đã lập</h3>
          <table className="table compact">
            <thead><tr><th>Phiếu</th><th>Lập lúc</th><th /></tr></thead>
            <tbody>
              {d.documents.map((doc, i) => (
                <tr key={doc.id}>
                  <td>{DOCUMENT_LABEL[doc.kind] ?? doc.kind}
                    {doc.kind === 'form01' && d.documents.findIndex((x) => x.kind === 'form01') < i && <span className="muted"> (lập lại sau khi sửa thông tin)</span>}</td>
                  <td>{formatInstant(doc.createdAt)}</td>
                  <td className="row-actions">
                    {can('documents.content') && <button type="button" onClick={() => setViewing(doc)} data-autofocus={i === 0 && work.settled && !actionFirst ? '' : undefined}>Xem</button>}
                    {/* The print log below is reloaded after every attempt, printed or not. */}
                    {can('printing.print') && <PrintButton documentId={doc.id} label="In lại" onAttempted={reload} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          {d.events.some((e) => e.kind === 'correction') && (
            <>
              <h3>Đã sửa thông tin</h3>
              <table className="table compact" data-testid="detail-corrections">
                <thead><tr><th>Lúc</th><th>Người sửa</th><th>Lý do</th></tr></thead>
                <tbody>
                  {d.events.filter((e) => e.kind === 'correction').map((e, i) => (
                    <tr key={i}><td>{formatInstant(e.at)}</td><td>{e.by}</td><td>{e.note}</td></tr>
                  ))}
                </tbody>
              </table>
            </>
          )}

          {/* Before the print log, which stays the page's last table. */}
          <Timeline dossierId={id} refresh={version} />

          <h3>Nhật ký in</h3>
          <table className="table compact">
            <thead><tr><th>Lúc</th><th>Phiếu</th><th>Máy in</th><th>Số bản</th><th>Kết quả</th><th>Người in</th></tr></thead>
            <tbody>
              {d.prints.map((p, i) => (
                <tr key={i}>
                  <td>{formatInstant(p.at)}</td>
                  <td>{DOCUMENT_LABEL[d.documents.find((x) => x.id === p.documentId)?.kind ?? '']?.slice(0, 6) ?? ''}</td>
                  <td>{p.printer}</td><td>{p.copies}</td>
                  <td>{p.ok ? 'Đã gửi' : <span className="text-error">Lỗi: {p.error}</span>}</td>
                  <td>{p.by}</td>
                </tr>
              ))}
              {d.prints.length === 0 && <tr><td colSpan={6} className="muted">Chưa in lần nào</td></tr>}
            </tbody>
          </table>
        </div>
      )}
      {/* Kept in sight at the dialog's bottom edge while the detail scrolls (a long dossier at 1366×768). */}
      <div className="dialog-actions" style={{ position: 'sticky', bottom: -12, background: '#fff', padding: '8px 0 12px', borderTop: '1px solid #d5dae1', zIndex: 1 }}>
        {d && can('dossiers.correct') && <button type="button" onClick={() => { setNotice(null); setCorrecting(true); }} data-testid="detail-correct">Sửa thông tin hồ sơ…</button>}
        <button type="button" onClick={onClose} data-testid="detail-close">Đóng <kbd>Esc</kbd></button>
      </div>
      {viewing && d && (
        <PreviewDialog documentId={viewing.id} kind={viewing.kind} dossierNumber={d.number}
          onClose={() => setViewing(null)} onPrintAttempted={reload} />
      )}
      {file && <FilePreviewDialog fileId={file.fileId} title={file.title} onClose={() => setFile(null)} />}
      {correcting && (
        <CorrectionDialog dossierId={id} onClose={() => setCorrecting(false)}
          onSaved={(r) => { setCorrecting(false); setD(r.dossier); setNotice(r.message); }} />
      )}
      {scanning && <ScanningPanel dossierId={id} onClose={() => { setScanning(false); reload(); }} />}
    </Dialog>
  );
}
