// Vietnamese messages for every check that does not carry its own: what is wrong, with the limit, and what
// to do ("Tối đa 120 ký tự — hãy rút gọn."). Installed as zod's global error map by shared/contract, so the
// core's answers and the forms' inline checks speak the same sentences. A check with its own message (a
// pattern's example, the text policy naming a character) keeps it.

/** The fields of a zod issue this map reads (zod's own issue types are wider; only these matter here). */
export interface IssueLike {
  code?: string;
  input?: unknown;
  expected?: string;
  origin?: string;
  format?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  inclusive?: boolean;
  divisor?: number | bigint;
  keys?: string[];
}

const n = (v: number | bigint | undefined) => (typeof v === 'bigint' ? v.toString() : String(v ?? ''));

function invalidType(i: IssueLike): string {
  if (i.input === undefined) return 'Thiếu thông tin này — hãy nhập.';
  switch (i.expected) {
    case 'string': return 'Phải là chữ — hãy nhập lại.';
    case 'number': return 'Phải là một số — hãy nhập số.';
    case 'int': return 'Phải là số nguyên (không có phần lẻ) — hãy nhập lại.';
    case 'boolean': return 'Phải là có hoặc không — hãy chọn lại.';
    case 'array': return 'Phải là một danh sách — hãy kiểm tra lại.';
    case 'object': return 'Thông tin không đúng dạng — hãy kiểm tra lại.';
    default: return 'Giá trị không đúng kiểu — hãy nhập lại.';
  }
}

function tooBig(i: IssueLike): string {
  const max = n(i.maximum);
  switch (i.origin) {
    case 'string': return `Tối đa ${max} ký tự — hãy rút gọn.`;
    case 'array': case 'set': return `Tối đa ${max} mục — hãy bớt đi.`;
    case 'file': return `Tệp tối đa ${max} byte — hãy chọn tệp nhỏ hơn.`;
    default: return i.inclusive === false ? `Phải nhỏ hơn ${max} — hãy nhập số nhỏ hơn.` : `Tối đa ${max} — hãy nhập số nhỏ hơn.`;
  }
}

function tooSmall(i: IssueLike): string {
  const min = n(i.minimum);
  switch (i.origin) {
    case 'string': return min === '1' ? 'Ô này không được để trống — hãy nhập.' : `Cần ít nhất ${min} ký tự — hãy nhập đủ.`;
    case 'array': case 'set': return min === '1' ? 'Cần ít nhất một mục — hãy thêm.' : `Cần ít nhất ${min} mục — hãy thêm.`;
    default: return i.inclusive === false ? `Phải lớn hơn ${min} — hãy nhập số lớn hơn.` : `Tối thiểu ${min} — hãy nhập số lớn hơn.`;
  }
}

function invalidFormat(i: IssueLike): string {
  switch (i.format) {
    case 'uuid': case 'guid': return 'Mã thao tác không hợp lệ — hãy tải lại màn hình rồi thử lại.';
    case 'email': return 'Địa chỉ thư điện tử phải có dạng ten@tenmien — hãy nhập lại.';
    case 'url': return 'Địa chỉ phải có dạng https://… — hãy nhập lại.';
    default: return 'Sai định dạng — hãy nhập lại theo mẫu.';
  }
}

/** The Vietnamese message for an issue (never empty). */
export function validationMessageVi(issue: IssueLike): string {
  switch (issue.code) {
    case 'invalid_type': return invalidType(issue);
    case 'too_big': return tooBig(issue);
    case 'too_small': return tooSmall(issue);
    case 'invalid_format': return invalidFormat(issue);
    case 'not_multiple_of': return `Phải là bội số của ${n(issue.divisor)} — hãy nhập lại.`;
    case 'unrecognized_keys': return `Có thông tin không được nhận (${(issue.keys ?? []).join(', ')}) — hãy bỏ đi.`;
    case 'invalid_value': return 'Giá trị không nằm trong danh sách cho phép — hãy chọn lại.';
    case 'invalid_union': return 'Giá trị không hợp lệ — hãy kiểm tra lại.';
    case 'invalid_key': return 'Có khóa không hợp lệ — hãy kiểm tra lại.';
    case 'invalid_element': return 'Có mục không hợp lệ — hãy kiểm tra lại.';
    default: return 'Giá trị không hợp lệ — hãy kiểm tra lại.';
  }
}
