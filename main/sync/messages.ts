// What a clerk reads on the sync screen: plain Vietnamese, what happened and what happens next.
import { statusName } from '../../shared/contract/dossier-status';
import type { ErrorKind } from './outbox';
import { NotPortalError, TlsError } from './portal/contract-answer';
import { LocalItemError, PortalError } from './portal/errors';

export function describeError(e: unknown): { kind: ErrorKind; message: string } {
  // The address answers, but is not the provincial system: a setting to fix, never the item's fault.
  if (e instanceof NotPortalError) {
    return { kind: 'server', message: `Địa chỉ đã cấu hình không phải hệ thống một cửa của tỉnh (${e.path} trả lời ${e.what}, mã ${e.status}). `
      + 'Quản trị viên kiểm tra địa chỉ ở Quản trị → Hệ thống tỉnh (nút "Kiểm tra kết nối"); mục vẫn được lưu trên máy này. Sẽ tự thử lại.' };
  }
  if (e instanceof TlsError) {
    return { kind: 'network', message: `Không kết nối an toàn (https) được với hệ thống tỉnh: ${e.reason}. `
      + 'Quản trị viên kiểm tra địa chỉ hoặc chứng chỉ; mục vẫn được lưu trên máy này. Sẽ tự thử lại.' };
  }
  if (e instanceof PortalError) {
    switch (e.kind) {
      case 'network':
        return { kind: 'network', message: 'Không kết nối được hệ thống một cửa của tỉnh (mất mạng hoặc máy chủ không phản hồi). Sẽ tự thử lại khi có mạng.' };
      case 'transient':
        return { kind: 'transient', message: /thời gian chờ/.test(e.message)
          ? 'Hệ thống tỉnh không trả lời kịp mục này (quá thời gian chờ). Sẽ tự thử lại; các mục khác vẫn được gửi.'
          : 'Kết nối tới hệ thống tỉnh bị ngắt giữa chừng khi gửi mục này. Sẽ tự thử lại; các mục khác vẫn được gửi.' };
      case 'server':
        return { kind: 'server', message: `Hệ thống tỉnh đang gặp lỗi${e.status ? ` (mã ${e.status})` : ''}. Sẽ tự thử lại.` };
      case 'auth':
        return { kind: 'auth', message: `Không đăng nhập được hệ thống tỉnh: ${e.serverMessage || e.message}. Quản trị viên kiểm tra tài khoản đồng bộ; sẽ tự thử lại.` };
      case 'rejected':
        return { kind: 'rejected', message: `Hệ thống tỉnh từ chối: ${e.serverMessage || e.message}` };
    }
  }
  if (e instanceof LocalItemError) return { kind: 'local', message: e.message };
  // A fault of the app itself: said in Vietnamese, the technical text kept for whoever fixes it.
  const detail = e instanceof Error ? e.message : String(e);
  return { kind: 'internal', message: `Lỗi của ứng dụng khi gửi mục này (chi tiết kỹ thuật: ${detail}). Sẽ tự thử lại.` };
}

/** The message of an item parked because it kept failing the same way: what happened and what to do. */
export function parkedAfterRepeats(kind: ErrorKind, message: string, times: number): string {
  const what = message.replace(/\s*Sẽ tự thử lại[^.]*\.\s*$/, '');
  const todo = kind === 'internal'
    ? 'Báo quản trị viên (kèm nội dung lỗi trên) để khắc phục, rồi bấm "Gửi lại"; các hồ sơ khác vẫn được gửi bình thường.'
    : 'Hệ thống tỉnh vẫn nhận các mục khác nên lỗi nằm ở mục này: kiểm tra dữ liệu của hồ sơ hoặc báo quản trị viên liên hệ đơn vị vận hành hệ thống tỉnh, rồi bấm "Gửi lại".';
  return `${what} Mục này đã lỗi ${times} lần liên tiếp theo cùng một cách nên ngừng tự thử lại. ${todo}`;
}

/** Errors that need a person (parked as "cần xử lý"); everything else is retried with backoff. */
export const needsPerson = (kind: ErrorKind) => kind === 'rejected' || kind === 'local';

export const STATE_LABEL: Record<string, string> = {
  pending: 'Đang chờ gửi', in_flight: 'Đang gửi', done: 'Đã gửi', needs_attention: 'Cần xử lý', resolved: 'Đã xử lý thủ công',
};
export const KIND_LABEL: Record<string, string> = {
  'file.upload': 'Tải tệp lên', 'dossier.create': 'Tạo hồ sơ', 'dossier.update': 'Cập nhật hồ sơ', 'dossier.progress': 'Tiến độ xử lý',
};

/** A counter slip by its form number (FORM01 as older items carry it, MAU01 as the contract spells it). */
const SLIP_NAMES: Record<string, string> = {
  '01': 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)', '02': 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)',
  '03': 'Phiếu từ chối tiếp nhận hồ sơ (Mẫu 03)',
};

/** What an item carries, as read from its payload and the dossier it belongs to. */
export interface ItemFacts {
  /** Uploads: the name the file goes under now, what it is (component or result paper). */
  fileName?: string; componentCode?: string; componentName?: string | null; role?: 'submitted' | 'result'; documentName?: string;
  /** Dossier items. */
  procedureName?: string | null; applicantName?: string | null;
  /** Progress items: the status change they report. */
  fromStatus?: number | null; toStatus?: number;
}

/**
 * The line under an item's kind that tells it apart from its neighbours: "TKXN-….pdf — Tờ khai …" for a
 * file, the procedure and applicant for the dossier, the status change for a progress entry.
 */
export function itemDetail(kind: string, f: ItemFacts): string | null {
  const join = (...parts: (string | null | undefined)[]) => parts.filter((p) => p && p.trim()).join(' — ') || null;
  switch (kind) {
    case 'file.upload': {
      const slip = /^(?:FORM|MAU)(0[1-9])$/i.exec(f.componentCode ?? '');
      const what = f.role === 'result'
        ? `Kết quả: ${f.documentName || f.componentName || f.componentCode || 'giấy tờ kết quả'}`
        : slip ? SLIP_NAMES[slip[1]!] ?? `Mẫu ${slip[1]}` : f.componentName || (f.componentCode ? `Thành phần ${f.componentCode}` : null);
      return join(f.fileName, what);
    }
    case 'dossier.create': case 'dossier.update':
      return join(f.procedureName, f.applicantName);
    case 'dossier.progress':
      return f.toStatus === undefined ? null : f.fromStatus ? `${statusName(f.fromStatus)} → ${statusName(f.toStatus)}` : `→ ${statusName(f.toStatus)}`;
    default:
      return null;
  }
}

/** An item named in a sentence: 'tải tệp lên "CCCD-….pdf — Căn cước công dân" của hồ sơ 000.00…'. */
export function itemPhrase(kindLabel: string, detail: string | null, dossierNumber: string | null): string {
  return `${kindLabel.toLowerCase()}${detail ? ` "${detail}"` : ''}${dossierNumber ? ` của hồ sơ ${dossierNumber}` : ''}`;
}

// ——— What a person's sync action did. Said from what the core saw afterwards, never assumed: 'success' only
// when the thing really reached the provincial system (or really changed here).

export type Tone = 'success' | 'info' | 'warning' | 'error';
export type Outcome = 'sent' | 'failed' | 'parked' | 'sending' | 'offline' | 'misconfigured' | 'not-configured' | 'disabled' | 'nothing' | 'done';
export interface ActionReport { outcome: Outcome; tone: Tone; message: string }

const KEPT = 'vẫn được lưu trên máy này';
const sentence = (text: string) => (/[.!?…]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);
const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Nothing can go: the portal is not configured (or sync is switched off). `what`: the item, or "N mục". */
export function notConfiguredReport(switchedOff: boolean, what: string): ActionReport {
  return !switchedOff
    ? { outcome: 'not-configured', tone: 'warning', message: `Chưa cấu hình kết nối hệ thống một cửa của tỉnh nên chưa gửi được: ${what} ${KEPT} và sẽ tự gửi khi quản trị viên cấu hình (Quản trị → Hệ thống tỉnh).` }
    : { outcome: 'disabled', tone: 'warning', message: `Đồng bộ với hệ thống tỉnh đang tắt nên chưa gửi được: ${what} ${KEPT} và sẽ tự gửi khi quản trị viên bật đồng bộ (Quản trị → Hệ thống tỉnh).` };
}

/** The line as the core sees it when an action ends: for the words of an item that did not go. */
export interface LineState { connectivity: string; problem: string | null }

function notGoing(what: string, line: LineState): ActionReport | null {
  if (line.connectivity === 'misconfigured') {
    return { outcome: 'misconfigured', tone: 'error', message: `Không gửi được ${what}: ${sentence(line.problem ?? 'cấu hình kết nối hệ thống tỉnh chưa đúng')} Mục ${KEPT}; quản trị viên kiểm tra Quản trị → Hệ thống tỉnh (nút "Kiểm tra kết nối").` };
  }
  if (line.connectivity === 'offline') {
    return { outcome: 'offline', tone: 'warning', message: `Vẫn chưa kết nối được hệ thống tỉnh${line.problem ? ` (${line.problem.replace(/\.$/, '')})` : ''}: ${what} ${KEPT} và sẽ tự gửi khi có mạng.` };
  }
  return null;
}

/** A single item retried or resent: where it stands once the drainer had its go (or the wait ran out). */
export function itemReport(after: { state: string; attempts: number; lastError: string | null } | null, attemptsBefore: number, what: string,
  line: LineState, resend: boolean): ActionReport {
  if (!after) return { outcome: 'nothing', tone: 'info', message: `${cap(what)} không còn trong hàng chờ (đã được gửi hoặc xử lý).` };
  switch (after.state) {
    case 'done': return { outcome: 'sent', tone: 'success', message: `Đã gửi lên hệ thống tỉnh: ${what}.` };
    case 'resolved': return { outcome: 'done', tone: 'info', message: `${cap(what)} đã được đánh dấu xử lý thủ công.` };
    case 'needs_attention':
      return { outcome: 'parked', tone: 'error', message: `Chưa gửi được ${what}. ${sentence(after.lastError ?? 'Hệ thống tỉnh không nhận mục này')} `
        + `Mục ${resend ? 'vẫn ở' : 'chuyển sang'} "cần xử lý": sửa nguyên nhân rồi bấm "Gửi lại", hoặc ghi nhận đã xử lý.` };
  }
  if (after.attempts > attemptsBefore && after.state === 'pending') {
    return notGoing(what, line) ?? { outcome: 'failed', tone: 'warning', message: `Chưa gửi được ${what}. ${sentence(after.lastError ?? 'Hệ thống tỉnh chưa nhận. Sẽ tự thử lại')}` };
  }
  return notGoing(what, line) ?? { outcome: 'sending', tone: 'info', message: `Đang gửi ${what}; kết quả sẽ hiện trong danh sách.` };
}

/** "Thử lại ngay (tất cả)": what the drainer did with the waiting items during the wait. */
export function batchReport(d: { rescheduled: number; sent: number; failed: number; parked: number; waiting: number; lastProblem: string | null }, line: LineState): ActionReport {
  if (d.rescheduled === 0 && d.sent === 0) return { outcome: 'nothing', tone: 'info', message: 'Không có mục nào đang chờ gửi.' };
  if (d.sent === 0 && d.parked === 0) {
    const stopped = notGoing(`${d.waiting || d.rescheduled} mục`, line);
    if (stopped) return stopped;
  }
  if (d.sent === 0 && d.failed === 0 && d.parked === 0) {
    return { outcome: 'sending', tone: 'info', message: `Đang gửi ${d.waiting || d.rescheduled} mục lên hệ thống tỉnh; kết quả từng mục hiện trong danh sách.` };
  }
  const parts = [
    d.sent ? `Đã gửi ${d.sent} mục lên hệ thống tỉnh` : 'Chưa gửi được mục nào',
    d.parked ? `${d.parked} mục bị hệ thống tỉnh từ chối, chuyển sang "cần xử lý"` : null,
    d.failed ? `có lần gửi chưa thành công${d.lastProblem ? ` (${d.lastProblem.replace(/\s*Sẽ tự thử lại[^.]*\.\s*$/, '').replace(/\.$/, '')})` : ''}, sẽ tự thử lại` : null,
    d.waiting ? `còn ${d.waiting} mục đang chờ gửi` : null,
  ].filter(Boolean);
  const tone: Tone = d.parked ? 'error' : d.failed ? 'warning' : d.waiting ? 'info' : 'success';
  const outcome: Outcome = d.parked ? 'parked' : d.failed ? 'failed' : d.waiting ? 'sending' : 'sent';
  return { outcome, tone, message: `${parts.join('; ')}.` };
}
