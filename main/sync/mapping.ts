// The ONE place where our model meets the portal's fields (docs/portal-openapi.yaml). Dates go out as
// yyyyMMddHHmmss Vietnam time; status codes 1–10 and channels 1–3 are the national ones already.
import { statusName, type ComponentSpec, type CopyType, type DurationUnitName, type Party } from '../../shared/contract';
import { partiesLine } from '../../shared/intake/parties';
import { formatCompactVn, fromVnParts } from '../../shared/time/vn-time';
import type { FeePayment } from '../services/fees/fee-sync';
import type { PortalConfig } from './config';
import type { ProgressItemPayload } from './outbox';
import type { PortalDossier, PortalDossierRecord, PortalHoliday, PortalProcedure, PortalProgress } from './portal/types';

/** What the drainer reads from the local database to describe one dossier to the portal. */
export interface DossierSnapshot {
  number: string; channel: number; status: number; procedureCode: string; procedureName: string;
  /** The sector's name, and its code in the national catalogue when the catalogue carries one. */
  sector: string; sectorCode: string | null;
  applicantName: string; applicantIdNumber: string; applicantEmail: string; applicantPhone: string; applicantAddress: string;
  receivedAt: string; dueAt: string | null;
  /** When the processing ended (refused, withdrawn, stopped, done), or null while it goes on. */
  finishedAt: string | null; returnedAt: string | null;
  /** Whether the dossier was ever received (status 2): fees are collected at receipt, so only then. */
  received: boolean;
  deliveryMethod: string; note: string; reason: string; receivedByName: string;
  components: { code: string; name: string; copyType: string; quantity: number; missing: boolean }[];
  /** collectAt: when the line is collected (1 at receipt, 2 on completion, 4 on return; absent: 1). */
  fees: { name: string; amount: number; note: string; collectAt?: number }[];
  /** The fee as priced and collected at the counter (main/services/fees); absent or null: nothing recorded. */
  payment?: FeePayment | null;
  /** digitizationState: 1 digitized / 2 reused / 3 reused from a result, when the upload recorded it. */
  files: { portalFileId: string; fileName: string; componentCode: string; digitizationState?: number; deleted?: boolean }[];
  results: { name: string; componentCode: string; portalFileId: string }[];
  /** The dossier's look-up code (the QR's maTraCuu); '' for a dossier that has none (one submitted online). */
  lookupCode: string;
  /** The dossier's other parties (the other spouse of a marriage); absent or []: none. */
  parties?: Party[];
  /**
   * Every change of the due date during processing, oldest first: a pause for the applicant (completion or a
   * financial obligation; closed when they came back) and an extension (form 04). Absent: none.
   */
  dueChanges?: { kind: 'pause' | 'extension'; at: string; byName: string; reason: string; previousDueAt: string | null; newDueAt: string | null; pausedTo: string | null }[];
}

/** A status event as it is sent: the outbox's item with the user's name and title resolved. */
export type ProgressPayload = Omit<ProgressItemPayload, 'userId'> & { userName: string; userTitle: string };

const compact = (iso: string | null | undefined) => (iso ? formatCompactVn(new Date(iso)) : '');
const DELIVERY = { counter: 0, post: 1 } as const;
const COPY_TO_PORTAL: Record<string, number> = { original: 0, 'certified-copy': 1, copy: 1 };

export function toPortalDossier(s: DossierSnapshot, cfg: PortalConfig): PortalDossier {
  const missing = s.components.filter((c) => c.missing);
  return {
    MaHoSo: s.number, MaTTHC: cfg.procedureCodeMap[s.procedureCode] ?? s.procedureCode, TenTTHC: s.procedureName,
    MaLinhVuc: cfg.sectorCodeMap[s.sector.normalize('NFC')] ?? s.sectorCode ?? '', TenLinhVuc: s.sector, SoBienNhan: s.number,
    ChuHoSo: s.applicantName, LoaiDoiTuong: cfg.applicantTypes.citizen, MaDoiTuong: s.applicantIdNumber,
    Email: s.applicantEmail, SoDienThoai: s.applicantPhone.replace(/\s+/g, ''), DiaChi: s.applicantAddress,
    TrichYeuHoSo: `${s.procedureName} - ${partiesLine(s.applicantName, s.parties ?? [])}`,
    NgayTiepNhan: compact(s.receivedAt), NgayHenTra: compact(s.dueAt), NgayTra: compact(s.returnedAt),
    NgayKetThucXuLy: compact(s.finishedAt), TrangThaiHoSo: s.status, KenhThucHien: s.channel,
    HinhThuc: DELIVERY[s.deliveryMethod as keyof typeof DELIVERY] ?? 0, DonViXuLy: cfg.agencyCode,
    GhiChu: [s.note, s.reason].filter(Boolean).join(' | '),
    TaiLieuNop: s.files.map((f) => ({
      TepDinhKemId: f.portalFileId, TenTepDinhKem: f.fileName, MaThanhPhanHoSo: portalComponentCode(f.componentCode),
      DuongDanTaiTepTin: `files/${f.portalFileId}`, IsDeleted: f.deleted === true,
      // Digitized papers carry their state (1 scanned here, 2 reused, 3 reused from a result); the counter slips do not.
      ...(f.digitizationState !== undefined ? { digitizationState: f.digitizationState } : {}),
    })),
    // A dossier refused or sent back to complete at the counter was never received and owes nothing yet; once
    // received, its fee is listed with when it is collected (HinhThucThu) and, once recorded, its payment.
    DanhSachLePhi: !s.received ? [] : s.fees.map((f, i) => ({
      TenPhiLePhi: f.name, MaPhiLePhi: `LP${String(i + 1).padStart(2, '0')}`, HinhThucThu: f.collectAt ?? 1, Gia: f.amount,
      LoaiPhiLePhi: /^phí/i.test(f.name) ? 2 : 1,
      ...(s.payment && s.payment.lineName === f.name ? portalPayment(s.payment) : {}),
    })),
    // A completion request at the counter (form 02): no due date yet, so both due dates stay empty. During
    // processing, each pause and each extension, with the due date before and after it: the original due date
    // and every new one (NgayHenTraTruoc / NgayHenTraMoi); a pause still open has no new one yet.
    DanhSachHoSoBoSung: s.dueChanges?.length ? s.dueChanges.map((c) => ({
      NguoiYeuCauBoSung: c.byName,
      NoiDungBoSung: c.kind === 'extension' ? `Gia hạn thời gian giải quyết: ${c.reason}` : c.reason,
      NgayBoSung: compact(c.at), NgayTiepNhanBoSung: c.kind === 'pause' ? compact(c.pausedTo) : '',
      NgayHenTraTruoc: compact(c.previousDueAt), NgayHenTraMoi: compact(c.newDueAt),
    })) : s.status === 5 && missing.length ? [{
      NguoiYeuCauBoSung: s.receivedByName,
      NoiDungBoSung: [s.reason, ...missing.map((m) => `${m.name} (${m.quantity})`)].filter(Boolean).join('; '),
      NgayBoSung: compact(s.receivedAt), NgayTiepNhanBoSung: '', NgayHenTraTruoc: compact(s.dueAt), NgayHenTraMoi: '',
    }] : [],
    DanhSachGiayToKetQua: s.results.map((r) => ({
      TenGiayTo: r.name, MaThanhPhanHoSo: portalComponentCode(r.componentCode), GiayToId: r.portalFileId, DuongDanTepTinKetQua: `files/${r.portalFileId}`,
    })),
    // The QR's look-up code, so the province's look-up page can check it (an optional field: absent when none).
    ...(s.lookupCode ? { MaTraCuu: s.lookupCode } : {}),
    // The other parties (both spouses of a marriage: ChuHoSo names one), an optional extension; absent: none.
    ...(s.parties?.length ? { DanhSachNguoiLienQuan: s.parties.map(toPortalParty) } : {}),
  };
}

/** A party of DanhSachNguoiLienQuan (docs/portal-openapi.yaml): the ID number as MaDoiTuong, dates yyyyMMdd. */
function toPortalParty(p: Party) {
  return {
    VaiTro: p.role, TenVaiTro: p.roleLabel, HoTen: p.fullName, MaDoiTuong: p.idNumber,
    NgaySinh: /^\d{4}-\d{2}-\d{2}$/.test(p.birthDate) ? p.birthDate.replaceAll('-', '') : '', DiaChi: p.address, SoDienThoai: p.phone.replace(/\s+/g, ''),
  };
}

const PORTAL_METHOD = { cash: 1, transfer: 2, online: 3 } as const;

/** The payment fields of a fee line (optional extensions of the contract's Fee, docs/portal-openapi.yaml). */
function portalPayment(p: FeePayment) {
  return {
    Gia: p.amount, TrangThaiThanhToan: p.paid ? 1 : 0,
    ...(p.paid && p.method ? { PhuongThucThanhToan: PORTAL_METHOD[p.method], NgayThanhToan: compact(p.paidAt) } : {}),
    ...(p.receipt ? { BienLai: { MauSo: p.receipt.formSymbol, KyHieu: p.receipt.series, So: p.receipt.number } } : {}),
    ...(p.exemption ? { LyDoMienGiam: p.exemption } : {}),
  };
}

export function toPortalProgress(p: ProgressPayload, maHoSo: string, officeName: string): PortalProgress {
  return {
    MaHoSo: maHoSo, NguoiXuLy: p.userName, ChucDanh: p.userTitle, ThoiDiemXuLy: compact(p.at), PhongBanXuLy: officeName,
    NoiDungXuLy: p.note || statusName(p.toStatus), TrangThai: p.toStatus, NgayBatDau: compact(p.at),
    NgayKetThucTheoQuyDinh: compact(p.dueAt),
  };
}

/** The natural key of a progress entry: how a retry recognises an entry the portal already holds. */
export const progressKey = (e: Pick<PortalProgress, 'ThoiDiemXuLy' | 'TrangThai' | 'NoiDungXuLy'>) =>
  `${e.ThoiDiemXuLy}|${e.TrangThai}|${e.NoiDungXuLy}`;

/** yyyyMMddHHmmss (or yyyyMMdd) in Vietnam time → instant. */
export function parseCompactVn(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2}))?$/.exec(s ?? '');
  if (!m) return null;
  const [, y, mo, d, h, mi, se] = m.map((part) => Number(part ?? 0));
  return fromVnParts(y!, mo!, d!, h!, mi!, se!);
}
const compactToDateKey = (s: string) => (/^\d{8}/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : null);

/** A dossier submitted online, as our counter list keeps it (status stays whatever the portal says, normally 1). */
export function fromPortalDossier(r: PortalDossierRecord) {
  const receivedAt = parseCompactVn(r.NgayTiepNhan) ?? new Date();
  const dueAt = parseCompactVn(r.NgayHenTra);
  return {
    number: r.MaHoSo, procedureCode: r.MaTTHC, procedureName: r.TenTTHC, channel: r.KenhThucHien || 2, status: r.TrangThaiHoSo,
    applicantName: r.ChuHoSo, applicantIdNumber: r.MaDoiTuong ?? '', applicantPhone: r.SoDienThoai ?? '',
    applicantEmail: r.Email ?? '', applicantAddress: r.DiaChi ?? '', receivedAt: receivedAt.toISOString(),
    dueAt: dueAt ? dueAt.toISOString() : null, deliveryMethod: r.HinhThuc === 1 ? 'post' : 'counter', note: r.GhiChu ?? '',
    components: (r.TaiLieuNop ?? []).filter((f) => !f.IsDeleted).map((f) => ({ code: f.MaThanhPhanHoSo, name: f.TenTepDinhKem })),
  };
}

const UNIT_FROM_PORTAL: Record<string, DurationUnitName> = {
  'ngay-lam-viec': 'working-days', ngay: 'days', 'gio-lam-viec': 'working-hours', 'trong-ngay': 'same-day',
};
const COPY_FROM_PORTAL: Record<number, CopyType> = { 0: 'original', 1: 'copy', 2: 'copy' };

/** A procedure from LayThuTuc → the input of a new local procedure version (never an overwrite). */
export function fromPortalProcedure(p: PortalProcedure) {
  const validFrom = compactToDateKey(p.NgayApDung);
  if (!validFrom) throw new Error(`NgayApDung không hợp lệ: ${p.NgayApDung}`);
  return {
    code: p.MaTTHC, name: p.TenTTHC, sector: p.TenLinhVuc, sectorCode: (p.MaLinhVuc ?? '').trim() || null, durationUnit: UNIT_FROM_PORTAL[p.DonViThoiHan] ?? 'working-days',
    durationValue: p.ThoiHanGiaiQuyet, cutoff: p.GioTiepNhanTruoc || null, validFrom,
    components: p.ThanhPhanHoSo.map((c): ComponentSpec => ({
      code: c.MaThanhPhan, name: c.TenThanhPhan, copyType: COPY_FROM_PORTAL[c.LoaiBanSao] ?? 'original', quantity: Math.max(1, c.SoLuong), required: c.BatBuoc,
    })),
    fees: p.LePhi.map((f) => ({ name: f.TenPhiLePhi, amount: f.Gia, note: f.GhiChu ?? '' })),
    feeNote: p.GhiChuLePhi ?? '',
  };
}

/** Holiday / swapped working day → a calendar override. */
export function fromPortalHoliday(h: PortalHoliday): { date: string; kind: 'off' | 'work'; name: string } | null {
  const date = compactToDateKey(h.Ngay);
  return date ? { date, kind: h.Loai === 'lam-bu' ? 'work' : 'off', name: h.Ten } : null;
}

export const copyTypeToPortal = (c: string) => COPY_TO_PORTAL[c] ?? 0;

/**
 * MaThanhPhanHoSo as the contract spells it: the counter slips are MAU01/MAU02/MAU03 (items queued before
 * this version carry FORM01…, from the document kind); component and result codes go as they are.
 */
export function portalComponentCode(code: string): string {
  const slip = /^FORM(0[1-9])$/i.exec(code);
  return slip ? `MAU${slip[1]}` : code;
}

/** Whether a file is the appointment slip (form 01): queued as FORM01 (older items) or MAU01. */
export const isAppointmentSlip = (code: string) => portalComponentCode(code) === 'MAU01';
