import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { FilePreviewDialog } from '../components/PreviewDialog';
import { focusWhenReady } from '../lib/focus';
import { useShortcuts } from '../lib/hooks';
import { Checklist } from './Checklist';
import { ConfirmClose } from './ConfirmClose';
import { gridAction, pageLabel, visualOrder, type GridKey, type PageOp } from './grid-model';
import { PageGrid } from './PageGrid';
import { PagePreview } from './PagePreview';
import { ScanToolbar, type Device, type ScanChoices } from './ScanToolbar';
import { SplitTool } from './SplitTool';
import { useScanJob } from './useScanJob';
import { usePanelFocus } from './usePanelFocus';
import { useThumbnails } from './useThumbnails';
import type { JobView } from './moves';
import './scanning.css';

type Profile = Parameters<typeof ScanToolbar>[0]['profiles'][number];
type Asking = null | 'scan' | 'unsaved';

const BLOCKED = 'Đang quét: các trang chỉ sửa được khi quét xong. Chờ máy quét xong hoặc bấm "Dừng quét".';

/**
 * "Số hóa": scan or import the dossier's papers, put the pages in order and into the right components, and
 * store one PDF per component. Keyboard: F9 scan, Ctrl+S save, Esc close (asking first when a scan runs or
 * something is not saved); in the page grid arrows / Alt+←→ / R / Delete / B / Enter / 1–9. Focus stays on
 * the selected page through every action (usePanelFocus), keys pressed meanwhile run in order (useScanJob).
 */
export function ScanningPanel({ dossierId, onClose }: { dossierId: string; onClose: () => void }) {
  const s = useScanJob(dossierId);
  const { job, selected, busy } = s;
  const [devices, setDevices] = useState<Device[]>([]);
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [choices, setChoices] = useState<ScanChoices>({ deviceId: '', source: 'flatbed', target: '', profileId: '' });
  const [reusable, setReusable] = useState(0);
  const [preview, setPreview] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [asking, setAsking] = useState<Asking>(null);
  const [viewing, setViewing] = useState<{ fileId: string; title: string } | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const scanButton = () => rootRef.current?.querySelector<HTMLElement>('[data-testid="scan-start"], [data-testid="scan-cancel"]') ?? null;
  usePanelFocus(rootRef, gridRef, selected, scanButton);
  // Opened: focus goes to the job's selected page (pages to sort or check) or to "Quét" once the job is there;
  // keys typed meanwhile are held for it (lib/focus).
  const { current } = s;
  useEffect(() => focusWhenReady(() => {
    const root = rootRef.current;
    if (!root || !current().job) return null;
    return root.querySelector<HTMLElement>('[data-page][tabindex="0"]') ?? root.querySelector<HTMLElement>('[data-testid="scan-start"]:not(:disabled)');
  }), [current]);
  /** Focus to the selected page now, in the handler of the key or click that sent the pages there. */
  const focusPages = () => gridRef.current?.querySelector<HTMLElement>('[data-page][tabindex="0"]')?.focus();

  const refreshReusable = useCallback(() => {
    api.call('scanning.reuseCandidates', { dossierId }).then((list) => setReusable(list.length), () => setReusable(0));
  }, [dossierId]);
  const { setFailure } = s;
  const loadDevices = useCallback((refresh: boolean) => api.call('scanning.devices', { refresh }).then((list) => {
    setDevices(list);
    setChoices((c) => (c.deviceId && list.some((d) => d.id === c.deviceId) ? c : { ...c, deviceId: list.find((d) => d.driver !== 'files')?.id ?? '' }));
  }, (e) => setFailure(errorMessage(e))), [setFailure]);
  useEffect(() => {
    api.call('scanning.profiles', {}).then((r) => setProfiles(r.profiles), (e) => setFailure(errorMessage(e)));
    refreshReusable();
    void loadDevices(false);
  }, [refreshReusable, loadDevices, setFailure]);

  const scanning = job?.scan.running ?? false;
  const thumbs = useThumbnails(job?.id ?? null, job?.pages.map((p) => p.id) ?? []);

  // Every action goes through the queue: it runs on the job as it is once the actions before it are on screen.
  const scan = (extra: { insertAt?: number; replacePageId?: string } = {}) => s.enqueue(() => {
    const j = s.current().job;
    if (!j || j.scan.running) return;
    setHint(null);
    if (!choices.deviceId) return s.setFailure('Chưa có máy quét nào. Hãy bật máy quét rồi bấm "Tìm lại".');
    s.perform(() => api.call('scanning.start', {
      jobId: j.id, deviceId: choices.deviceId, source: extra.replacePageId ? 'flatbed' : choices.source,
      component: choices.target || undefined, profileId: choices.profileId || undefined, ...extra,
    }));
  });
  const cancel = () => s.enqueue(() => { const j = s.current().job; if (j) s.perform(() => api.call('scanning.cancel', { jobId: j.id })); });
  const op = (o: PageOp, after?: string[]) => s.enqueue(() => {
    const j = s.current().job;
    if (!j) return;
    if (j.scan.running) return setHint(BLOCKED);
    s.perform(() => api.call('scanning.pageOp', { jobId: j.id, op: o }), { after });
  });
  const save = () => s.enqueue(() => {
    const j = s.current().job;
    if (!j || j.scan.running) return;
    if (!j.components.some((c) => c.unsaved)) return s.setInfo('Không có thay đổi nào cần lưu.');
    s.perform(async () => {
      const r = await api.call('scanning.save', { jobId: j.id });
      s.setInfo(`Đã lưu bản số hóa: ${r.saved.map((f) => `${f.componentName} (${f.pageCount} trang)`).join('; ')}.`);
      return r.job;
    });
  });
  const importFiles = async (files: File[]) => {
    if (!files.length) return;
    const uploads = await Promise.all(files.map(async (f) => ({ name: f.name, base64: await toBase64(f) })));
    s.enqueue(() => {
      const j = s.current().job;
      if (j) s.perform(() => api.call('scanning.importFiles', { jobId: j.id, component: choices.target || undefined, profileId: choices.profileId || undefined, uploads }));
    });
  };

  /** The saved PDF of a component, in the same preview as the slips; a component not saved says so. */
  const viewSaved = (c: JobView['components'][number] | null) => {
    if (!c) return s.setInfo('Trang này chưa thuộc thành phần nào: bấm 1–9 để đưa vào thành phần, rồi Ctrl+S để lưu.');
    if (!c.digitized) return s.setInfo(`"${c.name}" chưa có tệp đã lưu: bấm Ctrl+S để lưu.`);
    setViewing({ fileId: c.digitized.fileId, title: `${c.name} · Hồ sơ ${s.current().job?.dossierNumber ?? ''}${c.unsaved ? ' (bản đã lưu, chưa gồm thay đổi mới)' : ''}` });
  };

  /** A key in the grid: taken when it is a grid key; run in turn, against the selection as it is then. */
  const onGridKey = (k: GridKey): boolean => {
    const now = s.current();
    if (!now.job || gridAction(now.job, now.selected, k) === null) return false;
    s.enqueue(() => {
      const { job: j, selected: sel } = s.current();
      const a = j && gridAction(j, sel, k);
      if (!a) return;
      if (a.kind === 'select') s.select(a.id);
      else if (a.kind === 'preview') setPreview(a.id);
      else if (a.kind === 'scan') scan({ replacePageId: a.replacePageId, insertAt: a.insertAt });
      else if (a.kind === 'view') viewSaved(j.components.find((c) => c.code === a.component) ?? null);
      else if (a.kind === 'op') {
        if (j.scan.running) return setHint(BLOCKED);
        s.perform(() => api.call('scanning.pageOp', { jobId: j.id, op: a.op }), { after: a.after });
      }
    });
    return true;
  };

  const unsorted = job?.pages.filter((p) => p.component === null).length ?? 0;
  const unsaved = job?.components.filter((c) => c.unsaved) ?? [];
  /** Esc, Đóng, ×: a running scan or pages not saved are asked about first. */
  const requestClose = () => {
    if (scanning) return setAsking('scan');
    if (unsorted > 0 || unsaved.length > 0) return setAsking('unsaved');
    onClose();
  };
  const stopAndClose = () => {
    const j = s.current().job;
    setAsking(null);
    if (!j?.scan.running) return onClose();
    void api.call('scanning.cancel', { jobId: j.id }).then(onClose, (e) => s.setFailure(errorMessage(e)));
  };

  useShortcuts({
    'Ctrl+S': save,
    F9: () => scan(),
    // At the window, before the dialog's own Esc: a running scan or unsaved pages are asked about first.
    Escape: requestClose,
  }, { inDialogs: true, enabled: preview === null && asking === null && viewing === null, dialog: 'scanning-panel' });

  // No page chosen yet: the first one shows as selected, and the buttons act on it.
  const shown = job ? selected ?? visualOrder(job)[0] ?? null : null;
  const selectedIndex = job && shown ? job.pages.findIndex((p) => p.id === shown) : -1;
  const progress = job?.scan.pagesExpected ? Math.min(1, job.scan.pagesDone / job.scan.pagesExpected) : null;

  return (
    <Dialog title={job ? `Số hóa hồ sơ ${job.dossierNumber}` : 'Số hóa hồ sơ'} onClose={requestClose} wide testId="scanning-panel">
      <div className="scan-panel" ref={rootRef}>
        <ScanToolbar job={job} devices={devices} profiles={profiles} choices={choices} onChange={(c) => setChoices((x) => ({ ...x, ...c }))}
          onRefresh={() => void loadDevices(true)} onScan={() => scan()} onCancel={cancel} onImport={(f) => void importFiles(f)} scanning={scanning} busy={busy} />

        <div className="scan-messages">
          {scanning && job && (
            <div className="scan-progress" role="status" data-testid="scan-progress">
              <progress max={1} value={progress ?? undefined} />
              {job.scan.deviceId?.startsWith('folder:')
                ? <span>Đang nhận tệp từ thư mục quét… {job.scan.pagesDone} trang. Quét xong ở máy quét mạng thì bấm "Dừng quét".</span>
                : <span>Đang quét… {job.scan.pagesDone} trang{job.scan.pagesExpected ? ` / ${job.scan.pagesExpected}` : ''}</span>}
            </div>
          )}
          {job && job.warnings.length > 0 && (
            <Notice kind="warning" testId="scan-warnings">
              <ul className="plain">{job.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
            </Notice>
          )}
          {job?.error && <Notice kind="warning" testId="scan-error">{job.error}</Notice>}
          {s.failure && <Notice kind="error" testId="scan-failure">{s.failure}</Notice>}
          {s.info && <Notice kind="success" testId="scan-info">{s.info}</Notice>}
          {s.ocrNews.map((n) => <Notice key={n.text} kind={n.kind} testId="scan-ocr-news">{n.text}</Notice>)}
          {hint && scanning && <Notice kind="info" testId="scan-hint">{hint}</Notice>}
        </div>

        {job && (
          <div className="scan-layout">
            <aside className="scan-checklist">
              <Checklist job={job} reusable={reusable} scanning={scanning} busy={busy} onView={viewSaved}
                onExpected={(code, pages) => op({ op: 'setExpected', component: code, pages })}
                onReused={(v, f, from) => {
                  if (v) s.replaceJob(v);
                  refreshReusable();
                  s.setFailure(null);
                  s.setInfo(`Đã dùng lại bản số hóa của hồ sơ ${from.dossierNumber} cho "${f.componentName}" (${f.pageCount} trang).`);
                }} />
              {unsorted > 0 && <SplitTool job={job} disabled={scanning} onOp={(o) => { op(o); focusPages(); }} />}
            </aside>

            <section className="scan-pages">
              <PageGrid ref={gridRef} job={job} thumbs={thumbs} selected={selected} onSelect={s.select} onKey={onGridKey} onOp={(o) => op(o)}
                onPreview={(id) => setPreview(id)} disabled={scanning} onBlocked={() => setHint(BLOCKED)} />
              <div className="dialog-actions scan-actions">
                <button type="button" disabled={selectedIndex < 0 || scanning} onClick={() => scan({ insertAt: selectedIndex })}>Quét chèn trước trang đã chọn <kbd>Insert</kbd></button>
                <button type="button" disabled={!shown || scanning} onClick={() => shown && scan({ replacePageId: shown })}>Quét lại trang đã chọn <kbd>Q</kbd></button>
                <span className="spacer" />
                <button type="button" className="primary" onClick={save} disabled={scanning || unsaved.length === 0} data-testid="scan-save">
                  Lưu bản số hóa <kbd>Ctrl+S</kbd>
                </button>
                <button type="button" onClick={requestClose} data-testid="scan-close">Đóng <kbd>Esc</kbd></button>
              </div>
            </section>
          </div>
        )}
      </div>
      {viewing && <FilePreviewDialog fileId={viewing.fileId} title={viewing.title} onClose={() => setViewing(null)} />}
      {preview && job && <PagePreview jobId={job.id} pageId={preview} label={pageLabel(job, preview)} onClose={() => setPreview(null)} />}
      {asking === 'scan' && job && (
        <ConfirmClose testId="confirm-stop-scan" title="Đang quét — dừng quét?" keepLabel="Tiếp tục quét" goLabel="Dừng quét và đóng"
          onKeep={() => setAsking(null)} onGo={stopAndClose}>
          <p>Máy quét đang quét cho hồ sơ này ({job.scan.pagesDone} trang đã nhận). Đóng bảng Số hóa sẽ <strong>dừng lượt quét</strong>.</p>
          <p>Các trang đã nhận vẫn được giữ trong lượt quét trên máy này; mở lại Số hóa để quét tiếp và lưu.</p>
        </ConfirmClose>
      )}
      {asking === 'unsaved' && job && (
        <ConfirmClose testId="confirm-unsaved" title="Còn trang chưa lưu" keepLabel="Ở lại để lưu" goLabel="Đóng, lưu sau"
          onKeep={() => setAsking(null)} onGo={() => { setAsking(null); onClose(); }}>
          <p>
            {unsorted > 0 && <>{unsorted} trang chưa đưa vào thành phần nào. </>}
            {unsaved.length > 0 && <>Chưa lưu thay đổi của {unsaved.map((c) => `"${c.name}"`).join(', ')}. </>}
          </p>
          <p>Nếu đóng, các trang vẫn được giữ trong lượt quét trên máy này, nhưng <strong>chưa tính là đã số hóa</strong> cho đến khi lưu
            (mở lại Số hóa rồi bấm <kbd>Ctrl+S</kbd>).</p>
        </ConfirmClose>
      )}
    </Dialog>
  );
}

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error ?? new Error('read failed'));
    r.readAsDataURL(file);
  });
}
