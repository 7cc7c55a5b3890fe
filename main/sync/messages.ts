// What a clerk reads on the sync screen: plain Vietnamese, what happened and what happens next.
import type { ErrorKind } from './outbox';
import { LocalItemError, PortalError } from './portal/errors';

export function describeError(e: unknown): { kind: ErrorKind; message: string } {
  if (e instanceof PortalError) {
    switch (e.kind) {
      case 'network':
        return { kind: 'network', message: /thời gian chờ/.test(e.message)
          ? 'Hệ thống tỉnh không trả lời kịp (quá thời gian chờ). Sẽ tự thử lại.'
          : 'Không kết nối được hệ thống một cửa của tỉnh (mất mạng hoặc máy chủ không phản hồi). Sẽ tự thử lại khi có mạng.' };
      case 'server':
        return { kind: 'server', message: `Hệ thống tỉnh đang gặp lỗi${e.status ? ` (mã ${e.status})` : ''}. Sẽ tự thử lại.` };
      case 'auth':
        return { kind: 'auth', message: `Không đăng nhập được hệ thống tỉnh: ${e.serverMessage || e.message}. Quản trị viên kiểm tra tài khoản đồng bộ; sẽ tự thử lại.` };
      case 'rejected':
        return { kind: 'rejected', message: `Hệ thống tỉnh từ chối: ${e.serverMessage || e.message}` };
    }
  }
  if (e instanceof LocalItemError) return { kind: 'local', message: e.message };
  return { kind: 'internal', message: `Lỗi khi gửi: ${(e as Error).message ?? String(e)}. Sẽ tự thử lại.` };
}

/** Errors that need a person (parked as "cần xử lý"); everything else is retried with backoff. */
export const needsPerson = (kind: ErrorKind) => kind === 'rejected' || kind === 'local';

export const STATE_LABEL: Record<string, string> = {
  pending: 'Đang chờ gửi', in_flight: 'Đang gửi', done: 'Đã gửi', needs_attention: 'Cần xử lý', resolved: 'Đã xử lý thủ công',
};
export const KIND_LABEL: Record<string, string> = {
  'file.upload': 'Tải tệp lên', 'dossier.create': 'Tạo hồ sơ', 'dossier.update': 'Cập nhật hồ sơ', 'dossier.progress': 'Tiến độ xử lý',
};
