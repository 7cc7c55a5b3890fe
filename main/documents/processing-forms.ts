// Variables and table rows of forms 04–07 (the processing of a dossier): what FormRenderer hands the composer.
// Wording lives in the templates (assets/templates/forms.json); here only values are turned into text.
import type { TableRow } from './table-layout';
import { orBlank, type Run, type Vars } from './rich-text';
import type { FormTemplate } from './template-store';
import type { Form04Data, Form05Data, Form06Data, Form07Data, HandoverLine, HandoverParty, RegisterEntry, StepOutcome } from './types';
import { countText, dayKeyText, shortDate, shortTime, timeAndDateWords } from './vn-format';

const plain = (text: string): Run[] => [{ text, style: 'regular' }];

export function requireText(template: FormTemplate, key: string): string {
  const text = template.texts[key];
  if (text === undefined) throw new Error(`Template ${template.id}@${template.version} lacks texts.${key}`);
  return text;
}

/** The body that processes the dossier, as the letters name it (default: the governing body). */
const bodyOf = (data: { processingBody?: string; office: { governingBody: string } }) =>
  orBlank(data.processingBody) ?? data.office.governingBody;

function signerVars(template: FormTemplate, signer: { title?: string; name?: string }): Vars {
  return { signerTitle: orBlank(signer.title) ?? requireText(template, 'signerTitle'), signerName: orBlank(signer.name) };
}

export function form04Vars(template: FormTemplate, data: Form04Data): Vars {
  return {
    documentNumber: orBlank(data.documentNumber) ?? '……/……',
    processingBody: bodyOf(data),
    receivedAt: timeAndDateWords(data.receivedAt),
    originalDueAt: timeAndDateWords(data.originalDueAt),
    newDueAt: timeAndDateWords(data.newDueAt),
    reason: orBlank(data.reason),
    ...signerVars(template, data.signer),
  };
}

export function form05Vars(template: FormTemplate, data: Form05Data): Vars {
  return {
    documentNumber: orBlank(data.documentNumber) ?? '……/……',
    processingBody: bodyOf(data),
    receivedAt: timeAndDateWords(data.receivedAt),
    effectiveAt: timeAndDateWords(data.effectiveAt),
    reason: orBlank(data.reason),
    stopBasis: orBlank(data.legalBasis),
    ...signerVars(template, data.signer),
  };
}

export function form06Vars(data: Form06Data): Vars {
  const co = (data.coProcessingBodies ?? []).map((b) => b.trim()).filter(Boolean);
  return {
    processingBody: bodyOf(data),
    // The template leaves the line out for a dossier that no other body helps with.
    coProcessingBodies: co.length ? co.join('; ') : '',
    receivedAt: timeAndDateWords(data.receivedAt),
    dueAt: data.dueAt ? timeAndDateWords(data.dueAt) : undefined,
  };
}

const OUTCOME_TEXT: Record<StepOutcome, string> = { early: 'outcomeEarly', 'on-time': 'outcomeOnTime', late: 'outcomeLate' };

function party(label: string, p: HandoverParty): Run[] {
  const runs: Run[] = [{ text: `${label} `, style: 'regular' }, { text: p.name.trim() || '…', style: 'bold' }];
  if (p.unit?.trim()) runs.push({ text: ` (${p.unit.trim()})`, style: 'regular' });
  return runs;
}

/** "Giao: 14 giờ 05 phút, ngày 28/11/2026"; an unconfirmed receipt is left as the blank to fill by hand. */
const when = (label: string, at: Date | undefined, blank: string) =>
  `${label} ${at ? `${shortTime(at).replace(':', ' giờ ')} phút, ngày ${shortDate(at)}` : blank}`;

/** One row per hand-over; the two signature cells stay empty for the pen. */
export function handoverRows(template: FormTemplate, lines: HandoverLine[], blank: string): TableRow[] {
  const giver = requireText(template, 'giverLabel');
  const receiver = requireText(template, 'receiverLabel');
  return lines.map((h, i) => ({
    index: plain(String(i + 1)),
    parties: [...party(giver, h.from), { text: '\n', style: 'regular' }, ...party(receiver, h.to)],
    times: plain(`${when(giver, h.handedAt, blank)}\n${when(receiver, h.receivedAt, blank)}`),
    outcome: h.outcome ? plain(requireText(template, OUTCOME_TEXT[h.outcome])) : [],
    note: h.note?.trim() ? plain(h.note.trim()) : [],
  }));
}

export function form07Vars(data: Form07Data): Vars {
  return {
    bookNumber: orBlank(data.bookNumber),
    periodFrom: dayKeyText(data.from),
    periodTo: dayKeyText(data.to),
    entryCount: String(data.entries.length),
  };
}

const dateTime = (at: Date | undefined): Run[] => (at ? plain(`${shortDate(at)}\n${shortTime(at)}`) : []);

/** A register entry's cells by column key; the template decides which columns print and in what order. */
export function registerRow(e: RegisterEntry, provisionalMark: string): TableRow {
  const contact = [e.applicantAddress?.trim(), e.applicantPhone?.trim()].filter(Boolean).join('\n');
  return {
    index: plain(String(e.index)),
    // The mark on a line of its own: never split from itself, never read as part of the number.
    dossierNumber: e.provisional ? [...plain(`${e.dossierNumber}\n`), { text: provisionalMark, style: 'italic' }] : plain(e.dossierNumber),
    procedure: plain(e.procedureName),
    setCount: plain(countText(e.setCount)),
    applicant: plain(e.applicantName),
    contact: contact ? plain(contact) : [],
    processingBody: e.processingBody?.trim() ? plain(e.processingBody.trim()) : [],
    receivedAt: dateTime(e.receivedAt),
    dueAt: dateTime(e.dueAt),
    transferredAt: dateTime(e.transferredAt),
    resultAt: dateTime(e.resultAt),
    returnedAt: dateTime(e.returnedAt),
    note: e.note?.trim() ? plain(e.note.trim()) : [],
  };
}
