// The shipped catalogue (assets/catalogue/procedures.json) in the database: inserted on first start, and on
// later starts the facts a newer asset adds to the SAME seed versions are filled in, audited. Only rows the
// seed made (source 'seed', the asset's validFrom) are touched, and only where the fact is missing: an
// administrator changes the catalogue with new versions, never by editing these rows, and those stay as made.
import crypto from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import type { FeeSpec, PartySpec, ProcedureVersion, ResultSpec } from '../../shared/contract';
import type { ProcedureWorkflow } from '../../shared/workflow/procedure-workflow';
import { ProcedureVersionEntity } from '../persistence/entities';
import { writeAudit } from './audit';

export interface CatalogueSeed {
  source: string;
  validFrom: string;
  procedures: Array<Omit<ProcedureVersion, 'id' | 'procedureId' | 'validFrom' | 'validTo' | 'durationText' | 'results' | 'workflow' | 'parties'> & {
    results?: ResultSpec[]; sectorCode?: string; workflow?: ProcedureWorkflow; parties?: PartySpec[];
  }>;
}

export const resultsJsonOf = (results: readonly ResultSpec[] | undefined) =>
  (results?.length ? JSON.stringify(results.map((r) => ({ code: r.code, name: r.name, note: r.note ?? '' }))) : null);

/** A stored JSON list; damaged or missing text reads as an empty list (the caller decides if that is a problem). */
export function parseJsonArray(json: string | null | undefined): unknown[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** First start: every procedure of the asset as a seed version. Returns how many were inserted (0: not empty). */
export async function insertSeed(em: EntityManager, seed: CatalogueSeed, at: Date): Promise<number> {
  if ((await em.count(ProcedureVersionEntity)) > 0) return 0;
  for (const p of seed.procedures) await em.insert(ProcedureVersionEntity, seedRow(seed, p, at));
  return seed.procedures.length;
}

const seedRow = (seed: CatalogueSeed, p: CatalogueSeed['procedures'][number], at: Date) => ({
  id: crypto.randomUUID(), code: p.code, name: p.name.normalize('NFC'), sector: p.sector, durationUnit: p.durationUnit,
  durationValue: p.durationValue, cutoff: p.cutoff, validFrom: seed.validFrom, validTo: null,
  componentsJson: JSON.stringify(p.components), feesJson: JSON.stringify(p.fees), feeNote: p.feeNote ?? '',
  resultsJson: resultsJsonOf(p.results), sectorCode: p.sectorCode || null,
  workflowJson: p.workflow ? JSON.stringify(p.workflow) : null, partiesJson: p.parties?.length ? JSON.stringify(p.parties) : null, source: 'seed', createdAt: at.toISOString(), createdBy: null,
});

/**
 * A procedure a newer asset adds (e.g. 2.000806, marriage with a foreign element, moved to communes in 2025) is
 * inserted as a seed version in an office installed before, audited — only when the catalogue has no version of
 * that code at all: an administrator's own versions of a code are never joined by the seed's.
 */
export async function insertNewSeedProcedures(em: EntityManager, seed: CatalogueSeed, at: Date): Promise<number> {
  let n = 0;
  for (const p of seed.procedures) {
    if (await em.countBy(ProcedureVersionEntity, { code: p.code })) continue;
    const row = seedRow(seed, p, at);
    await em.insert(ProcedureVersionEntity, row);
    await writeAudit(em, { at, userId: null, action: 'procedure.version.seed', entity: 'procedure_version', entityId: row.id, after: { code: p.code, name: row.name, source: 'seed' } });
    n++;
  }
  return n;
}

/** Seed versions stored before result papers were recorded (results_json NULL, migration 0006) get the asset's. */
export async function fillSeedResults(em: EntityManager, seed: CatalogueSeed, at: Date): Promise<number> {
  const rows = await em.find(ProcedureVersionEntity, { where: { source: 'seed', validFrom: seed.validFrom, resultsJson: IsNull() } });
  let n = 0;
  for (const row of rows) {
    const resultsJson = resultsJsonOf(seed.procedures.find((p) => p.code === row.code)?.results);
    if (!resultsJson) continue;
    await em.update(ProcedureVersionEntity, { id: row.id }, { resultsJson });
    await writeAudit(em, {
      at, userId: null, action: 'procedure.version.results', entity: 'procedure_version', entityId: row.id,
      before: { results: null }, after: { results: JSON.parse(resultsJson), source: 'seed' },
    });
    n++;
  }
  return n;
}

/**
 * Seed versions stored before fee lines carried their rule (the 60-day rule of birth registration, 6907c7a)
 * get the asset's rules: only a version with no rule on any line, and only when its lines are the asset's
 * lines (same names and amounts, same order) — the rule is a fact about those lines, not about others.
 */
export async function fillSeedFeeRules(em: EntityManager, seed: CatalogueSeed, at: Date, log: (line: string) => void): Promise<number> {
  const rows = await em.find(ProcedureVersionEntity, { where: { source: 'seed', validFrom: seed.validFrom } });
  let n = 0;
  for (const row of rows) {
    const asset = seed.procedures.find((p) => p.code === row.code)?.fees ?? [];
    if (!asset.some((f) => f.when)) continue;
    const stored = parseJsonArray(row.feesJson) as Partial<FeeSpec>[];
    if (stored.some((f) => f?.when)) continue;
    const sameLines = stored.length === asset.length
      && stored.every((f, i) => f && f.name === asset[i]!.name && f.amount === asset[i]!.amount);
    if (!sameLines) {
      log(`[catalogue] seed version ${row.id} of ${row.code}: its fee lines differ from the asset's, fee rules not filled in`);
      continue;
    }
    const fees = stored.map((f, i) => (asset[i]!.when ? { ...f, when: asset[i]!.when } : f));
    await em.update(ProcedureVersionEntity, { id: row.id }, { feesJson: JSON.stringify(fees) });
    await writeAudit(em, {
      at, userId: null, action: 'procedure.version.feeRules', entity: 'procedure_version', entityId: row.id,
      before: { fees: stored }, after: { fees, source: 'seed' },
    });
    n++;
  }
  return n;
}

/**
 * Seed versions stored before procedures carried their workflow (workflow_json NULL, migration 0020) get the
 * asset's: the steps, roles and durations of the shipped catalogue, audited. A version an administrator made
 * keeps what it has (NULL there reads as the default workflow).
 */
export async function fillSeedWorkflows(em: EntityManager, seed: CatalogueSeed, at: Date): Promise<number> {
  const rows = await em.find(ProcedureVersionEntity, { where: { source: 'seed', validFrom: seed.validFrom, workflowJson: IsNull() } });
  let n = 0;
  for (const row of rows) {
    const workflow = seed.procedures.find((p) => p.code === row.code)?.workflow;
    if (!workflow) continue;
    await em.update(ProcedureVersionEntity, { id: row.id }, { workflowJson: JSON.stringify(workflow) });
    await writeAudit(em, {
      at, userId: null, action: 'procedure.version.workflow', entity: 'procedure_version', entityId: row.id,
      before: { workflow: null }, after: { workflow, source: 'seed' },
    });
    n++;
  }
  return n;
}

/**
 * Seed versions stored before dossiers recorded their other parties (parties_json NULL, migration 0027) get
 * the asset's (the other spouse of a marriage), audited. A version an administrator made keeps what it has.
 */
export async function fillSeedParties(em: EntityManager, seed: CatalogueSeed, at: Date): Promise<number> {
  const rows = await em.find(ProcedureVersionEntity, { where: { source: 'seed', validFrom: seed.validFrom, partiesJson: IsNull() } });
  let n = 0;
  for (const row of rows) {
    const parties = seed.procedures.find((p) => p.code === row.code)?.parties;
    if (!parties?.length) continue;
    await em.update(ProcedureVersionEntity, { id: row.id }, { partiesJson: JSON.stringify(parties) });
    await writeAudit(em, {
      at, userId: null, action: 'procedure.version.parties', entity: 'procedure_version', entityId: row.id,
      before: { parties: null }, after: { parties, source: 'seed' },
    });
    n++;
  }
  return n;
}
