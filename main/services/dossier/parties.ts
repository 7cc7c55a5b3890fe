// The other parties of a dossier (issue 11: the other spouse of a marriage): the one owner of the
// dossier_party table (migration 0028). Written in the caller's transaction (the receipt's, the correction's),
// read with the dossier, searched through their own FTS index.
import type { Database as RawDb } from 'better-sqlite3';
import type { EntityManager } from 'typeorm';
import { partySpecSchema, type Party, type PartySpec } from '../../../shared/contract';
import { buildSearchKey } from '../../../shared/text';
import { DossierPartyEntity, type DossierPartyRow } from '../../persistence/entities-parties';
import { prepared } from '../../persistence/prepared';
import { parseJsonArray } from '../catalogue-seed';

/**
 * A version's parties from its stored JSON: none when NULL (versions recorded before migration 0027, the
 * portal's catalogue). An entry an older or newer version cannot read is left out rather than failing the
 * whole catalogue.
 */
export function partySpecsOf(json: string | null | undefined): PartySpec[] {
  return parseJsonArray(json).flatMap((raw) => {
    const r = partySpecSchema.safeParse(raw);
    return r.success ? [r.data] : [];
  });
}

export const partiesJsonOf = (specs: readonly PartySpec[] | undefined) => (specs?.length ? JSON.stringify(specs) : null);

/**
 * The folded search key of a party: its name without tones and its ID number, the ID also by every suffix of
 * 3+ digits (the counter types "the last digits", as for the applicant: dossier-service.ts dossierSearchText).
 */
export function partySearchText(p: Pick<Party, 'fullName' | 'idNumber' | 'phone'>): string {
  const key = buildSearchKey(p.fullName, p.idNumber, p.phone);
  const suffixes = key.split(' ').filter((w) => /^\d{4,}$/.test(w)).flatMap((w) => Array.from({ length: w.length - 3 }, (_, i) => w.slice(i + 1)));
  return suffixes.length ? `${key} ${suffixes.join(' ')}` : key;
}

const toParty = (r: DossierPartyRow): Party => ({
  role: r.role, roleLabel: r.roleLabel, fullName: r.fullName, idNumber: r.idNumber, birthDate: r.birthDate, address: r.address, phone: r.phone,
});

/** Records a new dossier's parties (in the receipt's transaction). */
export async function insertParties(em: EntityManager, dossierId: string, parties: readonly Party[]): Promise<void> {
  if (!parties.length) return;
  await em.insert(DossierPartyEntity, parties.map((p, position) => ({ dossierId, position, ...p, searchText: partySearchText(p) })));
}

/** A dossier's parties in their order. */
export async function partiesOf(em: EntityManager, dossierId: string): Promise<Party[]> {
  const rows = await em.find(DossierPartyEntity, { where: { dossierId }, order: { position: 'ASC' } });
  return rows.map(toParty);
}

/** The parties of many dossiers at once (the sync's payloads, lists), by dossier id. */
export async function partiesOfMany(em: EntityManager, dossierIds: readonly string[]): Promise<Map<string, Party[]>> {
  const out = new Map<string, Party[]>();
  for (let i = 0; i < dossierIds.length; i += 500) {
    const ids = dossierIds.slice(i, i + 500);
    const rows = await em.createQueryBuilder(DossierPartyEntity, 'p').where('p.dossier_id IN (:...ids)', { ids }).orderBy('p.position', 'ASC').getMany();
    for (const r of rows) out.set(r.dossierId, [...(out.get(r.dossierId) ?? []), toParty(r)]);
  }
  return out;
}

/** Replaces a dossier's parties with the corrected ones (in the correction's transaction). */
export async function replaceParties(em: EntityManager, dossierId: string, parties: readonly Party[]): Promise<void> {
  await em.delete(DossierPartyEntity, { dossierId });
  await insertParties(em, dossierId, parties);
}

/** The fields of a party that differ between two lists, as paths ('parties.0.idNumber'); a count change is 'parties'. */
export function changedPartyFields(before: readonly Party[], after: readonly Party[]): string[] {
  if (before.length !== after.length || before.some((b, i) => b.role !== after[i]!.role)) return ['parties'];
  const fields = ['fullName', 'idNumber', 'birthDate', 'address', 'phone'] as const;
  return before.flatMap((b, i) => fields.filter((f) => b[f] !== after[i]![f]).map((f) => `parties.${i}.${f}`));
}

/**
 * Dossier ids whose parties match an FTS query (the words of the counter's search, each a prefix), newest
 * party rows first; `range` limits them to dossiers received in [from, to).
 */
export async function dossierIdsByParty(em: EntityManager, match: string, limit: number, range?: { from: string; to: string }): Promise<string[]> {
  const rows: { dossier_id: string }[] = await em.query(
    `SELECT DISTINCT p.dossier_id FROM dossier_party p ${range ? 'JOIN dossier d ON d.id = p.dossier_id' : ''}
     WHERE p.id IN (SELECT rowid FROM dossier_party_fts WHERE dossier_party_fts MATCH ? ORDER BY rowid DESC LIMIT ?)
     ${range ? 'AND d.received_at >= ? AND d.received_at < ?' : ''}`,
    [match, limit, ...(range ? [range.from, range.to] : [])]);
  return rows.map((r) => r.dossier_id);
}

/** A dossier's parties read on the drainer's raw connection (main/sync/local-state.ts), in their order. */
export function partiesForSync(raw: RawDb, dossierId: string): Party[] {
  return (prepared(raw, `SELECT role, role_label, full_name, id_number, birth_date, address, phone FROM dossier_party WHERE dossier_id = ? ORDER BY position`)
    .all(dossierId) as { role: string; role_label: string; full_name: string; id_number: string; birth_date: string; address: string; phone: string }[])
    .map((r) => ({ role: r.role, roleLabel: r.role_label, fullName: r.full_name, idNumber: r.id_number, birthDate: r.birth_date, address: r.address, phone: r.phone }));
}
