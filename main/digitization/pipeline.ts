// A scan job is a folder: pages/<id>.jpg|png|pdf plus manifest.json, each written atomically. A page is
// persisted the moment it is processed, so a crash at page 37 of 50 keeps 36 pages and a valid manifest.
// The job knows nothing of the database: the integration stores the returned records later.
//
// Single writer: one process works on a job folder at a time (the core's scanning service).
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { sharp } from '../base/lazy-module';
import { z } from 'zod';
import { formatIsoVn } from '../../shared/time/vn-time';
import { writeFileAtomic } from '../base/atomic-write';
import { counterWork } from '../base/counter-work';
import { encodeBilevelPng } from './bilevel-png';
import { buildComponentPdf } from './component-pdf';
import type { DigitizedFileRecord } from './pdf-metadata';
import { jpegOptions, processPage } from './page-processor';
import { turnVectorPage } from './pdf-vector-page';
import { PageProblem, type RasterOptions } from './pdf-raster';
import { scanProfileSchema, type ScanProfile } from './profiles';
import type { ProcessedPage, QuarterTurn, ScannedPage } from './types';

const MANIFEST = 'manifest.json';
const PAGES = 'pages';
/**
 * Pages processed at once (a PDF page's rendering included): at most one per core, and two at most, so a
 * batch never starves the counter's other work; commits stay in arrival order whatever each page costs.
 */
const PARALLEL_PAGES = Math.max(1, Math.min(2, availableParallelism()));

const pageSchema = z.object({
  id: z.string().regex(/^p\d{4,}$/),
  file: z.string(),
  /** 'pdf': a PDF page kept as it is (vector; no blank or skew analysis), see pdf-vector-page.ts. */
  encoding: z.enum(['jpeg', 'png1', 'pdf']),
  widthPx: z.number().int().positive(),
  heightPx: z.number().int().positive(),
  dpi: z.number().positive(),
  colorMode: z.enum(['color', 'gray', 'bw']),
  blank: z.boolean(),
  blankScore: z.number(),
  skewAngle: z.number(),
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  side: z.enum(['front', 'back']).optional(),
  component: z.string().optional(),
  /** Profile the page was processed with, when not the job's own (absent in manifests of older jobs). */
  profileId: z.string().optional(),
  /** JPEG quality of that profile, so a later rotation re-encodes the page at the same quality. */
  jpegQuality: z.number().int().optional(),
  addedAt: z.string(),
});

const componentSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  /** Pages the dossier's checklist expects (for "5 trang đã quét / 5 trang theo hồ sơ"). */
  expectedPages: z.number().int().nonnegative().optional(),
});

const manifestSchema = z.object({
  version: z.literal(1),
  jobId: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  profile: scanProfileSchema,
  nextPageNo: z.number().int().positive(),
  components: z.array(componentSchema),
  pages: z.array(pageSchema),
});

export type JobPage = z.infer<typeof pageSchema>;
export type JobComponent = z.infer<typeof componentSchema>;
export type JobManifest = z.infer<typeof manifestSchema>;

export interface AddPageOptions {
  /** Component code the page belongs to (defaults to none: assign later by split). */
  component?: string;
  rotation?: QuarterTurn;
  /** Profile for this page instead of the job's (a component scanned in grey or bi-level, say). */
  profile?: ScanProfile;
  /** How a PDF page is rendered (pdftoppm path, per-page time limit). */
  raster?: RasterOptions;
}

export interface ComponentCount {
  code: string;
  name: string;
  scanned: number;
  expected: number | null;
  /** "5 trang đã quét" or "5 trang đã quét / 6 trang theo hồ sơ". */
  label: string;
}

export interface BuiltComponent {
  code: string;
  path: string;
  sha256: string;
  bytes: number;
  record: DigitizedFileRecord;
  /** Page images in PDF order, for the OCR queue. */
  pageImages: { path: string; dpi: number }[];
}

export interface BuildOptions {
  dossierNumber: string;
  scannedBy: string;
  scannedAt?: Date;
  outDir: string;
  fontDir?: string;
  /** Keep pages detected as blank (off by default: blank backs and separator sheets are dropped). */
  includeBlank?: boolean;
  /**
   * The code and name each job component is known by outside the job (a result's national code, a
   * dossier component's catalogue code), for the PDF's metadata; the job's own code and name otherwise.
   */
  documentOf?: (jobCode: string) => { code: string; name: string } | undefined;
}

/** A Vietnamese message for the clerk; `detail` keeps a tool's own words (for the log, never the screen). */
export class ScanJobError extends Error {
  override name = 'ScanJobError';
  constructor(message: string, readonly detail?: string) {
    super(message);
  }
}

export class ScanJob {
  private commitChain: Promise<unknown> = Promise.resolve();
  private inFlight = 0;
  private readonly slotWaiters: (() => void)[] = [];

  private constructor(readonly dir: string, private manifest: JobManifest) {}

  /** Starts an empty job in `dir` (created if needed; must not already hold a job). */
  static async create(dir: string, profile: ScanProfile, components: JobComponent[] = []): Promise<ScanJob> {
    await mkdir(join(dir, PAGES), { recursive: true });
    const exists = await readFile(join(dir, MANIFEST)).then(() => true, () => false);
    if (exists) throw new ScanJobError('Thư mục đã có một lượt quét, hãy mở lại thay vì tạo mới.');
    const now = formatIsoVn(new Date());
    const job = new ScanJob(dir, {
      version: 1,
      jobId: randomUUID(),
      createdAt: now,
      updatedAt: now,
      profile: scanProfileSchema.parse(profile),
      nextPageNo: 1,
      components: componentsChecked(components),
      pages: [],
    });
    await job.save();
    return job;
  }

  /**
   * Reopens a job after a restart or crash. Page files the manifest does not list (a page processed but not
   * yet committed when the process died) and temp files are removed; listed pages are checked to exist.
   */
  static async open(dir: string): Promise<ScanJob> {
    let parsed: JobManifest;
    try {
      parsed = manifestSchema.parse(JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')));
    } catch (e) {
      throw new ScanJobError('Không đọc được danh sách trang của lượt quét (tệp manifest.json bị hỏng).', (e as Error).message);
    }
    const job = new ScanJob(dir, parsed);
    const listed = new Set(parsed.pages.map((p) => p.file));
    for (const name of await readdir(join(dir, PAGES))) {
      if (!listed.has(`${PAGES}/${name}`)) await rm(join(dir, PAGES, name), { force: true });
    }
    for (const name of await readdir(dir)) if (name.endsWith('.tmp')) await rm(join(dir, name), { force: true });
    const present = new Set(await readdir(join(dir, PAGES)));
    const missing = parsed.pages.filter((p) => !present.has(p.file.slice(PAGES.length + 1)));
    if (missing.length) throw new ScanJobError(`Thiếu tệp ảnh của ${missing.length} trang đã quét (${missing.map((p) => p.id).join(', ')}).`);
    return job;
  }

  get profile(): ScanProfile { return this.manifest.profile; }
  get jobId(): string { return this.manifest.jobId; }
  get components(): readonly JobComponent[] { return this.manifest.components; }
  pages(): JobPage[] { return this.manifest.pages.map((p) => ({ ...p })); }
  pagePath(page: Pick<JobPage, 'file'>): string { return join(this.dir, page.file); }
  snapshot(): JobManifest { return structuredClone(this.manifest); }

  /** Processes and persists one page at the end of the job (or of its component). */
  addPage(input: ScannedPage, opts: AddPageOptions = {}): Promise<JobPage> {
    return this.processAndCommit(input, opts, (page) => { this.manifest.pages.push(page); });
  }

  /** Inserts a page before position `index` (0-based; pages.length appends). */
  insertPage(index: number, input: ScannedPage, opts: AddPageOptions = {}): Promise<JobPage> {
    return this.processAndCommit(input, opts, (page) => {
      const at = Math.max(0, Math.min(index, this.manifest.pages.length));
      this.manifest.pages.splice(at, 0, page);
    });
  }

  /** Rescan: the new image takes the old page's place (and component); the old file is removed. */
  async replacePage(pageId: string, input: ScannedPage, opts: AddPageOptions = {}): Promise<JobPage> {
    const old = this.find(pageId);
    let oldFile = '';
    const page = await this.processAndCommit(input, { component: old.component, ...opts }, (p) => {
      const at = this.manifest.pages.findIndex((x) => x.id === pageId);
      if (at < 0) throw new ScanJobError('Trang cần quét lại đã bị xóa.');
      oldFile = this.manifest.pages[at].file;
      this.manifest.pages[at] = p;
    });
    await rm(join(this.dir, oldFile), { force: true });
    return page;
  }

  /** Waits until every page handed to addPage/insertPage/replacePage has been committed. */
  async flush(): Promise<void> {
    await this.commitChain.catch(() => undefined);
  }

  async remove(pageId: string): Promise<void> {
    await this.flush();
    const page = this.find(pageId);
    this.manifest.pages = this.manifest.pages.filter((p) => p.id !== pageId);
    await this.save();
    await rm(this.pagePath(page), { force: true }); // after the manifest: a crash in between leaves an orphan, cleaned on open
  }

  /** New order given as the complete list of page ids. */
  async reorder(pageIds: readonly string[]): Promise<void> {
    await this.flush();
    const current = this.manifest.pages;
    if (pageIds.length !== current.length || new Set(pageIds).size !== pageIds.length) throw new ScanJobError('Thứ tự trang mới phải chứa đúng mỗi trang một lần.');
    const byId = new Map(current.map((p) => [p.id, p]));
    this.manifest.pages = pageIds.map((id) => {
      const p = byId.get(id);
      if (!p) throw new ScanJobError(`Không có trang ${id} trong lượt quét.`);
      return p;
    });
    await this.save();
  }

  async move(pageId: string, toIndex: number): Promise<void> {
    const ids = this.manifest.pages.map((p) => p.id).filter((id) => id !== pageId);
    this.find(pageId);
    ids.splice(Math.max(0, Math.min(toIndex, ids.length)), 0, pageId);
    await this.reorder(ids);
  }

  /**
   * Turns a stored page clockwise by a quarter turn. Pixels are turned (so OCR and thumbnails see the page
   * upright); a JPEG page is re-encoded once at the profile's quality, a bi-level page stays lossless, and a
   * kept PDF page only changes its /Rotate.
   */
  async rotate(pageId: string, turn: 90 | 180 | 270): Promise<JobPage> {
    await this.flush();
    const page = this.find(pageId);
    let bytes: Buffer;
    if (page.encoding === 'pdf') {
      bytes = Buffer.from(await turnVectorPage(await readFile(this.pagePath(page)), turn));
    } else {
      let src = sharp(this.pagePath(page)).rotate(turn);
      if (page.colorMode !== 'color') src = src.toColourspace('b-w');
      if (page.encoding === 'jpeg') {
        bytes = await src.jpeg(jpegOptions(page.jpegQuality ?? this.profile.jpegQuality)).toBuffer();
      } else {
        const raw = await src.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
        bytes = encodeBilevelPng(raw.data, raw.info.width, raw.info.height, page.dpi);
      }
    }
    const id = this.allocId();
    const file = `${PAGES}/${id}${{ jpeg: '.jpg', png1: '.png', pdf: '.pdf' }[page.encoding]}`;
    await writeFileAtomic(join(this.dir, file), bytes);
    const turned = turn !== 180;
    const updated: JobPage = {
      ...page,
      id,
      file,
      widthPx: turned ? page.heightPx : page.widthPx,
      heightPx: turned ? page.widthPx : page.heightPx,
      rotation: (((page.rotation + turn) % 360) as QuarterTurn),
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    this.manifest.pages = this.manifest.pages.map((p) => (p.id === pageId ? updated : p));
    await this.save();
    await rm(this.pagePath(page), { force: true });
    return updated;
  }

  /** The clerk overrides blank detection (a page with faint content, or a blank sheet used as separator). */
  async setBlank(pageId: string, blank: boolean): Promise<void> {
    await this.flush();
    this.find(pageId).blank = blank;
    await this.save();
  }

  async setComponents(components: JobComponent[]): Promise<void> {
    await this.flush();
    this.manifest.components = componentsChecked(components);
    const codes = new Set(components.map((c) => c.code));
    for (const p of this.manifest.pages) if (p.component && !codes.has(p.component)) delete p.component;
    await this.save();
  }

  /** Assigns pages by 1-based inclusive ranges of the current order: [{ code, from, to }]. */
  async splitByRanges(ranges: readonly { code: string; from: number; to: number }[]): Promise<void> {
    await this.flush();
    const pages = this.manifest.pages;
    const known = new Set(this.manifest.components.map((c) => c.code));
    const taken = new Set<number>();
    for (const r of ranges) {
      if (!known.has(r.code)) throw new ScanJobError(`Chưa khai báo thành phần hồ sơ ${r.code}.`);
      if (!(Number.isInteger(r.from) && Number.isInteger(r.to) && r.from >= 1 && r.to >= r.from && r.to <= pages.length)) {
        throw new ScanJobError(`Khoảng trang ${r.from}–${r.to} không hợp lệ (lượt quét có ${pages.length} trang).`);
      }
      for (let n = r.from; n <= r.to; n++) {
        if (taken.has(n)) throw new ScanJobError(`Trang ${n} thuộc hai khoảng trang.`);
        taken.add(n);
      }
    }
    for (const r of ranges) for (let n = r.from; n <= r.to; n++) pages[n - 1].component = r.code;
    await this.save();
  }

  /**
   * Splits the stack at blank separator sheets: the groups of non-blank pages between blank pages go to
   * the components in the given order. The separators stay in the job, marked blank (not in the PDFs).
   */
  async splitAtBlankSeparators(codes: readonly string[]): Promise<void> {
    await this.flush();
    const groups: JobPage[][] = [];
    let current: JobPage[] = [];
    for (const p of this.manifest.pages) {
      if (p.blank) {
        if (current.length) groups.push(current);
        current = [];
      } else {
        current.push(p);
      }
    }
    if (current.length) groups.push(current);
    if (groups.length !== codes.length) {
      throw new ScanJobError(`Tờ phân cách chia xấp giấy thành ${groups.length} nhóm, nhưng có ${codes.length} thành phần hồ sơ.`);
    }
    const known = new Set(this.manifest.components.map((c) => c.code));
    for (const code of codes) if (!known.has(code)) throw new ScanJobError(`Chưa khai báo thành phần hồ sơ ${code}.`);
    groups.forEach((g, i) => { for (const p of g) p.component = codes[i]; });
    await this.save();
  }

  /** The profile a page was processed with. */
  profileIdOf(page: Pick<JobPage, 'profileId'>): string {
    return page.profileId ?? this.profile.id;
  }

  /** Pages of a component in job order (blank ones excluded unless asked). */
  componentPages(code: string, includeBlank = false): JobPage[] {
    return this.manifest.pages.filter((p) => p.component === code && (includeBlank || !p.blank));
  }

  pageCounts(): ComponentCount[] {
    return this.manifest.components.map((c) => {
      const scanned = this.componentPages(c.code).length;
      const expected = c.expectedPages ?? null;
      const label = expected === null ? `${scanned} trang đã quét` : `${scanned} trang đã quét / ${expected} trang theo hồ sơ`;
      return { code: c.code, name: c.name, scanned, expected, label };
    });
  }

  /** One PDF per component that has pages, written atomically into `outDir/<code>.pdf`. */
  async buildComponentPdfs(opts: BuildOptions): Promise<BuiltComponent[]> {
    await this.flush();
    await mkdir(opts.outDir, { recursive: true });
    const scannedAt = opts.scannedAt ?? new Date();
    const built: BuiltComponent[] = [];
    for (const c of this.manifest.components) {
      const pages = this.componentPages(c.code, opts.includeBlank);
      if (pages.length === 0) continue;
      const known = opts.documentOf?.(c.code);
      const pdf = await buildComponentPdf({
        dossierNumber: opts.dossierNumber,
        componentCode: known?.code || c.code,
        componentName: known?.name || c.name,
        scannedBy: opts.scannedBy,
        scannedAt,
        fontDir: opts.fontDir,
        pages: pages.map((p) => ({ ...p, path: this.pagePath(p) })),
      });
      const path = join(opts.outDir, `${safeFileName(c.code)}.pdf`);
      await writeFileAtomic(path, pdf.pdfBytes);
      built.push({
        code: c.code,
        path,
        sha256: pdf.sha256,
        bytes: pdf.pdfBytes.length,
        record: pdf.record,
        pageImages: pages.map((p) => ({ path: this.pagePath(p), dpi: p.dpi })),
      });
    }
    return built;
  }

  // ---- internals ----

  private find(pageId: string): JobPage {
    const p = this.manifest.pages.find((x) => x.id === pageId);
    if (!p) throw new ScanJobError(`Không có trang ${pageId} trong lượt quét.`);
    return p;
  }

  private allocId(): string {
    return `p${String(this.manifest.nextPageNo++).padStart(4, '0')}`;
  }

  private async save(): Promise<void> {
    this.manifest.updatedAt = formatIsoVn(new Date());
    await writeFileAtomic(join(this.dir, MANIFEST), JSON.stringify(this.manifest, null, 1));
  }

  private async slot<T>(work: () => Promise<T>): Promise<T> {
    while (this.inFlight >= PARALLEL_PAGES) await new Promise<void>((r) => this.slotWaiters.push(r));
    this.inFlight++;
    try {
      return await work();
    } finally {
      this.inFlight--;
      this.slotWaiters.shift()?.();
    }
  }

  /**
   * Pages are processed up to PARALLEL_PAGES at a time but committed (manifest updated) one by one in the
   * order they were handed over, so the manifest always lists a prefix of the scanned stack.
   */
  private processAndCommit(input: ScannedPage, opts: AddPageOptions, place: (page: JobPage) => void): Promise<JobPage> {
    if (opts.component && !this.manifest.components.some((c) => c.code === opts.component)) {
      return Promise.reject(new ScanJobError(`Chưa khai báo thành phần hồ sơ ${opts.component}.`));
    }
    const id = this.allocId();
    const profile = opts.profile ? scanProfileSchema.parse(opts.profile) : this.profile;
    // Counter work from hand-over to commit: background OCR waits meanwhile (base/counter-work.ts).
    const endWork = counterWork.begin();
    const processing = this.slot(() => processPage(input, { profile, outputBase: join(this.dir, PAGES, id), rotation: opts.rotation, raster: opts.raster }));
    processing.catch(() => undefined); // reported through the commit promise below
    const commit = this.commitChain.catch(() => undefined).then(async () => {
      let processed: ProcessedPage;
      try {
        processed = await processing;
      } catch (e) {
        // The decoder's words (libvips, poppler) are English: they go to `detail`, the clerk gets what to do.
        if (e instanceof PageProblem) throw new ScanJobError(e.message, e.detail);
        throw new ScanJobError('Ảnh của trang bị hỏng hoặc không đọc được nên trang này không được lưu. Hãy quét hoặc nhập lại trang này.', (e as Error).message);
      }
      const { processedPath, ...rest } = processed;
      const page: JobPage = {
        ...rest,
        id,
        file: `${PAGES}/${processedPath.slice(join(this.dir, PAGES).length + 1)}`,
        ...(opts.component ? { component: opts.component } : {}),
        ...(profile.id !== this.profile.id ? { profileId: profile.id, jpegQuality: profile.jpegQuality } : {}),
        addedAt: formatIsoVn(new Date()),
      };
      place(page);
      await this.save();
      return page;
    });
    commit.then(endWork, endWork);
    this.commitChain = commit;
    return commit;
  }
}

function componentsChecked(components: JobComponent[]): JobComponent[] {
  const parsed = z.array(componentSchema).parse(components);
  const codes = new Set(parsed.map((c) => c.code));
  if (codes.size !== parsed.length) throw new ScanJobError('Mã thành phần hồ sơ bị trùng.');
  return parsed;
}

function safeFileName(code: string): string {
  return code.replace(/[^A-Za-z0-9._-]/g, '_');
}
