// Form 01 of a dossier with two parties (issue 11: a marriage): both names where the slip says whose dossier
// it is, each other party's role, ID number, birth date and address under the applicant's, on each liên's one
// page; a dossier without other parties prints exactly as before (no empty party lines).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormRenderer } from '../../main/documents/form-renderer';
import { flat, form01, pdfInfo, pdfText, removeWorkDirs, workDir, writePdf } from './fixtures';

let renderer: FormRenderer;
beforeAll(async () => { renderer = await FormRenderer.create(); });
afterAll(removeWorkDirs);

const SPOUSE = { roleLabel: 'Người cùng đăng ký kết hôn', fullName: 'Lê Văn Cường', idNumber: '001090012346', birthDate: '1990-09-02', address: '5 Kim Mã, Ba Đình, Hà Nội' };

describe('form 01 with the other parties', () => {
  it('names both spouses and prints the other one\'s details under the applicant, on one page per liên', async () => {
    const path = writePdf(workDir(), 'marriage.pdf', await renderer.renderForm01(form01({ procedureName: 'Đăng ký kết hôn', parties: [SPOUSE] })));
    expect(pdfInfo(path)['Pages']).toBe('2');
    for (const page of [1, 2]) {
      const text = flat(pdfText(path, page));
      expect(text).toContain('tiếp nhận hồ sơ của: Nguyễn Thị Hoà Bình và Lê Văn Cường');
      expect(text).toContain('Người cùng đăng ký kết hôn: Lê Văn Cường');
      expect(text).toContain('Số định danh cá nhân: 001090012346; ngày sinh: 02/09/1990; địa chỉ: 5 Kim Mã, Ba Đình, Hà Nội');
      // The party block sits between the applicant's contact line and the request.
      expect(text.indexOf('Email:')).toBeLessThan(text.indexOf('Người cùng đăng ký kết hôn:'));
      expect(text.indexOf('Người cùng đăng ký kết hôn:')).toBeLessThan(text.indexOf('Nội dung yêu cầu giải quyết'));
    }
  });

  it('prints a blank to fill by hand for a detail not given, and two parties in their order', async () => {
    const mother = { roleLabel: 'Mẹ', fullName: 'Phạm Thị Dung' };
    const path = writePdf(workDir(), 'two.pdf', await renderer.renderForm01(form01({ parties: [{ ...SPOUSE, idNumber: undefined }, mother] })));
    const text = flat(pdfText(path, 1));
    expect(text).toContain('của: Nguyễn Thị Hoà Bình, Lê Văn Cường và Phạm Thị Dung');
    expect(text).toMatch(/Người cùng đăng ký kết hôn: Lê Văn Cường Số định danh cá nhân: …+; ngày sinh: 02\/09\/1990/);
    expect(text).toContain('Mẹ: Phạm Thị Dung');
  });

  it('without other parties the slip has no party lines', async () => {
    const path = writePdf(workDir(), 'alone.pdf', await renderer.renderForm01(form01()));
    const text = flat(pdfText(path, 1));
    expect(text).toContain('tiếp nhận hồ sơ của: Nguyễn Thị Hoà Bình Số định danh');
    expect(text.match(/Số định danh cá nhân/g)).toHaveLength(1);
  });
});
