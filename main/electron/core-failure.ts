// What the window says when the core cannot start: the cause in Vietnamese, what to do about it, and where
// the log is. Free of Electron (tests run it under Node); the shell shows it in a message box.

/** Why the core is not running: it exited (with what it said), or it did not answer in time. */
export interface CoreFailure {
  kind: 'exit' | 'timeout' | 'crash-loop';
  exitCode?: number | null;
  /** The { fatal } the core sent before exiting, when it could. */
  fatal?: { name?: string; message: string; code?: string };
  /** The last lines the core wrote to stderr (a module that fails to load says why only there). */
  stderrTail?: string;
  timeoutMs?: number;
}

export interface FailureText {
  title: string;
  message: string;
  detail: string;
}

const REINSTALL = 'Hãy gỡ ứng dụng rồi cài lại bằng bộ cài mới nhất (dữ liệu đã nhập không bị xóa), hoặc báo quản trị.';

interface Cause { test: RegExp; say: (f: CoreFailure) => string }

// Most specific first: the missing native binaries of issue 8 (#18), then the data folder's state.
const CAUSES: Cause[] = [
  {
    test: /sharp/i,
    say: () => `Thiếu thư viện xử lý ảnh (sharp) dành cho máy này: bộ cài không có đủ tệp. ${REINSTALL}`,
  },
  {
    test: /better_sqlite3\.node|NODE_MODULE_VERSION|compiled against a different Node\.js version|not a valid Win32 application|Could not locate the bindings file/i,
    say: () => `Thư viện cơ sở dữ liệu (better-sqlite3) không khớp với phiên bản ứng dụng. ${REINSTALL}`,
  },
  {
    test: /SQLITE_BUSY|database is locked/i,
    say: () => 'Tệp dữ liệu đang bị một chương trình khác giữ (một cửa sổ Một Cửa Desk khác, phần mềm sao lưu hoặc diệt virus). Hãy đóng chương trình đó rồi bấm "Thử lại".',
  },
  {
    test: /SQLITE_CORRUPT|SQLITE_NOTADB|malformed|not a database/i,
    say: () => 'Tệp dữ liệu bị hỏng. Đừng xóa thư mục dữ liệu; hãy báo quản trị để khôi phục từ bản sao lưu.',
  },
  {
    test: /ENOSPC|SQLITE_FULL|disk is full/i,
    say: () => 'Ổ đĩa chứa dữ liệu đã đầy. Hãy giải phóng dung lượng rồi bấm "Thử lại".',
  },
  {
    test: /ENOTDIR|EEXIST|EISDIR/,
    say: () => 'Đường dẫn thư mục dữ liệu (MOTCUA_DATA_DIR hoặc thư mục mặc định) trỏ vào một tệp, không phải thư mục. Hãy báo quản trị sửa đường dẫn hoặc đổi tên tệp đó rồi bấm "Thử lại".',
  },
  {
    test: /EACCES|EPERM|EROFS|SQLITE_READONLY|SQLITE_CANTOPEN|readonly database/i,
    say: () => 'Không ghi được vào thư mục dữ liệu: tài khoản Windows này không có quyền ghi (hoặc thư mục nằm trên ổ chỉ đọc). Hãy báo quản trị cấp quyền ghi rồi bấm "Thử lại".',
  },
];

/** Messages the core already wrote for the user (its own error classes speak Vietnamese). */
const USER_FACING = new Set(['AppError', 'DatabaseCorruptError']);

function firstLines(text: string, n: number): string {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, n).join('\n');
}

export function describeCoreFailure(f: CoreFailure, logFile: string): FailureText {
  const title = 'Một Cửa Desk không khởi động được';
  // What the core said about the error, not its stack: a stack names every module it passed through.
  const evidence = f.fatal ? [f.fatal.code, f.fatal.name, f.fatal.message].filter(Boolean).join('\n') : f.stderrTail ?? '';
  let message: string;
  if (f.kind === 'timeout') {
    message = `Lõi ứng dụng không trả lời sau ${Math.round((f.timeoutMs ?? 0) / 1000)} giây. Hãy bấm "Thử lại"; nếu vẫn vậy, khởi động lại máy rồi mở lại ứng dụng.`;
  } else if (f.fatal && f.fatal.name && USER_FACING.has(f.fatal.name)) {
    message = f.fatal.message;
  } else {
    const cause = CAUSES.find((c) => c.test.test(evidence));
    const crashLoop = f.kind === 'crash-loop' ? 'Lõi ứng dụng dừng nhiều lần liên tiếp. ' : '';
    message = crashLoop + (cause ? cause.say(f) : `Lõi ứng dụng dừng khi khởi động${f.exitCode != null ? ` (mã thoát ${f.exitCode})` : ''}. Hãy bấm "Thử lại"; nếu vẫn lỗi, gửi tệp nhật ký cho quản trị.`);
  }
  const technical = firstLines([f.fatal?.message, f.stderrTail].filter(Boolean).join('\n'), 6);
  const detail = `Nhật ký: ${logFile}${technical ? `\n\nChi tiết kỹ thuật (gửi kèm cho quản trị):\n${technical}` : ''}`;
  return { title, message, detail };
}
