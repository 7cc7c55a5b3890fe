// The office's indicators (issue 10, item 6; Quyết định 766/QĐ-TTg, kpis.md): computed from the local data for
// a period, against the province's targets (configurable data), each figure with the list of dossiers behind it.
import { z } from 'zod';
import { calendarDate, isoInstant, text } from './common';
import { method } from './method';

/**
 * The shares the office is ranked on, each over its own population of the period (Vietnam dates):
 * - on-time: resolved (result ready) in the period, early or on time; an extended dossier counts as late;
 * - digitized: received in the period, every component digitized (own scan or reused);
 * - result-digitized: resolved in the period, with a digitized result paper;
 * - synced: received in the period, on the provincial system;
 * - online: received in the period, submitted online (channel 2);
 * - satisfied: returned in the period with a rating at the counter, rated satisfied.
 */
export const INDICATOR_KEYS = ['on-time', 'digitized', 'result-digitized', 'synced', 'online', 'satisfied'] as const;
export const indicatorKey = z.enum(INDICATOR_KEYS);
export type IndicatorKey = z.infer<typeof indicatorKey>;

export const INDICATOR_LABEL: Record<IndicatorKey, string> = {
  'on-time': 'Giải quyết sớm và đúng hạn',
  digitized: 'Hồ sơ được số hóa đầy đủ thành phần',
  'result-digitized': 'Hồ sơ có kết quả được số hóa',
  synced: 'Hồ sơ đã đồng bộ lên hệ thống tỉnh',
  online: 'Hồ sơ nộp trực tuyến',
  satisfied: 'Người dân hài lòng (khi nhận kết quả)',
};

/** Who a share counts (the denominator) and what it counts as met (the numerator), for the leader's screen. */
export const INDICATOR_BASIS: Record<IndicatorKey, { population: string; met: string; missed: string }> = {
  'on-time': { population: 'hồ sơ có kết quả trong kỳ', met: 'sớm hoặc đúng hạn', missed: 'trễ hạn (kể cả đã gia hạn)' },
  digitized: { population: 'hồ sơ tiếp nhận trong kỳ', met: 'đủ thành phần đã số hóa', missed: 'còn thành phần chưa số hóa' },
  'result-digitized': { population: 'hồ sơ có kết quả trong kỳ', met: 'kết quả đã số hóa', missed: 'kết quả chưa số hóa' },
  synced: { population: 'hồ sơ tiếp nhận trong kỳ', met: 'đã có trên hệ thống tỉnh', missed: 'chưa lên hệ thống tỉnh' },
  online: { population: 'hồ sơ tiếp nhận trong kỳ', met: 'nộp trực tuyến', missed: 'nộp tại quầy hoặc qua bưu chính' },
  satisfied: { population: 'lượt trả kết quả trong kỳ có đánh giá', met: 'hài lòng', missed: 'chưa hài lòng' },
};

export const periodInput = z.object({ from: calendarDate, to: calendarDate });

const share = z.object({
  key: indicatorKey, label: z.string(),
  /** Dossiers that count as met, and all dossiers of the population. */
  met: z.number().int(), total: z.number().int(),
  /** met / total (0–1), null when the population is empty. */
  value: z.number().nullable(),
  /** The target share (0–1), null when none is set; whether the value reaches it (null: no target or no data). */
  target: z.number().nullable(), reached: z.boolean().nullable(),
});
export type IndicatorShare = z.infer<typeof share>;

const procedureRow = z.object({
  code: z.string(), name: z.string(), resolved: z.number().int(), early: z.number().int(), onTime: z.number().int(), late: z.number().int(),
  /** Average days from receipt to result (calendar days, one decimal), null without resolved dossiers. */
  averageDays: z.number().nullable(),
});

export const indicatorsSchema = z.object({
  from: z.string(), to: z.string(),
  shares: z.array(share),
  timeliness: z.object({ early: z.number().int(), onTime: z.number().int(), late: z.number().int() }),
  /** Average days from receipt to result over every dossier resolved in the period. */
  averageDays: z.number().nullable(),
  procedures: z.array(procedureRow),
  /** Per month of the period ('YYYY-MM'), each share's value (null: nothing to count that month). */
  months: z.array(z.object({ month: z.string(), values: z.record(z.string(), z.number().nullable()) })),
  /** The targets' source, e.g. "Kế hoạch của tỉnh Đắk Nông năm 2022". */
  targetSource: z.string(),
});
export type Indicators = z.infer<typeof indicatorsSchema>;

export const targetsSchema = z.object({
  source: text(300),
  /** Per indicator, the least share (0–100 %) the province expects; null: no target. */
  targets: z.object(Object.fromEntries(INDICATOR_KEYS.map((k) => [k, z.number().min(0, 'Từ 0 đến 100 %').max(100, 'Từ 0 đến 100 %').nullable()])) as
    Record<IndicatorKey, z.ZodNullable<z.ZodNumber>>),
});
export type IndicatorTargets = z.infer<typeof targetsSchema>;

export const indicatorDossierSchema = z.object({
  id: z.string(), number: z.string(), applicantName: z.string(), procedureCode: z.string(), procedureName: z.string(),
  receivedAt: isoInstant, dueAt: isoInstant.nullable(), resolvedAt: isoInstant.nullable(), status: z.number().int(),
  /** Why it counts as it does, in Vietnamese ("Trễ hạn (đã gia hạn)", "2/3 thành phần đã số hóa", "Nộp trực tuyến"…). */
  detail: z.string(),
  met: z.boolean(),
});

const LEADERS = ['leader', 'admin'] as const;

export const indicatorsApi = {
  'indicators.compute': method(periodInput, indicatorsSchema, LEADERS),
  /** The dossiers behind a figure: those that count as met, those that do not, or all of its population. */
  'indicators.dossiers': method(periodInput.extend({
    key: z.union([indicatorKey, z.literal('resolved')]), part: z.enum(['met', 'missed', 'all']).default('all'),
    procedureCode: z.string().max(40).optional(),
    limit: z.number().int().min(1).max(1000).default(200), offset: z.number().int().min(0).max(10_000_000).default(0),
  }), z.object({ total: z.number().int(), rows: z.array(indicatorDossierSchema) }), LEADERS),
  'indicators.getTargets': method(z.object({}), targetsSchema, LEADERS),
  'indicators.setTargets': method(targetsSchema, targetsSchema, LEADERS),
  /** The period's indicators as an Excel workbook (.xlsx): shares against targets, per procedure, per month. */
  'indicators.exportXlsx': method(periodInput, z.object({ fileName: z.string(), base64: z.string() }), LEADERS),
} as const;
