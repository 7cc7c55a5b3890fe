// Certificates on pre-printed blanks (issue 11 #3): preview over the blank's image, the printer's calibration
// and its page, the test print, printing an entry's certificate with the printer's offset, the reprint after a
// spoiled blank, and the log of issued copies. The values come from the civil-status register (EntrySource);
// the preview and the test print also take values given by hand (the template's sample by default).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CALIBRATION_MARKS, CERTIFICATE_KIND_NAMES, COPY_KIND_NAMES, EXTRACT_KIND, type CalibrationOffset, type CertificateKind, type CertificateTemplate, type CopyKind,
} from '../../../shared/certificates/template';
import type { CertificateIssue } from '../../../shared/contract/api-certificates';
import { formatDateTimeVn, vnDateKey } from '../../../shared/time/vn-time';
import { AppError } from '../../base/errors';
import { PrintError, type PrinterDriver } from '../../devices/printing';
import type { BlankRenderer } from '../../documents/blank-print/blank-renderer';
import { BlankFitError } from '../../documents/blank-print/fit';
import type { StoredTemplate } from '../../documents/blank-print/templates';
import type { Database } from '../../persistence/database';
import { writeAudit } from '../audit';
import { Calibrations } from './calibrations';
import { IssueLog, totalsOf } from './issue-log';
import type { TemplateCatalog } from './template-catalog';

/** "ngang +1,5 mm, dọc −2 mm": as the officer reads a ruler, Vietnamese decimal comma. */
export function offsetWords(o: CalibrationOffset): string {
  const mm = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : ''}${String(Math.abs(v)).replace('.', ',')} mm`;
  return `ngang ${mm(o.x)}, dọc ${mm(o.y)}`;
}

/** What the register says an entry's certificate prints. */
export interface EntryCertificate {
  entryId: string;
  kind: CertificateKind;
  dossierId: string | null;
  /** Values by certificate key (civil-status's certificateFieldsOf). */
  fields: Record<string, string>;
  /** A cancelled entry prints nothing. */
  cancelled: boolean;
  /** An extract-copy entry: its paper is an extract of the entry it cites, never an original. */
  extractOnly?: boolean;
}

const originalTwice = () => new AppError('CONFLICT',
  'Bản chính của mục này đã được cấp. Nếu phôi bị hỏng khi in, hãy dùng "Phôi hỏng — in lại" với số seri phôi hỏng; nếu cần thêm bản, hãy in bản sao trích lục.');
/** Looks an entry up in the civil-status register; null when there is no such entry. */
export type EntrySource = (entryId: string) => Promise<EntryCertificate | null>;

export interface CertificateServiceDeps {
  db: Database;
  driver: PrinterDriver;
  catalog: TemplateCatalog;
  renderer: () => Promise<BlankRenderer>;
  entries: EntrySource;
}

export interface PrintInput { entryId: string; copyKind: CopyKind; copies: number; printer: string; blankSerial: string; kind?: CertificateKind }

/** What an issue still 'pending' but no longer being sent says: the app stopped between claiming it and the spooler's answer. */
export const INTERRUPTED_PRINT = 'Ứng dụng đã dừng khi đang gửi lệnh in này nên không rõ máy in đã in ra hay chưa. Hãy xem tờ phôi rồi chọn "Đã in ra" hoặc "Chưa in ra".';

export class CertificateService {
  readonly calibrations: Calibrations;
  readonly log: IssueLog;
  /** Issues this process is sending now. A pending one not among them was cut off by a stop or a crash. */
  private readonly sending = new Set<string>();

  constructor(private readonly d: CertificateServiceDeps) {
    this.calibrations = new Calibrations(d.db);
    this.log = new IssueLog(d.db);
  }

  get catalog(): TemplateCatalog {
    return this.d.catalog;
  }

  /** Lays out first: a value that does not fit is refused with its field's name, as a validation problem. */
  private async draw(t: CertificateTemplate, values: Record<string, string>, opts: { offset?: CalibrationOffset; background?: Uint8Array; forPrinter?: boolean; at: Date }) {
    const renderer = await this.d.renderer();
    try {
      return (await renderer.render(t, values, { ...opts, title: t.name })).bytes;
    } catch (e) {
      if (e instanceof BlankFitError) throw new AppError('VALIDATION', e.message, [{ field: `fields.${e.fieldKey}`, message: e.message, severity: 'error' }]);
      throw e;
    }
  }

  /** The certificate over the blank's image, no printer offset (the image is the sheet). */
  async preview(kind: CertificateKind, source: { entryId?: string; fields?: Record<string, string> }, at: Date): Promise<{ bytes: Uint8Array; stored: StoredTemplate }> {
    const stored = await this.d.catalog.inForce(kind, at);
    const { template } = stored;
    const values = source.entryId ? (await this.entry(source.entryId, kind)).fields : { ...template.sample, ...(source.fields ?? {}) };
    const image = await this.d.catalog.blankImage(template);
    return { bytes: await this.draw(template, values, { background: image?.bytes, at }), stored };
  }

  async calibrationPage(printer: string, applyOffset: boolean, print: boolean, at: Date) {
    const offset = applyOffset ? await this.calibrations.get(printer) : undefined;
    const bytes = await (await this.d.renderer()).calibrationPage({ printer, offset: offset && { x: offset.x, y: offset.y }, at });
    const printed = print ? (await this.spool(printer, bytes, 1, 'Trang căn chỉnh')).printer : null;
    return { bytes, marks: CALIBRATION_MARKS.map((m) => ({ ...m })), printed };
  }

  async testPrint(kind: CertificateKind, printer: string, fields: Record<string, string> | undefined, at: Date) {
    const { template } = await this.d.catalog.inForce(kind, at);
    const cal = await this.calibrations.get(printer);
    const offset = { x: cal.x, y: cal.y };
    const bytes = await this.draw(template, { ...template.sample, ...(fields ?? {}) }, { offset, forPrinter: true, at });
    const outcome = await this.spool(printer, bytes, 1, `In thử ${template.name}`);
    return {
      printer: outcome.printer, jobId: outcome.jobId ?? '', offset,
      message: `Đã gửi bản in thử ${CERTIFICATE_KIND_NAMES[kind]} (dữ liệu mẫu) tới máy in ${outcome.printer}, độ lệch ${offsetWords(offset)}.`,
    };
  }

  private async entry(entryId: string, kind?: CertificateKind): Promise<EntryCertificate> {
    const e = await this.d.entries(entryId);
    if (!e) throw new AppError('NOT_FOUND', 'Không tìm thấy mục đăng ký hộ tịch này trong sổ. Hãy mở lại hồ sơ rồi in.');
    if (e.cancelled) throw new AppError('CONFLICT', 'Mục đăng ký này đã bị hủy trong sổ hộ tịch: không in giấy tờ cho mục đã hủy.');
    if (kind && kind !== e.kind && kind !== EXTRACT_KIND[e.kind]) {
      throw new AppError('VALIDATION', `Mục đăng ký này in ${CERTIFICATE_KIND_NAMES[e.kind]}, không phải ${CERTIFICATE_KIND_NAMES[kind]}.`,
        [{ field: 'kind', message: 'Loại giấy không khớp với mục đăng ký.', severity: 'error' }]);
    }
    return e;
  }

  /** Prints an entry's certificate and logs the issue (sent or failed); the original is issued once. */
  async print(input: PrintInput, userId: string, at: Date): Promise<{ issue: CertificateIssue; message: string }> {
    const entry = await this.entry(input.entryId, input.kind);
    if (input.copyKind === 'original' && entry.extractOnly) {
      throw new AppError('VALIDATION', 'Mục cấp bản sao trích lục chỉ in bản sao trích lục, không in bản chính.',
        [{ field: 'copyKind', message: 'Chọn bản sao trích lục.', severity: 'error' }]);
    }
    if (input.copyKind === 'original' && (await this.d.db.read((em) => this.log.originalIssued(em, entry.entryId)))) throw originalTwice();
    return this.printIssue(entry, { copyKind: input.copyKind, copies: input.copies, printer: input.printer, blankSerial: input.blankSerial, reprintOf: null }, userId, at);
  }

  /** The blank of `issueId` was spoiled in the printer: mark it with its serial, print the same copy again. */
  async reprintSpoiled(input: { issueId: string; spoiledSerial: string; blankSerial: string; printer?: string }, userId: string, at: Date) {
    const issue = await this.log.get(input.issueId);
    if (!issue) throw new AppError('NOT_FOUND', 'Không tìm thấy lần in này trong sổ cấp bản. Hãy mở lại danh sách bản đã cấp.');
    if (issue.state !== 'sent') throw new AppError('CONFLICT', 'Lần in này không gửi được tới máy in nên không có phôi hỏng; hãy in lại bình thường.');
    if (issue.spoiled) throw new AppError('CONFLICT', `Phôi của lần in này đã được ghi hỏng (seri ${issue.spoiledSerial}). Hãy in lại từ lần in mới nhất.`);
    if (issue.blankSerial && issue.blankSerial !== input.spoiledSerial) {
      throw new AppError('VALIDATION', `Lần in này dùng phôi seri ${issue.blankSerial}, khác số seri phôi hỏng vừa nhập (${input.spoiledSerial}). Hãy đối chiếu số seri in trên phôi.`,
        [{ field: 'spoiledSerial', message: `Phôi của lần in này: ${issue.blankSerial}`, severity: 'error' }]);
    }
    if (input.blankSerial && input.blankSerial === input.spoiledSerial) {
      throw new AppError('VALIDATION', 'Số seri phôi mới trùng số seri phôi hỏng. Hãy nhập số seri của tờ phôi mới đặt vào máy in.',
        [{ field: 'blankSerial', message: 'Trùng phôi hỏng.', severity: 'error' }]);
    }
    const entry = await this.entry(issue.entryId);
    return this.printIssue(entry, {
      copyKind: issue.copyKind, copies: issue.copies, printer: input.printer ?? issue.printer, blankSerial: input.blankSerial,
      reprintOf: issue.id, spoiled: { serial: input.spoiledSerial },
    }, userId, at);
  }

  private async printIssue(entry: EntryCertificate, p: {
    copyKind: CopyKind; copies: number; printer: string; blankSerial: string; reprintOf: string | null; spoiled?: { serial: string };
  }, userId: string, at: Date): Promise<{ issue: CertificateIssue; message: string }> {
    // An extract goes on plain paper (its full-page template), the original on the entry's blank.
    const kind = p.copyKind === 'extract' ? EXTRACT_KIND[entry.kind] : entry.kind;
    const { template } = await this.d.catalog.inForce(kind, at);
    const cal = await this.calibrations.get(p.printer);
    const offset = { x: cal.x, y: cal.y };
    const bytes = await this.draw(template, entry.fields, { offset, forPrinter: true, at });
    const id = crypto.randomUUID();
    // The issue is claimed before the printer gets it (one transaction: the original once, a serial once, the
    // spoiled blank marked — a fact whatever the reprint does), so two PCs printing the same entry at once cannot
    // both print an original, and nothing prints that the log does not hold.
    await this.d.db.write(async (em) => {
      if (p.spoiled && p.reprintOf && !(await this.log.markSpoiled(em, p.reprintOf, p.spoiled.serial, userId, at))) {
        throw new AppError('CONFLICT', 'Phôi của lần in này vừa được ghi hỏng ở máy khác. Hãy mở lại danh sách bản đã cấp.');
      }
      if (p.copyKind === 'original' && (await this.log.originalIssued(em, entry.entryId))) throw originalTwice();
      if (p.blankSerial && (await this.log.serialUsed(em, p.blankSerial))) {
        throw new AppError('CONFLICT', `Phôi seri ${p.blankSerial} đã được dùng cho một lần in khác. Hãy kiểm tra số seri trên tờ phôi đặt vào máy in.`,
          [{ field: 'blankSerial', message: 'Số seri đã dùng.', severity: 'error' }]);
      }
      await this.log.insert(em, {
        id, entryId: entry.entryId, dossierId: entry.dossierId, kind, copyKind: p.copyKind, copies: p.copies,
        templateId: template.id, templateVersion: template.version, printer: p.printer, offset, blankSerial: p.blankSerial,
        reprintOf: p.reprintOf, state: 'pending', jobId: '', error: '', fields: entry.fields, at, day: vnDateKey(at), userId,
      });
    });
    let state: 'sent' | 'failed' = 'sent';
    let jobId = '';
    let error = '';
    let printer = p.printer;
    this.sending.add(id);
    try {
      const outcome = await this.spool(p.printer, bytes, p.copies, `${CERTIFICATE_KIND_NAMES[kind]} ${entry.entryId.slice(0, 8)}`);
      jobId = outcome.jobId ?? '';
      printer = outcome.printer;
    } catch (e) {
      state = 'failed';
      error = e instanceof AppError ? e.message : String(e);
    }
    try {
      await this.d.db.write((em) => this.log.finish(em, id, { state, jobId, error, printer }));
    } finally {
      this.sending.delete(id);
    }
    if (state === 'failed') throw new AppError('PRINT_FAILED', `${error} Chưa ghi cấp bản; phôi chưa dùng có thể in lại.`);
    const issue = (await this.log.get(id))!;
    const what = `${p.copies} ${COPY_KIND_NAMES[p.copyKind].toLocaleLowerCase('vi')} ${CERTIFICATE_KIND_NAMES[kind]}`;
    const spoiledNote = p.spoiled ? ` Đã ghi phôi hỏng seri ${p.spoiled.serial}.` : '';
    return { issue, message: `Đã gửi ${what} tới máy in ${printer} (độ lệch ${offsetWords(offset)}).${spoiledNote}` };
  }

  async issues(q: { entryId: string } | { day: string }) {
    const issues = ('entryId' in q ? await this.log.byEntry(q.entryId) : await this.log.byDay(q.day)).map((i) => this.withInterruption(i));
    return { issues, totals: totalsOf(issues) };
  }

  private withInterruption<T extends CertificateIssue>(i: T): T {
    return i.state === 'pending' && !this.sending.has(i.id) ? { ...i, error: INTERRUPTED_PRINT } : i;
  }

  /**
   * The officer's answer for a print cut off by a stop or a crash (INTERRUPTED_PRINT), read from the blank
   * itself: printed, the issue is sent (a spoiled one then goes through reprintSpoiled); not printed, it failed,
   * so its blank serial is free again and an original can be printed. Audited with the answer.
   */
  async settleInterrupted(input: { issueId: string; printed: boolean }, userId: string, at: Date): Promise<{ issue: CertificateIssue; message: string }> {
    const before = await this.log.get(input.issueId);
    if (!before) throw new AppError('NOT_FOUND', 'Không tìm thấy lần in này trong sổ cấp bản. Hãy mở lại danh sách bản đã cấp.');
    if (before.state !== 'pending') throw new AppError('CONFLICT', `Lần in này đã có kết quả (${before.state === 'sent' ? 'đã in' : 'lỗi in'}); không cần chọn lại.`);
    if (this.sending.has(before.id)) throw new AppError('CONFLICT', 'Lệnh in này đang được gửi tới máy in. Hãy chờ kết quả.');
    const state = input.printed ? 'sent' : 'failed';
    const error = input.printed ? '' : 'Chưa in ra: ứng dụng đã dừng khi đang gửi lệnh in.';
    await this.d.db.write(async (em) => {
      // Asked twice at once (two clicks, two windows): the first answer stands, the second is told so.
      if ((await this.log.get(before.id, em))?.state !== 'pending') throw new AppError('CONFLICT', 'Lần in này vừa được trả lời; không cần chọn lại.');
      await this.log.finish(em, before.id, { state, jobId: before.jobId, error, printer: before.printer });
      await writeAudit(em, {
        at, userId, action: 'certificate.interrupted', entity: 'certificate_issue', entityId: before.id,
        before: { state: 'pending', blankSerial: before.blankSerial }, after: { state, printed: input.printed },
      });
    });
    const issue = (await this.log.get(before.id))!;
    const message = input.printed
      ? `Đã ghi: ${issue.copyKindName.toLocaleLowerCase('vi')} lúc ${formatDateTimeVn(new Date(before.at))} đã in ra.`
      : `Đã ghi: lần in lúc ${formatDateTimeVn(new Date(before.at))} chưa in ra${before.blankSerial ? `; phôi seri ${before.blankSerial} dùng lại được` : ''}.`;
    return { issue, message };
  }

  /** Hands the PDF to the spooler from a temporary file, removed once the spooler took it. */
  private async spool(printer: string, bytes: Uint8Array, copies: number, title: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cert-'));
    const file = path.join(dir, 'giay-to.pdf');
    try {
      fs.writeFileSync(file, bytes);
      return await this.d.driver.print({ printer, filePath: file, copies, paper: 'A4', duplex: 'one-sided', title });
    } catch (e) {
      throw new AppError('PRINT_FAILED', e instanceof PrintError ? e.message : `In không thành công: ${(e as Error).message}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

