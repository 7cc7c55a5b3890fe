import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../main/sync/backoff';
import { DEFAULT_PORTAL_CONFIG, FileCredentialStore } from '../../main/sync/config';
import { currentFileName } from '../../main/sync/local-state';
import { fromPortalHoliday, fromPortalProcedure, parseCompactVn, toPortalDossier, toPortalProgress, type DossierSnapshot } from '../../main/sync/mapping';

const snapshot: DossierSnapshot = {
  number: '000.00.13.H42.26.000042', channel: 1, status: 5, procedureCode: '1.001193', procedureName: 'Đăng ký khai sinh', sector: 'Hộ tịch', sectorCode: null,
  applicantName: 'Trần Thị Hoà Bình', applicantIdNumber: '001190012345', applicantEmail: 'a@b.vn', applicantPhone: '0912 345 678', applicantAddress: 'Ba Đình',
  receivedAt: '2026-11-27T08:30:00.000Z', dueAt: '2026-12-02T10:00:00.000Z', finishedAt: null, returnedAt: null, received: true, deliveryMethod: 'post',
  note: 'Ghi chú', reason: 'Thiếu giấy chứng sinh', receivedByName: 'Nguyễn Văn Quản',
  components: [{ code: 'TKKS', name: 'Tờ khai', copyType: 'original', quantity: 1, missing: false }, { code: 'GCS', name: 'Giấy chứng sinh', copyType: 'original', quantity: 1, missing: true }],
  fees: [{ name: 'Lệ phí đăng ký khai sinh quá hạn', amount: 8000, note: '' }, { name: 'Phí sao lục', amount: 3000, note: '' }],
  files: [{ portalFileId: 'f1', fileName: 'form02.pdf', componentCode: 'FORM02' }], results: [], lookupCode: '',
};

describe('mapping to the national vocabulary (one place)', () => {
  it('dossier fields: Vietnam-time compact dates, status, channel, delivery, fees, supplements, files', () => {
    const cfg = { ...DEFAULT_PORTAL_CONFIG, agencyCode: '000.00.13.H42', procedureCodeMap: { '1.001193': '1.001193.H42' }, applicantTypes: { citizen: 0, business: 1 } };
    const d = toPortalDossier(snapshot, cfg);
    expect(d).toMatchObject({
      MaHoSo: snapshot.number, MaTTHC: '1.001193.H42', SoBienNhan: snapshot.number, ChuHoSo: 'Trần Thị Hoà Bình', LoaiDoiTuong: 0,
      MaDoiTuong: '001190012345', SoDienThoai: '0912345678', NgayTiepNhan: '20261127153000', NgayHenTra: '20261202170000', NgayTra: '',
      TrangThaiHoSo: 5, KenhThucHien: 1, HinhThuc: 1, DonViXuLy: '000.00.13.H42', GhiChu: 'Ghi chú | Thiếu giấy chứng sinh',
    });
    expect(d.DanhSachLePhi).toEqual([
      { TenPhiLePhi: 'Lệ phí đăng ký khai sinh quá hạn', MaPhiLePhi: 'LP01', HinhThucThu: 1, Gia: 8000, LoaiPhiLePhi: 1 },
      { TenPhiLePhi: 'Phí sao lục', MaPhiLePhi: 'LP02', HinhThucThu: 1, Gia: 3000, LoaiPhiLePhi: 2 },
    ]);
    expect(d.DanhSachHoSoBoSung).toEqual([{
      NguoiYeuCauBoSung: 'Nguyễn Văn Quản', NoiDungBoSung: 'Thiếu giấy chứng sinh; Giấy chứng sinh (1)', NgayBoSung: '20261127153000',
      NgayTiepNhanBoSung: '', NgayHenTraTruoc: '20261202170000', NgayHenTraMoi: '',
    }]);
    // The slip goes as the contract's MAU02 (queued as FORM02, from the document kind).
    expect(d.TaiLieuNop).toEqual([{ TepDinhKemId: 'f1', TenTepDinhKem: 'form02.pdf', MaThanhPhanHoSo: 'MAU02', DuongDanTaiTepTin: 'files/f1', IsDeleted: false }]);
    expect(toPortalDossier({ ...snapshot, status: 2 }, cfg).DanhSachHoSoBoSung).toEqual([]);
  });

  it('contract conformance: sector code as data, fees only once received, the end of processing, digitized state, names under the official number', () => {
    const cfg = { ...DEFAULT_PORTAL_CONFIG, agencyCode: '000.00.13.H42' };
    // MaLinhVuc: never the name folded into a code — the office's map, else the catalogue's code, else nothing.
    expect(toPortalDossier(snapshot, cfg)).toMatchObject({ MaLinhVuc: '', TenLinhVuc: 'Hộ tịch' });
    expect(toPortalDossier({ ...snapshot, sectorCode: 'G15-HT' }, cfg).MaLinhVuc).toBe('G15-HT');
    expect(toPortalDossier({ ...snapshot, sectorCode: 'G15-HT' }, { ...cfg, sectorCodeMap: { 'Hộ tịch': 'HT.H42' } }).MaLinhVuc).toBe('HT.H42');
    // Refused (3) or asked to complete (5) at the counter without being received: no fee collected.
    expect(toPortalDossier({ ...snapshot, status: 3, received: false }, cfg).DanhSachLePhi).toEqual([]);
    expect(toPortalDossier({ ...snapshot, status: 5, received: false }, cfg).DanhSachLePhi).toEqual([]);
    expect(toPortalDossier({ ...snapshot, status: 5, received: true }, cfg).DanhSachLePhi).toHaveLength(2);
    expect(toPortalDossier({ ...snapshot, status: 3, received: false, finishedAt: '2026-11-27T08:40:00.000Z' }, cfg).NgayKetThucXuLy).toBe('20261127154000');
    const files = toPortalDossier({ ...snapshot, files: [
      { portalFileId: 'a', fileName: 'form01-X.pdf', componentCode: 'FORM01' },
      { portalFileId: 'b', fileName: 'TKKS-X.pdf', componentCode: 'TKKS', digitizationState: 1 },
      { portalFileId: 'c', fileName: 'GCS-X.pdf', componentCode: 'GCS', digitizationState: 2 },
    ] }, cfg).TaiLieuNop;
    expect(files.map((f) => [f.MaThanhPhanHoSo, f.digitizationState])).toEqual([['MAU01', undefined], ['TKKS', 1], ['GCS', 2]]);
    expect('digitizationState' in files[0]!).toBe(false);
    // A file queued under the provisional number is named with the official one.
    expect(currentFileName('form01-000.00.13.H42-261127-0007.pdf', '000.00.13.H42.26.000042', ['000.00.13.H42-261127-0007']))
      .toBe('form01-000.00.13.H42.26.000042.pdf');
    expect(currentFileName('TKKS-A-1.pdf', 'B-9', ['A-1', 'A-10'])).toBe('TKKS-B-9.pdf');
  });

  it('progress entries and dates back from the portal', () => {
    const p = toPortalProgress({ dossierId: 'x', eventId: 1, at: '2026-11-27T16:59:59.000Z', fromStatus: 2, toStatus: 4, userName: 'A', userTitle: 'Công chức xử lý', note: '', dueAt: null }, 'M1', 'Bộ phận một cửa');
    expect(p).toEqual({ MaHoSo: 'M1', NguoiXuLy: 'A', ChucDanh: 'Công chức xử lý', ThoiDiemXuLy: '20261127235959', PhongBanXuLy: 'Bộ phận một cửa', NoiDungXuLy: 'Đang xử lý', TrangThai: 4, NgayBatDau: '20261127235959', NgayKetThucTheoQuyDinh: '' });
    expect(parseCompactVn('20261127235959')?.toISOString()).toBe('2026-11-27T16:59:59.000Z');
    expect(parseCompactVn('20270101')?.toISOString()).toBe('2026-12-31T17:00:00.000Z');
    expect(parseCompactVn('2026-11-27')).toBeNull();
    expect(fromPortalHoliday({ Ngay: '20270102', Loai: 'lam-bu', Ten: 'Làm bù' })).toEqual({ date: '2027-01-02', kind: 'work', name: 'Làm bù' });
    const v = fromPortalProcedure({ MaTTHC: '1.0', TenTTHC: 'T', MaLinhVuc: '', TenLinhVuc: 'Hộ tịch', PhienBan: '3', NgayApDung: '20270115', ThoiHanGiaiQuyet: 5, DonViThoiHan: 'ngay-lam-viec', GioTiepNhanTruoc: null,
      ThanhPhanHoSo: [{ MaThanhPhan: 'A', TenThanhPhan: 'Tờ khai', LoaiBanSao: 1, SoLuong: 0, BatBuoc: true }], LePhi: [{ TenPhiLePhi: 'Lệ phí', Gia: 5000, GhiChu: '' }], GhiChuLePhi: '' });
    expect(v).toMatchObject({ validFrom: '2027-01-15', durationUnit: 'working-days', durationValue: 5, components: [{ code: 'A', copyType: 'copy', quantity: 1, required: true }], fees: [{ name: 'Lệ phí', amount: 5000 }] });
  });
});

describe('backoff and credentials', () => {
  it('exponential backoff with jitter stays between half and all of the capped delay', () => {
    expect(backoffMs(1, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffMs(4, 1000, 60_000, () => 1)).toBe(8000);
    expect(backoffMs(30, 1000, 60_000, () => 1)).toBe(60_000);
    expect(backoffMs(30, 1000, 60_000, () => 0)).toBe(30_000);
  });

  it('the browser shell keeps the portal password in a 0600 file, replaced atomically', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cred-')), 'sync-credentials.json');
    const store = new FileCredentialStore(file);
    expect(await store.get()).toBeNull();
    fs.writeFileSync(file, '{"password":"old"}', { mode: 0o644 });
    await store.set({ password: 'mật khẩu mới' });
    expect(await store.get()).toEqual({ password: 'mật khẩu mới' });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['sync-credentials.json']);
    await store.clear();
    expect(await store.get()).toBeNull();
  });
});
