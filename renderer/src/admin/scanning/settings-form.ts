// The scanning settings as the administrator edits them (Quản trị → Máy quét): pure types and functions,
// from the core's view to the form and back to the setSettings input, and where each message is shown.
import type { MethodInput, MethodOutput } from '../../../../shared/contract';
import { foldForSearch } from '../../../../shared/text';

export type View = MethodOutput<'scanning.getSettings'>;
export type Profile = View['profiles'][number];
export type Input = MethodInput<'scanning.setSettings'>;
type ProfileInput = NonNullable<Input['profiles']>[number];
export type ColorMode = Profile['colorMode'];
export type BlankMode = Profile['blankDetection']['mode'];
export type CropMode = 'none' | 'content' | 'box';

export const COLOR_LABEL: Record<ColorMode, string> = { color: 'Màu', gray: 'Xám', bw: 'Đen trắng (nén 1 bit)' };
export const BLANK_LABEL: Record<BlankMode, string> = { off: 'Tắt', backs: 'Chỉ mặt sau khi quét hai mặt', all: 'Mọi trang' };
export const CROP_LABEL: Record<CropMode, string> = { none: 'Không cắt', content: 'Theo nội dung (chừa lề)', box: 'Theo vùng cố định' };

/** One office profile as edited: numbers kept as typed until saving. */
export interface ProfileForm {
  key: string; isNew: boolean; idTouched: boolean;
  id: string; name: string; colorMode: ColorMode; dpi: string; jpegQuality: string;
  blankMode: BlankMode; blankInk: string; deskew: boolean;
  cropMode: CropMode; marginMm: string; leftMm: string; topMm: string; widthMm: string; heightMm: string;
  /** Not edited here; kept as they are. */
  bilevelThreshold: number; jpegTrellis: boolean;
}

export interface Form {
  profiles: ProfileForm[];
  defaults: { key: string; procedureCode: string; procedureName: string; profileId: string }[];
  escl: string[];
  folders: { key: string; path: string; name: string }[];
  defaultProfileId: string;
}

/** Field path (as the core reports it) → message. */
export type Errors = Record<string, string>;

let keySeq = 0;
export const newKey = () => `k${++keySeq}`;
/** 2.5 → "2,5": numbers as Vietnamese write them. */
const str = (n: number | undefined) => (n === undefined ? '' : String(n).replace('.', ','));

export function toProfileForm(p: Profile, isNew = false): ProfileForm {
  const crop = p.crop;
  return {
    key: newKey(), isNew, idTouched: !isNew, id: p.id, name: p.name, colorMode: p.colorMode, dpi: str(p.dpi), jpegQuality: str(p.jpegQuality),
    blankMode: p.blankDetection.mode, blankInk: str(p.blankDetection.maxInkPercent), deskew: p.deskew,
    cropMode: crop?.mode ?? 'none', marginMm: str(crop?.mode === 'content' ? crop.marginMm : 2),
    leftMm: str(crop?.mode === 'box' ? crop.leftMm : 0), topMm: str(crop?.mode === 'box' ? crop.topMm : 0),
    widthMm: str(crop?.mode === 'box' ? crop.widthMm : 210), heightMm: str(crop?.mode === 'box' ? crop.heightMm : 297),
    bilevelThreshold: p.bilevelThreshold, jpegTrellis: p.jpegTrellis,
  };
}

/** The core's view → the form: only the office's own profiles and overrides are edited; built-ins are listed. */
export function toForm(v: View): Form {
  return {
    profiles: v.profiles.filter((p) => p.source !== 'built-in').map((p) => toProfileForm(p)),
    defaults: v.procedureDefaults.map((d) => ({ key: newKey(), ...d })),
    escl: [...v.esclAddresses],
    folders: v.watchFolders.map((f) => ({ key: newKey(), path: f.path, name: f.name ?? '' })),
    defaultProfileId: v.defaultProfileId ?? '',
  };
}

/** "Văn bản 250 dpi" → "van-ban-250-dpi". */
export const slug = (name: string) => foldForSearch(name).replace(/\s+/g, '-').replace(/[^a-z0-9-]/g, '').slice(0, 64);

/** Form → setSettings input, or the fields whose text is not a number ("2,5" and "2.5" both read as 2.5). */
export function toInput(f: Form): { input: Input; errors: Errors } {
  const errors: Errors = {};
  const profiles = f.profiles.map((p, i): ProfileInput => {
    const num = (field: string, text: string): number => {
      const n = Number(text.trim().replace(',', '.'));
      if (!text.trim() || !Number.isFinite(n)) errors[`profiles.${i}.${field}`] = 'Nhập một số.';
      return n;
    };
    const crop: ProfileInput['crop'] = p.cropMode === 'content' ? { mode: 'content', marginMm: num('crop.marginMm', p.marginMm) }
      : p.cropMode === 'box' ? {
        mode: 'box', leftMm: num('crop.leftMm', p.leftMm), topMm: num('crop.topMm', p.topMm),
        widthMm: num('crop.widthMm', p.widthMm), heightMm: num('crop.heightMm', p.heightMm),
      } : undefined;
    return {
      id: p.id.trim(), name: p.name.trim(), colorMode: p.colorMode, dpi: num('dpi', p.dpi), jpegQuality: num('jpegQuality', p.jpegQuality),
      bilevel: p.colorMode === 'bw', bilevelThreshold: p.bilevelThreshold, jpegTrellis: p.jpegTrellis,
      blankDetection: { mode: p.blankMode, maxInkPercent: num('blankDetection.maxInkPercent', p.blankInk) },
      deskew: p.deskew, ...(crop ? { crop } : {}),
    };
  });
  return {
    errors,
    input: {
      profiles,
      procedureDefaults: f.defaults.map((d) => ({ procedureCode: d.procedureCode, profileId: d.profileId })),
      esclAddresses: f.escl,
      watchFolders: f.folders.map((x) => ({ path: x.path.trim(), ...(x.name.trim() ? { name: x.name.trim() } : {}) })),
      defaultProfileId: f.defaultProfileId || null,
    },
  };
}

/** Where a message about a profile setting is shown ('bilevel' goes with the colour mode). */
export const PROFILE_FIELD: Record<string, string> = { bilevel: 'colorMode', bilevelThreshold: 'colorMode' };

/** The id of a profile editor's control for a setting ('blankDetection.maxInkPercent' → 'scan-profile-blankDetection-maxInkPercent'). */
const PROFILE_CONTROL: Record<string, string> = { 'blankDetection.mode': 'scan-profile-blank', crop: 'scan-profile-crop' };
export const profileControlId = (field: string) => PROFILE_CONTROL[field] ?? `scan-profile-${(PROFILE_FIELD[field] ?? field).replace(/\./g, '-')}`;

/**
 * The control a message is about, for focusing the first one: profile settings are in the profile's editor
 * (opened for it), the others in their row. Null when the message has no control of its own.
 */
export function errorControlId(path: string): string | null {
  let m = /^profiles\.\d+\.(.+)$/.exec(path);
  if (m) return profileControlId(m[1]!);
  if ((m = /^procedureDefaults\.(\d+)\.profileId$/.exec(path))) return `scan-default-${m[1]}-profile`;
  if ((m = /^watchFolders\.(\d+)\.(path|name)$/.exec(path))) return `scan-folder-${m[1]}-${m[2]}`;
  if (path === 'defaultProfileId') return 'scan-defaultProfileId';
  if (path === 'escl-new') return 'scan-escl-new';
  return null;
}

/** The index of the first profile with a message (its editor is where they show), or null. */
export function firstProfileWithError(errors: Errors): number | null {
  const first = Object.keys(errors).map((k) => /^profiles\.(\d+)\./.exec(k)).find(Boolean);
  return first ? Number(first[1]) : null;
}

/** The messages without those under `prefix` (a removed line moves the later ones up: their messages no longer fit). */
export const withoutErrors = (errors: Errors, prefix: string): Errors =>
  Object.fromEntries(Object.entries(errors).filter(([k]) => !k.startsWith(prefix)));

/**
 * A profile after one edit, and the messages the edit answers: the setting's own, those shown with it, and
 * the code's when the name changes. A new profile's code follows its name until the code is typed.
 */
export function editProfile(p: ProfileForm, index: number, patch: Partial<ProfileForm>, field: string): { next: ProfileForm; clear: string[] } {
  const next = { ...p, ...patch };
  if (p.isNew && !p.idTouched && patch.name !== undefined) next.id = slug(patch.name);
  const clear = [`profiles.${index}.${field}`, ...Object.entries(PROFILE_FIELD).filter(([, to]) => to === field).map(([from]) => `profiles.${index}.${from}`)];
  if (patch.name !== undefined) clear.push(`profiles.${index}.id`);
  return { next, clear };
}

/** The profile table: every built-in (with the office's override if any), then the office's own. */
export function profileRows(view: View, form: Form): { profile: ProfileForm | null; builtIn: Profile | null }[] {
  return [
    ...view.builtIns.map((b) => ({ profile: form.profiles.find((p) => p.id === b.id && !p.isNew) ?? null, builtIn: b })),
    ...form.profiles.filter((p) => p.isNew || !view.builtIns.some((b) => b.id === p.id)).map((p) => ({ profile: p, builtIn: null })),
  ];
}

/** Every profile the counter will see after saving, for the selects (a profile without a code yet is left out). */
export function profileChoices(view: View, form: Form): { id: string; name: string }[] {
  return profileRows(view, form).map(({ profile, builtIn }) => profile ?? { id: builtIn!.id, name: builtIn!.name }).filter((p) => p.id.trim());
}

/** The saved answer's warnings about a folder, found by its path (lines may have moved since). */
export function folderWarnings(view: View, dir: string): string[] {
  return view.warnings.filter((w) => {
    const m = /^watchFolders\.(\d+)\.path$/.exec(w.field);
    return m && view.watchFolders[Number(m[1])]?.path === dir.trim();
  }).map((w) => w.message);
}
