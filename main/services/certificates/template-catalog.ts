// The certificate templates of the office: shipped (assets/blanks/templates.json) and imported (the office's
// measured blanks, table certificate_template), and the blanks' images (the office's scan, else the stand-in).
// The one owner of certificate_template and certificate_blank_image.
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  certificateTemplate, certificateTemplateFile, CERTIFICATE_KIND_NAMES, TEMPLATE_FILE_FORMAT,
  type CertificateKind, type CertificateTemplate,
} from '../../../shared/certificates/template';
import { formatDateKeyVn } from '../../../shared/text/format';
import { vnDateKey } from '../../../shared/time/vn-time';
import { AppError } from '../../base/errors';
import { readBlankImage } from '../../documents/blank-print/blank-renderer';
import { loadShippedTemplates, mergeTemplates, templateOn, type StoredTemplate } from '../../documents/blank-print/templates';
import type { Database } from '../../persistence/database';
import { writeAudit } from '../audit';

export interface BlankImage { bytes: Uint8Array; mime: string; image: 'scan' | 'stand-in' }

const keyOf = (t: Pick<CertificateTemplate, 'kind' | 'validFrom'>) => `${t.kind}@${t.validFrom}`;

/** At most this many problems are listed when an import is refused. */
const MAX_PROBLEMS = 8;

export class TemplateCatalog {
  private shipped: CertificateTemplate[] | null = null;

  constructor(private readonly db: Database, private readonly blanksDir: string) {}

  private shippedTemplates(): CertificateTemplate[] {
    this.shipped ??= loadShippedTemplates(path.join(this.blanksDir, 'templates.json'));
    return this.shipped;
  }

  async all(): Promise<StoredTemplate[]> {
    const rows = (await this.db.read((em) => em.query(`SELECT template_json FROM certificate_template`))) as { template_json: string }[];
    // A stored template is re-checked: one that this version no longer accepts is left out, not fatal.
    const imported = rows.flatMap((r) => {
      const p = certificateTemplate.safeParse(JSON.parse(r.template_json));
      return p.success ? [p.data] : [];
    });
    return mergeTemplates(this.shippedTemplates(), imported);
  }

  /** The template of `kind` in force on the Vietnam day of `at` (or the day 'YYYY-MM-DD'). */
  async inForce(kind: CertificateKind, at: Date | string): Promise<StoredTemplate> {
    const day = typeof at === 'string' ? at : vnDateKey(at);
    const t = templateOn(await this.all(), kind, day);
    if (!t) throw new AppError('NOT_FOUND', `Chưa có mẫu ${CERTIFICATE_KIND_NAMES[kind]} áp dụng ngày ${formatDateKeyVn(day)}. Hãy nhập mẫu tại Quản trị → Máy in.`);
    return t;
  }

  /** The file export: the given templates in the import format. */
  exportFile(templates: CertificateTemplate[]): string {
    return `${JSON.stringify({ format: TEMPLATE_FILE_FORMAT, formatVersion: 1, templates }, null, 1)}\n`;
  }

  /**
   * Checks a template file and stores its templates (each replacing the one of its kind and validFrom), all or
   * nothing. A problem is reported as a Vietnamese message naming the template and the field.
   */
  async import(json: string, userId: string, at: Date): Promise<CertificateTemplate[]> {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch (e) {
      // JSON.parse speaks English: only where it stopped is passed on.
      const at = /position (\d+)/.exec((e as Error).message)?.[1];
      throw new AppError('VALIDATION', `Tệp mẫu không phải JSON hợp lệ${at ? ` (lỗi gần ký tự thứ ${Number(at) + 1})` : ''}. Hãy xuất lại tệp mẫu, sửa rồi nhập lại.`,
        [{ field: 'json', message: 'Tệp không đọc được dạng JSON.', severity: 'error' }]);
    }
    const parsed = certificateTemplateFile.safeParse(raw);
    if (!parsed.success) throw importProblems(raw, parsed.error);
    const seen = new Set<string>();
    for (const t of parsed.data.templates) {
      if (seen.has(keyOf(t))) {
        throw new AppError('VALIDATION', `Tệp có hai mẫu ${CERTIFICATE_KIND_NAMES[t.kind]} cùng áp dụng từ ${formatDateKeyVn(t.validFrom)}. Hãy giữ một mẫu.`,
          [{ field: 'json', message: `Lặp mẫu ${t.kind} từ ${formatDateKeyVn(t.validFrom)}`, severity: 'error' }]);
      }
      seen.add(keyOf(t));
    }
    await this.db.write(async (em) => {
      for (const t of parsed.data.templates) {
        const before = await templateRow(em, t);
        await em.query(`INSERT INTO certificate_template (kind, valid_from, template_id, version, template_json, imported_at, imported_by)
          VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT(kind, valid_from) DO UPDATE SET template_id = excluded.template_id, version = excluded.version,
            template_json = excluded.template_json, imported_at = excluded.imported_at, imported_by = excluded.imported_by`,
        [t.kind, t.validFrom, t.id, t.version, JSON.stringify(t), at.toISOString(), userId]);
        await writeAudit(em, { at, userId, action: 'certificate-template.import', entity: 'certificate_template', entityId: keyOf(t), before, after: { id: t.id, version: t.version } });
      }
    });
    return parsed.data.templates;
  }

  /** The blank's image for the preview: the office's scan of its real blank, else the shipped stand-in. */
  async blankImage(t: CertificateTemplate): Promise<BlankImage | null> {
    const rows = (await this.db.read((em) => em.query(`SELECT mime, data FROM certificate_blank_image WHERE template_key = ?`, [keyOf(t)]))) as
      { mime: string; data: Buffer }[];
    if (rows[0]) return { bytes: new Uint8Array(rows[0].data), mime: rows[0].mime, image: 'scan' };
    const standIn = readBlankImage(this.blanksDir, t.blankImage);
    return standIn ? { bytes: standIn, mime: 'image/png', image: 'stand-in' } : null;
  }

  async hasScan(t: CertificateTemplate): Promise<boolean> {
    const rows = (await this.db.read((em) => em.query(`SELECT 1 FROM certificate_blank_image WHERE template_key = ?`, [keyOf(t)]))) as unknown[];
    return rows.length > 0;
  }

  async setBlankImage(t: CertificateTemplate, mime: string, bytes: Buffer, userId: string, at: Date): Promise<void> {
    const png = bytes[0] === 0x89 && bytes.subarray(1, 4).toString('latin1') === 'PNG';
    const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
    if ((mime === 'image/png' && !png) || (mime === 'image/jpeg' && !jpeg)) {
      throw new AppError('VALIDATION', 'Tệp ảnh phôi không đúng định dạng PNG/JPEG đã chọn. Hãy quét lại phôi và lưu thành PNG hoặc JPEG.',
        [{ field: 'base64', message: 'Ảnh không đọc được.', severity: 'error' }]);
    }
    await this.db.write(async (em) => {
      await em.query(`INSERT INTO certificate_blank_image (template_key, mime, data, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT(template_key) DO UPDATE SET mime = excluded.mime, data = excluded.data, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [keyOf(t), mime, bytes, at.toISOString(), userId]);
      await writeAudit(em, { at, userId, action: 'certificate-blank-image.set', entity: 'certificate_blank_image', entityId: keyOf(t), after: { mime, size: bytes.length } });
    });
  }
}

async function templateRow(em: EntityManager, t: CertificateTemplate): Promise<unknown> {
  const rows = (await em.query(`SELECT template_id, version FROM certificate_template WHERE kind = ? AND valid_from = ?`, [t.kind, t.validFrom])) as
    { template_id: string; version: string }[];
  return rows[0] ? { id: rows[0].template_id, version: rows[0].version } : undefined;
}

/** The import's problems, each named by the template (its id, else its position) and the field's label or key. */
function importProblems(raw: unknown, error: z.ZodError): AppError {
  const templates = (raw as { templates?: unknown[] } | null)?.templates;
  const fields = error.issues.slice(0, MAX_PROBLEMS).map((issue) => {
    const [top, ti, part, fi] = issue.path;
    let where = issue.path.join('.') || 'tệp';
    if (top === 'templates' && typeof ti === 'number') {
      const t = Array.isArray(templates) ? (templates[ti] as Record<string, unknown> | undefined) : undefined;
      where = `Mẫu ${typeof t?.id === 'string' ? `"${t.id}"` : `thứ ${ti + 1}`}`;
      if (part === 'fields' && typeof fi === 'number') {
        const f = (t?.fields as Record<string, unknown>[] | undefined)?.[fi];
        where += `, trường ${typeof f?.label === 'string' ? `«${f.label}»` : typeof f?.key === 'string' ? f.key : `thứ ${fi + 1}`}`;
      } else if (part !== undefined) where += `, ${issue.path.slice(2).join('.')}`;
    }
    return { field: `json.${issue.path.join('.')}`, message: `${where}: ${issue.message}`, severity: 'error' as const };
  });
  const more = error.issues.length > MAX_PROBLEMS ? ` (và ${error.issues.length - MAX_PROBLEMS} lỗi khác)` : '';
  const list = fields.map((f) => f.message.replace(/[.\s]+$/, '')).join('; ');
  return new AppError('VALIDATION', `Tệp mẫu chưa nhập được — ${list}${more}. Hãy sửa tệp rồi nhập lại; mẫu đang dùng không đổi.`, fields);
}
