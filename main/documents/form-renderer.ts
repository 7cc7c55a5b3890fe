// Public entry point: renders one-stop forms 01–07 to PDF bytes. Create one FormRenderer per process and
// reuse it: fonts and templates are read and parsed once, so a slip costs only layout, subsetting, saving.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { deflateContentStreams } from './fast-face';
import { FontLibrary } from './font-library';
import { FormComposer, type CopySpec, type TableRow } from './form-composer';
import { FORM_OF_KIND, type FormPayload, type FormPayloadKind } from './kinds';
import { form04Vars, form05Vars, form06Vars, form07Vars, handoverRows, registerRow, requireText } from './processing-forms';
import { buildQrContent } from './qr';
import { partyVars } from './party-vars';
import { fillPlain, orBlank, type Run, type Vars } from './rich-text';
import { TemplateStore, type CommonTexts, type FormTemplate, type TableName } from './template-store';
import type {
  Applicant, ComponentLine, Form01Data, Form02Data, Form03Data, Form04Data, Form05Data, Form06Data, Form07Data, FormKind, MissingItem, OfficeHeader,
} from './types';
import { countText, dateParts, timeAndDateWords } from './vn-format';

export interface FormRendererOptions {
  /** Folder holding fonts/ and templates/forms.json (e.g. Electron's resources folder). */
  assetsDir?: string;
  /** Folder with Tinos-Regular/Bold/Italic.ttf; default: <assetsDir>/fonts. */
  fontDir?: string;
  /** Template file; default: <assetsDir>/templates/forms.json. */
  templatesPath?: string;
  /** Render a throw-away slip once so the first real save does not pay for JIT compilation (~0.3 s). */
  warmUp?: boolean;
}

const PRODUCT = 'Một Cửa Desk';

export type { FormPayload, FormPayloadKind };

export interface RenderedForm {
  bytes: Uint8Array;
  templateId: string;
  templateVersion: string;
}

/** Finds the app's assets folder by walking up from this module (works from sources and from dist/). */
function defaultAssetsDir(): string {
  const start = typeof __dirname === 'string' ? __dirname : process.cwd();
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'assets', 'fonts', 'Tinos-Regular.ttf'))) return join(dir, 'assets');
    if (dirname(dir) === dir) throw new Error(`assets/fonts not found above ${start}; pass fontDir and templatesPath`);
  }
}

interface Subject {
  office: OfficeHeader;
  applicant: Applicant;
  procedureCode: string;
  procedureName: string;
  dossierNumber?: string;
  provisional: boolean;
  lookupCode: string | undefined;
  issuedAt: Date;
}

/** What the PDF's QR and metadata say; a register book is of no one dossier or procedure. */
interface DocumentMeta {
  office: OfficeHeader;
  dossierNumber?: string;
  procedureCode?: string;
  procedureName?: string;
  lookupCode?: string;
  issuedAt: Date;
  /** Extra words for the document's title and subject (the register book's number and period). */
  titleNote?: string;
}

export class FormRenderer {
  private constructor(
    private readonly fonts: FontLibrary,
    private readonly templates: TemplateStore,
  ) {}

  static async create(opts: FormRendererOptions = {}): Promise<FormRenderer> {
    const assets = opts.assetsDir ?? (opts.fontDir && opts.templatesPath ? '' : defaultAssetsDir());
    const fonts = FontLibrary.load(resolve(opts.fontDir ?? join(assets, 'fonts')));
    const templates = TemplateStore.load(resolve(opts.templatesPath ?? join(assets, 'templates', 'forms.json')));
    const renderer = new FormRenderer(fonts, templates);
    if (opts.warmUp) await renderer.renderForm01(warmUpSlip());
    return renderer;
  }

  /** The template that a form of `kind` dated `at` is printed with (for previews and audit records). */
  templateFor(kind: FormKind, at: Date): FormTemplate {
    return this.templates.select(kind, at);
  }

  /** Renders any form and says which template version printed it (to record with the stored PDF). */
  async render(payload: FormPayload): Promise<RenderedForm> {
    const bytes = await this.bytesOf(payload);
    const t = this.templates.select(FORM_OF_KIND[payload.kind], payload.data.issuedAt);
    return { bytes, templateId: t.id, templateVersion: t.version };
  }

  private bytesOf(payload: FormPayload): Promise<Uint8Array> {
    switch (payload.kind) {
      case 'form01': return this.renderForm01(payload.data);
      case 'form02': return this.renderForm02(payload.data);
      case 'form03': return this.renderForm03(payload.data);
      case 'form04': return this.renderForm04(payload.data);
      case 'form05': return this.renderForm05(payload.data);
      case 'form06': return this.renderForm06(payload.data);
      case 'form07': return this.renderForm07(payload.data);
    }
  }

  /** Mẫu 01, printed as one copy per template entry in `copies` (Liên 1: Lưu, Liên 2: Giao người nộp). */
  async renderForm01(data: Form01Data): Promise<Uint8Array> {
    const template = this.templates.select('01', data.issuedAt);
    const base = this.baseVars(template, data);
    const texts = (key: string) => requireText(template, key);
    const vars: Vars = {
      ...base,
      setCount: countText(data.setCount),
      durationText: orBlank(data.durationText),
      receivedAt: timeAndDateWords(data.receivedAt),
      dueAt: timeAndDateWords(data.dueAt),
      feeText: orBlank(data.feeText),
      registerBook: orBlank(data.registerBook?.book),
      registerEntry: orBlank(data.registerBook?.entry),
      receiverName: orBlank(data.receiverName),
      ...partyVars(data.parties),
    };
    const blank = this.templates.common.blank;
    vars.delivery =
      data.delivery.method === 'post'
        ? fillPlain(texts('deliveryPost'), { ...vars, deliveryAddress: orBlank(data.delivery.address) }, blank)
        : fillPlain(texts('deliveryCounter'), vars, blank);
    return this.renderWith(template, data, vars, { components: data.components.map(componentRow) });
  }

  async renderForm02(data: Form02Data): Promise<Uint8Array> {
    const template = this.templates.select('02', data.issuedAt);
    const vars: Vars = {
      ...this.baseVars(template, data),
      documentNumber: orBlank(data.documentNumber) ?? '……/……',
      reason: orBlank(data.reason),
      helpOfficer: orBlank(data.help.officerName),
      helpPhone: orBlank(data.help.phone ?? data.office.phone),
      helpWebsite: orBlank(data.help.website ?? data.office.website),
      ...partyVars(data.parties),
    };
    return this.renderWith(template, data, vars, { items: data.items.map(itemRow) });
  }

  async renderForm03(data: Form03Data): Promise<Uint8Array> {
    const template = this.templates.select('03', data.issuedAt);
    const vars: Vars = {
      ...this.baseVars(template, data),
      reason: orBlank(data.reason),
      receiverName: orBlank(data.receiverName),
      ...partyVars(data.parties),
    };
    return this.renderWith(template, data, vars, {});
  }

  /** Mẫu 04: the apology with the original and the new due date, signed by the head of the processing body. */
  async renderForm04(data: Form04Data): Promise<Uint8Array> {
    const template = this.templates.select('04', data.issuedAt);
    return this.renderWith(template, data, { ...this.baseVars(template, data), ...form04Vars(template, data) }, {});
  }

  /** Mẫu 05: processing stops, with the reason, the legal basis and from when. */
  async renderForm05(data: Form05Data): Promise<Uint8Array> {
    const template = this.templates.select('05', data.issuedAt);
    return this.renderWith(template, data, { ...this.baseVars(template, data), ...form05Vars(template, data) }, {});
  }

  /** Mẫu 06: one table row per hand-over of the hand-over log; the signature cells are left empty. */
  async renderForm06(data: Form06Data): Promise<Uint8Array> {
    const template = this.templates.select('06', data.issuedAt);
    const vars = { ...this.baseVars(template, data), ...form06Vars(data) };
    return this.renderWith(template, data, vars, { handovers: handoverRows(template, data.handovers, this.templates.common.blank) });
  }

  /** Mẫu 07: the register book of a period, one row per dossier, the header row repeated on every page. */
  async renderForm07(data: Form07Data): Promise<Uint8Array> {
    const template = this.templates.select('07', data.issuedAt);
    const d = dateParts(data.issuedAt);
    const vars: Vars = {
      documentName: template.documentName, governingBody: data.office.governingBody, officeName: data.office.officeName,
      place: data.office.place, agencyCode: data.office.agencyCode, issuedDay: d.day, issuedMonth: d.month, issuedYear: d.year,
      ...form07Vars(data),
    };
    const mark = this.templates.common.provisionalMark;
    const titleNote = `Quyển số ${data.bookNumber}, ${vars.periodFrom} – ${vars.periodTo}`;
    return this.renderWith(template, { office: data.office, issuedAt: data.issuedAt, titleNote }, vars, {
      register: data.entries.map((e) => registerRow(e, mark)),
    });
  }

  /** Texts common to every form (the blank filler, the provisional mark…), e.g. for the register's workbook. */
  get commonTexts(): CommonTexts {
    return this.templates.common;
  }

  private baseVars(template: FormTemplate, s: Subject): Vars {
    const d = dateParts(s.issuedAt);
    return {
      documentName: template.documentName,
      governingBody: s.office.governingBody,
      officeName: s.office.officeName,
      place: s.office.place,
      agencyCode: s.office.agencyCode,
      dossierNumber: orBlank(s.dossierNumber),
      // Every text that prints the number prints this next to it (TemplateStore checks the templates do).
      provisionalMark: orBlank(s.dossierNumber) && s.provisional ? this.templates.common.provisionalMark : '',
      procedureCode: s.procedureCode,
      procedureName: s.procedureName,
      applicantName: orBlank(s.applicant.fullName),
      applicantId: orBlank(s.applicant.idNumber),
      applicantAddress: orBlank(s.applicant.address),
      applicantPhone: orBlank(s.applicant.phone),
      applicantEmail: orBlank(s.applicant.email),
      issuedDay: d.day,
      issuedMonth: d.month,
      issuedYear: d.year,
    };
  }

  private async renderWith(template: FormTemplate, s: DocumentMeta, vars: Vars, tables: Partial<Record<TableName, TableRow[]>>): Promise<Uint8Array> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const fonts = await this.fonts.embedInto(doc);
    const copies: CopySpec[] = template.copies.map((label) => ({ label, vars: { ...vars, copy: label } }));
    const qrContent = template.qr && s.procedureCode
      ? buildQrContent({ dossierNumber: orBlank(s.dossierNumber), procedureCode: s.procedureCode, lookupCode: orBlank(s.lookupCode) }, s.office.lookupUrl)
      : null;
    new FormComposer(doc, fonts, this.fonts.measure, { template, common: this.templates.common, qrContent, copies, tables }).compose();

    const number = orBlank(s.dossierNumber);
    const named = number ?? s.titleNote;
    doc.setTitle(named ? `${template.documentName} – ${named}` : template.documentName, { showInWindowTitleBar: true });
    doc.setAuthor(PRODUCT);
    doc.setCreator(PRODUCT);
    doc.setProducer(`${PRODUCT} (pdf-lib)`);
    doc.setSubject(s.procedureCode ? `${template.legalBasis}. ${s.procedureName} (${s.procedureCode})` : [template.legalBasis, s.titleNote].filter(Boolean).join('. '));
    doc.setKeywords([number, s.procedureCode, `${template.id}@${template.version}`, 'một cửa'].filter((k): k is string => !!k));
    doc.setLanguage('vi-VN');
    // The form's own date, so the same data always gives the same document dates.
    doc.setCreationDate(s.issuedAt);
    doc.setModificationDate(s.issuedAt);
    deflateContentStreams(doc);
    return doc.save();
  }
}

const plain = (text: string): Run[] => [{ text, style: 'regular' }];

function componentRow(line: ComponentLine, i: number): TableRow {
  return { index: plain(String(i + 1)), name: plain(line.name), [line.copyType]: plain(countText(line.quantity)) };
}

function itemRow(item: MissingItem, i: number): TableRow {
  const row = componentRow(item, i);
  if (item.note?.trim()) row.name = [...plain(item.name), { text: `\n${item.note.trim()}`, style: 'italic' }];
  return row;
}

const warmUpSlip = (): Form01Data => ({
  office: { governingBody: 'UBND XÃ', officeName: 'BỘ PHẬN MỘT CỬA', place: 'Xã', agencyCode: '000.00.00.H00' },
  dossierNumber: '000.00.00.H00-000101-0001',
  provisional: true,
  lookupCode: undefined,
  procedureCode: '1.000000',
  procedureName: 'Khởi động',
  applicant: { fullName: 'Nguyễn Văn A' },
  components: [{ name: 'Tờ khai', copyType: 'original', quantity: 1 }],
  setCount: 1,
  durationText: 'Trong ngày',
  receivedAt: new Date(0),
  dueAt: new Date(0),
  delivery: { method: 'counter' },
  receiverName: 'Khởi động',
  issuedAt: new Date(),
});
