// Mẫu 07 – Sổ theo dõi hồ sơ: the dossiers received in a period, one numbered row each, as a PDF document of
// the office (printed and reprinted through PrintService, every print logged) and as an Excel workbook with
// the same columns. Hand-over, result and return times come from the workflow's tables.
import type { EntityManager } from 'typeorm';
import { statusName, type OfficeView, type User } from '../../shared/contract';
import { partiesLine } from '../../shared/intake/parties';
import { fromVnParts } from '../../shared/time/vn-time';
import type { Form07Data, RegisterEntry } from '../documents/types';
import { AppError, notFound } from '../base/errors';
import type { Database } from '../persistence/database';
import { DocumentEntity, type DocumentRow } from '../persistence/entities';
import { writeAudit } from './audit';
import { parsePayload, type DocumentService } from './document-service';
import { officeHeader } from './form-payloads';

/** A register book is a month, a quarter or a year of dossiers; past this many rows a shorter period is asked for. */
export const REGISTER_MAX_ENTRIES = 20_000;
export const REGISTER_MAX_DAYS = 366;

/** Statuses the note column names: the dossier did not end with its result. */
const NOTED_STATUSES = new Set([3, 5, 6, 7, 8]);

interface EntryRow {
  id: string; number: string; provisional: number; procedure_name: string; set_count: number; applicant_name: string;
  applicant_address: string; applicant_phone: string; received_at: string; due_at: string | null; status: number;
  transferred_at: string | null; handler: string | null; result_at: string | null; returned_at: string | null;
  original_due_at: string | null; extensions: number | null;
}

const dayStart = (key: string) => {
  const [y, m, d] = key.split('-').map(Number);
  return fromVnParts(y!, m!, d!);
};

/** Days from `from` to `to`, both counted (calendar days, no time zone involved). */
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/**
 * The dossiers received (status 2 at some point: not those refused or sent back at the counter) from the start
 * of `from` to the end of `to`, Vietnam days, in order of receipt.
 */
export async function registerEntries(em: EntityManager, from: string, to: string, limit = REGISTER_MAX_ENTRIES + 1): Promise<RegisterEntry[]> {
  const start = dayStart(from).toISOString();
  const end = new Date(dayStart(to).getTime() + 86_400_000).toISOString();
  const rows = await em.query(
    `SELECT d.id, d.number, d.provisional, d.procedure_name, d.set_count, d.applicant_name, d.applicant_address, d.applicant_phone,
            d.received_at, d.due_at, d.status, w.original_due_at, w.extensions,
            (SELECT h.handed_at FROM hand_over h WHERE h.dossier_id = d.id AND h.step = 'counter' ORDER BY h.handed_at, h.id LIMIT 1) AS transferred_at,
            (SELECT u.full_name FROM hand_over h JOIN app_user u ON u.id = h.to_user_id
              WHERE h.dossier_id = d.id AND h.step = 'counter' ORDER BY h.handed_at, h.id LIMIT 1) AS handler,
            (SELECT MIN(e.at) FROM dossier_event e WHERE e.dossier_id = d.id AND e.kind = 'status' AND e.to_status = 9) AS result_at,
            r.returned_at
       FROM dossier d
       LEFT JOIN dossier_workflow w ON w.dossier_id = d.id
       LEFT JOIN dossier_return r ON r.dossier_id = d.id
      WHERE d.received_at >= ? AND d.received_at < ?
        AND EXISTS (SELECT 1 FROM dossier_event e WHERE e.dossier_id = d.id AND e.kind = 'status' AND e.to_status = 2)
      ORDER BY d.received_at, d.rowid
      LIMIT ?`, [start, end, limit]) as EntryRow[];
  // The other parties (both spouses of a marriage) in the book's "Tên cá nhân, tổ chức", as form 01 names them.
  const parties = new Map<string, { fullName: string }[]>();
  const partyRows = await em.query(
    `SELECT p.dossier_id, p.full_name FROM dossier_party p JOIN dossier d ON d.id = p.dossier_id
      WHERE d.received_at >= ? AND d.received_at < ? ORDER BY p.dossier_id, p.position`, [start, end]) as { dossier_id: string; full_name: string }[];
  for (const p of partyRows) {
    let list = parties.get(p.dossier_id);
    if (!list) parties.set(p.dossier_id, (list = []));
    list.push({ fullName: p.full_name });
  }
  return rows.map((r, i) => {
    const notes: string[] = [];
    if (NOTED_STATUSES.has(r.status)) notes.push(statusName(r.status));
    if (r.extensions) notes.push('Gia hạn');
    return {
      index: i + 1,
      dossierNumber: r.number,
      provisional: !!r.provisional,
      procedureName: r.procedure_name,
      setCount: r.set_count,
      applicantName: partiesLine(r.applicant_name, parties.get(r.id) ?? []),
      applicantAddress: r.applicant_address || undefined,
      applicantPhone: r.applicant_phone || undefined,
      processingBody: r.handler ?? undefined,
      receivedAt: new Date(r.received_at),
      // The due date given at receipt: the book records the appointment; an extension is noted beside it.
      dueAt: r.original_due_at ? new Date(r.original_due_at) : r.due_at ? new Date(r.due_at) : undefined,
      transferredAt: r.transferred_at ? new Date(r.transferred_at) : undefined,
      resultAt: r.result_at ? new Date(r.result_at) : undefined,
      returnedAt: r.returned_at ? new Date(r.returned_at) : undefined,
      note: notes.join('; ') || undefined,
    };
  });
}

export interface RegisterBookRequest { from: string; to: string; bookNumber: string }

export interface RegisterBookResult {
  document: DocumentRow;
  entries: number;
  reused: boolean;
  xlsx: Buffer;
  fileName: string;
}

export class RegisterBookService {
  constructor(private readonly db: Database, private readonly documents: DocumentService) {}

  /** The book as a stored PDF (or the last one, if it would print the same) and its workbook. */
  async make(req: RegisterBookRequest, office: OfficeView, user: User, now: Date): Promise<RegisterBookResult> {
    checkPeriod(req);
    await this.documents.renderer(); // fonts and templates before the write lock (reserve reads the template)
    // Read outside the serialized write: a month of rows should not hold every other writer up. The book is
    // the period as it stood when asked for.
    const entries = await this.db.read((em) => registerEntries(em, req.from, req.to));
    if (entries.length > REGISTER_MAX_ENTRIES) {
      throw new AppError('VALIDATION', `Khoảng thời gian có hơn ${REGISTER_MAX_ENTRIES.toLocaleString('vi-VN')} hồ sơ — hãy chọn khoảng ngắn hơn (VD một tháng) để lập sổ.`,
        [{ field: 'to', message: 'Chọn ngày kết thúc sớm hơn.', severity: 'error' }]);
    }
    const data: Form07Data = { office: officeHeader(office), bookNumber: req.bookNumber, from: req.from, to: req.to, entries, issuedAt: now };
    const result = await this.db.write(async (em) => {
      const last = await em.findOne(DocumentEntity, { where: { kind: 'form07' }, order: { createdAt: 'DESC' } });
      if (last?.payloadJson && sameBook(last.payloadJson, data)) return { row: last, data: parsePayload(last.payloadJson).data as Form07Data, reused: true };
      const row = await this.documents.reserve(em, { kind: 'form07', data }, null, '', user.id, now);
      await writeAudit(em, {
        at: now, userId: user.id, action: 'document.registerBook', entity: 'document', entityId: row.id,
        after: { kind: row.kind, bookNumber: req.bookNumber, from: req.from, to: req.to, entries: entries.length },
      });
      return { row, data, reused: false };
    });
    const document = await this.documents.complete(result.row);
    const xlsx = await this.workbook(result.data);
    return { document, entries: result.data.entries.length, reused: result.reused, xlsx, fileName: workbookName(req) };
  }

  /** The workbook of a book made before, from the rows it was made with. */
  async workbookOf(documentId: string): Promise<{ xlsx: Buffer; fileName: string }> {
    const row = await this.db.read((em) => em.findOneBy(DocumentEntity, { id: documentId }));
    if (!row || row.kind !== 'form07' || !row.payloadJson) throw notFound('sổ theo dõi hồ sơ');
    const data = parsePayload(row.payloadJson).data as Form07Data;
    return { xlsx: await this.workbook(data), fileName: workbookName(data) };
  }

  private async workbook(data: Form07Data): Promise<Buffer> {
    const renderer = await this.documents.renderer();
    // exceljs is loaded on the first export, not with the app.
    const { registerWorkbook } = await import('../documents/register-xlsx');
    return registerWorkbook(renderer.templateFor('07', data.issuedAt), renderer.commonTexts, data);
  }

  /** Register books made so far, newest first, with how often each was printed. */
  async list(limit: number): Promise<{ document: DocumentRow; bookNumber: string; from: string; to: string; entries: number; prints: number }[]> {
    return this.db.read(async (em) => {
      const rows = await em.find(DocumentEntity, { where: { kind: 'form07' }, order: { createdAt: 'DESC' }, take: limit });
      const prints = new Map((await em.query(
        `SELECT document_id AS id, COUNT(*) AS n FROM print_job WHERE kind = 'form07' AND ok = 1 GROUP BY document_id`) as { id: string; n: number }[])
        .map((p) => [p.id, p.n]));
      return rows.map((document) => {
        const data = parsePayload(document.payloadJson).data as Form07Data;
        return { document, bookNumber: data.bookNumber, from: data.from, to: data.to, entries: data.entries.length, prints: prints.get(document.id) ?? 0 };
      });
    });
  }
}

function checkPeriod(req: RegisterBookRequest): void {
  if (req.to < req.from) {
    throw new AppError('VALIDATION', 'Ngày kết thúc trước ngày bắt đầu — hãy chọn lại khoảng thời gian của sổ.',
      [{ field: 'to', message: 'Chọn ngày kết thúc từ ngày bắt đầu trở đi.', severity: 'error' }]);
  }
  if (daysBetween(req.from, req.to) > REGISTER_MAX_DAYS) {
    throw new AppError('VALIDATION', `Một quyển sổ theo dõi tối đa ${REGISTER_MAX_DAYS} ngày — hãy chọn khoảng ngắn hơn.`,
      [{ field: 'to', message: `Chọn ngày kết thúc trong vòng ${REGISTER_MAX_DAYS} ngày kể từ ngày bắt đầu.`, severity: 'error' }]);
  }
}

/** Same book, period and rows, apart from the day it was made: the same book. */
function sameBook(storedJson: string, data: Form07Data): boolean {
  const stored = parsePayload(storedJson);
  const strip = (d: object) => JSON.stringify({ ...d, issuedAt: undefined });
  return stored.kind === 'form07' && strip(stored.data) === strip(data);
}

/** "so-theo-doi-ho-so_quyen-02-2026_2026-11-01_2026-11-30.xlsx": ASCII, no separators a file system refuses. */
function workbookName(req: RegisterBookRequest): string {
  const book = req.bookNumber.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^0-9A-Za-z]+/g, '-').replace(/^-|-$/g, '');
  return `so-theo-doi-ho-so_quyen-${book || 'khong-so'}_${req.from}_${req.to}.xlsx`;
}
