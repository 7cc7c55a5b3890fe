// Rows of digitized files and scan jobs → the contract's shapes, what a scan job fills (the dossier's
// components, kind 0, and its result papers, kind 1), and the per-dossier digitization state (which components
// have a current file, which of them reuse another dossier's file, whether the result is digitized) that the
// dossier view and, later, the statistics read.
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { In, IsNull } from 'typeorm';
import { DossierComponentEntity, DossierEntity, ProcedureVersionEntity, type DossierRow } from '../persistence/entities';
import { DigitizedFileEntity, type DigitizedFileRow } from '../persistence/entities-digitization';
import type { JobPage } from '../digitization';
import { resultPapersOf } from './catalogue-service';

/**
 * What a scan job fills: a dossier component (kind 0) or a result paper of the dossier (kind 1). `jobCode` is
 * unique inside the job; `code` is the catalogue's component code, or for a result the national result-type
 * code ('KQ<n>' when the catalogue has none); `position` is the component's line, or the result's index.
 */
export interface JobComponentRef { jobCode: string; code: string; name: string; position: number; kind: 0 | 1 }

/** The dossier's components handed in (not the missing ones), with codes that are unique inside a job. */
export async function componentsOf(em: EntityManager, dossierId: string): Promise<JobComponentRef[]> {
  const rows = await em.find(DossierComponentEntity, { where: { dossierId, missing: false }, order: { position: 'ASC' } });
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  // Two lines may share a catalogue code (or have none): the position keeps their files apart.
  return rows.map((r) => ({
    jobCode: r.code && counts.get(r.code) === 1 ? r.code : `${r.code || 'TP'}-${r.position}`,
    code: r.code, name: r.name, position: r.position, kind: 0 as const,
  }));
}

/** A dossier refused at the counter (form 03) is never accepted, so no result paper is issued for it. */
const NO_RESULT_STATUSES = new Set([3]);

/**
 * The dossier's result papers (from its procedure version; the default "Kết quả giải quyết" when the version
 * has none) as scan targets KQ1, KQ2… A result may be scanned before the dossier is marked finished: the
 * signed paper is often scanned first. `taken`: job codes already used by components.
 */
export async function resultsOf(em: EntityManager, dossier: Pick<DossierRow, 'status' | 'procedureVersionId'>, taken: ReadonlySet<string> = new Set()): Promise<JobComponentRef[]> {
  if (NO_RESULT_STATUSES.has(dossier.status)) return [];
  const version = await em.findOneBy(ProcedureVersionEntity, { id: dossier.procedureVersionId });
  return resultPapersOf(version?.resultsJson).map((r, i) => {
    let jobCode = resultJobCode(i);
    while (taken.has(jobCode)) jobCode = `${jobCode}-KQ`;
    return { jobCode, code: r.code || resultJobCode(i), name: r.name, position: i, kind: 1 as const };
  });
}

/** 'KQ<n>' (1-based): the result's job code, its code when the catalogue has none, and its file name's suffix. */
export const resultJobCode = (position: number) => `KQ${position + 1}`;

/** Electronic results are stored under `<dossier number>-KQ<n>` (Thông tư 01/2023). */
export const resultFileName = (dossierNumber: string, position: number) => `${dossierNumber}-${resultJobCode(position)}.pdf`;

/** The file name of a digitized file: `<code>-<dossier number>.pdf` for a component, `<dossier number>-KQ<n>.pdf` for a result. */
export const digitizedFileName = (f: Pick<DigitizedFileRow, 'kind' | 'componentCode' | 'componentPosition'>, dossierNumber: string) =>
  (f.kind === 1 ? resultFileName(dossierNumber, f.componentPosition) : `${f.componentCode || 'TP'}-${dossierNumber}.pdf`);

/** Everything a scan job of the dossier fills: its components, then its result papers. */
export async function targetsOf(em: EntityManager, dossierId: string): Promise<JobComponentRef[]> {
  const [components, dossier] = await Promise.all([componentsOf(em, dossierId), em.findOneBy(DossierEntity, { id: dossierId })]);
  if (!dossier) return components;
  return [...components, ...(await resultsOf(em, dossier, new Set(components.map((c) => c.jobCode))))];
}

/** The name a target shows in the scan job: results read "Kết quả: <name>". */
export const targetLabel = (t: Pick<JobComponentRef, 'kind' | 'name'>) => (t.kind === 1 ? `Kết quả: ${t.name}` : t.name);

/** The current row of a target (component or result) among the dossier's current files. */
export const fileOf = (files: readonly DigitizedFileRow[], t: Pick<JobComponentRef, 'kind' | 'position'>) =>
  files.find((f) => f.componentPosition === t.position && f.kind === t.kind);

export async function currentFiles(em: EntityManager, dossierId: string): Promise<DigitizedFileRow[]> {
  return em.find(DigitizedFileEntity, { where: { dossierId, replacedBy: IsNull() }, order: { kind: 'ASC', componentPosition: 'ASC' } });
}

/** Identifies what a component's pages are, so saving an unchanged component stores nothing new. */
export function sourceKeyOf(jobId: string, pages: readonly Pick<JobPage, 'id' | 'sha256'>[]): string {
  return createHash('sha256').update(`${jobId}:${pages.map((p) => `${p.id}/${p.sha256}`).join(',')}`).digest('hex');
}

export function toDigitizedFile(r: DigitizedFileRow) {
  return {
    id: r.id, dossierId: r.dossierId, componentPosition: r.componentPosition, componentCode: r.componentCode, componentName: r.componentName,
    kind: r.kind, state: r.state, pageCount: r.pageCount, dpi: r.dpi, colorMode: r.colorMode, size: r.size, sha256: r.sha256,
    scannedBy: r.scannedByName, scannedAt: r.scannedAt, profileId: r.profileId, signed: !!r.signed,
    certificateSerial: r.certificateSerial, signingTime: r.signingTime,
    ocrState: r.ocrState as 'pending' | 'done' | 'partial' | 'failed' | 'off', ocrError: r.ocrError,
    syncState: r.syncState, replacedBy: r.replacedBy, reusedFrom: r.reusedFrom ?? null,
  };
}

/** Where a reused file comes from: the source row and its dossier. */
export interface ReuseOrigin { fileId: string; dossierId: string; dossierNumber: string }

/** For each reused row (state 2/3) among `rows`, the dossier whose file it reuses. */
export async function reuseOrigins(em: EntityManager, rows: readonly DigitizedFileRow[]): Promise<Map<string, ReuseOrigin>> {
  const reused = rows.filter((r) => r.reusedFrom);
  const out = new Map<string, ReuseOrigin>();
  if (reused.length === 0) return out;
  const sources = await em.find(DigitizedFileEntity, { where: { id: In(reused.map((r) => r.reusedFrom!)) } });
  const dossiers = await em.find(DossierEntity, { where: { id: In([...new Set(sources.map((f) => f.dossierId))]) } });
  const numbers = new Map(dossiers.map((d) => [d.id, d.number]));
  const byId = new Map(sources.map((f) => [f.id, f]));
  for (const r of reused) {
    const src = byId.get(r.reusedFrom!);
    if (src) out.set(r.id, { fileId: src.id, dossierId: src.dossierId, dossierNumber: numbers.get(src.dossierId) ?? '' });
  }
  return out;
}

export interface DossierDigitization {
  /** Components with a current file of their own or reused (state 1, 2 or 3). */
  digitized: number;
  /** Of those, the components that reuse a file of another dossier (state 2 or 3). */
  reused: number;
  total: number;
  components: {
    position: number; code: string; name: string; state: number; fileId: string | null; pageCount: number;
    reusedFrom: ReuseOrigin | null;
  }[];
  /** The result papers (kind 1): state 0 not digitized / 1 digitized. */
  results: { position: number; code: string; name: string; state: number; fileId: string | null; pageCount: number }[];
  /** Result papers with a current digitized file. */
  resultsDigitized: number;
  /** Every result paper of the dossier is digitized (false when it has none): the KPI "share with a digitized result". */
  resultDigitized: boolean;
}

export const isReusedState = (state: number) => state === 2 || state === 3;

/**
 * Per component 0 not digitized / 1 digitized / 2 reused / 3 reused from another dossier's result, and
 * "x / y components digitized (z reused)" for the dossier.
 */
export async function dossierDigitization(em: EntityManager, dossierId: string): Promise<DossierDigitization> {
  const [components, files, dossier] = await Promise.all([componentsOf(em, dossierId), currentFiles(em, dossierId), em.findOneBy(DossierEntity, { id: dossierId })]);
  const resultTargets = dossier ? await resultsOf(em, dossier) : [];
  const resultFiles = files.filter((f) => f.kind === 1);
  const results = resultTargets.map((t) => {
    const f = fileOf(resultFiles, t);
    return { position: t.position, code: t.code, name: t.name, state: f ? f.state : 0, fileId: f?.id ?? null, pageCount: f?.pageCount ?? 0 };
  });
  // A result digitized while the dossier still had one (e.g. before it was refused) is still reported.
  for (const f of resultFiles) {
    if (!results.some((r) => r.position === f.componentPosition)) {
      results.push({ position: f.componentPosition, code: f.componentCode, name: f.componentName, state: f.state, fileId: f.id, pageCount: f.pageCount });
    }
  }
  const resultsDigitized = results.filter((r) => r.state !== 0).length;
  const byPosition = new Map(files.filter((f) => f.kind === 0).map((f) => [f.componentPosition, f]));
  const origins = await reuseOrigins(em, [...byPosition.values()]);
  const list = components.map((c) => {
    const f = byPosition.get(c.position);
    return {
      position: c.position, code: c.code, name: c.name, state: f ? f.state : 0, fileId: f?.id ?? null, pageCount: f?.pageCount ?? 0,
      reusedFrom: f ? (origins.get(f.id) ?? null) : null,
    };
  });
  return {
    digitized: list.filter((c) => c.state !== 0).length, reused: list.filter((c) => isReusedState(c.state)).length,
    total: list.length, components: list,
    results, resultsDigitized, resultDigitized: results.length > 0 && resultsDigitized === results.length,
  };
}
