// Small pieces the certificate screens share: the PDF bytes as a Blob URL, offsets in the officer's words,
// the printer last used for certificates on this PC.
import { useEffect, useState } from 'react';

export function useBlobUrl(base64: string | null, type = 'application/pdf'): string {
  const [url, setUrl] = useState('');
  useEffect(() => {
    if (!base64) { setUrl(''); return; }
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const u = URL.createObjectURL(new Blob([bytes], { type }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [base64, type]);
  return url;
}

/** "+1,5 mm" / "−2 mm" / "0 mm": signed, Vietnamese decimal comma. */
export function mmText(v: number): string {
  const s = Math.abs(v).toLocaleString('vi-VN', { maximumFractionDigits: 1 });
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${s} mm`;
}

export function offsetText(o: { x: number; y: number; updatedAt?: string | null } | null): string {
  if (!o) return 'Đang đọc độ lệch…';
  if (!o.updatedAt) return 'Máy in này chưa căn chỉnh (độ lệch 0 mm): hãy in trang căn chỉnh ở Quản trị → Máy in.';
  return `Độ lệch của máy in: ngang ${mmText(o.x)}, dọc ${mmText(o.y)}.`;
}

const PRINTER_KEY = 'motcua.certificatePrinter';
export const lastPrinter = (): string => { try { return localStorage.getItem(PRINTER_KEY) ?? ''; } catch { return ''; } };
export const rememberPrinter = (name: string): void => { try { localStorage.setItem(PRINTER_KEY, name); } catch { /* private mode */ } };

/** A decimal typed with a comma or a point ("1,5", "-2"); null when it is not a number. */
export function parseMm(text: string): number | null {
  const t = text.trim().replace(',', '.').replace('−', '-');
  if (!/^[+-]?\d+(\.\d+)?$/.test(t)) return null;
  return Number(t);
}
