// Scanning settings through the API of an in-process core (Quản trị → Máy quét): validation with one
// Vietnamese message per problem and its field path, who may read and write, the audit row, an eSCL address
// that shows up in scanning.devices without a restart (the eSCL test server), "Kiểm tra" of an address,
// built-in profiles overridden and restored, and a procedure's default profile used by a new scan job.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreOptions } from '../../main/core/core';
import { BUILT_IN_PROFILES } from '../../main/digitization/profiles';
import { type Harness, intake, startCore } from '../support/core-harness';
import { startEsclServer, type EsclTestServer } from '../support/escl-server';

// No SANE and no mDNS discovery: the device list is the eSCL addresses and folders of the settings only.
const drivers = { hasScanimage: () => false, escl: { discover: false, requestTimeoutMs: 3000 } };
const scanning: CoreOptions['scanning'] = { drivers, ocr: { enabled: false }, esclTestTimeoutMs: 1000 };

const start = (dataDir: string) => startCore({ dataDir, scanning });
type H = Harness;

/** An office profile as the admin screen sends it (bi-level left to follow the colour mode). */
const profile = (over: Record<string, unknown> = {}) => ({
  id: 'van-ban-250', name: 'Văn bản 250 dpi', colorMode: 'gray', dpi: 250, jpegQuality: 70,
  blankDetection: { mode: 'all', maxInkPercent: 0.05 }, deskew: true, ...over,
});

const settings = (over: Record<string, unknown> = {}) => ({ profiles: [], procedureDefaults: [], esclAddresses: [], watchFolders: [], ...over });
const audits = (h: H) => h.core.services.db.raw.prepare(`SELECT action, entity_id, before_json, after_json, user_id FROM audit_event WHERE entity = 'setting' AND entity_id = 'scanning' ORDER BY id`).all() as
  { action: string; entity_id: string; before_json: string | null; after_json: string; user_id: string }[];

async function receive(h: H, query: string): Promise<{ id: string; code: string }> {
  const [v] = await h.must('procedures.search', { query });
  const r = await h.must('dossiers.receive', intake(v.id, { components: [{ code: 'TK', name: 'Tờ khai', copyType: 'original', quantity: 1 }] }));
  return { id: r.dossier.id, code: v.code };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('scanning settings API', () => {
  const dirs: string[] = [];
  const tmp = (prefix: string) => { const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix)); dirs.push(d); return d; };
  let h: H;
  let escl: EsclTestServer;

  beforeAll(async () => {
    h = await start(tmp('motcua-scanset-'));
    escl = await startEsclServer();
  });
  afterAll(async () => {
    await h?.core.close();
    await escl?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('starts with the built-in profiles and nothing else', async () => {
    const s = await h.must('scanning.getSettings');
    expect(s.profiles.map((p: any) => [p.id, p.source])).toEqual(BUILT_IN_PROFILES.map((p) => [p.id, 'built-in']));
    expect(s).toMatchObject({ procedureDefaults: [], esclAddresses: [], watchFolders: [], defaultProfileId: null, warnings: [] });
    expect(s.builtIns.map((p: any) => p.id)).toEqual(['color-200', 'gray-300', 'bw-text-300']);
  });

  it('refuses a bad save with one Vietnamese message per problem, each with its field path, and saves nothing', async () => {
    const [v] = await h.must('procedures.search', { query: 'khai sinh' });
    const r = await h.call('scanning.setSettings', settings({
      profiles: [
        profile({ dpi: 150 }),
        profile({ name: 'Trùng mã' }),
        profile({ id: 'xam-nhe', name: 'Xám nhẹ', jpegQuality: 20, blankDetection: { mode: 'all', maxInkPercent: 9 } }),
      ],
      procedureDefaults: [
        { procedureCode: '9.999999', profileId: 'gray-300' },
        { procedureCode: v.code, profileId: 'khong-co' },
      ],
      esclAddresses: ['192.168.1.20', 'ftp://192.168.1.21', '192.168.1.300', 'may quet tang 2'],
      watchFolders: [{ path: 'scan/den' }],
      defaultProfileId: 'cung-khong-co',
    }));
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toBe('Cấu hình máy quét chưa được lưu: có 11 chỗ cần sửa (xem các ô được đánh dấu).');
    const fields = Object.fromEntries(r.error.fields.map((f: { field: string; message: string }) => [f.field, f.message]));
    expect(r.error.fields).toHaveLength(11);
    expect(fields).toEqual({
      'profiles.0.dpi': 'Độ phân giải tối thiểu là 200 dpi (Thông tư 02/2019/TT-BNV).',
      'profiles.1.id': 'Mã cấu hình "van-ban-250" bị trùng với cấu hình thứ 1.',
      'profiles.2.jpegQuality': 'Chất lượng JPEG thấp nhất là 30 (thấp hơn chữ bị nhòe).',
      'profiles.2.blankDetection.maxInkPercent': 'Độ nhạy phát hiện trang trắng tối đa 5%.',
      defaultProfileId: 'Không có cấu hình quét "cung-khong-co". Chọn một cấu hình trong danh sách.',
      'procedureDefaults.0.procedureCode': 'Không có thủ tục mã 9.999999 trong danh mục thủ tục.',
      'procedureDefaults.1.profileId': 'Không có cấu hình quét "khong-co". Chọn một cấu hình trong danh sách.',
      'esclAddresses.1': 'Địa chỉ máy quét "ftp://192.168.1.21" phải bắt đầu bằng http:// hoặc https://.',
      'esclAddresses.2': 'Địa chỉ máy quét "192.168.1.300" không hợp lệ. Nhập địa chỉ IP hoặc tên máy, ví dụ 192.168.1.20 hoặc http://192.168.1.20/eSCL.',
      'esclAddresses.3': 'Địa chỉ máy quét "may quet tang 2" có khoảng trắng. Nhập địa chỉ IP hoặc tên máy, ví dụ 192.168.1.20 hoặc http://192.168.1.20/eSCL.',
      'watchFolders.0.path': expect.stringContaining('phải là đường dẫn đầy đủ'),
    });
    // A type error is stopped at the boundary, with its path too.
    const typed = await h.call('scanning.setSettings', settings({ profiles: [profile({ dpi: '300' })] }));
    expect(typed.error.fields).toEqual([{ field: 'profiles.0.dpi', message: 'Độ phân giải phải là số.', severity: 'error' }]);
    // A single problem is the message itself.
    const one = await h.call('scanning.setSettings', settings({ profiles: [profile({ dpi: 199 })] }));
    expect(one.error.message).toBe('Độ phân giải tối thiểu là 200 dpi (Thông tư 02/2019/TT-BNV).');
    expect((await h.must('scanning.getSettings')).profiles).toHaveLength(3);
    expect(audits(h)).toEqual([]);
  });

  it('lets only the administrator change the settings or test an address; every member of staff may read them', async () => {
    const clerk = { username: 'canbo.quay', fullName: 'Lê Thị Quầy', role: 'clerk', password: 'matkhau-quay1' };
    const leader = { username: 'lanh.dao', fullName: 'Phạm Văn Lãnh', role: 'leader', password: 'matkhau-ld12' };
    for (const u of [clerk, leader]) await h.must('users.create', u);
    const clerkSession = (await h.must('auth.login', { username: clerk.username, password: clerk.password })).sessionToken;
    const leaderSession = (await h.must('auth.login', { username: leader.username, password: leader.password })).sessionToken;
    const set = await h.call('scanning.setSettings', settings({ profiles: [profile()] }), clerkSession);
    expect(set.error).toMatchObject({ code: 'FORBIDDEN', message: 'Tài khoản của bạn không có quyền dùng chức năng này.' });
    expect((await h.call('scanning.testEscl', { address: escl.url }, clerkSession)).error.code).toBe('FORBIDDEN');
    expect((await h.call('scanning.getSettings', {}, clerkSession)).ok).toBe(true);
    expect((await h.call('scanning.getSettings', {}, leaderSession)).ok).toBe(true);
    expect((await h.call('scanning.getSettings', {}, 'no-session')).error.code).toBe('UNAUTHENTICATED');
    expect(audits(h)).toEqual([]);
  });

  it('saves office profiles, normalizes and de-duplicates addresses, keeps an unreachable folder with a warning, and audits each save', async () => {
    const folder = tmp('motcua-scan-folder-');
    const missing = path.join(folder, 'chua-co');
    const saved = await h.must('scanning.setSettings', settings({
      profiles: [profile(), profile({ id: 'gray-300', name: 'Xám 300 dpi (phường)', jpegQuality: 80, crop: { mode: 'content', marginMm: 3 } })],
      esclAddresses: ['  192.168.1.20 ', 'http://192.168.1.20/eSCL/', 'https://may-quet.local:8443'],
      watchFolders: [{ path: folder, name: 'Máy quét tầng 1' }, { path: missing }, { path: `${folder}/` }],
      defaultProfileId: 'van-ban-250',
    }));
    expect(saved.profiles.map((p: any) => [p.id, p.source])).toEqual([
      ['color-200', 'built-in'], ['gray-300', 'override'], ['bw-text-300', 'built-in'], ['van-ban-250', 'office'],
    ]);
    expect(saved.profiles[3]).toMatchObject({ bilevel: false, bilevelThreshold: 140, jpegTrellis: false, blankDetection: { mode: 'all', maxInkPercent: 0.05 } });
    expect(saved.profiles[1]).toMatchObject({ name: 'Xám 300 dpi (phường)', crop: { mode: 'content', marginMm: 3 } });
    expect(saved.esclAddresses).toEqual(['http://192.168.1.20/eSCL', 'https://may-quet.local:8443/eSCL']);
    expect(saved.watchFolders).toEqual([{ path: folder, name: 'Máy quét tầng 1' }, { path: missing }]);
    // New addresses are asked, as "Kiểm tra" does: none of these answers here, so each is saved with a warning.
    expect(saved.warnings).toEqual([
      { field: 'esclAddresses.0', message: expect.stringContaining('Địa chỉ vẫn được lưu') },
      { field: 'esclAddresses.1', message: expect.stringContaining('Địa chỉ vẫn được lưu') },
      { field: 'watchFolders.1.path', message: expect.stringContaining('Hiện không mở được thư mục') },
    ]);
    expect(saved.defaultProfileId).toBe('van-ban-250');
    // Reading again gives the same, but for the addresses' answers (only a save or "Kiểm tra" asks the scanners).
    const read = await h.must('scanning.getSettings');
    expect(read).toEqual({ ...saved, warnings: saved.warnings.slice(2) });
    // The counter's list shows the office's version of the built-in one.
    const counter = await h.must('scanning.profiles', {});
    expect(counter.profiles.find((p: any) => p.id === 'gray-300').name).toBe('Xám 300 dpi (phường)');
    expect(counter.defaultId).toBe('van-ban-250');

    // Leaving the override out restores the built-in profile; a built-in one cannot be removed.
    const restored = await h.must('scanning.setSettings', settings({ profiles: [profile()] }));
    expect(restored.profiles.map((p: any) => [p.id, p.name, p.source])).toEqual([
      ['color-200', 'Màu 200 dpi', 'built-in'], ['gray-300', 'Xám 300 dpi', 'built-in'], ['bw-text-300', 'Đen trắng văn bản', 'built-in'], ['van-ban-250', 'Văn bản 250 dpi', 'office'],
    ]);
    expect(restored).toMatchObject({ esclAddresses: [], watchFolders: [], defaultProfileId: null });

    const rows = audits(h);
    expect(rows.map((a) => a.action)).toEqual(['setting.set', 'setting.set']);
    expect(rows[0]!.before_json).toBeNull();
    expect(JSON.parse(rows[0]!.after_json)).toMatchObject({ esclAddresses: ['http://192.168.1.20/eSCL', 'https://may-quet.local:8443/eSCL'], defaultProfileId: 'van-ban-250' });
    expect(JSON.parse(rows[1]!.before_json!).profiles.map((p: any) => p.id)).toEqual(['van-ban-250', 'gray-300']);
    expect(rows.every((a) => a.user_id === rows[0]!.user_id && a.user_id)).toBe(true);
  });

  it('an eSCL address saved through the API is in scanning.devices at once, and gone once removed — no restart', async () => {
    const before = await h.must('scanning.devices', {});
    expect(before.filter((d: any) => d.driver === 'escl')).toEqual([]);
    await h.must('scanning.setSettings', settings({ esclAddresses: [escl.url] }));
    const after = await h.must('scanning.devices', {});
    const device = after.find((d: any) => d.driver === 'escl');
    expect(device).toMatchObject({ id: `http://127.0.0.1:${escl.port}/eSCL`, name: 'MCD Test eSCL Scanner' });
    const caps = await h.must('scanning.capabilities', { deviceId: device.id });
    expect(caps.sources).toEqual(['flatbed', 'feeder']);
    await h.must('scanning.setSettings', settings());
    expect((await h.must('scanning.devices', {})).filter((d: any) => d.driver === 'escl')).toEqual([]);
  });

  it('a scan-to-folder directory saved through the API becomes a device', async () => {
    const folder = tmp('motcua-scan-to-');
    await h.must('scanning.setSettings', settings({ watchFolders: [{ path: folder, name: 'Máy photo tầng 2' }] }));
    const devices = await h.must('scanning.devices', {});
    expect(devices.filter((d: any) => d.driver === 'folder').map((d: any) => d.name)).toEqual(['Thư mục quét: Máy photo tầng 2']);
    await h.must('scanning.setSettings', settings());
  });

  it('a new address that is not an eSCL scanner is saved with a warning saying so; a scanner that answers gets none', async () => {
    const notScanner = `http://127.0.0.1:${escl.port}/khac`;
    const saved = await h.must('scanning.setSettings', settings({ esclAddresses: [escl.url, notScanner] }));
    expect(saved.esclAddresses).toEqual([`http://127.0.0.1:${escl.port}/eSCL`, notScanner]);
    expect(saved.warnings).toEqual([{
      field: 'esclAddresses.1',
      message: `127.0.0.1:${escl.port} có trả lời nhưng không phải máy quét eSCL (không đọc được thông tin máy quét). Kiểm tra lại đường dẫn, thường là http://<địa chỉ>/eSCL. Địa chỉ vẫn được lưu; bấm "Kiểm tra" sau khi sửa hoặc khi máy quét đã bật.`,
    }]);
    // Saving again without a new address asks no scanner.
    const before = escl.requests.length;
    expect((await h.must('scanning.setSettings', settings({ esclAddresses: [escl.url, notScanner] }))).warnings).toEqual([]);
    expect(escl.requests.length).toBe(before);
    await h.must('scanning.setSettings', settings());
  });

  it('"Kiểm tra" answers the make and model of a scanner that answers, and a Vietnamese reason otherwise', async () => {
    const ok = await h.must('scanning.testEscl', { address: `127.0.0.1:${escl.port}` });
    expect(ok).toEqual({
      ok: true, address: `http://127.0.0.1:${escl.port}/eSCL`, makeAndModel: 'MCD Test eSCL Scanner',
      message: 'Máy quét trả lời: MCD Test eSCL Scanner (mặt kính, khay nạp giấy).',
    });
    const port = await closedPort();
    const down = await h.must('scanning.testEscl', { address: `http://127.0.0.1:${port}/eSCL` });
    expect(down).toEqual({
      ok: false, address: `http://127.0.0.1:${port}/eSCL`,
      message: `Không kết nối được tới 127.0.0.1:${port}: máy quét chưa bật, sai địa chỉ, hoặc máy tính này không cùng mạng với máy quét.`,
    });
    // Something that answers HTTP but is not an eSCL scanner (the eSCL path is wrong here).
    const wrongPath = await h.must('scanning.testEscl', { address: `http://127.0.0.1:${escl.port}/khac` });
    expect(wrongPath.ok).toBe(false);
    expect(wrongPath.message).toContain('không phải máy quét eSCL');
    // A host that takes the connection and never answers (a scanner hung, or a wrong device on that port).
    const held = new Set<net.Socket>();
    // The client gives up and resets the connection: heard, or it would be an uncaught error of the run.
    const silent = net.createServer((socket) => { held.add(socket); socket.on('error', () => undefined); });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const silentPort = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const hung = await h.must('scanning.testEscl', { address: `http://127.0.0.1:${silentPort}/eSCL` });
      expect(hung).toEqual({ ok: false, address: `http://127.0.0.1:${silentPort}/eSCL`, message: `127.0.0.1:${silentPort} không trả lời trong 1 giây. Kiểm tra máy quét đã bật và địa chỉ đúng.` });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
    const bad = await h.call('scanning.testEscl', { address: 'http://may quet' });
    expect(bad.error).toMatchObject({ code: 'VALIDATION', fields: [{ field: 'address', message: expect.stringContaining('có khoảng trắng') }] });
  });

  it("a procedure's default profile, and the office's default, choose the profile of a newly opened scan job", async () => {
    const marriage = await receive(h, 'tình trạng hôn nhân');
    const birth = await receive(h, 'khai sinh');
    const before = await h.must('scanning.openJob', { dossierId: marriage.id });
    expect(before.profile.id).toBe('color-200');
    await h.must('scanning.close', { jobId: before.id });

    await h.must('scanning.setSettings', settings({
      profiles: [profile()],
      procedureDefaults: [{ procedureCode: marriage.code, profileId: 'bw-text-300' }],
      defaultProfileId: 'van-ban-250',
    }));
    const shown = await h.must('scanning.getSettings');
    expect(shown.procedureDefaults).toEqual([{ procedureCode: marriage.code, profileId: 'bw-text-300', procedureName: expect.stringContaining('tình trạng hôn nhân') }]);
    expect((await h.must('scanning.profiles', { procedureCode: marriage.code })).defaultId).toBe('bw-text-300');
    const job = await h.must('scanning.openJob', { dossierId: marriage.id });
    expect(job.profile).toMatchObject({ id: 'bw-text-300', colorMode: 'bw', bilevel: true });
    // A procedure without its own default gets the office's default.
    const other = await h.must('scanning.openJob', { dossierId: birth.id });
    expect(other.profile).toMatchObject({ id: 'van-ban-250', dpi: 250, colorMode: 'gray' });
    for (const j of [job, other]) await h.must('scanning.close', { jobId: j.id });
  });
});
