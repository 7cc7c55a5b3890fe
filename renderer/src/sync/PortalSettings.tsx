import { useEffect, useState, type FormEvent } from 'react';
import type { MethodInput, MethodOutput } from '../../../shared/contract';
import { api, ApiError, errorMessage } from '../api/client';
import { describedBy, Field } from '../components/Field';
import { Notice } from '../components/Notice';
import { useFocusFirstError } from '../lib/first-error';
import { ConnectionCheck, type ConnectionInput } from './ConnectionCheck';
import { refreshSyncStatus } from './status-store';

type Config = MethodOutput<'sync.getConfig'>;

/** The form's own view of the configuration: numbers in the units an administrator thinks in. */
interface Form {
  enabled: boolean; baseUrl: string; agencyCode: string; username: string; password: string; dstcode: string;
  issueNumbers: boolean; citizen: string; business: string; codeMap: string; sectorMap: string; chunkKb: string; timeoutSec: string; inboundSec: string;
}

function toForm(c: Config): Form {
  return {
    enabled: c.enabled, baseUrl: c.baseUrl, agencyCode: c.agencyCode, username: c.username, password: '', dstcode: c.dstcode,
    issueNumbers: c.issueNumbers, citizen: String(c.applicantTypes.citizen), business: String(c.applicantTypes.business),
    codeMap: Object.entries(c.procedureCodeMap).map(([ours, theirs]) => `${ours} = ${theirs}`).join('\n'),
    sectorMap: Object.entries(c.sectorCodeMap).map(([name, code]) => `${name} = ${code}`).join('\n'),
    chunkKb: String(Math.round(c.chunkSizeBytes / 1024)), timeoutSec: String(c.timeoutMs / 1000), inboundSec: String(c.inboundIntervalSec),
  };
}

/** Form → setConfig input, or the field errors that stop it being sent. */
function toInput(f: Form): { input?: MethodInput<'sync.setConfig'>; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const int = (key: string, text: string, min: number, max: number, scale = 1): number => {
    const n = Number(text.trim().replace(',', '.'));
    if (!text.trim() || !Number.isFinite(n) || n * scale < min || n * scale > max) errors[key] = `Nhập số từ ${min / scale} đến ${max / scale}`;
    return Math.round(n * scale);
  };
  const procedureCodeMap: Record<string, string> = {};
  f.codeMap.split('\n').map((l) => l.trim()).filter(Boolean).forEach((line) => {
    const m = /^(\S+)\s*=\s*(\S+)$/.exec(line);
    if (m) procedureCodeMap[m[1]!] = m[2]!;
    else errors.procedureCodeMap = `Dòng "${line}" không đúng dạng "mã tại quầy = mã của tỉnh"`;
  });
  // A sector's name has spaces ("Hộ tịch"): everything before the last "=" is the name.
  const sectorCodeMap: Record<string, string> = {};
  f.sectorMap.split('\n').map((l) => l.trim()).filter(Boolean).forEach((line) => {
    const m = /^(.+?)\s*=\s*(\S+)$/.exec(line);
    if (m) sectorCodeMap[m[1]!.normalize('NFC')] = m[2]!;
    else errors.sectorCodeMap = `Dòng "${line}" không đúng dạng "tên lĩnh vực = mã lĩnh vực của tỉnh"`;
  });
  if (f.enabled && !/^https?:\/\/\S+$/.test(f.baseUrl.trim())) errors.baseUrl = 'Địa chỉ phải bắt đầu bằng http:// hoặc https://';
  if (f.enabled && !f.agencyCode.trim()) errors.agencyCode = 'Nhập mã đơn vị trên hệ thống tỉnh';
  if (f.enabled && !f.username.trim()) errors.username = 'Nhập tên đăng nhập đồng bộ';
  const input: MethodInput<'sync.setConfig'> = {
    enabled: f.enabled, baseUrl: f.baseUrl.trim(), agencyCode: f.agencyCode.trim(), username: f.username.trim(), dstcode: f.dstcode.trim(),
    issueNumbers: f.issueNumbers,
    applicantTypes: { citizen: int('citizen', f.citizen, 0, 9), business: int('business', f.business, 0, 9) },
    procedureCodeMap, sectorCodeMap,
    chunkSizeBytes: int('chunkKb', f.chunkKb, 16 * 1024, 64 * 1024 * 1024, 1024),
    timeoutMs: int('timeoutSec', f.timeoutSec, 200, 300_000, 1000),
    inboundIntervalSec: int('inboundSec', f.inboundSec, 0, 86_400),
    ...(f.password ? { password: f.password } : {}),
  };
  return Object.keys(errors).length ? { errors } : { input, errors };
}

/** Core field paths → this form's fields. */
const FIELD_OF: Record<string, string> = {
  'applicantTypes.citizen': 'citizen', 'applicantTypes.business': 'business', chunkSizeBytes: 'chunkKb', timeoutMs: 'timeoutSec', inboundIntervalSec: 'inboundSec',
};

/** The fields "Kiểm tra kết nối" answers for: their errors are replaced by each check. */
const CONNECTION_FIELDS = ['baseUrl', 'agencyCode', 'username', 'password', 'dstcode', 'timeoutSec'];

/** What the connection check tries: the typed values (password only when one is typed; the saved one otherwise). */
function toConnectionInput(f: Form): ConnectionInput {
  const timeout = Number(f.timeoutSec.trim().replace(',', '.'));
  return {
    baseUrl: f.baseUrl.trim(), agencyCode: f.agencyCode.trim(), username: f.username.trim(), dstcode: f.dstcode.trim(),
    ...(f.password ? { password: f.password } : {}),
    ...(Number.isFinite(timeout) && timeout * 1000 >= 200 && timeout * 1000 <= 300_000 ? { timeoutMs: Math.round(timeout * 1000) } : {}),
  };
}

/** Quản trị → "Hệ thống tỉnh": where the office's outbox goes. The password is write-only. */
export function PortalSettings() {
  const [form, setForm] = useState<Form | null>(null);
  const [hasPassword, setHasPassword] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const { formRef, focusErrors } = useFocusFirstError({ idOf: (path) => `portal-${path}` });

  const loaded = (c: Config) => { setForm(toForm(c)); setHasPassword(c.hasPassword); };
  useEffect(() => { api.call('sync.getConfig', {}).then(loaded, (e) => setMessage({ kind: 'error', text: errorMessage(e) })); }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const { input, errors: local } = toInput(form);
    if (form.enabled && !form.password && !hasPassword) local.password = 'Nhập mật khẩu đồng bộ';
    setErrors(local);
    if (!input || Object.keys(local).length) {
      focusErrors(local);
      return setMessage({ kind: 'error', text: 'Kiểm tra lại các ô báo lỗi.' });
    }
    try {
      loaded(await api.call('sync.setConfig', input));
      refreshSyncStatus();
      // Saved is all this says: whether the province answers is the status bar's (and the check's) to tell.
      setMessage({ kind: 'success', text: form.enabled
        ? 'Đã lưu. Đồng bộ dùng cấu hình mới sau khi hệ thống tỉnh trả lời đúng; kết nối hiện ở thanh trạng thái dưới cùng ("Kiểm tra kết nối" để thử từng bước).'
        : 'Đã lưu. Đồng bộ đang tắt: thay đổi được giữ trên máy.' });
    } catch (err) {
      setMessage({ kind: 'error', text: errorMessage(err) });
      if (err instanceof ApiError) {
        const mapped: Record<string, string> = {};
        for (const [k, v] of Object.entries(err.fieldErrors())) mapped[FIELD_OF[k] ?? k] = v;
        setErrors(mapped);
        focusErrors(mapped);
      }
    }
  };

  const checked = (found: Record<string, string>) => {
    const mapped: Record<string, string> = {};
    for (const [k, v] of Object.entries(found)) mapped[FIELD_OF[k] ?? k] = v;
    setErrors((prev) => ({ ...Object.fromEntries(Object.entries(prev).filter(([k]) => !CONNECTION_FIELDS.includes(k))), ...mapped }));
    if (Object.keys(mapped).length) focusErrors(mapped);
  };

  if (!form) return message ? <Notice kind={message.kind}>{message.text}</Notice> : <p>Đang tải…</p>;
  // Editing a field takes its error away; the rest stay until the next save.
  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => {
    setForm({ ...form, [key]: value });
    const field = key === 'codeMap' ? 'procedureCodeMap' : key === 'sectorMap' ? 'sectorCodeMap' : key;
    if (errors[field]) setErrors(({ [field]: _gone, ...rest }) => rest);
  };
  const text = (key: keyof Form & string, label: string, opts: { hint?: string; type?: string; className?: string; placeholder?: string } = {}) => (
    <Field label={label} htmlFor={`portal-${key}`} error={errors[key]} hint={opts.hint} className={opts.className}>
      <input id={`portal-${key}`} type={opts.type ?? 'text'} value={form[key] as string} spellCheck={false} placeholder={opts.placeholder}
        autoComplete={opts.type === 'password' ? 'new-password' : 'off'}
        onChange={(e) => set(key)(e.target.value as never)} {...describedBy(`portal-${key}`, errors[key])} />
    </Field>
  );

  return (
    <form onSubmit={submit} noValidate className="portal-settings" data-testid="portal-settings" ref={formRef}>
      <fieldset className="section">
        <legend>Kết nối</legend>
        <label className="inline"><input type="checkbox" id="portal-enabled" checked={form.enabled} onChange={(e) => set('enabled')(e.target.checked)} />
          Bật đồng bộ với hệ thống một cửa của tỉnh</label>
        <div className="grid-2">
          {text('baseUrl', 'Địa chỉ hệ thống tỉnh', { hint: 'Ví dụ: https://motcua.tinh.gov.vn/dvc' })}
          {text('agencyCode', 'Mã đơn vị (madonvi)')}
          {text('username', 'Tên đăng nhập đồng bộ')}
          {text('password', 'Mật khẩu đồng bộ', {
            type: 'password', placeholder: hasPassword ? 'Đã lưu — để trống nếu không đổi' : '',
            hint: hasPassword ? 'Mật khẩu đã lưu được bảo vệ trên máy này và không hiển thị lại.' : 'Chưa lưu mật khẩu.',
          })}
        </div>
        {/* A new mount when the connection settings change: results of other values are not left on screen. */}
        <ConnectionCheck key={JSON.stringify(toConnectionInput(form))} input={() => toConnectionInput(form)} onFieldErrors={checked} />
      </fieldset>
      <fieldset className="section">
        <legend>Theo nhà cung cấp hệ thống tỉnh</legend>
        <div className="grid-4">
          {text('dstcode', 'Mã dstcode khi đăng nhập', { hint: 'Chỉ khi nhà cung cấp yêu cầu', className: 'span-2' })}
          {text('citizen', 'Mã loại đối tượng: công dân')}
          {text('business', 'Mã loại đối tượng: tổ chức')}
          {text('chunkKb', 'Tải tệp theo từng phần (KB)')}
          {text('timeoutSec', 'Thời gian chờ trả lời (giây)')}
          {text('inboundSec', 'Lấy thay đổi từ tỉnh mỗi (giây)', { hint: '0 = không tự lấy' })}
        </div>
        <label className="inline sync-check"><input type="checkbox" id="portal-issueNumbers" checked={form.issueNumbers}
          onChange={(e) => set('issueNumbers')(e.target.checked)} /> Hệ thống tỉnh cấp mã hồ sơ (mã tại quầy là mã tạm cho tới khi tỉnh xác nhận)</label>
        <Field label="Đối chiếu mã thủ tục (mỗi dòng: mã tại quầy = mã của tỉnh)" htmlFor="portal-procedureCodeMap" error={errors.procedureCodeMap}
          hint="Chỉ cần cho các thủ tục mà danh mục của tỉnh dùng mã khác.">
          <textarea id="portal-procedureCodeMap" rows={3} value={form.codeMap} spellCheck={false} className="mono"
            onChange={(e) => set('codeMap')(e.target.value)} {...describedBy('portal-procedureCodeMap', errors.procedureCodeMap)} />
        </Field>
        <Field label="Mã lĩnh vực của tỉnh (mỗi dòng: tên lĩnh vực = mã lĩnh vực)" htmlFor="portal-sectorCodeMap" error={errors.sectorCodeMap}
          hint="VD: Hộ tịch = mã lĩnh vực trong danh mục của tỉnh. Không có mã thì chỉ gửi tên lĩnh vực.">
          <textarea id="portal-sectorCodeMap" rows={2} value={form.sectorMap} spellCheck={false}
            onChange={(e) => set('sectorMap')(e.target.value)} {...describedBy('portal-sectorCodeMap', errors.sectorCodeMap)} />
        </Field>
      </fieldset>
      {message && <Notice kind={message.kind} testId="portal-message">{message.text}</Notice>}
      <div className="actions"><button type="submit" className="primary" data-testid="portal-save">Lưu cấu hình hệ thống tỉnh</button></div>
    </form>
  );
}
