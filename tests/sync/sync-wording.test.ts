import { describe, expect, it } from 'vitest';
import { batchReport, describeError, itemDetail, itemPhrase, itemReport, notConfiguredReport } from '../../main/sync/messages';
import { NotPortalError, notContractAnswer, toNetworkError } from '../../main/sync/portal/contract-answer';
import { PortalError } from '../../main/sync/portal/errors';
import { connectivityLine, nextAttemptLabel, type SyncItem } from '../../renderer/src/sync/format';

// Issue 9 #12: what the clerk reads about sync says what actually happened — green only for a real success,
// the work reassured as kept on this PC whenever it cannot go, every row naming what it carries.

const status = (connectivity: any, waiting = 3, connectionProblem: string | null = null) => ({ connectivity, waiting, connectionProblem });

describe('the connection line', () => {
  it('during an outage it says the work is safe on this PC and will be sent, with how many wait', () => {
    expect(connectivityLine(status('offline', 3)))
      .toBe('Mất kết nối với hệ thống tỉnh — hồ sơ vẫn được lưu trên máy này và sẽ tự gửi khi có mạng (3 mục chờ gửi)');
    expect(connectivityLine(status('offline', 0))).toBe('Mất kết nối với hệ thống tỉnh — hồ sơ vẫn được lưu trên máy này và sẽ tự gửi khi có mạng');
  });

  it('every state that cannot send reassures; only "online" says connected, and "checking" claims nothing', () => {
    for (const c of ['offline', 'paused', 'misconfigured', 'not-configured'] as const) {
      expect(connectivityLine(status(c, 2, 'Sai tài khoản đồng bộ')), c).toContain('hồ sơ vẫn được lưu trên máy này');
      expect(connectivityLine(status(c, 2)), c).not.toMatch(/kết nối với hệ thống tỉnh$|Đang kết nối/);
    }
    expect(connectivityLine(status('misconfigured', 2, 'Địa chỉ không phải hệ thống một cửa của tỉnh')))
      .toBe('Không gửi được: Địa chỉ không phải hệ thống một cửa của tỉnh — hồ sơ vẫn được lưu trên máy này (2 mục chờ gửi)');
    // The status bar renders the count itself.
    expect(connectivityLine(status('offline', 3), false)).toBe('Mất kết nối với hệ thống tỉnh — hồ sơ vẫn được lưu trên máy này và sẽ tự gửi khi có mạng');
    expect(connectivityLine(status('online'))).toBe('Đã kết nối với hệ thống tỉnh');
    expect(connectivityLine(status('checking'))).toBe('Đang kiểm tra kết nối với hệ thống tỉnh…');
  });

  it('an item waiting behind a wrong setting says when it goes', () => {
    const item = { state: 'pending', blocked: false, nextAttemptAt: null } as unknown as SyncItem;
    expect(nextAttemptLabel(item, 'misconfigured', Date.now())).toBe('Khi cấu hình kết nối được sửa');
  });
});

describe('each item names what it carries', () => {
  it('three uploads of one dossier: the file name and the paper (slip, component, result) tell them apart', () => {
    const rows = [
      itemDetail('file.upload', { fileName: 'form01-000.00.13.H42.26.000123.pdf', componentCode: 'FORM01', role: 'submitted' }),
      itemDetail('file.upload', { fileName: 'TP-000.00.13.H42.26.000123.pdf', componentCode: '', componentName: 'Tờ khai đăng ký khai sinh', role: 'submitted' }),
      itemDetail('file.upload', { fileName: 'TP-000.00.13.H42.26.000123.pdf', componentCode: '', componentName: 'Giấy chứng sinh', role: 'submitted' }),
      itemDetail('file.upload', { fileName: '000.00.13.H42.26.000123-KQ1.pdf', componentCode: 'KQ.G15.000032', role: 'result', documentName: 'Giấy chứng nhận kết hôn' }),
    ];
    expect(rows).toEqual([
      'form01-000.00.13.H42.26.000123.pdf — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01)',
      'TP-000.00.13.H42.26.000123.pdf — Tờ khai đăng ký khai sinh',
      'TP-000.00.13.H42.26.000123.pdf — Giấy chứng sinh',
      '000.00.13.H42.26.000123-KQ1.pdf — Kết quả: Giấy chứng nhận kết hôn',
    ]);
    expect(new Set(rows).size).toBe(rows.length);
    expect(itemDetail('file.upload', { fileName: 'mau02.pdf', componentCode: 'MAU02' })).toBe('mau02.pdf — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)');
  });

  it('dossier items name the procedure and applicant, progress items the status change', () => {
    expect(itemDetail('dossier.create', { procedureName: 'Đăng ký khai sinh', applicantName: 'Nguyễn Văn An' })).toBe('Đăng ký khai sinh — Nguyễn Văn An');
    expect(itemDetail('dossier.progress', { fromStatus: 2, toStatus: 4 })).toBe('Được tiếp nhận → Đang xử lý');
    expect(itemDetail('dossier.progress', { fromStatus: null, toStatus: 2 })).toBe('→ Được tiếp nhận');
    expect(itemDetail('something.else', {})).toBeNull();
    expect(itemPhrase('Tải tệp lên', 'a.pdf — Giấy chứng sinh', '000.1')).toBe('tải tệp lên "a.pdf — Giấy chứng sinh" của hồ sơ 000.1');
  });
});

describe('an action\'s message comes from what happened, green only for a real success', () => {
  const what = 'tải tệp lên "a.pdf — Giấy chứng sinh" của hồ sơ 000.1';
  const online = { connectivity: 'online', problem: null };

  it('no portal configured: a warning that the work is kept here, never "đang gửi lại ngay"', () => {
    const r = notConfiguredReport(false, '4 mục');
    expect(r).toMatchObject({ outcome: 'not-configured', tone: 'warning' });
    expect(r.message).toBe('Chưa cấu hình kết nối hệ thống một cửa của tỉnh nên chưa gửi được: 4 mục vẫn được lưu trên máy này và sẽ tự gửi khi quản trị viên cấu hình (Quản trị → Hệ thống tỉnh).');
    expect(notConfiguredReport(true, '4 mục')).toMatchObject({ outcome: 'disabled', tone: 'warning' });
  });

  it('a resend the province refuses again is an error that says so; a delivered one is the only success', () => {
    const refused = itemReport({ state: 'needs_attention', attempts: 1, lastError: 'Hệ thống tỉnh từ chối: mã thủ tục 1.001193 không có' }, 0, what, online, true);
    expect(refused).toMatchObject({ outcome: 'parked', tone: 'error' });
    expect(refused.message).toBe(`Chưa gửi được ${what}. Hệ thống tỉnh từ chối: mã thủ tục 1.001193 không có. Mục vẫn ở "cần xử lý": sửa nguyên nhân rồi bấm "Gửi lại", hoặc ghi nhận đã xử lý.`);
    expect(itemReport({ state: 'done', attempts: 1, lastError: null }, 0, what, online, true)).toEqual({ outcome: 'sent', tone: 'success', message: `Đã gửi lên hệ thống tỉnh: ${what}.` });
    const failedOnce = itemReport({ state: 'pending', attempts: 2, lastError: 'Hệ thống tỉnh đang gặp lỗi (mã 503). Sẽ tự thử lại.' }, 1, what, online, false);
    expect(failedOnce).toMatchObject({ outcome: 'failed', tone: 'warning' });
    expect(itemReport({ state: 'in_flight', attempts: 0, lastError: null }, 0, what, online, false)).toMatchObject({ outcome: 'sending', tone: 'info' });
  });

  it('without a line, or at a wrong address, the item is said to be kept here', () => {
    const offline = itemReport({ state: 'pending', attempts: 0, lastError: null }, 0, what, { connectivity: 'offline', problem: 'Không kết nối được tới địa chỉ' }, false);
    expect(offline).toEqual({ outcome: 'offline', tone: 'warning', message: `Vẫn chưa kết nối được hệ thống tỉnh (Không kết nối được tới địa chỉ): ${what} vẫn được lưu trên máy này và sẽ tự gửi khi có mạng.` });
    const wrong = itemReport({ state: 'pending', attempts: 0, lastError: null }, 0, what, { connectivity: 'misconfigured', problem: 'Địa chỉ không phải hệ thống một cửa của tỉnh' }, true);
    expect(wrong).toMatchObject({ outcome: 'misconfigured', tone: 'error' });
    expect(wrong.message).toMatch(/^Không gửi được .+: Địa chỉ không phải hệ thống một cửa của tỉnh\. Mục vẫn được lưu trên máy này/);
  });

  it('"Thử lại ngay (tất cả)" counts what went, what failed, what was refused and what still waits', () => {
    const base = { rescheduled: 5, sent: 0, failed: 0, parked: 0, waiting: 5, lastProblem: null };
    expect(batchReport({ ...base, sent: 5, waiting: 0 }, { connectivity: 'online', problem: null })).toEqual({ outcome: 'sent', tone: 'success', message: 'Đã gửi 5 mục lên hệ thống tỉnh.' });
    expect(batchReport({ ...base, sent: 3, waiting: 2 }, { connectivity: 'online', problem: null }))
      .toEqual({ outcome: 'sending', tone: 'info', message: 'Đã gửi 3 mục lên hệ thống tỉnh; còn 2 mục đang chờ gửi.' });
    expect(batchReport({ ...base, sent: 3, parked: 1, waiting: 1 }, { connectivity: 'online', problem: null }).tone).toBe('error');
    expect(batchReport({ ...base, failed: 2, lastProblem: 'Hệ thống tỉnh đang gặp lỗi (mã 503). Sẽ tự thử lại.' }, { connectivity: 'online', problem: null }))
      .toEqual({ outcome: 'failed', tone: 'warning', message: 'Chưa gửi được mục nào; có lần gửi chưa thành công (Hệ thống tỉnh đang gặp lỗi (mã 503)), sẽ tự thử lại; còn 5 mục đang chờ gửi.' });
    expect(batchReport(base, { connectivity: 'offline', problem: null }))
      .toEqual({ outcome: 'offline', tone: 'warning', message: 'Vẫn chưa kết nối được hệ thống tỉnh: 5 mục vẫn được lưu trên máy này và sẽ tự gửi khi có mạng.' });
    expect(batchReport({ ...base, rescheduled: 0, waiting: 0 }, { connectivity: 'online', problem: null })).toMatchObject({ outcome: 'nothing', tone: 'info' });
  });
});

describe('answers that are not the provincial system\'s', () => {
  it('a web page, an empty or non-JSON body, another service\'s "not found" are told apart from the contract\'s errors', () => {
    expect(notContractAnswer('/service', 404, 'text/html', '<html><body>404 Not Found</body></html>')).toBe('một trang web (HTML)');
    expect(notContractAnswer('/health', 200, 'text/html; charset=utf-8', '<!doctype html><html></html>')).toBe('một trang web (HTML)');
    expect(notContractAnswer('/auth/login', 404, 'application/json', { timestamp: 'x', status: 404, error: 'Not Found', path: '/dvc/auth/login' })).toBe('"không có đường dẫn này"');
    expect(notContractAnswer('/auth/login', 200, 'text/plain', 'OK')).toBe('dữ liệu không phải JSON');
    expect(notContractAnswer('/service', 200, 'text/plain', 'OK')).toBe('dữ liệu không phải JSON');
    // Past the login a refusal means what the contract says for its path, with or without a body: an expired
    // upload session may be a bare 404 (the document gives that answer no body), and then a new session starts.
    expect(notContractAnswer('/uploads/u1', 404, 'text/plain; charset=utf-8', 'Not Found')).toBeNull();
    expect(notContractAnswer('/uploads/u1', 404, '', '')).toBeNull();
    expect(notContractAnswer('/service', 404, 'application/json', { error: 'no such dossier' })).toBeNull();
    // The contract's own answers: a 404 rejection with a message, a success, /health's unspecified body.
    expect(notContractAnswer('/service', 404, 'application/json', { error_code: 'INVALID', message: 'Không tìm thấy hồ sơ X để cập nhật' })).toBeNull();
    expect(notContractAnswer('/service', 200, 'application/json', { error_code: 0, data: {} })).toBeNull();
    expect(notContractAnswer('/health', 200, 'text/plain', 'OK')).toBeNull();
    // A portal written from the contract alone may label its answers text/html (Express's res.send does): the
    // body decides, not the label — /health's 'ok' and a JSON envelope are still the contract's answers.
    expect(notContractAnswer('/health', 200, 'text/html; charset=utf-8', 'ok')).toBeNull();
    expect(notContractAnswer('/health', 200, 'text/html; charset=utf-8', '')).toBeNull();
    expect(notContractAnswer('/service', 200, 'text/html; charset=utf-8', { error_code: 0, data: {} })).toBeNull();
  });

  it('such an answer is retried as the address\'s problem, never parked as the item\'s rejection; TLS failures are named outages', () => {
    const wrong = describeError(new NotPortalError('/service', 404, 'một trang web (HTML)'));
    expect(wrong.kind).toBe('server');
    expect(wrong.message).toMatch(/^Địa chỉ đã cấu hình không phải hệ thống một cửa của tỉnh \(\/service trả lời một trang web \(HTML\), mã 404\)/);
    expect(describeError(new PortalError('rejected', 'x', 404, 'Không tìm thấy hồ sơ')).kind).toBe('rejected');
    const tls = toNetworkError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }));
    expect(tls.kind).toBe('network');
    expect(describeError(tls).message).toMatch(/^Không kết nối an toàn \(https\) được với hệ thống tỉnh: máy chủ dùng chứng chỉ tự ký/);
    expect(toNetworkError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).kind).toBe('network');
    expect(toNetworkError(Object.assign(new Error('x'), { code: 'ECONNABORTED' })).kind).toBe('transient');
  });
});
