// What each outbox item carries, in the words of the sync screen: the file's name and the paper it is, the
// dossier's procedure and applicant, the status change. Without it three uploads of one dossier read as three
// identical "Tải tệp lên" rows.
import type { Database as Raw } from 'better-sqlite3';
import { prepared } from '../persistence/prepared';
import { currentFileName } from './local-state';
import { itemDetail, type ItemFacts } from './messages';
import { isOutboxKind, itemsBySeq, type FileUploadPayload, type ItemSnapshot, type ProgressItemPayload } from './outbox';

interface DossierFacts { number: string; former: string[]; procedureName: string; applicantName: string }

/** The detail line of each item, by seq (null where there is nothing to add to the kind). */
export function describeItems(raw: Raw, seqs: readonly number[]): Map<number, string | null> {
  const items = itemsBySeq(raw, seqs);
  const dossiers = dossierFacts(raw, [...new Set(items.map((i) => i.dossierId).filter((d): d is string => !!d))]);
  const components = componentNames(raw, items);
  return new Map(items.map((i) => [i.seq, itemDetail(i.kind, factsOf(i, dossiers.get(i.dossierId ?? ''), components))]));
}

/** One item's detail (the wording of an action's outcome). */
export function describeItem(raw: Raw, item: ItemSnapshot): string | null {
  return describeItems(raw, [item.seq]).get(item.seq) ?? null;
}

function factsOf(item: ItemSnapshot, dossier: DossierFacts | undefined, components: Map<string, string>): ItemFacts {
  const payload = parse(item);
  if (!payload) return {};
  if (item.kind === 'file.upload') {
    const f = payload as Partial<FileUploadPayload>;
    return {
      // The name it goes under: the provisional number in it becomes the official one when that has arrived.
      fileName: f.fileName && dossier ? currentFileName(f.fileName, dossier.number, dossier.former) : f.fileName,
      componentCode: f.componentCode, role: f.role, documentName: f.documentName,
      componentName: f.fileKey ? components.get(f.fileKey) ?? null : null,
    };
  }
  if (item.kind === 'dossier.progress') {
    const p = payload as Partial<ProgressItemPayload>;
    return { fromStatus: p.fromStatus ?? null, toStatus: typeof p.toStatus === 'number' ? p.toStatus : undefined };
  }
  return { procedureName: dossier?.procedureName ?? null, applicantName: dossier?.applicantName ?? null };
}

function parse(item: ItemSnapshot): Record<string, unknown> | null {
  if (!isOutboxKind(item.kind)) return null;
  try {
    const v = JSON.parse(item.payloadJson) as unknown;
    return typeof v === 'object' && v !== null ? v as Record<string, unknown> : null;
  } catch {
    return null; // a damaged payload is the drainer's to report; the row just shows its kind
  }
}

function dossierFacts(raw: Raw, ids: string[]): Map<string, DossierFacts> {
  const out = new Map<string, DossierFacts>();
  if (!ids.length) return out;
  const json = JSON.stringify(ids);
  const rows = prepared(raw, `SELECT id, number, procedure_name, applicant_name FROM dossier WHERE id IN (SELECT value FROM json_each(?))`).all(json) as
    { id: string; number: string; procedure_name: string; applicant_name: string }[];
  for (const r of rows) out.set(r.id, { number: r.number, former: [], procedureName: r.procedure_name, applicantName: r.applicant_name });
  const former = prepared(raw, `SELECT dossier_id, number FROM dossier_number_history WHERE dossier_id IN (SELECT value FROM json_each(?))`).all(json) as
    { dossier_id: string; number: string }[];
  for (const f of former) out.get(f.dossier_id)?.former.push(f.number);
  return out;
}

/** A digitized file's component (or result paper) name, by its file key (the digitized file's id). */
function componentNames(raw: Raw, items: ItemSnapshot[]): Map<string, string> {
  const keys = items.filter((i) => i.kind === 'file.upload').map((i) => (parse(i) as Partial<FileUploadPayload> | null)?.fileKey).filter((k): k is string => !!k);
  if (!keys.length) return new Map();
  const rows = prepared(raw, `SELECT id, component_name FROM digitized_file WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(keys)) as
    { id: string; component_name: string }[];
  return new Map(rows.map((r) => [r.id, r.component_name]));
}
