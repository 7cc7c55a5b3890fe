// Rows of digitized files and scan jobs → the contract's shapes, and the per-dossier digitization state
// (which components have a current file, which of them reuse another dossier's file) that the dossier view
// and, later, the statistics read.
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { In, IsNull } from 'typeorm';
import { DossierComponentEntity, DossierEntity } from '../persistence/entities';
import { DigitizedFileEntity, type DigitizedFileRow } from '../persistence/entities-digitization';
import type { JobPage } from '../digitization';

/** A dossier component as a scan job knows it: `jobCode` is unique inside the job, `code` is the catalogue's. */
export interface JobComponentRef { jobCode: string; code: string; name: string; position: number }

/** The dossier's components handed in (not the missing ones), with codes that are unique inside a job. */
export async function componentsOf(em: EntityManager, dossierId: string): Promise<JobComponentRef[]> {
  const rows = await em.find(DossierComponentEntity, { where: { dossierId, missing: false }, order: { position: 'ASC' } });
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.code, (counts.get(r.code) ?? 0) + 1);
  // Two lines may share a catalogue code (or have none): the position keeps their files apart.
  return rows.map((r) => ({
    jobCode: r.code && counts.get(r.code) === 1 ? r.code : `${r.code || 'TP'}-${r.position}`,
    code: r.code, name: r.name, position: r.position,
  }));
}

export async function currentFiles(em: EntityManager, dossierId: string): Promise<DigitizedFileRow[]> {
  return em.find(DigitizedFileEntity, { where: { dossierId, replacedBy: IsNull() }, order: { componentPosition: 'ASC' } });
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
}

export const isReusedState = (state: number) => state === 2 || state === 3;

/**
 * Per component 0 not digitized / 1 digitized / 2 reused / 3 reused from another dossier's result, and
 * "x / y components digitized (z reused)" for the dossier.
 */
export async function dossierDigitization(em: EntityManager, dossierId: string): Promise<DossierDigitization> {
  const [components, files] = await Promise.all([componentsOf(em, dossierId), currentFiles(em, dossierId)]);
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
  };
}
