// Which fee line a dossier pays, with its pricing and when it is collected: the line recorded at receipt
// (dossier.fee_json, migration 0015), read with its rule from the dossier's procedure version (matched by
// name and amount: the recorded line keeps only what form 01 prints). A dossier saved before fees were
// recorded pays its version's line when the version has exactly one; among alternatives nothing is guessed.
import type { EntityManager } from 'typeorm';
import type { FeeSpec } from '../../../shared/contract';
import { FIXED, type CollectAt, type FeePricing } from '../../../shared/fees/pricing';

export interface DossierLine { name: string; amount: number; note: string; pricing: FeePricing; collect: CollectAt; kind: 1 | 2 }

export interface DossierFacts {
  id: string; number: string; status: number; applicantName: string; applicantAddress: string; stage: string;
  line: DossierLine | null;
}

const parse = <T>(json: string | null | undefined, fallback: T): T => {
  if (!json) return fallback;
  try { return JSON.parse(json) as T; } catch { return fallback; }
};

/** 1 lệ phí, 2 phí (the portal's LoaiPhiLePhi), from the line's name as the catalogue writes it. */
export const feeKindOf = (name: string): 1 | 2 => (/^phí/i.test(name.trim()) ? 2 : 1);

export function lineOf(recorded: { name: string; amount: number; note?: string }[] | null, versionFees: Partial<FeeSpec>[]): DossierLine | null {
  const chosen = recorded ? recorded[0] : versionFees.length === 1 ? versionFees[0] : undefined;
  if (!chosen || typeof chosen.name !== 'string') return null;
  const spec = versionFees.find((f) => f.name === chosen.name && f.amount === chosen.amount) ?? versionFees.find((f) => f.name === chosen.name);
  return {
    name: chosen.name, amount: Number(chosen.amount ?? 0), note: chosen.note ?? '',
    pricing: (spec?.pricing as FeePricing | undefined) ?? FIXED, collect: (spec?.collect as CollectAt | undefined) ?? 1, kind: feeKindOf(chosen.name),
  };
}

export async function dossierFacts(em: Pick<EntityManager, 'query'>, dossierId: string): Promise<DossierFacts | null> {
  const [d] = await em.query(`SELECT d.id, d.number, d.status, d.applicant_name, d.applicant_address, d.fee_json, pv.fees_json, w.stage
    FROM dossier d LEFT JOIN procedure_version pv ON pv.id = d.procedure_version_id LEFT JOIN dossier_workflow w ON w.dossier_id = d.id
    WHERE d.id = ?`, [dossierId]) as {
      id: string; number: string; status: number; applicant_name: string; applicant_address: string; fee_json: string | null; fees_json: string | null; stage: string | null;
    }[];
  if (!d) return null;
  const recorded = parse<{ lines?: { name: string; amount: number; note?: string }[] } | null>(d.fee_json, null);
  const version = parse<Partial<FeeSpec>[]>(d.fees_json, []);
  return {
    id: d.id, number: d.number, status: d.status, applicantName: d.applicant_name, applicantAddress: d.applicant_address ?? '',
    stage: d.stage ?? 'received', line: lineOf(recorded ? recorded.lines ?? [] : null, Array.isArray(version) ? version : []),
  };
}
