import type { ErrorCode, FieldError } from '../../shared/contract';

/** An error meant for the user: `message` is Vietnamese and shown as is. */
export class AppError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly fields?: FieldError[]) {
    super(message);
  }
}

export const validationError = (fields: FieldError[], message = 'Thông tin chưa hợp lệ, vui lòng kiểm tra các ô được đánh dấu.') =>
  new AppError('VALIDATION', message, fields);
export const notFound = (what: string) => new AppError('NOT_FOUND', `Không tìm thấy ${what}.`);
