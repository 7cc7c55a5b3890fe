// Input model of the forms of a dossier's processing (Thông tư 01/2018/TT-VPCP, Thông tư 03/2025/TT-VPCP):
// 04 apology and new due date, 05 stop notice, 06 control sheet (the hand-over log), 07 register book.
// As in types.ts: every Date is an instant printed in Vietnam time; texts are printed as given (NFC).
import type { Applicant, OfficeHeader } from './types';

/** Who signs for the processing body (Nghị định 30/2020: authority line, title, then the name). */
export interface Signer {
  /** e.g. "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"; omitted → the template's default ("THỦ TRƯỞNG CƠ QUAN"). */
  title?: string;
  /** Printed under the signature space; omitted → left blank to write by hand. */
  name?: string;
}

/** What forms 04–06 say about their dossier (printed in the text, and the QR's look-up fields). */
export interface DossierSubject {
  office: OfficeHeader;
  dossierNumber: string;
  /** True while the number was minted offline and not yet confirmed: prints "(số tạm)" next to it. */
  provisional: boolean;
  /** The dossier's look-up code for the QR (docs/lookup-code.md); undefined: the QR has none. */
  lookupCode: string | undefined;
  procedureCode: string;
  procedureName: string;
  applicant: Applicant;
  /** When the dossier was received. */
  receivedAt: Date;
  /** Date of the paper ("<place>, ngày … tháng … năm …") and the template version in force. */
  issuedAt: Date;
}

/**
 * Mẫu số 04 – Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết. The original due date is kept and
 * printed with the new one (the portal's NgayHenTraTruoc / NgayHenTraMoi).
 */
export interface Form04Data extends DossierSubject {
  /** Printed after "Số:"; omitted → "……/……" to fill by hand. */
  documentNumber?: string;
  /** The body that processes the dossier and apologises, e.g. "UBND phường Ba Đình"; omitted → the governing body. */
  processingBody?: string;
  originalDueAt: Date;
  newDueAt: Date;
  /** Why the dossier is late. */
  reason: string;
  signer: Signer;
}

/** Mẫu số 05 – Thông báo dừng giải quyết hồ sơ (portal status 8, "Dừng xử lý"). */
export interface Form05Data extends DossierSubject {
  documentNumber?: string;
  processingBody?: string;
  reason: string;
  /** The legal basis of the stop, e.g. "Khoản 2 Điều 20 Nghị định 118/2025/NĐ-CP". */
  legalBasis: string;
  /** From when processing stops. */
  effectiveAt: Date;
  signer: Signer;
}

/** How a step ended against its own time limit ("Kết quả giải quyết hồ sơ" of form 06). */
export type StepOutcome = 'early' | 'on-time' | 'late';

/** One side of a hand-over: a person and the unit they act for. */
export interface HandoverParty {
  name: string;
  /** e.g. "Bộ phận tiếp nhận và trả kết quả", "Công chức Tư pháp – Hộ tịch". */
  unit?: string;
}

/** One row of form 06: one hand-over of the dossier, from the hand-over log. */
export interface HandoverLine {
  from: HandoverParty;
  to: HandoverParty;
  handedAt: Date;
  /** When the receiver confirmed receipt; undefined while not confirmed (printed as a blank). */
  receivedAt?: Date;
  /** Outcome of the step the giver finished with this hand-over; undefined → blank. */
  outcome?: StepOutcome;
  note?: string;
}

/** Mẫu số 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ: the hand-over log as a form, signatures blank. */
export interface Form06Data extends DossierSubject {
  dueAt?: Date;
  /** Cơ quan (bộ phận) giải quyết hồ sơ; omitted → the governing body. */
  processingBody?: string;
  /** Cơ quan phối hợp giải quyết hồ sơ. */
  coProcessingBodies?: string[];
  handovers: HandoverLine[];
}

/** One dossier in the register book (the columns are template data: assets/templates/forms.json, form 07). */
export interface RegisterEntry {
  /** Số thứ tự in the book. */
  index: number;
  dossierNumber: string;
  provisional: boolean;
  procedureName: string;
  setCount: number;
  applicantName: string;
  applicantAddress?: string;
  applicantPhone?: string;
  /** Cơ quan chủ trì giải quyết. */
  processingBody?: string;
  receivedAt: Date;
  dueAt?: Date;
  /** First hand-over from the counter to the processing body. */
  transferredAt?: Date;
  /** The result back at the counter from the processing body. */
  resultAt?: Date;
  /** The result handed to the applicant (or posted). */
  returnedAt?: Date;
  note?: string;
}

/** Mẫu số 07 – Sổ theo dõi hồ sơ: the dossiers received in a period, in one numbered book. */
export interface Form07Data {
  office: OfficeHeader;
  /** Quyển số, e.g. "01/2026". */
  bookNumber: string;
  /** Vietnam calendar days, inclusive, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  entries: RegisterEntry[];
  issuedAt: Date;
}
