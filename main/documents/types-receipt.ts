// Input model of a fee receipt (biên lai thu phí, lệ phí — Nghị định 11/2020/NĐ-CP, 123/2020/NĐ-CP),
// printed on A5 (receipt-pdf.ts) or on an 80 mm thermal printer (receipt-thermal.ts).
// Amounts are whole đồng. Instants are ISO strings in UTC; the renderers print them in Asia/Ho_Chi_Minh.
// The caller (the fees service) fills totalWords with amountInWords(total) from shared/text, so the words
// printed are the ones stored with the receipt and a later change of the office's word variant never
// rewrites an issued receipt.

export type ReceiptMethod = 'cash' | 'transfer' | 'online';

export interface ReceiptOffice {
  /** The collecting unit, e.g. "UBND XÃ TÂN LẬP". */
  name: string;
  /** Upper line above the name, e.g. "UBND HUYỆN ĐAN PHƯỢNG". */
  governingBody?: string;
  address?: string;
  /** Mã số thuế / mã quan hệ ngân sách, printed as given. */
  taxCode?: string;
}

export interface ReceiptTemplate {
  /** Mẫu số, e.g. "01BLP0-001" or "CTT50"; printed as given. */
  formSymbol: string;
  /** Ký hiệu (series), e.g. "AA-26P"; receipt numbers are unique within it. */
  series: string;
}

export interface ReceiptLine {
  /** What is paid for, e.g. "Lệ phí cấp Giấy xác nhận tình trạng hôn nhân". */
  description: string;
  /** Pages or copies; printed only when given. */
  quantity?: number;
  /** Unit amount in đồng; printed only when given. */
  unitAmount?: number;
  /** Line amount in đồng (after per-page rules and caps: not necessarily quantity × unitAmount). */
  amount: number;
}

export interface ReceiptDocument {
  office: ReceiptOffice;
  template: ReceiptTemplate;
  /** The number as printed, e.g. "0000123" (the fees service owns numbering and padding). */
  number: string;
  /** ISO instant of issue; printed as a Vietnam-time date. */
  issuedAt: string;
  payer: { fullName: string; address?: string };
  lines: ReceiptLine[];
  /** Total in đồng; the renderers print it, they do not re-add the lines. */
  total: number;
  /** Total in words as printed after "Bằng chữ:", e.g. "Mười lăm nghìn đồng". */
  totalWords: string;
  method: ReceiptMethod;
  /** VietQR payload (shared/fees/vietqr.ts) printed as a QR code when the method is 'transfer'. */
  vietQrPayload?: string;
  collector: { fullName: string };
  dossierNumber?: string;
  /** A cancelled receipt stays in the book and prints marked "ĐÃ HỦY" with its reason. */
  cancelled?: { reason: string; at: string };
}
