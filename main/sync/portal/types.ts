// The national portal's vocabulary, as the contract docs/portal-openapi.yaml carries it. Field names stay
// Vietnamese on purpose: they are the wire format.

export interface PortalFileRef {
  TepDinhKemId: string; TenTepDinhKem: string; MaThanhPhanHoSo: string; DuongDanTaiTepTin: string; IsDeleted: boolean;
  /** Optional extension (docs/portal-openapi.yaml): 1 digitized / 2 reused / 3 reused from another dossier's result. */
  digitizationState?: number;
}
export interface PortalFee {
  TenPhiLePhi: string; MaPhiLePhi: string; HinhThucThu: number; Gia: number; LoaiPhiLePhi: number;
  /** Optional extensions (docs/portal-openapi.yaml): payment state 0/1, method 1 cash / 2 transfer / 3 online, when, receipt, exemption. */
  TrangThaiThanhToan?: number; PhuongThucThanhToan?: number; NgayThanhToan?: string;
  BienLai?: { MauSo: string; KyHieu: string; So: string }; LyDoMienGiam?: string;
}
export interface PortalSupplement {
  NguoiYeuCauBoSung: string; NoiDungBoSung: string; NgayBoSung: string; NgayTiepNhanBoSung: string;
  NgayHenTraTruoc: string; NgayHenTraMoi: string;
}
export interface PortalResultPaper { TenGiayTo: string; MaThanhPhanHoSo: string; GiayToId: string; DuongDanTepTinKetQua: string }

/** One `DongBoHoSoMC` item. */
export interface PortalDossier {
  MaHoSo: string; MaTTHC: string; TenTTHC: string; MaLinhVuc: string; TenLinhVuc: string; SoBienNhan: string;
  ChuHoSo: string; LoaiDoiTuong: number; MaDoiTuong: string; Email: string; SoDienThoai: string; DiaChi: string;
  TrichYeuHoSo: string; NgayTiepNhan: string; NgayHenTra: string; NgayTra: string; NgayKetThucXuLy: string;
  TrangThaiHoSo: number; KenhThucHien: number; HinhThuc: number; DonViXuLy: string; GhiChu: string;
  TaiLieuNop: PortalFileRef[]; DanhSachLePhi: PortalFee[]; DanhSachHoSoBoSung: PortalSupplement[];
  DanhSachGiayToKetQua: PortalResultPaper[];
  /** Optional extension (docs/portal-openapi.yaml): the look-up code printed in the forms' QR (docs/lookup-code.md). */
  MaTraCuu?: string;
  /** Optional extension (docs/portal-openapi.yaml): the dossier's other parties (the other spouse of a marriage). */
  DanhSachNguoiLienQuan?: PortalParty[];
}

/** A party of the dossier besides ChuHoSo (docs/portal-openapi.yaml, Party). */
export interface PortalParty {
  VaiTro: string; TenVaiTro: string; HoTen: string; MaDoiTuong: string; NgaySinh: string; DiaChi: string; SoDienThoai: string;
}

/** One `CapNhatTienDoHoSoMC` item. */
export interface PortalProgress {
  MaHoSo: string; NguoiXuLy: string; ChucDanh: string; ThoiDiemXuLy: string; PhongBanXuLy: string;
  NoiDungXuLy: string; TrangThai: number; NgayBatDau: string; NgayKetThucTheoQuyDinh: string;
}

/** What `TraCuuHoSo` returns: the dossier as the portal holds it, with its progress entries. */
export interface PortalDossierRecord extends PortalDossier {
  TienDoXuLy: PortalProgress[];
  /** The portal's change counter for this dossier (inbound cursor). */
  PhienBanThayDoi: number;
}

export interface PortalProcedureSummary { MaTTHC: string; TenTTHC: string; MaLinhVuc: string; TenLinhVuc: string; PhienBan: string }
export interface PortalProcedure extends PortalProcedureSummary {
  /** yyyyMMdd: the date the version applies from. */
  NgayApDung: string;
  ThoiHanGiaiQuyet: number;
  /** 'ngay-lam-viec' | 'ngay' | 'gio-lam-viec' | 'trong-ngay' */
  DonViThoiHan: string;
  GioTiepNhanTruoc: string | null;
  ThanhPhanHoSo: { MaThanhPhan: string; TenThanhPhan: string; LoaiBanSao: number; SoLuong: number; BatBuoc: boolean }[];
  LePhi: { TenPhiLePhi: string; Gia: number; GhiChu: string }[];
  GhiChuLePhi: string;
}

export interface PortalHoliday { Ngay: string; Loai: 'nghi' | 'lam-bu'; Ten: string }

export interface PortalUploadedFile { fileId: string; sha256: string; size: number }
