// What the clerk is told when a saved file's text recognition ends while the panel is open: done, done in
// part, or failed with the reason (the file stays saved and usable either way).
import type { JobView } from './moves';

export interface OcrNews { kind: 'success' | 'warning'; text: string }

const OCR_DONE: Record<string, string> = { done: 'Đã nhận dạng chữ xong', partial: 'Đã nhận dạng chữ xong (một số trang không đọc được)' };

/** Components whose saved file's OCR ended between two views of the job. */
export function ocrChanges(prev: JobView | null, next: JobView): OcrNews[] {
  if (!prev) return [];
  const out: OcrNews[] = [];
  for (const c of next.components) {
    const was = prev.components.find((p) => p.code === c.code)?.digitized;
    const now = c.digitized;
    if (!was || !now || was.fileId !== now.fileId || was.ocrState !== 'pending' || now.ocrState === 'pending') continue;
    if (now.ocrState === 'failed') {
      out.push({ kind: 'warning', text: `Không nhận dạng được chữ của "${c.name}": ${now.ocrError ?? 'lỗi không rõ'}. Tệp đã lưu vẫn dùng được; chỉ không tìm được hồ sơ theo chữ trong tệp này.` });
    } else if (OCR_DONE[now.ocrState]) {
      out.push({ kind: now.ocrState === 'done' ? 'success' : 'warning', text: `${OCR_DONE[now.ocrState]}: "${c.name}" — tìm được hồ sơ theo chữ trong tệp.` });
    }
  }
  return out;
}
