// VietQR: the EMVCo merchant-presented QR profile of NAPAS (EMV QRCPS-MPM, NAPAS VietQR specification).
// A payload is TLV text: two-digit ID, two-digit length, value; the last field is the CRC (63, length 04),
// CRC-16/CCITT-FALSE over everything before it including "6304". Field layout used here (fees.md):
//   00 "01" payload format · 01 "11" static / "12" dynamic (with amount)
//   38 merchant account: 00 GUID "A000000727" · 01 beneficiary (00 BIN, 01 account) · 02 "QRIBFTTA"/"QRIBFTTC"
//   53 "704" (VND) · 54 amount · 58 "VN" · 62 additional data: 08 transfer content · 63 CRC
// Pure: used by the core (fees), the CLI and the UI (the parser shows what a code says).

export const VIETQR_GUID = 'A000000727';
/** Transfer content longer than this is cut: several bank apps reject or truncate longer text. */
export const VIETQR_CONTENT_MAX = 25;
/** Field 54 holds at most 13 characters (EMVCo). */
export const VIETQR_AMOUNT_MAX = 9_999_999_999_999;

export type VietQrService = 'account' | 'card';
const SERVICE_CODE: Record<VietQrService, string> = { account: 'QRIBFTTA', card: 'QRIBFTTC' };

export interface VietQrInput {
  /** The bank's 6-digit NAPAS BIN, e.g. "970415" (VietinBank). */
  bin: string;
  /** Account (or card) number: digits and unaccented letters, 1–19 characters. */
  account: string;
  /** Whole đồng; absent → a static code (the payer types the amount). */
  amount?: number;
  /** Transfer content (e.g. the dossier number); folded to ASCII, at most 25 characters. */
  content?: string;
  service?: VietQrService;
}

/** A VietQR input the office cannot use; the message is Vietnamese and says what to fix. */
export class VietQrError extends RangeError {
  override name = 'VietQrError';
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR) as four upper-case hex digits. */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

export interface FoldedContent {
  /** What goes into the payload (ASCII, ≤ 25 characters). */
  content: string;
  /** The folded text that did not fit and was left out ('' when nothing was cut). */
  cut: string;
}

/**
 * Transfer content as bank apps accept it: diacritics removed (đ → d), then only letters, digits, spaces and
 * ". - /" kept (anything else becomes a space, so dossier numbers like 000.00.13.H42-261128-0001 survive),
 * spaces collapsed, and the text cut at 25 characters. What was cut is returned so the caller can say so.
 */
export function foldTransferContent(text: string): FoldedContent {
  const ascii = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9 ./-]/g, ' ')
    .replace(/ +/g, ' ')
    .trim();
  const content = ascii.slice(0, VIETQR_CONTENT_MAX).trimEnd();
  return { content, cut: ascii.slice(content.length).trim() };
}

function tlv(id: string, value: string): string {
  if (value.length > 99) throw new VietQrError(`Trường ${id} của mã VietQR dài quá 99 ký tự.`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/** Checks the office's bank details; returns the Vietnamese problem, or null. */
export function checkVietQrAccount(bin: string, account: string): string | null {
  if (!/^\d{6}$/.test(bin ?? '')) return `Mã BIN ngân hàng phải gồm đúng 6 chữ số, ví dụ 970415 (VietinBank); nhận được "${bin ?? ''}".`;
  if (!/^[0-9A-Za-z]{1,19}$/.test(account ?? '')) {
    return `Số tài khoản chỉ gồm chữ số (và chữ cái không dấu), từ 1 đến 19 ký tự, không có dấu cách; nhận được "${account ?? ''}".`;
  }
  return null;
}

export interface VietQrPayload {
  payload: string;
  /** The content actually put in the code and what was cut from it. */
  content: FoldedContent;
}

/** Builds the payload; throws VietQrError with a Vietnamese message on bad bank details or amount. */
export function buildVietQr(input: VietQrInput): VietQrPayload {
  const problem = checkVietQrAccount(input.bin, input.account);
  if (problem) throw new VietQrError(problem);
  const { amount } = input;
  if (amount !== undefined) {
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > VIETQR_AMOUNT_MAX) {
      throw new VietQrError(
        `Số tiền trong mã VietQR phải là số nguyên đồng từ 1 đến ${VIETQR_AMOUNT_MAX} (nhận được: ${String(amount)}); bỏ trống số tiền để tạo mã tĩnh.`,
      );
    }
  }
  const folded = foldTransferContent(input.content ?? '');
  const beneficiary = tlv('00', input.bin) + tlv('01', input.account);
  const merchant = tlv('00', VIETQR_GUID) + tlv('01', beneficiary) + tlv('02', SERVICE_CODE[input.service ?? 'account']);
  let body = tlv('00', '01') + tlv('01', amount === undefined ? '11' : '12') + tlv('38', merchant) + tlv('53', '704');
  if (amount !== undefined) body += tlv('54', String(amount));
  body += tlv('58', 'VN');
  if (folded.content) body += tlv('62', tlv('08', folded.content));
  body += '6304';
  return { payload: body + crc16CcittFalse(body), content: folded };
}

/** The payload text only (see buildVietQr). */
export function vietQrPayload(input: VietQrInput): string {
  return buildVietQr(input).payload;
}

export interface TlvField {
  id: string;
  value: string;
}

/** Splits TLV text into fields; throws VietQrError when a length runs past the end. */
export function parseTlv(text: string): TlvField[] {
  const out: TlvField[] = [];
  let at = 0;
  while (at < text.length) {
    const head = text.slice(at, at + 4);
    if (!/^\d{4}$/.test(head)) throw new VietQrError(`Mã VietQR hỏng: không đọc được trường ở vị trí ${at}.`);
    const length = Number(head.slice(2));
    const value = text.slice(at + 4, at + 4 + length);
    if (value.length !== length) throw new VietQrError(`Mã VietQR hỏng: trường ${head.slice(0, 2)} bị cắt cụt.`);
    out.push({ id: head.slice(0, 2), value });
    at += 4 + length;
  }
  return out;
}

export interface ParsedVietQr {
  payloadFormat: string;
  initiation: 'static' | 'dynamic';
  guid: string;
  bin: string;
  account: string;
  service: VietQrService | string;
  currency: string;
  amount?: number;
  country: string;
  content?: string;
  crc: string;
  fields: TlvField[];
}

function field(fields: TlvField[], id: string): string | undefined {
  return fields.find((f) => f.id === id)?.value;
}

/** Reads a VietQR payload back; checks the CRC and the VietQR fields, throwing VietQrError when wrong. */
export function parseVietQr(payload: string): ParsedVietQr {
  const text = payload.trim();
  const fields = parseTlv(text);
  const last = fields[fields.length - 1];
  if (!last || last.id !== '63' || last.value.length !== 4 || !text.endsWith(`6304${last.value}`)) {
    throw new VietQrError('Mã VietQR hỏng: thiếu mã kiểm tra (trường 63) ở cuối.');
  }
  const expected = crc16CcittFalse(text.slice(0, -4));
  if (last.value.toUpperCase() !== expected) {
    throw new VietQrError(`Mã VietQR hỏng: mã kiểm tra là ${last.value}, đúng ra phải là ${expected}.`);
  }
  const merchant = parseTlv(field(fields, '38') ?? '');
  const beneficiary = parseTlv(field(merchant, '01') ?? '');
  const guid = field(merchant, '00') ?? '';
  if (guid !== VIETQR_GUID) throw new VietQrError(`Không phải mã VietQR (trường 38 thiếu định danh ${VIETQR_GUID}).`);
  const initiation = field(fields, '01');
  const amountText = field(fields, '54');
  if (amountText !== undefined && !/^\d+(\.\d+)?$/.test(amountText)) throw new VietQrError(`Mã VietQR hỏng: số tiền "${amountText}" không hợp lệ.`);
  const serviceCode = field(merchant, '02') ?? '';
  const service = (Object.keys(SERVICE_CODE) as VietQrService[]).find((k) => SERVICE_CODE[k] === serviceCode) ?? serviceCode;
  const additional = field(fields, '62');
  return {
    payloadFormat: field(fields, '00') ?? '',
    initiation: initiation === '12' ? 'dynamic' : 'static',
    guid,
    bin: field(beneficiary, '00') ?? '',
    account: field(beneficiary, '01') ?? '',
    service,
    currency: field(fields, '53') ?? '',
    amount: amountText === undefined ? undefined : Number(amountText),
    country: field(fields, '58') ?? '',
    content: additional === undefined ? undefined : field(parseTlv(additional), '08'),
    crc: last.value,
    fields,
  };
}
