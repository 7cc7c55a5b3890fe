// The other parties of a dossier (issue 11): a marriage is registered by both spouses — Luật Hộ tịch 2014
// Điều 18: "hai bên nam, nữ" lodge the declaration and both appear in person — so the dossier records, besides
// the applicant who hands it in, the other party, from the intake on. Which parties a procedure has is data
// of its version (effective-dated with it), because the Ministry changes the procedures.
// Imports only common.ts: schemas.ts builds on this file.
import { z } from 'zod';
import { LIMITS } from '../validation/limits';
import { optionalText, text } from './common';

/** A party's role key (stable, English, e.g. 'spouse'): what civil-status entries and the sync map by. */
export const partyRole = z.string().max(40).regex(/^[a-z][a-z0-9-]{0,39}$/, 'Mã vai trò gồm chữ thường không dấu, chữ số và dấu gạch ngang, VD spouse');

/** The fields of a party besides the name (always required); which ones a version requires. */
export const PARTY_FIELDS = ['idNumber', 'birthDate', 'address', 'phone'] as const;
export type PartyField = (typeof PARTY_FIELDS)[number];

export const PARTY_LABEL_MAX = 80;

/**
 * A party a procedure version's dossier has besides the applicant: its role, the Vietnamese label the intake
 * and the slip show, and which of its fields the counter must fill in to receive the dossier.
 */
export const partySpecSchema = z.object({
  role: partyRole,
  label: text(PARTY_LABEL_MAX).pipe(z.string().min(2, 'Nhập tên vai trò hiển thị, VD Người cùng đăng ký kết hôn')),
  required: z.object({
    idNumber: z.boolean().default(true), birthDate: z.boolean().default(false),
    address: z.boolean().default(false), phone: z.boolean().default(false),
  }).default({ idNumber: true, birthDate: false, address: false, phone: false }),
  /** Where the party comes from in law (shown to the administrator), e.g. Luật Hộ tịch 2014 Điều 18. */
  basis: optionalText(LIMITS.feeNote),
});
export type PartySpec = z.infer<typeof partySpecSchema>;

/** A version's parties as the administrator enters them: each role once. */
export const partySpecsInput = z.array(partySpecSchema).max(2, 'Tối đa 2 bên liên quan (ngoài người nộp) cho một phiên bản.')
  .superRefine((specs, ctx) => {
    const seen = new Set<string>();
    specs.forEach((s, i) => {
      if (seen.has(s.role)) ctx.addIssue({ code: 'custom', path: [i, 'role'], message: `Vai trò "${s.role}" đã có ở trên — mỗi vai trò một dòng.` });
      seen.add(s.role);
    });
  });

/**
 * A party as the counter types it: like the applicant (the same fields, limits and rules: a 12-digit ID
 * number, a birth date typed dd/mm/yyyy). `roleLabel` is informative: the core takes the label from the
 * procedure version.
 */
export const partyInput = z.object({
  role: partyRole,
  roleLabel: optionalText(PARTY_LABEL_MAX),
  fullName: text(LIMITS.personName),
  idNumber: optionalText(LIMITS.idNumber),
  birthDate: optionalText(LIMITS.birthDate),
  address: optionalText(LIMITS.address),
  phone: optionalText(LIMITS.phone),
});
export type PartyInput = z.input<typeof partyInput>;

export const partiesInput = z.array(partyInput).max(2, 'Tối đa 2 bên liên quan (ngoài người nộp) cho một hồ sơ.');

/** A party of a saved dossier, as the core hands it out (birthDate 'YYYY-MM-DD' or ''). */
export const partySchema = z.object({
  role: z.string(), roleLabel: z.string(), fullName: z.string(), idNumber: z.string(),
  birthDate: z.string(), address: z.string(), phone: z.string(),
});
export type Party = z.infer<typeof partySchema>;
