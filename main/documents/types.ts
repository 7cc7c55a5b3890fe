// Input model of the one-stop forms (Thông tư 01/2018/TT-VPCP, re-issued by Thông tư 03/2025/TT-VPCP).
// Every Date is an instant; the renderer prints it in Vietnam time (UTC+7) whatever the PC's zone.
// Texts are printed as given (after NFC normalisation), so names keep the applicant's own spelling.

/** The office printed in the common header of every form. */
export interface OfficeHeader {
  /** Upper line of the left block, e.g. "UBND PHƯỜNG BA ĐÌNH". */
  governingBody: string;
  /** Lower, bold line of the left block, e.g. "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ". */
  officeName: string;
  /** Place name for "<place>, ngày … tháng … năm …", e.g. "Ba Đình". */
  place: string;
  /** Electronic identifier of the agency (mã định danh), e.g. "000.00.13.H42"; configuration, never parsed. */
  agencyCode: string;
  address?: string;
  phone?: string;
  website?: string;
  /** Optional public look-up page; when set the QR encodes a URL to it (see buildQrContent, docs/lookup-code.md). */
  lookupUrl?: string;
}

export interface Applicant {
  fullName: string;
  /** Personal identification number (12-digit số định danh cá nhân) or another identifier: printed on the
   * form's text, never put in its QR. */
  idNumber?: string;
  address?: string;
  phone?: string;
  email?: string;
}

/** Kind of a paper: bản chính, bản sao có chứng thực, bản sao/bản chụp. */
export type CopyType = 'original' | 'certified-copy' | 'copy';

/** One row of the component table: the quantity is printed in the column of its copy type. */
export interface ComponentLine {
  name: string;
  copyType: CopyType;
  quantity: number;
}

/** A row of form 02: what must be supplied or corrected, with an optional explanation. */
export interface MissingItem extends ComponentLine {
  note?: string;
}

export interface DeliveryChoice {
  /** 'counter' = at the one-stop counter; 'post' = by public postal service (bưu chính công ích). */
  method: 'counter' | 'post';
  /** Postal address; required in practice when method is 'post'. */
  address?: string;
}

/** Mẫu số 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả (printed as two copies: Lưu / Giao người nộp). */
export interface Form01Data {
  office: OfficeHeader;
  dossierNumber: string;
  /** True while the number was minted offline and not yet confirmed: prints "(số tạm)" wherever it is printed. */
  provisional: boolean;
  /** The dossier's look-up code for the QR (docs/lookup-code.md); undefined: the QR has none. */
  lookupCode: string | undefined;
  /** National procedure code (mã TTHC), e.g. "1.001193". */
  procedureCode: string;
  procedureName: string;
  applicant: Applicant;
  components: ComponentLine[];
  /** Number of dossier sets (bộ). */
  setCount: number;
  /** Statutory duration as printed, e.g. "03 ngày làm việc", "Trong ngày", "02 giờ làm việc". */
  durationText: string;
  receivedAt: Date;
  dueAt: Date;
  delivery: DeliveryChoice;
  /** Fee line as printed, e.g. "8.000 đồng"; omitted → a blank to fill by hand. */
  feeText?: string;
  /** Entry in the dossier register (Sổ theo dõi hồ sơ). */
  registerBook?: { book: string; entry: string };
  receiverName: string;
  /** Date of the slip ("<place>, ngày … tháng … năm …") and the template version in force. */
  issuedAt: Date;
  /** The dossier's other parties (the other spouse of a marriage), printed after the applicant; omitted: none. */
  parties?: OtherParty[];
}

/** A party of the dossier besides the applicant, as form 01 prints it. */
export interface OtherParty {
  /** The procedure version's label of the role, e.g. "Người cùng đăng ký kết hôn". */
  roleLabel: string;
  fullName: string;
  idNumber?: string;
  /** 'YYYY-MM-DD' (printed dd/mm/yyyy). */
  birthDate?: string;
  address?: string;
}

/** Mẫu số 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface Form02Data {
  office: OfficeHeader;
  /** Printed after "Số:", e.g. "15/PYCBS"; omitted → "……/……" to fill by hand. */
  documentNumber?: string;
  dossierNumber?: string;
  /** True while the dossier number is not confirmed: prints "(số tạm)" wherever the number is printed. */
  provisional: boolean;
  /** The dossier's look-up code for the QR (docs/lookup-code.md); undefined: the QR has none. */
  lookupCode: string | undefined;
  procedureCode: string;
  procedureName: string;
  applicant: Applicant;
  /** Everything missing, listed at once (asking twice is a recognised bad practice). */
  items: MissingItem[];
  reason: string;
  help: { officerName: string; phone?: string; website?: string };
  /** The dossier's other parties (both spouses of a marriage), named after the applicant. */
  parties?: OtherParty[];
  issuedAt: Date;
}

/** Mẫu số 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface Form03Data {
  office: OfficeHeader;
  dossierNumber?: string;
  /** True while the dossier number is not confirmed: prints "(số tạm)" wherever the number is printed. */
  provisional: boolean;
  /** The dossier's look-up code for the QR (docs/lookup-code.md); undefined: the QR has none. */
  lookupCode: string | undefined;
  procedureCode: string;
  procedureName: string;
  applicant: Applicant;
  reason: string;
  receiverName: string;
  /** The dossier's other parties (both spouses of a marriage), named after the applicant. */
  parties?: OtherParty[];
  issuedAt: Date;
}

export type FormKind = '01' | '02' | '03' | '04' | '05' | '06' | '07';

export type * from './types-processing';
