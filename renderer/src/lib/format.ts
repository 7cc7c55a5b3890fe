import { formatDateTimeVn, formatDateVn, vnDateKey } from '../../../shared/time/vn-time';
import { formatMoney } from '../../../shared/text/format';
import type { CopyType, Role } from '../../../shared/contract';

export { formatMoney, vnDateKey };

/** "14:05 28/11/2026" from an ISO instant; '' when absent. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatDateTimeVn(d);
}

export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatDateVn(d);
}

/** 'YYYY-MM-DD' → 'dd/mm/yyyy'; other text is shown as stored. */
export function formatDateKey(key: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : key;
}

export const COPY_TYPE_LABEL: Record<CopyType, string> = {
  original: 'Bản chính',
  'certified-copy': 'Bản sao chứng thực',
  copy: 'Bản sao',
};

export const ROLE_LABEL: Record<Role, string> = {
  clerk: 'Cán bộ tiếp nhận',
  officer: 'Chuyên viên xử lý',
  leader: 'Lãnh đạo',
  admin: 'Quản trị viên',
};

export const DOCUMENT_LABEL: Record<string, string> = {
  form01: 'Mẫu 01 – Giấy tiếp nhận và hẹn trả kết quả',
  form02: 'Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ',
  form03: 'Mẫu 03 – Phiếu từ chối tiếp nhận hồ sơ',
  form04: 'Mẫu 04 – Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết',
  form05: 'Mẫu 05 – Thông báo dừng giải quyết hồ sơ',
  form06: 'Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ',
  form07: 'Mẫu 07 – Sổ theo dõi hồ sơ',
};
