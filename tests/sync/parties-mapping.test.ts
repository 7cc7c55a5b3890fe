// The dossier's other parties at the province (issue 11): DanhSachNguoiLienQuan, an optional extension of the
// contract (docs/portal-openapi.yaml, Party), absent for a dossier without; TrichYeuHoSo names everyone. The
// document's own schema checks what the desk sends.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PORTAL_CONFIG } from '../../main/sync/config';
import { toPortalDossier, type DossierSnapshot } from '../../main/sync/mapping';

const base: DossierSnapshot = {
  number: '000.00.13.H42.26.000042', channel: 1, status: 2, procedureCode: '1.000894', procedureName: 'Đăng ký kết hôn', sector: 'Hộ tịch', sectorCode: null,
  applicantName: 'Nguyễn Văn An', applicantIdNumber: '001090012345', applicantEmail: '', applicantPhone: '', applicantAddress: 'Ba Đình',
  receivedAt: '2026-11-27T08:30:00.000Z', dueAt: '2026-11-27T10:00:00.000Z', finishedAt: null, returnedAt: null, received: true, deliveryMethod: 'counter',
  note: '', reason: '', receivedByName: 'Cán bộ', components: [], fees: [], files: [], results: [], lookupCode: '',
};
const SPOUSE = { role: 'spouse', roleLabel: 'Người cùng đăng ký kết hôn', fullName: 'Trần Thị Bình', idNumber: '001190012346', birthDate: '1990-09-02', address: '5 Kim Mã', phone: '0912 345 678' };
const cfg = { ...DEFAULT_PORTAL_CONFIG, agencyCode: '000.00.13.H42' };

describe('DanhSachNguoiLienQuan', () => {
  it('carries the other spouse next to ChuHoSo, dates as yyyyMMdd, and names both in TrichYeuHoSo', () => {
    const d = toPortalDossier({ ...base, parties: [SPOUSE] }, cfg);
    expect(d.ChuHoSo).toBe('Nguyễn Văn An');
    expect(d.TrichYeuHoSo).toBe('Đăng ký kết hôn - Nguyễn Văn An và Trần Thị Bình');
    expect(d.DanhSachNguoiLienQuan).toEqual([{
      VaiTro: 'spouse', TenVaiTro: 'Người cùng đăng ký kết hôn', HoTen: 'Trần Thị Bình', MaDoiTuong: '001190012346', NgaySinh: '19900902',
      DiaChi: '5 Kim Mã', SoDienThoai: '0912345678',
    }]);
    expect(toPortalDossier({ ...base, parties: [{ ...SPOUSE, birthDate: '' }] }, cfg).DanhSachNguoiLienQuan![0]!.NgaySinh).toBe('');
  });

  it('is absent for a dossier without other parties (the payload as before)', () => {
    expect('DanhSachNguoiLienQuan' in toPortalDossier(base, cfg)).toBe(false);
    expect('DanhSachNguoiLienQuan' in toPortalDossier({ ...base, parties: [] }, cfg)).toBe(false);
    expect(toPortalDossier(base, cfg).TrichYeuHoSo).toBe('Đăng ký kết hôn - Nguyễn Văn An');
  });

  it('matches the document: every field the desk sends is a property of Party, with its pattern', () => {
    const doc = fs.readFileSync(path.join(__dirname, '../../docs/portal-openapi.yaml'), 'utf8');
    // The Party schema's block (up to the next schema at the same indentation).
    const block = /\n {4}Party:\n([\s\S]*?)\n {4}\w+:\n/.exec(doc)![1]!;
    expect(doc).toMatch(/DanhSachNguoiLienQuan:\n\s+type: array\n\s+items: \{ \$ref: '#\/components\/schemas\/Party' \}/);
    const sent = toPortalDossier({ ...base, parties: [SPOUSE] }, cfg).DanhSachNguoiLienQuan![0]!;
    for (const [k, v] of Object.entries(sent)) {
      const line = new RegExp(`\\n {8}${k}: \\{([^\\n]*)\\}`).exec(block);
      expect(line, k).not.toBeNull();
      const pattern = /pattern: '([^']*)'/.exec(line![1]!)?.[1];
      if (pattern) expect(v, k).toMatch(new RegExp(pattern));
    }
    expect(block).toContain('required: [VaiTro, HoTen]');
    expect(doc).toMatch(/What this document leaves open[\s\S]*DanhSachNguoiLienQuan/);
  });
});
