// Scan profiles are data (settings), not code. Defaults follow Thông tư 02/2019/TT-BNV as cited by
// Thông tư 01/2023/TT-VPCP: PDF, colour, at least 200 dpi. Whether the 2025 archival circular changed these
// is unverified, so they stay settings with these defaults.
import { z } from 'zod';

/** The legal minimum resolution for digitized dossiers. */
export const MIN_LEGAL_DPI = 200;

const cropSchema = z.discriminatedUnion('mode', [
  /** Crop to the inked area plus a margin (removes scanner-bed borders on small documents). */
  z.object({ mode: z.literal('content'), marginMm: z.number({ message: 'Lề cắt phải là số (mm).' }).min(0).max(50) }),
  /** Crop to a fixed box, in millimetres from the top-left corner of the scan. */
  z.object({
    mode: z.literal('box'),
    leftMm: z.number().min(0, { message: 'Vùng cắt không được âm.' }),
    topMm: z.number().min(0, { message: 'Vùng cắt không được âm.' }),
    widthMm: z.number().positive({ message: 'Chiều rộng vùng cắt phải lớn hơn 0.' }),
    heightMm: z.number().positive({ message: 'Chiều cao vùng cắt phải lớn hơn 0.' }),
  }),
]);

export const scanProfileSchema = z
  .object({
    id: z.string().min(1, { message: 'Thiếu mã cấu hình quét.' }).max(64),
    name: z.string().trim().min(1, { message: 'Thiếu tên cấu hình quét.' }).max(100),
    colorMode: z.enum(['color', 'gray', 'bw'], { message: 'Chế độ màu phải là màu, xám hoặc đen trắng.' }),
    dpi: z
      .number({ message: 'Độ phân giải phải là số.' })
      .int({ message: 'Độ phân giải phải là số nguyên.' })
      .min(MIN_LEGAL_DPI, { message: `Độ phân giải tối thiểu là ${MIN_LEGAL_DPI} dpi (Thông tư 02/2019/TT-BNV).` })
      .max(1200, { message: 'Độ phân giải tối đa là 1200 dpi.' }),
    jpegQuality: z
      .number({ message: 'Chất lượng JPEG phải là số.' })
      .int()
      .min(30, { message: 'Chất lượng JPEG thấp nhất là 30 (thấp hơn chữ bị nhòe).' })
      .max(95, { message: 'Chất lượng JPEG cao nhất là 95.' }),
    /** Store pages as 1 bit per pixel (text only; stamps and photos lose their grey levels). */
    bilevel: z.boolean(),
    /** Grey level (0–255) under which a pixel becomes black in bi-level output. */
    bilevelThreshold: z.number().int().min(1).max(254, { message: 'Ngưỡng đen trắng phải từ 1 đến 254.' }),
    blankDetection: z.object({
      /** 'backs': only duplex back sides (the default); 'all': every page; 'off'. */
      mode: z.enum(['off', 'backs', 'all'], { message: 'Chế độ phát hiện trang trắng không hợp lệ.' }),
      /** A page with less ink than this (percent of its area, margins excluded) counts as blank. */
      maxInkPercent: z
        .number({ message: 'Độ nhạy phát hiện trang trắng phải là số.' })
        .min(0, { message: 'Độ nhạy phát hiện trang trắng không được âm.' })
        .max(5, { message: 'Độ nhạy phát hiện trang trắng tối đa 5%.' }),
    }),
    deskew: z.boolean(),
    crop: cropSchema.optional(),
    /** Trellis quantisation (mozjpeg): about 10% smaller files for about twice the encoding time. */
    jpegTrellis: z.boolean(),
  })
  .refine((p) => p.bilevel === (p.colorMode === 'bw'), {
    message: 'Chế độ đen trắng đi cùng nén 1 bit (và ngược lại).',
    path: ['bilevel'],
  });

export type ScanProfile = z.infer<typeof scanProfileSchema>;
export type CropSetting = z.infer<typeof cropSchema>;

const common = {
  bilevelThreshold: 140,
  blankDetection: { mode: 'backs' as const, maxInkPercent: 0.02 },
  deskew: true,
  jpegTrellis: false,
};

export const BUILT_IN_PROFILES: readonly ScanProfile[] = [
  { id: 'color-200', name: 'Màu 200 dpi', colorMode: 'color', dpi: 200, jpegQuality: 75, bilevel: false, ...common },
  { id: 'gray-300', name: 'Xám 300 dpi', colorMode: 'gray', dpi: 300, jpegQuality: 75, bilevel: false, ...common },
  { id: 'bw-text-300', name: 'Đen trắng văn bản', colorMode: 'bw', dpi: 300, jpegQuality: 75, bilevel: true, ...common },
];

export const DEFAULT_PROFILE_ID = 'color-200';

export type ProfileCheck =
  | { ok: true; profile: ScanProfile }
  /** `fields`: the same messages with the path of the setting each is about ('dpi', 'crop.widthMm'). */
  | { ok: false; errors: string[]; fields: { path: string; message: string }[] };

/** Validates a profile from settings or the admin screen; messages are Vietnamese, one per problem. */
export function parseProfile(input: unknown): ProfileCheck {
  const r = scanProfileSchema.safeParse(input);
  if (r.success) return { ok: true, profile: r.data };
  return { ok: false, errors: r.error.issues.map((i) => i.message), fields: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

export interface ProfileSettings {
  /** Office-defined profiles; an id equal to a built-in one replaces it. */
  profiles?: readonly ScanProfile[];
  /** Procedure code → profile id (e.g. a procedure whose papers are all typed text → bi-level). */
  procedureDefaults?: Readonly<Record<string, string>>;
  /** The office's own default for procedures without one (colour 200 dpi when unset or unknown). */
  defaultProfileId?: string;
}

export function listProfiles(settings: ProfileSettings = {}): ScanProfile[] {
  const byId = new Map<string, ScanProfile>(BUILT_IN_PROFILES.map((p) => [p.id, p]));
  for (const p of settings.profiles ?? []) byId.set(p.id, p);
  return [...byId.values()];
}

/** The profile to preselect for a procedure: its own default if set and known, else the office's default, else colour 200 dpi. */
export function profileForProcedure(procedureCode: string | undefined, settings: ProfileSettings = {}): ScanProfile {
  const all = listProfiles(settings);
  const wanted = procedureCode ? settings.procedureDefaults?.[procedureCode] : undefined;
  return all.find((p) => p.id === wanted) ?? all.find((p) => p.id === settings.defaultProfileId)
    ?? all.find((p) => p.id === DEFAULT_PROFILE_ID) ?? BUILT_IN_PROFILES[0];
}
