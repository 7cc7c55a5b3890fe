// Every message a schema produces is Vietnamese, names the limit and says what to do — not zod's
// "Quá lớn: mong đợi string có <=120 ký tự".
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { api, text } from '../../../shared/contract';
import { validationMessageVi } from '../../../shared/validation/messages';

const messageOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success).toBe(false);
  return r.error!.issues[0].message;
};

describe('Vietnamese validation messages', () => {
  it('per kind of problem, with the limit', () => {
    expect(messageOf(text(120), 'a'.repeat(121))).toBe('Tối đa 120 ký tự — hãy rút gọn.');
    expect(messageOf(z.string().min(3), 'ab')).toBe('Cần ít nhất 3 ký tự — hãy nhập đủ.');
    expect(messageOf(z.string().min(1), '')).toBe('Ô này không được để trống — hãy nhập.');
    expect(messageOf(z.number().int().max(20), 21)).toBe('Tối đa 20 — hãy nhập số nhỏ hơn.');
    expect(messageOf(z.number().int().min(1), 0)).toBe('Tối thiểu 1 — hãy nhập số lớn hơn.');
    expect(messageOf(z.number().int(), 1.5)).toBe('Phải là số nguyên (không có phần lẻ) — hãy nhập lại.');
    expect(messageOf(z.number(), 'năm')).toBe('Phải là một số — hãy nhập số.');
    expect(messageOf(z.object({ a: z.string() }), {})).toBe('Thiếu thông tin này — hãy nhập.');
    expect(messageOf(z.array(z.string()).max(2), ['a', 'b', 'c'])).toBe('Tối đa 2 mục — hãy bớt đi.');
    expect(messageOf(z.enum(['a', 'b']), 'c')).toBe('Giá trị không nằm trong danh sách cho phép — hãy chọn lại.');
    expect(messageOf(z.string().uuid(), 'x')).toBe('Mã thao tác không hợp lệ — hãy tải lại màn hình rồi thử lại.');
    expect(messageOf(z.string().regex(/^\d+$/), 'x')).toBe('Sai định dạng — hãy nhập lại theo mẫu.');
  });

  it('a check with its own message keeps it', () => {
    expect(messageOf(z.string().min(1, 'Nhập tên giấy tờ'), '')).toBe('Nhập tên giấy tờ');
  });

  it('every kind of issue gets a sentence that says what to do', () => {
    for (const code of ['invalid_type', 'too_big', 'too_small', 'invalid_format', 'not_multiple_of', 'unrecognized_keys', 'invalid_value', 'invalid_union', 'invalid_key', 'invalid_element', 'custom', 'whatever']) {
      expect(validationMessageVi({ code }), code).toMatch(/— hãy /);
    }
  });

  it('the intake form: an overlong name, a bad count, no English', () => {
    const r = api['dossiers.receive'].input.safeParse({
      operationId: 'không-phải-uuid', procedureVersionId: 'x', applicant: { fullName: 'Ă'.repeat(121) }, components: [], setCount: 21,
      delivery: { method: 'bưu điện' }, outcome: 'receive',
    });
    const fields = Object.fromEntries(r.error!.issues.map((i) => [i.path.join('.'), i.message]));
    expect(fields).toEqual({
      operationId: 'Mã thao tác không hợp lệ — hãy tải lại màn hình rồi thử lại.',
      'applicant.fullName': 'Tối đa 120 ký tự — hãy rút gọn.',
      setCount: 'Tối đa 20 — hãy nhập số nhỏ hơn.',
      'delivery.method': 'Giá trị không nằm trong danh sách cho phép — hãy chọn lại.',
    });
  });
});
