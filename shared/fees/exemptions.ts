// Who is exempt from a fee, as data the administrator edits (fees.md): the categories the provincial
// resolution exempts (families of revolutionary merit, poor households, people with disabilities…), each with
// its basis. The law's own free cases (on-time birth and death registration, domestic marriage,
// guardianship) are not categories: their fee lines cost 0 đ in the catalogue, so there is nothing to exempt.
// An exemption recorded on a dossier keeps the category's name and the clerk's reason (e.g. the number of the
// poor-household certificate), so a later edit of the list never rewrites it.

export interface ExemptionCategory {
  /** Stable code recorded with the fee (letters, digits, '-'). */
  code: string;
  name: string;
  /** Where it comes from, shown to the clerk. */
  basis: string;
  /** Retired categories stay readable on old fees but are no longer offered. */
  active: boolean;
}

export const DEFAULT_EXEMPTIONS: readonly ExemptionCategory[] = [
  { code: 'nguoi-co-cong', name: 'Người thuộc gia đình có công với cách mạng', basis: 'Thông tư 85/2019/TT-BTC, Điều 5; nghị quyết của HĐND tỉnh', active: true },
  { code: 'ho-ngheo', name: 'Thành viên hộ nghèo', basis: 'Thông tư 85/2019/TT-BTC, Điều 5; nghị quyết của HĐND tỉnh', active: true },
  { code: 'nguoi-khuyet-tat', name: 'Người khuyết tật', basis: 'Thông tư 85/2019/TT-BTC, Điều 5; nghị quyết của HĐND tỉnh', active: true },
];

/** Problems of the list as edited (Vietnamese, at the row to fix). */
export function exemptionListIssues(list: readonly ExemptionCategory[]): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const seen = new Map<string, number>();
  list.forEach((c, i) => {
    if (!/^[a-z0-9-]{2,40}$/.test(c.code)) issues.push({ path: `exemptions.${i}.code`, message: 'Mã đối tượng 2–40 ký tự: chữ thường không dấu, số, dấu gạch ngang (VD ho-ngheo).' });
    if (!c.name.trim()) issues.push({ path: `exemptions.${i}.name`, message: 'Nhập tên đối tượng được miễn.' });
    const j = seen.get(c.code);
    if (j !== undefined) issues.push({ path: `exemptions.${i}.code`, message: `Mã "${c.code}" đã dùng ở dòng ${j + 1}: mỗi đối tượng một mã.` });
    seen.set(c.code, i);
  });
  return issues;
}
