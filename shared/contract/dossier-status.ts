/** National dossier status codes (TrangThaiHoSo, sync-vocabulary.md). */
export const DOSSIER_STATUS = {
  1: 'Mới đăng ký',
  2: 'Được tiếp nhận',
  3: 'Không được tiếp nhận',
  4: 'Đang xử lý',
  5: 'Yêu cầu bổ sung giấy tờ',
  6: 'Yêu cầu thực hiện nghĩa vụ tài chính',
  7: 'Công dân yêu cầu rút hồ sơ',
  8: 'Dừng xử lý',
  9: 'Đã xử lý xong',
  10: 'Đã trả kết quả',
} as const;
export type DossierStatusCode = keyof typeof DOSSIER_STATUS;
export const statusName = (code: number): string =>
  (DOSSIER_STATUS as Record<number, string>)[code] ?? `Trạng thái ${code}`;

/** Channel (kênh): 1 counter, 2 online, 3 public postal service. */
export const CHANNEL = { counter: 1, online: 2, post: 3 } as const;
