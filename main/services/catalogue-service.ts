import crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { addDays, isValidCivilDate } from '../../shared/calendar';
import { DEFAULT_RESULT_PAPER, DURATION_UNITS, type ComponentSpec, type PartySpec, type ProcedureVersion, type ResultSpec } from '../../shared/contract';
import { feeRuleIssues } from '../../shared/intake/fee-rules';
import { foldForSearch, formatDateKeyVn, matchesQuery } from '../../shared/text';
import { readWorkflow, type ProcedureWorkflow } from '../../shared/workflow/procedure-workflow';
import { AppError, notFound, validationError } from '../base/errors';
import type { Database } from '../persistence/database';
import { ProcedureVersionEntity, type ProcedureVersionRow } from '../persistence/entities';
import { writeAudit } from './audit';
import { fillSeedFeeRules, fillSeedParties, fillSeedResults, fillSeedWorkflows, insertNewSeedProcedures, insertSeed, parseJsonArray, resultsJsonOf, type CatalogueSeed } from './catalogue-seed';
import { durationText } from './duration-text';
import { partiesJsonOf, partySpecsOf } from './dossier/parties';

/** A date key as the clerk reads dates (dd/mm/yyyy); a stored value that is no date key is shown as it is. */
const dmy = (key: string) => (/^\d{4}-\d{2}-\d{2}$/.test(key) ? formatDateKeyVn(key) : key);

export type { CatalogueSeed } from './catalogue-seed';

/**
 * A version's result papers from its stored JSON: a version recorded without them (NULL, older than
 * migration 0006, or imported from the portal without them) or with an empty list has the default result.
 */
export function resultPapersOf(json: string | null | undefined): ResultSpec[] {
  const list = parseJsonArray(json) as Partial<ResultSpec>[];
  const papers = list.filter((r) => r && typeof r.name === 'string' && r.name.trim())
    .map((r) => ({ code: typeof r.code === 'string' ? r.code.trim() : '', name: r.name!.trim(), note: typeof r.note === 'string' ? r.note : '' }));
  return papers.length ? papers : [{ ...DEFAULT_RESULT_PAPER }];
}

/**
 * Why a stored version cannot be used (Vietnamese), or null. Rows come from older versions, the seed and
 * the portal's catalogue: one damaged row must leave the rest of the catalogue searchable.
 */
export function storedVersionProblem(r: ProcedureVersionRow): string | null {
  if (!(DURATION_UNITS as readonly string[]).includes(r.durationUnit)) return `thời hạn "${r.durationUnit}" không rõ đơn vị`;
  if (!Number.isFinite(r.durationValue) || r.durationValue < 0) return `thời hạn ${r.durationValue} không hợp lệ`;
  if (!isValidCivilDate(r.validFrom) || (r.validTo !== null && !isValidCivilDate(r.validTo))) {
    return `ngày áp dụng "${r.validFrom}${r.validTo ? ` – ${r.validTo}` : ''}" không có thật`; // raw-date: not a real date, shown as stored
  }
  for (const [what, json] of [['thành phần hồ sơ', r.componentsJson], ['phí, lệ phí', r.feesJson]] as const) {
    try {
      if (!Array.isArray(JSON.parse(json))) return `danh sách ${what} bị hỏng`;
    } catch {
      return `danh sách ${what} bị hỏng`;
    }
  }
  return null;
}

const damaged = (r: ProcedureVersionRow, problem: string) => new AppError('DATA_DAMAGED',
  `Phiên bản thủ tục ${r.code} áp dụng từ ${dmy(r.validFrom)} có dữ liệu hỏng (${problem}) nên không dùng được — hãy chọn thủ tục khác và báo quản trị viên tạo lại phiên bản này.`);

export function rowToVersion(r: ProcedureVersionRow): ProcedureVersion {
  return {
    id: r.id, procedureId: r.code, code: r.code, name: r.name, sector: r.sector,
    durationUnit: r.durationUnit as ProcedureVersion['durationUnit'], durationValue: r.durationValue,
    cutoff: r.cutoff, durationText: durationText(r.durationUnit, r.durationValue, r.cutoff),
    validFrom: r.validFrom, validTo: r.validTo, components: parseJsonArray(r.componentsJson) as ComponentSpec[],
    fees: parseJsonArray(r.feesJson) as ProcedureVersion['fees'], feeNote: r.feeNote, results: resultPapersOf(r.resultsJson),
    // A version recorded without a workflow (or with one an older version cannot read) has the default.
    workflow: readWorkflow(r.workflowJson),
    parties: partySpecsOf(r.partiesJson),
  };
}

/**
 * The procedure catalogue with effective-dated versions: a change is a new version valid from a date,
 * which closes the previous one the day before; dossiers keep the version they were received under.
 */
export class CatalogueService {
  private index: { version: ProcedureVersion; key: string }[] | null = null;

  constructor(private readonly db: Database, private readonly log: (line: string) => void = () => undefined) {}

  /** Rows that can be used; the others are logged once per read and left out. */
  private usable(rows: ProcedureVersionRow[]): ProcedureVersion[] {
    const out: ProcedureVersion[] = [];
    for (const r of rows) {
      const problem = storedVersionProblem(r);
      if (problem) this.log(`[catalogue] skipped version ${r.id} of ${r.code}: ${problem}`);
      else out.push(rowToVersion(r));
    }
    return out;
  }

  /**
   * First start: the catalogue from the seed. Later starts: seed versions stored before a fact was recorded
   * get it from the same asset (result papers, fee rules, workflow), audited; versions made by an administrator or
   * imported are left as they are (catalogue-seed.ts).
   */
  async seedIfEmpty(seed: CatalogueSeed, at: Date): Promise<number> {
    const inserted = await this.db.write((em) => insertSeed(em, seed, at));
    if (inserted === 0) {
      await this.db.write(async (em) => (await insertNewSeedProcedures(em, seed, at)) + (await fillSeedResults(em, seed, at)) + (await fillSeedFeeRules(em, seed, at, this.log))
        + (await fillSeedWorkflows(em, seed, at)) + (await fillSeedParties(em, seed, at)));
    }
    this.index = null;
    return inserted;
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
    const problem = storedVersionProblem(row);
    if (problem) throw damaged(row, problem);
    return rowToVersion(row);
  }

  async history(code: string): Promise<ProcedureVersion[]> {
    const rows = await this.db.read((em) => em.find(ProcedureVersionEntity, { where: { code }, order: { validFrom: 'DESC' } }));
    return this.usable(rows);
  }

  async createVersion(input: Omit<ProcedureVersion, 'id' | 'procedureId' | 'validTo' | 'durationText' | 'results' | 'workflow' | 'parties'> & { results?: ResultSpec[]; workflow?: ProcedureWorkflow; parties?: PartySpec[] }, userId: string, at: Date): Promise<ProcedureVersion> {
    // The fee rules together (each alone is checked by the contract): one date asked, every day count decided.
    const feeIssues = feeRuleIssues(input.fees);
    if (feeIssues.length) throw validationError(feeIssues, 'Điều kiện áp dụng phí, lệ phí chưa hợp lệ: sửa các ô được đánh dấu.');
    const created = await this.db.write(async (em: EntityManager) => {
      const versions = await em.find(ProcedureVersionEntity, { where: { code: input.code }, order: { validFrom: 'ASC' } });
      if (versions.some((v) => v.validFrom >= input.validFrom)) {
        throw new AppError('CONFLICT', `Thủ tục ${input.code} đã có phiên bản áp dụng từ ngày ${dmy(input.validFrom)} hoặc muộn hơn; phiên bản mới phải có ngày áp dụng sau các phiên bản cũ.`,
          [{ field: 'validFrom', message: 'Ngày áp dụng phải sau phiên bản hiện hành', severity: 'error' }]);
      }
      const previous = versions.at(-1);
      if (previous) {
        const closed = { ...previous, validTo: addDays(input.validFrom, -1) };
        await em.save(ProcedureVersionEntity, closed);
      }
      const row: ProcedureVersionRow = {
        id: crypto.randomUUID(), code: input.code, name: input.name, sector: input.sector, durationUnit: input.durationUnit,
        durationValue: input.durationValue, cutoff: input.cutoff, validFrom: input.validFrom, validTo: null,
        componentsJson: JSON.stringify(input.components), feesJson: JSON.stringify(input.fees), feeNote: input.feeNote,
        // Result papers left out of the input: the previous version's are kept (an older client, or the portal's catalogue, which has none).
        resultsJson: input.results ? resultsJsonOf(input.results) : (previous?.resultsJson ?? null),
        // The sector's national code is catalogue data the version screen does not edit: a new version keeps it.
        sectorCode: previous && previous.sector === input.sector ? previous.sectorCode ?? null : null,
        // The workflow left out of the input: the previous version's is kept (an older client, the portal's catalogue).
        workflowJson: input.workflow ? JSON.stringify(input.workflow) : (previous?.workflowJson ?? null),
        // The parties left out of the input: the previous version's are kept (an older client, the portal's catalogue).
        partiesJson: input.parties ? partiesJsonOf(input.parties) : (previous?.partiesJson ?? null),
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
      this.index = this.usable(rows).map((version) => ({ version, key: foldForSearch(`${version.code} ${version.name} ${version.sector}`) }));
    }
    return this.index;
  }
}
