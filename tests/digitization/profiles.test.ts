import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROFILES, DEFAULT_PROFILE_ID, listProfiles, parseProfile, profileForProcedure } from '../../main/digitization/profiles';

const base = BUILT_IN_PROFILES[0];

describe('scan profiles', () => {
  it('defaults follow the law: colour, 200 dpi, JPEG 75, blank detection on duplex backs, deskew on', () => {
    const p = profileForProcedure(undefined);
    expect(p.id).toBe(DEFAULT_PROFILE_ID);
    expect(p).toMatchObject({ name: 'Màu 200 dpi', colorMode: 'color', dpi: 200, jpegQuality: 75, bilevel: false, deskew: true });
    expect(p.blankDetection.mode).toBe('backs');
  });

  it('has the three built-in profiles, all valid', () => {
    expect(BUILT_IN_PROFILES.map((p) => p.name)).toEqual(['Màu 200 dpi', 'Xám 300 dpi', 'Đen trắng văn bản']);
    for (const p of BUILT_IN_PROFILES) expect(parseProfile(p).ok).toBe(true);
    expect(BUILT_IN_PROFILES[2]).toMatchObject({ colorMode: 'bw', dpi: 300, bilevel: true });
  });

  it('rejects settings below the legal minimum and inconsistent ones, in Vietnamese', () => {
    const r = parseProfile({ ...base, dpi: 150, jpegQuality: 10, bilevel: true });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain('Độ phân giải tối thiểu là 200 dpi (Thông tư 02/2019/TT-BNV).');
    expect(r.errors).toContain('Chất lượng JPEG thấp nhất là 30 (thấp hơn chữ bị nhòe).');
    expect(r.errors).toContain('Chế độ đen trắng đi cùng nén 1 bit (và ngược lại).');
    const crop = parseProfile({ ...base, crop: { mode: 'box', leftMm: 0, topMm: 0, widthMm: 0, heightMm: 10 } });
    expect(crop.ok ? [] : crop.errors).toEqual(['Chiều rộng vùng cắt phải lớn hơn 0.']);
  });

  it('picks a procedure default from the settings, and office profiles override built-ins', () => {
    const mine = { ...base, id: 'gray-300', name: 'Xám 300 dpi (phường)', jpegQuality: 80 };
    const settings = { profiles: [mine], procedureDefaults: { '1.000894': 'bw-text-300', '2.000001': 'gray-300', '3.0': 'nope' } };
    expect(profileForProcedure('1.000894', settings).name).toBe('Đen trắng văn bản');
    expect(profileForProcedure('2.000001', settings).jpegQuality).toBe(80);
    expect(profileForProcedure('3.0', settings).id).toBe(DEFAULT_PROFILE_ID);
    expect(listProfiles(settings)).toHaveLength(3);
  });
});
