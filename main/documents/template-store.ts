// Versioned form texts (assets/templates/forms.json). A change of wording is a data change: add an entry
// with a later validFrom and the renderer picks it for forms dated on or after that day (Vietnam time).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { vnDateKey } from '../../shared/time/vn-time';
import type { FormKind } from './types';

const conditionalLine = z.object({ text: z.string(), if: z.string().optional() });
/** A line of text, optionally printed only when the named variable is non-empty. */
export type TemplateLine = z.infer<typeof conditionalLine>;

/** The cells each kind of table fills (the renderer's rows); a template chooses, orders and labels them. */
export const TABLE_KEYS = {
  components: ['index', 'name', 'original', 'certified-copy', 'copy'],
  items: ['index', 'name', 'original', 'certified-copy', 'copy'],
  handovers: ['index', 'parties', 'times', 'giverSign', 'receiverSign', 'outcome', 'note'],
  register: [
    'index', 'dossierNumber', 'procedure', 'setCount', 'applicant', 'contact', 'processingBody',
    'receivedAt', 'dueAt', 'transferredAt', 'resultAt', 'returnedAt', 'signature', 'note',
  ],
} as const;
export type TableName = keyof typeof TABLE_KEYS;

const column = z.object({
  key: z.string().min(1),
  label: z.string().min(1),
  /** Relative width; the columns are scaled to the text width. */
  width: z.number().positive(),
  /** Body cells' alignment; default: left for the name column, centred otherwise. */
  align: z.enum(['left', 'center', 'right']).optional(),
  /** Width in characters when the table is exported to a spreadsheet (form 07). */
  sheetWidth: z.number().positive().optional(),
});
export type TableColumn = z.infer<typeof column>;

const signature = z.object({ title: z.string(), hint: z.string(), name: z.string() });
export type SignatureSpec = z.infer<typeof signature>;

const block = z.union([
  z.object({ text: z.string(), if: z.string().optional() }).strict(),
  z.object({
    table: z.enum(Object.keys(TABLE_KEYS) as [TableName, ...TableName[]]),
    columns: z.array(column).min(2),
    /** Type size of the table (default 12 pt); a wide register book uses a smaller one. */
    fontSize: z.number().min(8).max(14).optional(),
    /** Least height of a body row, e.g. room for two handwritten signatures (form 06). */
    minRowHeight: z.number().min(0).max(200).optional(),
  }).strict(),
  z.object({ signatures: z.array(signature).min(1).max(2) }).strict(),
  z.object({ note: z.array(z.string()).min(1) }).strict(),
]);
export type TemplateBlock = z.infer<typeof block>;

const template = z.object({
  id: z.string().min(1),
  kind: z.enum(['01', '02', '03', '04', '05', '06', '07']),
  /** A4 upright, or on its side for a wide table (the register book). */
  orientation: z.enum(['portrait', 'landscape']).default('portrait'),
  /** The dossier's look-up QR at the top left of every page; false for a paper of no one dossier. */
  qr: z.boolean().default(true),
  /** Running head of further pages; default common.continuedHead (which names the dossier). */
  continuedHead: z.string().optional(),
  version: z.string().min(1),
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  legalBasis: z.string().min(1),
  documentName: z.string().min(1),
  title: z.string().min(1),
  headerNumber: z.string().optional(),
  subtitle: z.array(z.union([z.string(), conditionalLine])).default([]),
  /** One entry per printed copy (liên); "" for a form printed once. */
  copies: z.array(z.string()).min(1),
  /** Fragments the renderer substitutes into variables (e.g. the delivery wording). */
  texts: z.record(z.string(), z.string()).default({}),
  body: z.array(block).min(1),
});
export type FormTemplate = z.infer<typeof template>;

const common = z.object({
  nation: z.string(),
  motto: z.string(),
  placeDate: z.string(),
  blank: z.string(),
  continuedHead: z.string(),
  continuedNote: z.string(),
  footerPage: z.string(),
  /** Printed after a dossier number that is not confirmed yet, e.g. "(số tạm)". */
  provisionalMark: z.string().min(1),
});
export type CommonTexts = z.infer<typeof common>;

const file = z.object({
  format: z.literal('mot-cua-desk/form-templates'),
  formatVersion: z.literal(1),
  comment: z.string().optional(),
  common,
  templates: z.array(template).min(1),
});

/** Every printed text of a template with where it sits, for checks over all of them. */
function templateTexts(t: FormTemplate): [string, string][] {
  const out: [string, string][] = [['title', t.title]];
  if (t.continuedHead) out.push(['continuedHead', t.continuedHead]);
  if (t.headerNumber) out.push(['headerNumber', t.headerNumber]);
  t.subtitle.forEach((l, i) => out.push([`subtitle.${i}`, typeof l === 'string' ? l : l.text]));
  for (const [k, v] of Object.entries(t.texts)) out.push([`texts.${k}`, v]);
  t.body.forEach((b, i) => {
    if ('text' in b) out.push([`body.${i}`, b.text]);
    else if ('note' in b) b.note.forEach((n, j) => out.push([`body.${i}.note.${j}`, n]));
    else if ('signatures' in b) b.signatures.forEach((sig, j) => out.push([`body.${i}.signatures.${j}`, `${sig.title} ${sig.hint} ${sig.name}`]));
  });
  return out;
}

/**
 * A provisional number printed without its mark reads as the official one (a citizen quotes it to the
 * province, which never issued it), so a text that prints {dossierNumber} must print {provisionalMark} too.
 */
function checkProvisionalMark(where: string, text: string): void {
  if (text.includes('{dossierNumber}') && !text.includes('{provisionalMark}')) {
    throw new Error(`Template text ${where} prints {dossierNumber} without {provisionalMark}`);
  }
}

export class TemplateStore {
  private constructor(
    readonly common: CommonTexts,
    private readonly templates: FormTemplate[],
  ) {}

  static fromJson(json: unknown): TemplateStore {
    const parsed = file.parse(json);
    const seen = new Set<string>();
    checkProvisionalMark('common.continuedHead', parsed.common.continuedHead);
    for (const t of parsed.templates) {
      for (const [where, text] of templateTexts(t)) checkProvisionalMark(`${t.id}@${t.version} ${where}`, text);
      for (const b of t.body) {
        if (!('table' in b)) continue;
        const known: readonly string[] = TABLE_KEYS[b.table];
        const unknown = b.columns.find((c) => !known.includes(c.key));
        if (unknown) throw new Error(`Template ${t.id}@${t.version}: table ${b.table} has no column "${unknown.key}" (known: ${known.join(', ')})`);
      }
      const key = `${t.kind}@${t.validFrom}`;
      if (seen.has(key)) throw new Error(`Two templates of form ${t.kind} valid from ${t.validFrom}`);
      seen.add(key);
    }
    return new TemplateStore(parsed.common, parsed.templates);
  }

  static load(path: string): TemplateStore {
    return TemplateStore.fromJson(JSON.parse(readFileSync(path, 'utf8')));
  }

  /** The template of `kind` in force on the Vietnam calendar day of `at`. */
  select(kind: FormKind, at: Date): FormTemplate {
    const day = vnDateKey(at);
    let best: FormTemplate | undefined;
    for (const t of this.templates) {
      if (t.kind !== kind || t.validFrom > day) continue;
      if (!best || t.validFrom > best.validFrom) best = t;
    }
    if (!best) throw new Error(`No template of form ${kind} is valid on ${day}`);
    return best;
  }
}
