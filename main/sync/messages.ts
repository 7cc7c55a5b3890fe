// What a clerk reads on the sync screen: plain Vietnamese, what happened and what happens next.
import type { ErrorKind } from './outbox';
import { LocalItemError, PortalError } from './portal/errors';

export function describeError(e: unknown): { kind: ErrorKind; message: string } {
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
