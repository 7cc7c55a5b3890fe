import { describe, expect, it } from 'vitest';
import {
  editProfile, errorControlId, firstProfileWithError, folderWarnings, profileChoices, profileRows, slug, toForm, toInput, toProfileForm,
  withoutErrors, type Profile, type View,
} from '../../../renderer/src/admin/scanning/settings-form';

const profile = (over: Partial<Profile>): Profile => ({
  id: 'color-200', name: 'Màu 200 dpi', colorMode: 'color', dpi: 200, jpegQuality: 80, bilevel: false, bilevelThreshold: 128,
  blankDetection: { mode: 'backs', maxInkPercent: 0.5 }, deskew: true, jpegTrellis: true, source: 'built-in', ...over,
});

const builtIns = [profile({}), profile({ id: 'bw-text-300', name: 'Đen trắng văn bản', colorMode: 'bw', dpi: 300, bilevel: true })];
const view: View = {
  builtIns,
  profiles: [
    builtIns[0]!,
    profile({ id: 'bw-text-300', name: 'Văn bản của phường', colorMode: 'bw', dpi: 300, bilevel: true, source: 'override' }),
    profile({ id: 'gray-250', name: 'Xám 250', colorMode: 'gray', dpi: 250, source: 'office', crop: { mode: 'box', leftMm: 5, topMm: 7.5, widthMm: 200, heightMm: 287 } }),
  ],
  procedureDefaults: [{ procedureCode: '1.004873', profileId: 'bw-text-300', procedureName: 'Xác nhận tình trạng hôn nhân' }],
  esclAddresses: ['http://192.168.1.20/eSCL'],
  watchFolders: [{ path: '/srv/scan', name: 'Máy photo tầng 1' }, { path: '/mnt/offline' }],
  defaultProfileId: 'gray-250',
  warnings: [{ field: 'watchFolders.1.path', message: 'Thư mục hiện không truy cập được.' }],
};

describe('toForm / toInput', () => {
  it('edits the office profiles only, with numbers as Vietnamese write them, and gives the same settings back', () => {
    const form = toForm(view);
    expect(form.profiles.map((p) => p.id)).toEqual(['bw-text-300', 'gray-250']);
    const gray = form.profiles[1]!;
    expect(gray).toMatchObject({ dpi: '250', blankInk: '0,5', cropMode: 'box', topMm: '7,5', isNew: false, idTouched: true });
    expect(form.defaultProfileId).toBe('gray-250');
    expect(form.folders.map((f) => f.name)).toEqual(['Máy photo tầng 1', '']);

    const { input, errors } = toInput(form);
    expect(errors).toEqual({});
    expect(input.profiles![1]).toEqual({
      id: 'gray-250', name: 'Xám 250', colorMode: 'gray', dpi: 250, jpegQuality: 80, bilevel: false, bilevelThreshold: 128, jpegTrellis: true,
      blankDetection: { mode: 'backs', maxInkPercent: 0.5 }, deskew: true, crop: { mode: 'box', leftMm: 5, topMm: 7.5, widthMm: 200, heightMm: 287 },
    });
    expect(input.profiles![0]!.bilevel).toBe(true);
    expect(input.procedureDefaults).toEqual([{ procedureCode: '1.004873', profileId: 'bw-text-300' }]);
    expect(input.watchFolders).toEqual([{ path: '/srv/scan', name: 'Máy photo tầng 1' }, { path: '/mnt/offline' }]);
    expect(input.defaultProfileId).toBe('gray-250');
  });

  it('reports each setting that is not a number at its path, and sends no crop when cropping is off', () => {
    const form = toForm(view);
    form.profiles[1] = { ...form.profiles[1]!, dpi: 'ba trăm', topMm: '', cropMode: 'box' };
    form.profiles[0] = { ...form.profiles[0]!, cropMode: 'none', marginMm: 'x' };
    form.defaultProfileId = '';
    const { input, errors } = toInput(form);
    expect(errors).toEqual({ 'profiles.1.dpi': 'Nhập một số.', 'profiles.1.crop.topMm': 'Nhập một số.' });
    expect(input.profiles![0]).not.toHaveProperty('crop');
    expect(input.defaultProfileId).toBeNull();
  });

  it('a new profile starts from a built-in with no code or name, and its code follows its name until typed', () => {
    const p = toProfileForm({ ...builtIns[0]!, id: '', name: '', source: 'office' }, true);
    expect(p).toMatchObject({ isNew: true, idTouched: false, id: '' });
    const named = editProfile(p, 2, { name: 'Văn bản 250 dpi' }, 'name');
    expect(named.next.id).toBe('van-ban-250-dpi');
    expect(named.clear).toEqual(['profiles.2.name', 'profiles.2.id']);
    const typed = editProfile({ ...named.next, idTouched: true }, 2, { name: 'Khác' }, 'name');
    expect(typed.next.id).toBe('van-ban-250-dpi');
    // A colour change answers the message about bi-level too (shown with the colour mode).
    expect(editProfile(p, 0, { colorMode: 'bw' }, 'colorMode').clear).toEqual(['profiles.0.colorMode', 'profiles.0.bilevel', 'profiles.0.bilevelThreshold']);
  });

  it('slug folds Vietnamese and keeps letters, digits and dashes', () => {
    expect(slug('  Đơn từ   Màu 300 dpi!')).toBe('don-tu-mau-300-dpi');
  });
});

describe('rows, choices and messages', () => {
  it('lists every built-in (with the office override) then the office profiles; choices leave out a profile without a code', () => {
    const form = toForm(view);
    form.profiles.push(toProfileForm({ ...builtIns[0]!, id: '', name: '', source: 'office' }, true));
    const rows = profileRows(view, form);
    expect(rows.map((r) => [r.builtIn?.id ?? null, r.profile?.id ?? null])).toEqual([
      ['color-200', null], ['bw-text-300', 'bw-text-300'], [null, 'gray-250'], [null, ''],
    ]);
    expect(profileChoices(view, form).map((c) => `${c.id}:${c.name}`)).toEqual(['color-200:Màu 200 dpi', 'bw-text-300:Văn bản của phường', 'gray-250:Xám 250']);
  });

  it('finds a folder warning by its path, wherever the line moved', () => {
    expect(folderWarnings(view, ' /mnt/offline ')).toEqual(['Thư mục hiện không truy cập được.']);
    expect(folderWarnings(view, '/srv/scan')).toEqual([]);
  });

  it('maps each message to the control it is about, for focusing the first one', () => {
    expect(errorControlId('profiles.3.dpi')).toBe('scan-profile-dpi');
    expect(errorControlId('profiles.0.blankDetection.maxInkPercent')).toBe('scan-profile-blankDetection-maxInkPercent');
    expect(errorControlId('profiles.0.blankDetection.mode')).toBe('scan-profile-blank');
    expect(errorControlId('profiles.0.bilevel')).toBe('scan-profile-colorMode');
    expect(errorControlId('profiles.0.crop')).toBe('scan-profile-crop');
    expect(errorControlId('profiles.0.crop.widthMm')).toBe('scan-profile-crop-widthMm');
    expect(errorControlId('procedureDefaults.2.profileId')).toBe('scan-default-2-profile');
    expect(errorControlId('watchFolders.1.path')).toBe('scan-folder-1-path');
    expect(errorControlId('defaultProfileId')).toBe('scan-defaultProfileId');
    expect(errorControlId('esclAddresses.0')).toBeNull();
    expect(firstProfileWithError({ defaultProfileId: 'x', 'profiles.2.dpi': 'y', 'profiles.1.id': 'z' })).toBe(2);
    expect(firstProfileWithError({ defaultProfileId: 'x' })).toBeNull();
    expect(withoutErrors({ 'profiles.0.dpi': 'a', 'watchFolders.0.path': 'b' }, 'profiles.')).toEqual({ 'watchFolders.0.path': 'b' });
  });
});
