import crypto from 'node:crypto';
import { IsNull, type EntityManager } from 'typeorm';
import { DEFAULT_RESULT_PAPER, type ComponentSpec, type ProcedureVersion, type ResultSpec } from '../../shared/contract';
import { foldForSearch, matchesQuery } from '../../shared/text';
import { AppError, notFound } from '../base/errors';
import type { Database } from '../persistence/database';
import { ProcedureVersionEntity, type ProcedureVersionRow } from '../persistence/entities';
import { writeAudit } from './audit';
import { durationText } from './duration-text';

export interface CatalogueSeed {
  source: string;
  validFrom: string;
  procedures: Array<Omit<ProcedureVersion, 'id' | 'procedureId' | 'validFrom' | 'validTo' | 'durationText' | 'results'> & { results?: ResultSpec[] }>;
}

/**
 * A version's result papers from its stored JSON: a version recorded without them (NULL, older than
 * migration 0006, or imported from the portal without them) or with an empty list has the default result.
 */
export function resultPapersOf(json: string | null | undefined): ResultSpec[] {
  const list = json ? (JSON.parse(json) as Partial<ResultSpec>[]) : [];
  const papers = list.filter((r) => typeof r.name === 'string' && r.name.trim())
    .map((r) => ({ code: (r.code ?? '').trim(), name: r.name!.trim(), note: r.note ?? '' }));
  return papers.length ? papers : [{ ...DEFAULT_RESULT_PAPER }];
}

const resultsJsonOf = (results: readonly ResultSpec[] | undefined) =>
  (results?.length ? JSON.stringify(results.map((r) => ({ code: r.code, name: r.name, note: r.note ?? '' }))) : null);

export function rowToVersion(r: ProcedureVersionRow): ProcedureVersion {
  return {
    id: r.id, procedureId: r.code, code: r.code, name: r.name, sector: r.sector,
    durationUnit: r.durationUnit as ProcedureVersion['durationUnit'], durationValue: r.durationValue,
    cutoff: r.cutoff, durationText: durationText(r.durationUnit, r.durationValue, r.cutoff),
    validFrom: r.validFrom, validTo: r.validTo, components: JSON.parse(r.componentsJson) as ComponentSpec[],
    fees: JSON.parse(r.feesJson), feeNote: r.feeNote, results: resultPapersOf(r.resultsJson),
  };
}

/**
 * The procedure catalogue with effective-dated versions: a change is a new version valid from a date,
 * which closes the previous one the day before; dossiers keep the version they were received under.
 */
export class CatalogueService {
  private index: { version: ProcedureVersion; key: string }[] | null = null;

  constructor(private readonly db: Database) {}

  /**
   * First start: the catalogue from the seed. Later starts: seed versions stored before result papers were
   * recorded (results_json NULL, migration 0006) get the seed's result papers — the same version of the same
   * asset, one fact filled in, audited; versions made by an administrator or imported are left as they are.
   */
  async seedIfEmpty(seed: CatalogueSeed, at: Date): Promise<number> {
    const inserted = await this.db.write(async (em) => {
      const count = await em.count(ProcedureVersionEntity);
      if (count > 0) return 0;
      for (const p of seed.procedures) {
        await em.insert(ProcedureVersionEntity, {
          id: crypto.randomUUID(), code: p.code, name: p.name.normalize('NFC'), sector: p.sector, durationUnit: p.durationUnit,
          durationValue: p.durationValue, cutoff: p.cutoff, validFrom: seed.validFrom, validTo: null,
          componentsJson: JSON.stringify(p.components), feesJson: JSON.stringify(p.fees), feeNote: p.feeNote ?? '',
          resultsJson: resultsJsonOf(p.results), source: 'seed', createdAt: at.toISOString(), createdBy: null,
        });
      }
      this.index = null;
      return seed.procedures.length;
    });
    if (inserted === 0) await this.fillSeedResults(seed, at);
    return inserted;
  }

  private async fillSeedResults(seed: CatalogueSeed, at: Date): Promise<void> {
    const filled = await this.db.write(async (em) => {
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
    });
    if (filled) this.index = null;
  }

  /** Versions in force on `day` (YYYY-MM-DD), matched by code or by name without diacritics. */
  async search(query: string, day: string, limit: number): Promise<ProcedureVersion[]> {
    const index = await this.loadIndex();
    const q = query.trim();
    return index
      .filter(({ version: v }) => v.validFrom <= day && (v.validTo === null || v.validTo >= day))
      .filter(({ version: v, key }) => !q || v.code.startsWith(q) || matchesQuery(key, q))
      .slice(0, limit)
      .map((e) => e.version);
  }

  async getVersion(id: string): Promise<ProcedureVersion> {
    const row = await this.db.read((em) => em.findOneBy(ProcedureVersionEntity, { id }));
    if (!row) throw notFound('phiên bản thủ tục');
    return rowToVersion(row);
  }

  async history(code: string): Promise<ProcedureVersion[]> {
    const rows = await this.db.read((em) => em.find(ProcedureVersionEntity, { where: { code }, order: { validFrom: 'DESC' } }));
    return rows.map(rowToVersion);
  }

  async createVersion(input: Omit<ProcedureVersion, 'id' | 'procedureId' | 'validTo' | 'durationText' | 'results'> & { results?: ResultSpec[] }, userId: string, at: Date): Promise<ProcedureVersion> {
    const created = await this.db.write(async (em: EntityManager) => {
      const versions = await em.find(ProcedureVersionEntity, { where: { code: input.code }, order: { validFrom: 'ASC' } });
      if (versions.some((v) => v.validFrom >= input.validFrom)) {
        throw new AppError('CONFLICT', `Thủ tục ${input.code} đã có phiên bản áp dụng từ ngày ${input.validFrom} hoặc muộn hơn; phiên bản mới phải có ngày áp dụng sau các phiên bản cũ.`,
          [{ field: 'validFrom', message: 'Ngày áp dụng phải sau phiên bản hiện hành', severity: 'error' }]);
      }
      const previous = versions.at(-1);
      if (previous) {
        const closed = { ...previous, validTo: dayBefore(input.validFrom) };
        await em.save(ProcedureVersionEntity, closed);
      }
      const row: ProcedureVersionRow = {
        id: crypto.randomUUID(), code: input.code, name: input.name, sector: input.sector, durationUnit: input.durationUnit,
        durationValue: input.durationValue, cutoff: input.cutoff, validFrom: input.validFrom, validTo: null,
        componentsJson: JSON.stringify(input.components), feesJson: JSON.stringify(input.fees), feeNote: input.feeNote,
        // Result papers left out of the input: the previous version's are kept (an older client, or the portal's catalogue, which has none).
        resultsJson: input.results ? resultsJsonOf(input.results) : (previous?.resultsJson ?? null),
        source: 'admin', createdAt: at.toISOString(), createdBy: userId,
      };
      await em.insert(ProcedureVersionEntity, row);
      await writeAudit(em, { at, userId, action: 'procedure.version.create', entity: 'procedure_version', entityId: row.id, before: previous, after: row });
      return row;
    });
    this.index = null;
    return rowToVersion(created);
  }

  /** Forgets the cached search index: versions were written outside this service (the portal's catalogue). */
  invalidate(): void {
    this.index = null;
  }

  private async loadIndex() {
    if (!this.index) {
      const rows = await this.db.read((em) => em.find(ProcedureVersionEntity, { order: { code: 'ASC', validFrom: 'ASC' } }));
      this.index = rows.map(rowToVersion).map((version) => ({ version, key: foldForSearch(`${version.code} ${version.name} ${version.sector}`) }));
    }
    return this.index;
  }
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
