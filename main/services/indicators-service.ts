// The office's indicators as the leader sees them: the period's shares against the province's targets, the
// time per procedure, the months of the period, the dossiers behind each figure, and the Excel workbook.
import {
  INDICATOR_KEYS, INDICATOR_LABEL, targetsSchema, type IndicatorKey, type Indicators, type IndicatorTargets,
} from '../../shared/contract/api-indicators';
import { statusName } from '../../shared/contract';
import { fromVnParts } from '../../shared/time/vn-time';
import type { Clock } from '../base/context';
import { validationError } from '../base/errors';
import type { Database } from '../persistence/database';
import { writeAudit } from './audit';
import { SettingEntity } from '../persistence/entities';
import {
  figureDossiers, ratedByMonth, receivedByMonth, resolvedByMonthAndProcedure, type FigureKey, type FigureRow, type Span,
} from './indicators-sql';
import shippedTargets from './indicators-targets.vi.json';
import { indicatorsWorkbook } from './indicators-xlsx';

const TARGETS_KEY = 'indicators.targets';
/** Longest period one request reads (a few years: every month of the range is listed). */
const MAX_DAYS = 3 * 366;

export const DEFAULT_TARGETS: IndicatorTargets = targetsSchema.parse(shippedTargets);

/** 'YYYY-MM-DD' Vietnam dates (inclusive) → the stored instants [from, to). */
export function spanOf(from: string, to: string): Span {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  const start = fromVnParts(fy, fm, fd);
  const end = fromVnParts(ty, tm, td + 1);
  if (end <= start) throw validationError([{ field: 'to', message: 'Ngày cuối phải từ ngày đầu trở đi — hãy chọn lại.', severity: 'error' }]);
  if (end.getTime() - start.getTime() > MAX_DAYS * 86_400_000) {
    throw validationError([{ field: 'to', message: 'Mỗi lần xem tối đa 3 năm — hãy chọn khoảng ngắn hơn.', severity: 'error' }]);
  }
  return { from: start.toISOString(), to: end.toISOString(), fromDay: from, toDay: to };
}

const ratio = (met: number, total: number) => (total > 0 ? met / total : null);
const days = (sum: number, n: number) => (n > 0 ? Math.round((sum / n) * 10) / 10 : null);

export class IndicatorsService {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  async targets(): Promise<IndicatorTargets> {
    const row = await this.db.read((em) => em.findOneBy(SettingEntity, { key: TARGETS_KEY }));
    if (!row) return DEFAULT_TARGETS;
    const parsed = targetsSchema.safeParse(JSON.parse(row.valueJson));
    return parsed.success ? parsed.data : DEFAULT_TARGETS;
  }

  async setTargets(input: IndicatorTargets, userId: string): Promise<IndicatorTargets> {
    await this.db.write(async (em) => {
      const before = await em.findOneBy(SettingEntity, { key: TARGETS_KEY });
      await em.save(SettingEntity, { key: TARGETS_KEY, valueJson: JSON.stringify(input) });
      await writeAudit(em, { at: this.clock.now(), userId, action: 'indicators.targets', entity: 'setting', entityId: TARGETS_KEY, before: before ? JSON.parse(before.valueJson) : undefined, after: input });
    });
    return input;
  }

  async compute(from: string, to: string): Promise<Indicators> {
    const span = spanOf(from, to);
    const raw = this.db.raw;
    const [targets, data] = await Promise.all([this.targets(), this.db.read(() => (
      { received: receivedByMonth(raw, span), resolved: resolvedByMonthAndProcedure(raw, span), rated: ratedByMonth(raw, span) }))]);
    const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);
    const { received, resolved, rated } = data;
    const counts: Record<IndicatorKey, [number, number]> = {
      'on-time': [sum(resolved, (r) => r.early + r.onTime), sum(resolved, (r) => r.total)],
      digitized: [sum(received, (r) => r.digitized), sum(received, (r) => r.total)],
      'result-digitized': [sum(resolved, (r) => r.resultDigitized), sum(resolved, (r) => r.total)],
      synced: [sum(received, (r) => r.synced), sum(received, (r) => r.total)],
      online: [sum(received, (r) => r.online), sum(received, (r) => r.total)],
      satisfied: [sum(rated, (r) => r.satisfied), sum(rated, (r) => r.rated)],
    };
    const shares = INDICATOR_KEYS.map((key) => {
      const [met, total] = counts[key];
      const value = ratio(met, total);
      const target = targets.targets[key] === null ? null : targets.targets[key]! / 100;
      return { key, label: INDICATOR_LABEL[key], met, total, value, target, reached: target === null || value === null ? null : value >= target - 1e-9 };
    });

    const byProcedure = new Map<string, Indicators['procedures'][number] & { daySum: number }>();
    for (const r of resolved) {
      const p = byProcedure.get(r.code) ?? { code: r.code, name: r.name, resolved: 0, early: 0, onTime: 0, late: 0, averageDays: null, daySum: 0 };
      Object.assign(p, { resolved: p.resolved + r.total, early: p.early + r.early, onTime: p.onTime + r.onTime, late: p.late + r.late, daySum: p.daySum + r.days });
      byProcedure.set(r.code, p);
    }
    const procedures = [...byProcedure.values()].map(({ daySum, ...p }) => ({ ...p, averageDays: days(daySum, p.resolved) }))
      .sort((a, b) => b.resolved - a.resolved || a.code.localeCompare(b.code));

    return {
      from, to, shares,
      timeliness: { early: sum(resolved, (r) => r.early), onTime: sum(resolved, (r) => r.onTime), late: sum(resolved, (r) => r.late) },
      averageDays: days(sum(resolved, (r) => r.days), sum(resolved, (r) => r.total)),
      procedures, months: monthsOf(from, to, received, resolved, rated), targetSource: targets.source,
    };
  }

  async dossiers(input: { from: string; to: string; key: FigureKey; part: 'met' | 'missed' | 'all'; procedureCode?: string; limit: number; offset: number }) {
    const span = spanOf(input.from, input.to);
    const { total, rows } = await this.db.read(() =>
      figureDossiers(this.db.raw, input.key, input.part, { ...span, procedureCode: input.procedureCode, limit: input.limit, offset: input.offset }));
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id, number: r.number, applicantName: r.applicantName, procedureCode: r.procedureCode, procedureName: r.procedureName,
        receivedAt: r.receivedAt, dueAt: r.dueAt, resolvedAt: r.resolvedAt, status: r.status, met: !!r.met, detail: detailOf(input.key, r),
      })),
    };
  }

  async exportXlsx(from: string, to: string): Promise<{ fileName: string; base64: string }> {
    const indicators = await this.compute(from, to);
    const late = await this.dossiers({ from, to, key: 'on-time', part: 'missed', limit: 1000, offset: 0 });
    const buffer = await indicatorsWorkbook(indicators, late.rows, this.clock.now());
    return { fileName: `chi-so-${from}-den-${to}.xlsx`, base64: buffer.toString('base64') };
  }
}

const OUTCOME: Record<string, string> = { early: 'Sớm hạn', 'on-time': 'Đúng hạn', late: 'Trễ hạn' };

/** Why the dossier counts as it does for the figure, in the leader's words. */
function detailOf(key: FigureKey, r: FigureRow): string {
  switch (key) {
    case 'on-time': case 'resolved':
      return `${OUTCOME[r.outcome ?? ''] ?? 'Chưa rõ'}${r.outcome === 'late' && (r.extensions ?? 0) > 0 ? ` (đã gia hạn ${r.extensions} lần)` : ''}`;
    case 'digitized':
      return r.components ? `${r.digitizedComponents}/${r.components} thành phần đã số hóa` : 'Không có thành phần hồ sơ';
    case 'result-digitized': return r.met ? 'Kết quả đã số hóa' : 'Kết quả chưa số hóa';
    case 'synced': return r.met ? 'Đã có trên hệ thống tỉnh' : `Chưa lên hệ thống tỉnh (${statusName(r.status)})`;
    case 'online': return r.channel === 2 ? 'Nộp trực tuyến' : r.channel === 3 ? 'Nộp qua bưu chính' : 'Nộp tại quầy';
    case 'satisfied': return r.satisfaction === 'satisfied' ? 'Hài lòng' : 'Chưa hài lòng';
  }
}

/** Every month the period touches, with each share's value (null where its population is empty). */
function monthsOf(from: string, to: string, received: ReturnType<typeof receivedByMonth>, resolved: ReturnType<typeof resolvedByMonthAndProcedure>,
  rated: ReturnType<typeof ratedByMonth>): Indicators['months'] {
  const out: Indicators['months'] = [];
  for (let [y, m] = from.split('-').map(Number) as [number, number]; `${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7); m === 12 ? (y++, m = 1) : m++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    const rc = received.find((r) => r.month === month);
    const rs = resolved.filter((r) => r.month === month);
    const rsTotal = rs.reduce((s, r) => s + r.total, 0);
    const rt = rated.find((r) => r.month === month);
    out.push({
      month, values: {
        'on-time': ratio(rs.reduce((s, r) => s + r.early + r.onTime, 0), rsTotal),
        digitized: ratio(rc?.digitized ?? 0, rc?.total ?? 0),
        'result-digitized': ratio(rs.reduce((s, r) => s + r.resultDigitized, 0), rsTotal),
        synced: ratio(rc?.synced ?? 0, rc?.total ?? 0),
        online: ratio(rc?.online ?? 0, rc?.total ?? 0),
        satisfied: ratio(rt?.satisfied ?? 0, rt?.rated ?? 0),
      },
    });
  }
  return out;
}
