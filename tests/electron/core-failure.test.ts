// The failure window's text: the cause in Vietnamese with what to do, and where the log is.
import { describe, expect, it } from 'vitest';
import { describeCoreFailure } from '../../main/electron/core-failure';

const LOG = 'C:\\Users\\Nguyễn\\AppData\\Roaming\\MotCuaDesk\\logs\\motcua.log';

describe('describeCoreFailure', () => {
  it('names a better-sqlite3 built for another ABI (the stderr of a module that failed to load)', () => {
    const t = describeCoreFailure({
      kind: 'exit', exitCode: 1,
      stderrTail: "Error: The module '\\\\?\\C:\\app\\resources\\app.asar.unpacked\\node_modules\\better-sqlite3\\build\\Release\\better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 145.",
    }, LOG);
    expect(t.title).toBe('Một Cửa Desk không khởi động được');
    expect(t.message).toContain('better-sqlite3');
    expect(t.message).toContain('cài lại');
    expect(t.detail).toContain(`Nhật ký: ${LOG}`);
    expect(t.detail).toContain('NODE_MODULE_VERSION 115');
  });

  it('passes on the core\'s own Vietnamese message for a damaged database', () => {
    const message = 'Cơ sở dữ liệu bị hỏng (x): y. Ứng dụng chỉ cho xem, không ghi thêm; hãy báo quản trị để khôi phục từ bản sao lưu.';
    expect(describeCoreFailure({ kind: 'exit', exitCode: 1, fatal: { name: 'DatabaseCorruptError', message } }, LOG).message).toBe(message);
  });

  it('tells a locked database, a full disk and a folder without write access apart', () => {
    expect(describeCoreFailure({ kind: 'exit', exitCode: 1, fatal: { message: 'SQLITE_BUSY: database is locked' } }, LOG).message).toContain('chương trình khác giữ');
    expect(describeCoreFailure({ kind: 'exit', exitCode: 1, fatal: { message: 'ENOSPC: no space left on device, write', code: 'ENOSPC' } }, LOG).message).toContain('đã đầy');
    expect(describeCoreFailure({ kind: 'exit', exitCode: 1, fatal: { message: "EPERM: operation not permitted, mkdir 'C:\\x'", code: 'EPERM' } }, LOG).message).toContain('quyền ghi');
  });

  it('says what to do when the cause is unknown, and when the core never answered', () => {
    const unknown = describeCoreFailure({ kind: 'exit', exitCode: 3221225477 }, LOG);
    expect(unknown.message).toContain('mã thoát 3221225477');
    expect(unknown.message).toContain('Thử lại');
    expect(unknown.detail).toBe(`Nhật ký: ${LOG}`);
    expect(describeCoreFailure({ kind: 'timeout', timeoutMs: 90_000 }, LOG).message).toContain('không trả lời sau 90 giây');
  });
});
