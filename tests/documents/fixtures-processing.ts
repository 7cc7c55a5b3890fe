// Sample data for forms 04–07 (the processing of a dossier), next to fixtures.ts for 01–03.
import { fromVnParts } from '../../shared/time/vn-time';
import type { Form04Data, Form05Data, Form06Data, Form07Data, HandoverLine, RegisterEntry } from '../../main/documents/types';
import { applicant, office } from './fixtures';

const subject = {
  office,
  dossierNumber: '000.00.13.H42-261128-0007',
  provisional: true,
  lookupCode: 'M4X7R2KD9P3T',
  procedureCode: '1.001193',
  procedureName: 'Đăng ký khai sinh',
  applicant,
  receivedAt: fromVnParts(2026, 11, 28, 14, 5),
};

export function form04(overrides: Partial<Form04Data> = {}): Form04Data {
  return {
    ...subject,
    documentNumber: '12/VB-XL',
    processingBody: 'UBND phường Ba Đình',
    originalDueAt: fromVnParts(2026, 12, 3, 16, 30),
    newDueAt: fromVnParts(2026, 12, 8, 10, 15),
    reason: 'Cần xác minh thông tin khai sinh với cơ quan đăng ký hộ tịch nơi cư trú trước đây',
    signer: { title: 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH', name: 'Phạm Quốc Hưng' },
    issuedAt: fromVnParts(2026, 12, 2, 9, 0),
    ...overrides,
  };
}

export function form05(overrides: Partial<Form05Data> = {}): Form05Data {
  return {
    ...subject,
    documentNumber: '03/TB-DGQ',
    processingBody: 'UBND phường Ba Đình',
    reason: 'Người yêu cầu có văn bản đề nghị dừng giải quyết hồ sơ',
    legalBasis: 'Khoản 2 Điều 20 Nghị định 118/2025/NĐ-CP',
    effectiveAt: fromVnParts(2026, 12, 1, 8, 0),
    signer: { name: 'Phạm Quốc Hưng' },
    issuedAt: fromVnParts(2026, 12, 1, 8, 30),
    ...overrides,
  };
}

const counter = { name: 'Trần Văn Minh', unit: 'Bộ phận tiếp nhận và trả kết quả' };
const officer = { name: 'Lê Thị Thu Hà', unit: 'Công chức Tư pháp – Hộ tịch' };
const leader = { name: 'Phạm Quốc Hưng', unit: 'Lãnh đạo UBND phường' };

export const handovers: HandoverLine[] = [
  { from: counter, to: officer, handedAt: fromVnParts(2026, 11, 28, 15, 0), receivedAt: fromVnParts(2026, 11, 28, 15, 20), outcome: 'on-time' },
  { from: officer, to: leader, handedAt: fromVnParts(2026, 12, 1, 10, 30), receivedAt: fromVnParts(2026, 12, 1, 11, 0), outcome: 'early', note: 'Trình ký' },
  { from: leader, to: counter, handedAt: fromVnParts(2026, 12, 4, 9, 45), outcome: 'late' },
];

export function form06(overrides: Partial<Form06Data> = {}): Form06Data {
  return {
    ...subject,
    dueAt: fromVnParts(2026, 12, 3, 16, 30),
    processingBody: 'UBND phường Ba Đình',
    coProcessingBodies: ['Công an phường Ba Đình'],
    handovers,
    issuedAt: fromVnParts(2026, 12, 4, 10, 0),
    ...overrides,
  };
}

const PROCEDURES = ['Đăng ký khai sinh', 'Đăng ký kết hôn', 'Cấp bản sao trích lục hộ tịch', 'Chứng thực bản sao từ bản chính'];
const NAMES = ['Nguyễn Thị Hoà Bình', 'Trần Đức Anh', 'Lê Thị Ngọc Ánh', 'Phạm Văn Thành', 'Hoàng Thị Thu Thủy'];

/** `n` dossiers received one per half hour from 1 Nov 2026 08:00, every fourth one still provisional. */
export function registerEntries(n: number): RegisterEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const receivedAt = new Date(fromVnParts(2026, 11, 2, 8, 0).getTime() + i * 30 * 60_000);
    const day = 24 * 3600_000;
    return {
      index: i + 1,
      dossierNumber: `000.00.13.H42-2611${String(2 + Math.floor(i / 48)).padStart(2, '0')}-${String(i + 1).padStart(4, '0')}`,
      provisional: i % 4 === 3,
      procedureName: PROCEDURES[i % PROCEDURES.length],
      setCount: 1 + (i % 2),
      applicantName: NAMES[i % NAMES.length],
      applicantAddress: `Số ${i + 1} phố Đội Cấn, Ba Đình, Hà Nội`,
      applicantPhone: `0912 345 ${String(i).padStart(3, '0')}`,
      processingBody: 'Công chức Tư pháp – Hộ tịch',
      receivedAt,
      dueAt: new Date(receivedAt.getTime() + 3 * day),
      transferredAt: new Date(receivedAt.getTime() + 3600_000),
      resultAt: i % 3 === 0 ? new Date(receivedAt.getTime() + 2 * day) : undefined,
      returnedAt: i % 6 === 0 ? new Date(receivedAt.getTime() + 2 * day + 3600_000) : undefined,
      note: i % 10 === 0 ? 'Gia hạn' : undefined,
    };
  });
}

export function form07(overrides: Partial<Form07Data> = {}): Form07Data {
  return {
    office,
    bookNumber: '02/2026',
    from: '2026-11-01',
    to: '2026-11-30',
    entries: registerEntries(12),
    issuedAt: fromVnParts(2026, 12, 1, 8, 0),
    ...overrides,
  };
}
