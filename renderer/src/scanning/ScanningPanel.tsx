import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInput, MethodOutput } from '../../../shared/contract';
import { api, errorMessage } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Notice } from '../components/Notice';
import { useShortcuts } from '../lib/hooks';
import { PageGrid } from './PageGrid';
import { PagePreview } from './PagePreview';
import { ReuseButton } from './ReuseDialog';
import { SplitTool } from './SplitTool';
import type { JobView } from './moves';
import { useThumbnails } from './useThumbnails';

type Device = MethodOutput<'scanning.devices'>[number];
type Profile = MethodOutput<'scanning.profiles'>['profiles'][number];
type Source = 'flatbed' | 'feeder' | 'duplex';
type PageOp = MethodInput<'scanning.pageOp'>['op'];

const SOURCE_LABEL: Record<Source, string> = { flatbed: 'Mặt kính', feeder: 'Khay nạp giấy', duplex: 'Khay nạp, hai mặt' };
const POLL_MS = 300;

/**
 * "Số hóa": scan or import the dossier's papers, put the pages in order and into the right components, and
 * store one PDF per component. Keyboard: F9 scan, Ctrl+S save, in the page grid arrows / Alt+←→ / R / Delete / Enter.
 */
export function ScanningPanel({ dossierId, onClose }: { dossierId: string; onClose: () => void }) {
  const [job, setJob] = useState<JobView | null>(null);
  const [devices, setDevices] = useState<Device[]>([]);
  const [deviceId, setDeviceId] = useState('');
  const [sources, setSources] = useState<Source[]>(['flatbed']);
  const [source, setSource] = useState<Source>('flatbed');
  const [target, setTarget] = useState<string>(''); // '' = unsorted stack
  const [profiles, setProfiles] = useState<Profile[]>([]);
  const [profileId, setProfileId] = useState(''); // '' = the job's profile (the procedure's default)
  // Files digitized for the same citizen in other dossiers (one request for every checklist line).
  const [reusable, setReusable] = useState(0);
  const refreshReusable = useCallback(() => {
    api.call('scanning.reuseCandidates', { dossierId }).then((list) => setReusable(list.length), () => setReusable(0));
  }, [dossierId]);
  const [selected, setSelected] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const run = useCallback(async (fn: () => Promise<JobView | void>, done?: string) => {
    setBusy(true);
    setFailure(null);
    setInfo(null);
    try {
      const v = await fn();
      if (v) setJob(v);
      if (done) setInfo(done);
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void run(() => api.call('scanning.openJob', { dossierId }));
    api.call('scanning.profiles', {}).then((r) => setProfiles(r.profiles), (e) => setFailure(errorMessage(e)));
    refreshReusable();
    api.call('scanning.devices', {}).then((list) => {
      setDevices(list);
      const first = list.find((d) => d.driver !== 'files');
      if (first) setDeviceId(first.id);
    }, (e) => setFailure(errorMessage(e)));
  }, [dossierId, run, refreshReusable]);

  useEffect(() => {
    if (!deviceId) return;
    api.call('scanning.capabilities', { deviceId }).then((c) => {
      setSources(c.sources);
      setSource((s) => (c.sources.includes(s) ? s : (c.sources.includes('feeder') ? 'feeder' : c.sources[0] ?? 'flatbed')));
    }, () => setSources(['flatbed']));
  }, [deviceId]);

  // While a scan runs the job is polled; pages appear as they are committed.
  const scanning = job?.scan.running ?? false;
  const jobId = job?.id ?? null;
  useEffect(() => {
    if (!scanning || !jobId) return;
    const t = setInterval(() => {
      api.call('scanning.job', { jobId }).then(setJob, (e) => setFailure(errorMessage(e)));
    }, POLL_MS);
    return () => clearInterval(t);
  }, [scanning, jobId]);

  const thumbs = useThumbnails(jobId, job?.pages.map((p) => p.id) ?? []);

  const refreshDevices = () => void api.call('scanning.devices', { refresh: true }).then(setDevices, (e) => setFailure(errorMessage(e)));

  const scan = (extra: { insertAt?: number; replacePageId?: string } = {}) => {
    if (!job || scanning) return;
    setHint(null);
    if (!deviceId) return setFailure('Chưa có máy quét nào. Hãy bật máy quét rồi bấm "Tìm lại".');
    void run(() => api.call('scanning.start', {
      jobId: job.id, deviceId, source: extra.replacePageId ? 'flatbed' : source, component: target || undefined, profileId: profileId || undefined, ...extra,
    }));
  };
  const cancel = () => job && void run(() => api.call('scanning.cancel', { jobId: job.id }));
  const op = (o: PageOp) => job && !scanning && void run(() => api.call('scanning.pageOp', { jobId: job.id, op: o }));
  const save = () => {
    if (!job || scanning || busy) return;
    void run(async () => {
      const r = await api.call('scanning.save', { jobId: job.id });
      setInfo(`Đã lưu bản số hóa: ${r.saved.map((f) => `${f.componentName} (${f.pageCount} trang)`).join('; ')}.`);
      return r.job;
    });
  };

  const importFiles = async (files: FileList | null) => {
    if (!job || !files?.length) return;
    const uploads = await Promise.all(Array.from(files).map(async (f) => ({ name: f.name, base64: await toBase64(f) })));
    void run(() => api.call('scanning.importFiles', { jobId: job.id, component: target || undefined, profileId: profileId || undefined, uploads }));
    if (fileInput.current) fileInput.current.value = '';
  };

  const selectedIndex = job && selected ? job.pages.findIndex((p) => p.id === selected) : -1;
  useShortcuts({
    'Ctrl+S': save,
    F9: () => scan(),
  }, { inDialogs: true, enabled: preview === null, dialog: 'scanning-panel' });

  const unsorted = job?.pages.filter((p) => p.component === null).length ?? 0;
  // Components (kind 0) are numbered 1–9 for the keyboard; the result papers (kind 1) follow under their own heading.
  const components = job?.components.filter((c) => c.kind !== 1) ?? [];
  const results = job?.components.filter((c) => c.kind === 1) ?? [];
  const digitized = components.filter((c) => c.digitized).length;
  const progress = job?.scan.pagesExpected ? Math.min(1, job.scan.pagesDone / job.scan.pagesExpected) : null;

  return (
    <Dialog title={job ? `Số hóa hồ sơ ${job.dossierNumber}` : 'Số hóa hồ sơ'} onClose={onClose} wide testId="scanning-panel">
      <div className="scan-toolbar">
        <label>Máy quét
          <select value={deviceId} onChange={(e) => setDeviceId(e.target.value)} disabled={scanning} data-testid="scan-device" data-autofocus="">
            {devices.length === 0 && <option value="">(không tìm thấy máy quét)</option>}
            {devices.filter((d) => d.driver !== 'files').map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
          </select>
        </label>
        <button type="button" onClick={refreshDevices} disabled={scanning}>Tìm lại</button>
        <label>Nguồn giấy
          <select value={source} onChange={(e) => setSource(e.target.value as Source)} disabled={scanning} data-testid="scan-source">
            {sources.map((s) => <option key={s} value={s}>{SOURCE_LABEL[s]}</option>)}
          </select>
        </label>
        <label>Cấu hình
          <select value={profileId || job?.profile.id || ''} onChange={(e) => setProfileId(e.target.value === job?.profile.id ? '' : e.target.value)}
            disabled={scanning} data-testid="scan-profile" title="Cấu hình quét cho các trang quét hoặc nhập tiếp theo">
            {job && !profiles.some((p) => p.id === job.profile.id) && <option value={job.profile.id}>{job.profile.name}</option>}
            {profiles.map((p) => <option key={p.id} value={p.id}>{p.name}{p.id === job?.profile.id ? ' (mặc định của thủ tục)' : ''}</option>)}
          </select>
        </label>
        <label>Quét vào
          <select value={target} onChange={(e) => setTarget(e.target.value)} disabled={scanning} data-testid="scan-target">
            <option value="">Xấp chưa phân loại (chia sau)</option>
            {components.map((c, i) => <option key={c.code} value={c.code}>{i + 1}. {c.name}</option>)}
            {results.length > 0 && (
              <optgroup label="Kết quả giải quyết">
                {results.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
              </optgroup>
            )}
          </select>
        </label>
        {!scanning
          ? <button type="button" className="primary" onClick={() => scan()} disabled={!job || busy} data-testid="scan-start">Quét <kbd>F9</kbd></button>
          : <button type="button" onClick={cancel} data-testid="scan-cancel">Dừng quét</button>}
        <button type="button" onClick={() => fileInput.current?.click()} disabled={!job || scanning || busy}>Nhập tệp…</button>
        <input ref={fileInput} type="file" multiple hidden accept=".pdf,.jpg,.jpeg,.png,.tif,.tiff" onChange={(e) => void importFiles(e.target.files)} data-testid="scan-files" />
      </div>

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
      {failure && <Notice kind="error" testId="scan-failure">{failure}</Notice>}
      {info && <Notice kind="success" testId="scan-info">{info}</Notice>}
      {hint && scanning && <Notice kind="info" testId="scan-hint">{hint}</Notice>}

      {job && (
        <div className="scan-layout">
          <aside className="scan-checklist">
            <h3>Thành phần hồ sơ <span className="muted">({digitized}/{components.length} đã số hóa)</span></h3>
            <ol data-testid="scan-checklist">
              {components.map((c) => (
                <li key={c.code} className={c.digitized && !c.unsaved ? 'done' : ''} data-testid={`component-${c.code}`}>
                  <div className="name">{c.digitized && !c.unsaved ? '✓ ' : ''}{c.name}</div>
                  <div className="counts">
                    <span data-testid="component-label">{c.scanned} trang đã quét</span>{' / '}
                    <input type="number" min={0} className="expected" aria-label={`Số trang theo hồ sơ: ${c.name}`} value={c.expected ?? ''}
                      onChange={(e) => op({ op: 'setExpected', component: c.code, pages: e.target.value === '' ? null : Number(e.target.value) })} />
                    {' '}trang theo hồ sơ
                  </div>
                  <div className="state muted" data-testid="component-state">
                    {c.digitized?.reusedFrom
                      ? `✓ Dùng lại từ hồ sơ ${c.digitized.reusedFrom.dossierNumber}${c.digitized.state === 3 ? ' (kết quả)' : ''} · ${c.digitized.pageCount} trang`
                      : c.digitized ? `Đã lưu ${c.digitized.pageCount} trang${c.digitized.ocrState === 'pending' ? ' · đang nhận dạng chữ' : ''}` : 'Chưa số hóa'}
                    {c.unsaved && <strong className="unsaved"> · có thay đổi chưa lưu</strong>}
                  </div>
                  {/* Đề án 06: a paper already digitized for this citizen in another dossier is reused, not asked for again. */}
                  <ReuseButton dossierId={job.dossierId} jobId={job.id} component={c} count={reusable} disabled={scanning || busy}
                    onReused={(v, f, from) => {
                      if (v) setJob(v);
                      refreshReusable();
                      setFailure(null);
                      setInfo(`Đã dùng lại bản số hóa của hồ sơ ${from.dossierNumber} cho "${f.componentName}" (${f.pageCount} trang).`);
                    }} />
                </li>
              ))}
            </ol>
            {results.length > 0 && (
              <>
                {/* The signed result (certificate, confirmation…): stored as an electronic result and sent as a result paper.
                    It may be scanned before the dossier is marked finished. */}
                <h3>Kết quả giải quyết <span className="muted">({results.filter((c) => c.digitized).length}/{results.length} đã số hóa)</span></h3>
                <ul className="plain" data-testid="scan-results">
                  {results.map((c) => (
                    <li key={c.code} className={c.digitized && !c.unsaved ? 'done' : ''} data-testid={`component-${c.code}`} data-kind="result">
                      {/* Under this heading the job's "Kết quả: " prefix would only repeat it. */}
                      <div className="name">{c.digitized && !c.unsaved ? '✓ ' : ''}{c.name.replace(/^Kết quả: /, '')}</div>
                      <div className="counts"><span data-testid="component-label">{c.scanned} trang đã quét</span></div>
                      <div className="state muted" data-testid="component-state">
                        {c.digitized ? `Đã lưu kết quả ${c.digitized.pageCount} trang${c.digitized.ocrState === 'pending' ? ' · đang nhận dạng chữ' : ''}` : 'Chưa số hóa kết quả'}
                        {c.unsaved && <strong className="unsaved"> · có thay đổi chưa lưu</strong>}
                      </div>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {unsorted > 0 && <SplitTool job={job} disabled={scanning || busy} onOp={op} />}
          </aside>

          <section className="scan-pages">
            <PageGrid job={job} thumbs={thumbs} selected={selected} onSelect={setSelected} onOp={op}
              onPreview={(id) => setPreview(id)} disabled={scanning || busy}
              onBlocked={() => scanning && setHint('Đang quét: các trang chỉ sửa được khi quét xong. Chờ máy quét xong hoặc bấm "Dừng quét".')} />
            <div className="dialog-actions">
              <button type="button" disabled={selectedIndex < 0 || scanning || busy} onClick={() => scan({ insertAt: selectedIndex })}>Quét chèn trước trang đã chọn</button>
              <button type="button" disabled={!selected || scanning || busy} onClick={() => selected && scan({ replacePageId: selected })}>Quét lại trang đã chọn</button>
              <span className="spacer" />
              <button type="button" className="primary" onClick={save} disabled={scanning || busy || !job.components.some((c) => c.unsaved)} data-testid="scan-save">
                Lưu bản số hóa <kbd>Ctrl+S</kbd>
              </button>
              <button type="button" onClick={onClose}>Đóng <kbd>Esc</kbd></button>
            </div>
          </section>
        </div>
      )}
      {preview && job && (
        <PagePreview jobId={job.id} pageId={preview} label={String(job.pages.findIndex((p) => p.id === preview) + 1)} onClose={() => setPreview(null)} />
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
