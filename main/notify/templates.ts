// The notices' texts are data: shipped defaults (templates.vi.json), replaced per kind by the office in
// Quản trị → Thông báo. A template writes {field} for what the dossier, the office or the step fills in.
import { NOTICE_FIELDS, type NoticeField, type NoticeKind, type NoticeTemplate, type NoticeTemplates } from '../../shared/contract/api-notify';
import shipped from './templates.vi.json';

export const DEFAULT_TEMPLATES: NoticeTemplates = shipped satisfies Record<NoticeKind, NoticeTemplate>;

export type NoticeValues = Partial<Record<NoticeField, string>>;

const FIELD = /\{([a-zA-Z_]+)\}/g;

/** The template with its fields filled; a field without a value becomes empty, and so do the empty "()" it leaves. */
export function renderTemplate(template: string, values: NoticeValues): string {
  return template.replace(FIELD, (_m, name: string) => values[name as NoticeField] ?? '')
    .replace(/\s*\(\s*\)/g, '').replace(/[ \t]{2,}/g, ' ').trim();
}

/** Fields a template names that do not exist (each once), to refuse the template with what may be used. */
export function unknownFields(template: string): string[] {
  const names = [...template.matchAll(FIELD)].map((m) => m[1]!);
  return [...new Set(names.filter((n) => !(n in NOTICE_FIELDS)))];
}
