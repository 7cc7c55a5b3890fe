// Methods of the scanning and digitization capability (issue 3), merged into the one API table.
import { z } from 'zod';
import { id, isoInstant } from './common';
import { MAX_UPLOAD_BASE64, MAX_UPLOADS_BASE64_TOTAL } from './limits';
import { COUNTER, method, STAFF } from './method';

const source = z.enum(['flatbed', 'feeder', 'duplex'], { message: 'Nguồn giấy phải là mặt kính, khay nạp hoặc hai mặt.' });
const colorMode = z.enum(['color', 'gray', 'bw']);
const paper = z.enum(['A4', 'A5', 'Letter', 'Legal']);
const pageId = z.string().regex(/^p\d{4,}$/, 'Mã trang không hợp lệ.');
const componentCode = z.string().min(1).max(80);

export const scanDeviceSchema = z.object({
  id: z.string(), driver: z.enum(['sane', 'escl', 'wia', 'twain', 'files', 'folder']), name: z.string(), model: z.string().optional(),
  /** How the device is reached: two scanners of one model differ by it and by their address. */
  connection: z.enum(['usb', 'network', 'folder', 'file', 'virtual', 'local']),
  /** What the clerk reads in the list: the name with the connection and address ("… (USB, pixma:04A9…)"); unique in the list. */
  label: z.string(),
  /** Everything that identifies the device, in full: driver, connection, model, device id. */
  detail: z.string(),
  /** The scan this device is doing now (one scan per device, whatever the dossier), or null. */
  busyWith: z.object({ jobId: id, dossierId: id, dossierNumber: z.string() }).nullable(),
});

export const scanProfileInfoSchema = z.object({
  id: z.string(), name: z.string(), colorMode, dpi: z.number(), jpegQuality: z.number(), bilevel: z.boolean(),
});

export const digitizedFileSchema = z.object({
  id, dossierId: id, componentPosition: z.number().int(), componentCode: z.string(), componentName: z.string(),
  kind: z.number().int(), state: z.number().int(), pageCount: z.number().int(), dpi: z.number(), colorMode: z.string(),
  size: z.number().int(), sha256: z.string(), scannedBy: z.string(), scannedAt: isoInstant, profileId: z.string(),
  signed: z.boolean(), certificateSerial: z.string().nullable(), signingTime: z.string().nullable(),
  /** 'pending' while the text layer is being added; 'off' when OCR is not set up on this PC. */
  ocrState: z.enum(['pending', 'done', 'partial', 'failed', 'off']), ocrError: z.string().nullable(),
  syncState: z.string(), replacedBy: z.string().nullable(),
  /** The digitized file this one reuses (state 2/3: the same stored PDF), null for a scan of its own. */
  reusedFrom: z.string().nullable().default(null),
});

/** Where a reused component's file comes from: the other dossier of the same citizen. */
export const reuseOriginSchema = z.object({ fileId: id, dossierId: id, dossierNumber: z.string() });

const jobPageSchema = z.object({
  id: z.string(), component: z.string().nullable(), blank: z.boolean(), rotation: z.number(),
  widthPx: z.number(), heightPx: z.number(), dpi: z.number(), colorMode,
  /** The profile the page was processed with (a component may be scanned with its own profile). */
  profileId: z.string(),
  /**
   * A PDF page kept as it is ("trang PDF giữ nguyên"): not a scanned image, on a PC without pdftoppm. It
   * is copied into the component's PDF as vector, without blank detection or deskew.
   */
  keptPdf: z.boolean().default(false),
});

export const scanJobViewSchema = z.object({
  id, dossierId: id, dossierNumber: z.string(),
  profile: scanProfileInfoSchema,
  /** 'open': pages can be edited; 'scanning': a device or an import is feeding pages in. */
  state: z.enum(['open', 'scanning', 'closed']),
  scan: z.object({
    running: z.boolean(), deviceId: z.string().nullable(), pagesDone: z.number().int(), pagesExpected: z.number().int().nullable(),
    phase: z.string(), startedAt: isoInstant.nullable(),
  }),
  /** The last scan's problem, in Vietnamese (jam, feeder empty, damaged file…); pages already in stay. */
  error: z.string().nullable(),
  /** Problems that did not stop the scan (a damaged file in the scan folder, the share gone for a while). */
  warnings: z.array(z.string()).default([]),
  /**
   * What the job fills: the dossier's components (kind 0), then its result papers (kind 1: code KQ1, KQ2…, name
   * "Kết quả: <paper>", position = the result's index), stored as results and sent to the portal as result papers.
   */
  components: z.array(z.object({
    code: z.string(), name: z.string(), position: z.number().int(),
    /** 0 a dossier component, 1 a result paper of the dossier. */
    kind: z.number().int().default(0),
    expected: z.number().int().nullable(), scanned: z.number().int(),
    /** "5 trang đã quét / 5 trang theo hồ sơ" */
    label: z.string(),
    /** The stored file of this component (latest version), if any. */
    digitized: z.object({
      fileId: id, pageCount: z.number().int(), scannedAt: isoInstant, ocrState: z.string(),
      /** Why the text layer could not be added (ocrState 'failed' or 'partial'), in Vietnamese. */
      ocrError: z.string().nullable().default(null),
      /** 1 digitized here, 2 reused, 3 reused from another dossier's result; reusedFrom says from which dossier. */
      state: z.number().int().default(1), reusedFrom: reuseOriginSchema.nullable().default(null),
    }).nullable(),
    /** Pages in the job differ from the stored file (never saved, or edited since). */
    unsaved: z.boolean(),
  })),
  pages: z.array(jobPageSchema),
  updatedAt: z.string(),
});
export type ScanJobView = z.infer<typeof scanJobViewSchema>;

/**
 * The dossier's scan job as the core knows it now, for every screen that shows the dossier: a scan running
 * (whoever started it, the panel open or not) and the pages not saved yet. Only saved files count as digitized.
 */
export const scanJobStatusSchema = z.object({
  jobId: id,
  scanning: z.boolean(),
  deviceId: z.string().nullable(),
  /** The device's label (as in scanning.devices) while scanning. */
  deviceLabel: z.string().nullable(),
  pagesDone: z.number().int(),
  startedAt: isoInstant.nullable(),
  /** Pages in the job. */
  pages: z.number().int(),
  /** Pages not put into any component yet. */
  unsorted: z.number().int(),
  /** Components (and result papers) whose pages in the job differ from their saved file. */
  unsaved: z.array(z.object({ code: z.string(), name: z.string() })),
  error: z.string().nullable(),
});
export type ScanJobStatus = z.infer<typeof scanJobStatusSchema>;

const jobRef = z.object({ jobId: id });
const upload = z.object({
  name: z.string().min(1).max(255),
  /** Base64 of the file (the browser shell); at most 40 MB per file after decoding. */
  base64: z.string().max(MAX_UPLOAD_BASE64, 'Tệp quá lớn (tối đa 40 MB mỗi tệp); hãy quét lại với độ phân giải thấp hơn hoặc tách tệp.'),
});

const pageOp = z.discriminatedUnion('op', [
  z.object({ op: z.literal('move'), pageId, toIndex: z.number().int().min(0) }),
  z.object({ op: z.literal('reorder'), pageIds: z.array(pageId).max(5000) }),
  z.object({ op: z.literal('rotate'), pageId, turn: z.union([z.literal(90), z.literal(180), z.literal(270)]) }),
  z.object({ op: z.literal('remove'), pageId }),
  z.object({ op: z.literal('setBlank'), pageId, blank: z.boolean() }),
  /** Puts the pages into a component. */
  z.object({ op: z.literal('assign'), pageIds: z.array(pageId).min(1).max(5000), component: componentCode }),
  /** 1-based inclusive ranges of the job's current page order. */
  z.object({ op: z.literal('splitRanges'), ranges: z.array(z.object({ code: componentCode, from: z.number().int().min(1), to: z.number().int().min(1) })).min(1).max(100) }),
  /** The groups between blank separator sheets go to these components, in order. */
  z.object({ op: z.literal('splitBlank'), codes: z.array(componentCode).min(1).max(100) }),
  z.object({ op: z.literal('setExpected'), component: componentCode, pages: z.number().int().min(0).max(10_000).nullable() }),
]);
export type PageOp = z.infer<typeof pageOp>;

const ok = z.object({ ok: z.literal(true) });

/** A current digitized file of another dossier of the same citizen (same 12-digit ID number) that can be reused. */
export const reuseCandidateSchema = z.object({
  fileId: id, dossierId: id, dossierNumber: z.string(), procedureCode: z.string(), procedureName: z.string(), receivedAt: isoInstant,
  componentPosition: z.number().int(), componentCode: z.string(), componentName: z.string(),
  pageCount: z.number().int(), dpi: z.number(), colorMode: z.string(), size: z.number().int(),
  scannedAt: isoInstant, scannedBy: z.string(),
  /** 0 a dossier component, 1 a result of that dossier (reusing it gives state 3). */
  kind: z.number().int(), isResult: z.boolean(),
  /** The source's own state (1 digitized there, 2/3 itself reused). */
  state: z.number().int(),
  /** Same component code as the component asked about (these come first). */
  sameComponent: z.boolean(),
});
export type ReuseCandidate = z.infer<typeof reuseCandidateSchema>;

export const scanningApi = {
  /** Every scanner of every driver (cached; refresh re-asks the drivers). */
  'scanning.devices': method(z.object({ refresh: z.boolean().default(false) }), z.array(scanDeviceSchema), COUNTER),
  'scanning.capabilities': method(z.object({ deviceId: z.string().min(1).max(500) }), z.object({
    sources: z.array(source), resolutions: z.array(z.number()), colorModes: z.array(colorMode), paperSizes: z.array(paper),
  }), COUNTER),
  /** Built-in and office profiles; `defaultId` is the procedure's default when one is given. */
  'scanning.profiles': method(z.object({ procedureCode: z.string().max(40).optional() }), z.object({
    profiles: z.array(scanProfileInfoSchema), defaultId: z.string(),
  }), COUNTER),
  /** The dossier's open scan job (reopened after a restart), or a new one. */
  'scanning.openJob': method(z.object({ dossierId: id, profileId: z.string().max(64).optional() }), scanJobViewSchema, COUNTER),
  /** Starts scanning into the job; poll scanning.job for progress. */
  'scanning.start': method(z.object({
    jobId: id, deviceId: z.string().min(1, 'Chọn máy quét.').max(500), source: source.default('flatbed'), paper: paper.default('A4'),
    /** Component the new pages go to (omit: the unsorted stack, to split later). */
    component: componentCode.optional(),
    /** Insert before this 0-based position of the job's pages instead of appending. */
    insertAt: z.number().int().min(0).optional(),
    /** Rescan: the first page scanned replaces this page. */
    replacePageId: pageId.optional(),
    /** Profile for these pages (default: the job's profile, i.e. the procedure's default). */
    profileId: z.string().max(64).optional(),
  }), scanJobViewSchema, COUNTER),
  /** Files on this PC (paths) or uploaded by the browser (base64), in order. */
  'scanning.importFiles': method(z.object({
    jobId: id, component: componentCode.optional(),
    paths: z.array(z.string().min(1).max(1000)).max(200).default([]),
    uploads: z.array(upload).max(50).default([])
      .refine((files) => files.reduce((n, f) => n + f.base64.length, 0) <= MAX_UPLOADS_BASE64_TOTAL,
        'Các tệp chọn cùng lúc quá lớn (tối đa 80 MB mỗi lần); hãy nhập ít tệp hơn mỗi lần.'),
    profileId: z.string().max(64).optional(),
  }), scanJobViewSchema, COUNTER),
  'scanning.job': method(jobRef, scanJobViewSchema, COUNTER),
  /**
   * The dossier's open job, if any: a scan in progress and the pages not saved (null: no job, nothing pending).
   * Read-only, so every staff role (the leader's dossier detail shows it too).
   */
  'scanning.jobStatus': method(z.object({ dossierId: id }), scanJobStatusSchema.nullable(), STAFF),
  'scanning.cancel': method(jobRef, scanJobViewSchema, COUNTER),
  'scanning.pageOp': method(z.object({ jobId: id, op: pageOp }), scanJobViewSchema, COUNTER),
  'scanning.thumbnail': method(z.object({ jobId: id, pageId, size: z.enum(['thumb', 'large']).default('thumb') }),
    z.object({ base64: z.string(), mime: z.literal('image/jpeg'), width: z.number(), height: z.number() }), COUNTER),
  /** One PDF per component or result paper with pages (unchanged ones are not stored again). */
  'scanning.save': method(jobRef, z.object({ job: scanJobViewSchema, saved: z.array(digitizedFileSchema) }), COUNTER),
  /** Ends the job: its working folder is removed (stored files stay). */
  'scanning.close': method(jobRef, ok, COUNTER),
  /**
   * Digitized files of a dossier (current versions; all versions on request) and their content: reading them
   * is for every staff role — the office leader views digitized papers and result papers; changing them
   * (jobs, saves, reuse) stays at the counter.
   */
  'scanning.files': method(z.object({ dossierId: id, includeReplaced: z.boolean().default(false) }), z.array(digitizedFileSchema), STAFF),
  'scanning.fileContent': method(z.object({ fileId: id }), z.object({ base64: z.string(), fileName: z.string() }), STAFF),
  /**
   * Files already digitized for this dossier's owner in other dossiers (Đề án 06: do not ask for the paper
   * again), newest first; with componentPosition, those of the same component code first.
   */
  'scanning.reuseCandidates': method(z.object({ dossierId: id, componentPosition: z.number().int().min(0).optional() }),
    z.array(reuseCandidateSchema), COUNTER),
  /**
   * The component takes the source's stored file (no copy): a new current row with state 2 (3 from a result),
   * replacing the component's current file, with audit and the portal upload. With jobId the job view comes back too.
   */
  'scanning.reuse': method(z.object({ dossierId: id, componentPosition: z.number().int().min(0), sourceFileId: id, jobId: id.optional() }),
    z.object({ file: digitizedFileSchema, job: scanJobViewSchema.nullable() }), COUNTER),
} as const;
