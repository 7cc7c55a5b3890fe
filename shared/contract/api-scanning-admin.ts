// Methods of the scanning settings (Quản trị → Máy quét), merged into the one API table: the office's scan
// profiles, the profile per procedure, eSCL scanner addresses and scan-to-folder directories.
// Types are checked here; ranges and cross-checks (legal minimum dpi, unique ids, known procedures, valid
// addresses) are checked by the core, which answers one Vietnamese message per problem with its field path
// ('profiles.0.dpi', 'procedureDefaults.1.procedureCode', 'esclAddresses.2', 'watchFolders.0.path').
import { z } from 'zod';
import { text } from './common';
import { ADMIN_ONLY, method, STAFF } from './method';

const num = (what: string) => z.number({ message: `${what} phải là số.` });

const crop = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('content'), marginMm: num('Lề cắt') }),
  z.object({ mode: z.literal('box'), leftMm: num('Lề trái'), topMm: num('Lề trên'), widthMm: num('Chiều rộng'), heightMm: num('Chiều cao') }),
], { message: 'Kiểu cắt ảnh không hợp lệ.' });

/** A profile as the administrator edits it; bilevel follows the colour mode when left out. */
export const officeProfileInputSchema = z.object({
  id: z.string().trim().max(64, 'Mã cấu hình tối đa 64 ký tự.'),
  name: text(100),
  colorMode: z.enum(['color', 'gray', 'bw'], { message: 'Chế độ màu phải là màu, xám hoặc đen trắng.' }),
  dpi: num('Độ phân giải'),
  jpegQuality: num('Chất lượng JPEG'),
  bilevel: z.boolean().optional(),
  bilevelThreshold: num('Ngưỡng đen trắng').optional(),
  blankDetection: z.object({
    mode: z.enum(['off', 'backs', 'all'], { message: 'Chế độ phát hiện trang trắng không hợp lệ.' }),
    maxInkPercent: num('Độ nhạy phát hiện trang trắng'),
  }),
  deskew: z.boolean(),
  crop: crop.optional(),
  jpegTrellis: z.boolean().optional(),
});
export type OfficeProfileInput = z.infer<typeof officeProfileInputSchema>;

export const scanProfileFullSchema = z.object({
  id: z.string(), name: z.string(), colorMode: z.enum(['color', 'gray', 'bw']), dpi: z.number(), jpegQuality: z.number(),
  bilevel: z.boolean(), bilevelThreshold: z.number(),
  blankDetection: z.object({ mode: z.enum(['off', 'backs', 'all']), maxInkPercent: z.number() }),
  deskew: z.boolean(), crop: crop.optional(), jpegTrellis: z.boolean(),
  /** 'built-in': shipped with the app; 'office': the office's own; 'override': the office's version of a built-in one. */
  source: z.enum(['built-in', 'office', 'override']),
});
export type ScanProfileFull = z.infer<typeof scanProfileFullSchema>;

const watchFolder = z.object({
  path: z.string().trim().max(1000, 'Đường dẫn tối đa 1000 ký tự.'),
  name: text(100).optional(),
});

const procedureDefault = z.object({
  procedureCode: z.string().trim().max(40),
  profileId: z.string().trim().max(64),
});

export const scanningSettingsInputSchema = z.object({
  /** The office's profiles only (an id equal to a built-in one replaces it; leaving it out restores the built-in). */
  profiles: z.array(officeProfileInputSchema).max(50, 'Tối đa 50 cấu hình quét.').default([]),
  procedureDefaults: z.array(procedureDefault).max(500).default([]),
  esclAddresses: z.array(z.string().max(300, 'Địa chỉ tối đa 300 ký tự.')).max(50, 'Tối đa 50 máy quét mạng.').default([]),
  watchFolders: z.array(watchFolder).max(20, 'Tối đa 20 thư mục nhận bản quét.').default([]),
  /** Profile for procedures without their own (null: colour 200 dpi). */
  defaultProfileId: z.string().trim().max(64).nullable().default(null),
});
export type ScanningSettingsInput = z.input<typeof scanningSettingsInputSchema>;

const fieldWarning = z.object({ field: z.string(), message: z.string() });

export const scanningSettingsSchema = z.object({
  /** Every profile the counter can choose: built-in ones (or the office's override) first, then the office's own. */
  profiles: z.array(scanProfileFullSchema),
  /** The profiles shipped with the app as they are (what removing the office's override brings back). */
  builtIns: z.array(scanProfileFullSchema),
  procedureDefaults: z.array(z.object({
    procedureCode: z.string(), profileId: z.string(),
    /** The name of the procedure's latest version; empty when the code is no longer in the catalogue. */
    procedureName: z.string(),
  })),
  esclAddresses: z.array(z.string()),
  watchFolders: z.array(z.object({ path: z.string(), name: z.string().optional() })),
  defaultProfileId: z.string().nullable(),
  /** Saved, but worth a look (e.g. a folder that cannot be reached now). */
  warnings: z.array(fieldWarning),
});
export type ScanningSettingsView = z.infer<typeof scanningSettingsSchema>;

export const scanningAdminApi = {
  'scanning.getSettings': method(z.object({}), scanningSettingsSchema, STAFF),
  /** Replaces the scanning settings (audited); the scanner list is rebuilt on next use, no restart. */
  'scanning.setSettings': method(scanningSettingsInputSchema, scanningSettingsSchema, ADMIN_ONLY),
  /** Asks a network scanner for its capabilities (short time-out) before its address is saved. */
  'scanning.testEscl': method(z.object({ address: z.string().max(300) }), z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), address: z.string(), makeAndModel: z.string().nullable(), message: z.string() }),
    z.object({ ok: z.literal(false), address: z.string(), message: z.string() }),
  ]), ADMIN_ONLY),
} as const;
