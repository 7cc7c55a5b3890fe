// The certificate templates: those shipped in assets/blanks/templates.json and those an office imported.
// An imported template of the same kind and validFrom replaces the shipped one (the office measured its
// real blank); a later validFrom takes over from that day, like the forms' templates.
import { readFileSync } from 'node:fs';
import {
  certificateTemplateFile, selectTemplate, type CertificateKind, type CertificateTemplate,
} from '../../../shared/certificates/template';

export interface StoredTemplate {
  template: CertificateTemplate;
  source: 'shipped' | 'imported';
}

export function loadShippedTemplates(path: string): CertificateTemplate[] {
  return certificateTemplateFile.parse(JSON.parse(readFileSync(path, 'utf8'))).templates;
}

/** Shipped and imported templates together; an import replaces the shipped template with its kind and validFrom. */
export function mergeTemplates(shipped: readonly CertificateTemplate[], imported: readonly CertificateTemplate[]): StoredTemplate[] {
  const byKey = new Map<string, StoredTemplate>();
  for (const t of shipped) byKey.set(`${t.kind}@${t.validFrom}`, { template: t, source: 'shipped' });
  for (const t of imported) byKey.set(`${t.kind}@${t.validFrom}`, { template: t, source: 'imported' });
  return [...byKey.values()].sort((a, b) => a.template.kind.localeCompare(b.template.kind) || a.template.validFrom.localeCompare(b.template.validFrom));
}

/** The template of `kind` in force on a Vietnam day ('YYYY-MM-DD'). */
export function templateOn(all: readonly StoredTemplate[], kind: CertificateKind, day: string): StoredTemplate | null {
  const t = selectTemplate(all.map((s) => s.template), kind, day);
  return t ? all.find((s) => s.template === t) ?? null : null;
}
