// A receipt template's series (ký hiệu) for the year a receipt is issued: '{yy}' in the configured series
// stands for the year's last two digits, so "AA/{yy}P" issues "AA/26P" in 2026 and "AA/27P" from 1 January
// 2027 (Vietnam time), where numbering starts again at 1 — numbers are unique within a form symbol and series.

/** The series of receipts issued in `year` (the Vietnam year of issue). */
export function seriesFor(pattern: string, year: number): string {
  return pattern.replace(/\{yy\}/g, String(year % 100).padStart(2, '0')).replace(/\{yyyy\}/g, String(year));
}

/** Receipt numbers are printed with 7 digits ("0000123"), as the Ministry of Finance's forms print them. */
export const formatReceiptNumber = (n: number) => String(n).padStart(7, '0');
