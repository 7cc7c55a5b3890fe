// Command-line entry for administrators and for checks; prints JSON only (warnings go to stderr as JSON).
//   cli due --received <ISO 8601 with offset> --unit working-days|days|working-hours|same-day [--duration N] [--cutoff HH:MM]
//   cli lunar <YYYY-MM-DD>
//   cli holidays <YYYY>
//   cli words <amount>                        amount in Vietnamese words as a receipt prints it
//   cli date-words <YYYY-MM-DD>               a date in words as a certificate writes it
//   cli vietqr --bin B --account A [--amount N] [--content TEXT]   VietQR payload (static without --amount)
// The calendar is the app's: statutory rules + the official schedules shipped in assets/ + the office's
// overrides. With the office's data folder (--data-dir, MOTCUA_DATA_DIR or the default) its overrides, working
// hours and due-time setting apply; without one, the official schedules and the default hours.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import {
  buildWorkCalendar, CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR, checkServedDate, checkServedInstant, computeDue,
  DEFAULT_WORKING_HOURS, solarToLunar, type WorkCalendar, type WorkingHours,
} from '../../shared/calendar';
import { DURATION_UNITS, type DurationUnitName } from '../../shared/contract/common';
import { buildVietQr } from '../../shared/fees/vietqr';
import { amountInWords, dateInWords } from '../../shared/text';
import { formatIsoVn } from '../../shared/time/vn-time';
import { findAssetsDir } from '../base/assets';
import { databaseFile, defaultDataDir } from '../base/data-dir';
import { loadOfficialSchedules, OFFICIAL_SCHEDULES_ASSET } from '../services/calendar-service';

class UsageError extends Error {}

interface OfficeCalendar { calendar: WorkCalendar; hours: WorkingHours; dueTime: string; warnings: string[] }

async function loadOfficeCalendar(dataDir: string): Promise<OfficeCalendar> {
  const official = loadOfficialSchedules(findAssetsDir());
  const officialWarning = official.error ? [`${official.error} (${OFFICIAL_SCHEDULES_ASSET})`] : [];
  const file = databaseFile(dataDir);
  if (!fs.existsSync(file)) {
    const built = buildWorkCalendar({ official: official.entries });
    return { calendar: built.calendar, hours: DEFAULT_WORKING_HOURS, dueTime: 'end-of-day', warnings: [...officialWarning, ...built.problems.map((p) => p.message)] };
  }
  const { Database } = await import('../persistence/database');
  const { CalendarService } = await import('../services/calendar-service');
  const { OfficeService } = await import('../services/office-service');
  const db = await Database.open(file);
  try {
    const office = await new OfficeService(db).get();
    const service = new CalendarService(db, { official });
    const calendar = await service.get();
    const warnings = [...(await service.problems()).map((p) => `${p.key ? `${p.key}: ` : ''}${p.message}`), ...(office?.problems ?? []).map((p) => p.message)];
    return { calendar, hours: office?.workingHours ?? DEFAULT_WORKING_HOURS, dueTime: office?.dueTime ?? 'end-of-day', warnings };
  } finally {
    await db.close();
  }
}

function warn(lines: string[]): void {
  for (const warning of lines) process.stderr.write(JSON.stringify({ warning }) + '\n');
}

/** Whole đồng as typed: "15000" or with dot grouping "15.000"; anything else is the user's mistake. */
function parseAmountArg(text: string | undefined, what: string): number {
  const t = (text ?? '').trim();
  if (!/^(\d+|\d{1,3}(\.\d{3})+)$/.test(t)) {
    throw new UsageError(`${what} phải là số nguyên đồng không âm, viết liền hoặc có dấu chấm ngăn hàng nghìn, ví dụ 15000 hoặc 15.000 (nhận được: "${t}").`);
  }
  return Number(t.replace(/\./g, ''));
}

// The pure text/fee functions throw RangeError with a Vietnamese message: that is the user's input, not a fault.
function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) throw new UsageError(e.message);
    throw e;
  }
}

async function run(argv: string[]): Promise<unknown> {
  // "-15000" would otherwise be read as an unknown option letter.
  if (argv[0] === 'words' && /^-\d/.test(argv[1] ?? '')) throw new UsageError(`Số tiền không được âm (nhận được: ${argv[1]}). Hãy nhập số tiền từ 0 trở lên.`);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true,
      options: {
        received: { type: 'string' }, unit: { type: 'string' }, duration: { type: 'string' }, cutoff: { type: 'string' }, 'data-dir': { type: 'string' },
        bin: { type: 'string' }, account: { type: 'string' }, amount: { type: 'string' }, content: { type: 'string' },
      },
    });
  } catch (e) {
    // node:util names the unknown or incomplete option; say it in the CLI's words.
    throw new UsageError(`Tham số không hợp lệ: ${(e as Error).message.split('\n')[0]}`);
  }
  const { positionals: [command, arg], values: options } = parsed;
  const dataDir = String(options['data-dir'] ?? defaultDataDir());
  switch (command) {
    case 'due': {
      const received = checkServedInstant(String(options.received ?? ''));
      if (!received.ok) throw new UsageError(`--received: ${received.error}`);
      const unit = String(options.unit ?? '') as DurationUnitName;
      if (!DURATION_UNITS.includes(unit)) throw new UsageError(`--unit phải là một trong: ${DURATION_UNITS.join(', ')}`);
      const value = options.duration === undefined ? undefined : Number(options.duration);
      if (unit !== 'same-day' && (value === undefined || !Number.isInteger(value) || value < 1 || value > 365)) {
        throw new UsageError('--duration phải là số nguyên từ 1 đến 365');
      }
      const cutoff = options.cutoff === undefined ? undefined : String(options.cutoff);
      if (cutoff !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(cutoff)) throw new UsageError('--cutoff phải có dạng HH:MM');
      const office = await loadOfficeCalendar(dataDir);
      warn(office.warnings);
      const r = computeDue({ receivedAt: received.value, unit, value, cutoff, calendar: office.calendar, hours: office.hours, dueTime: office.dueTime });
      return { due: formatIsoVn(r.due) };
    }
    case 'lunar': {
      const date = checkServedDate(arg ?? '');
      if (!date.ok) throw new UsageError(`Cú pháp: lunar YYYY-MM-DD. ${date.error}`);
      const [y, m, d] = date.value.split('-').map(Number);
      return solarToLunar(y, m, d);
    }
    case 'holidays': {
      const year = Number(arg);
      if (!/^\d{4}$/.test(arg ?? '') || year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) {
        throw new UsageError(`Cú pháp: holidays YYYY (năm từ ${CALENDAR_FIRST_YEAR} đến ${CALENDAR_LAST_YEAR})`);
      }
      const office = await loadOfficeCalendar(dataDir);
      warn(office.warnings);
      return office.calendar.holidays(year).map((h) => ({ date: h.date, name: h.name, kind: h.kind }));
    }
    case 'words': {
      if (arg === undefined) throw new UsageError('Cú pháp: words <số tiền>, ví dụ words 15000.');
      const amount = parseAmountArg(arg, 'Số tiền');
      return { words: asUsage(() => amountInWords(amount)) };
    }
    case 'date-words': {
      if (arg === undefined) throw new UsageError('Cú pháp: date-words YYYY-MM-DD, ví dụ date-words 2026-03-15.');
      return { words: asUsage(() => dateInWords(arg)) };
    }
    case 'vietqr': {
      if (options.bin === undefined || options.account === undefined) {
        throw new UsageError('Cú pháp: vietqr --bin <mã BIN 6 số> --account <số tài khoản> [--amount <số tiền>] [--content <nội dung>].');
      }
      const amount = options.amount === undefined ? undefined : parseAmountArg(String(options.amount), '--amount');
      const qr = asUsage(() => buildVietQr({ bin: String(options.bin), account: String(options.account), amount, content: options.content === undefined ? undefined : String(options.content) }));
      if (qr.content.cut) warn([`Nội dung chuyển khoản dài quá 25 ký tự, đã bỏ phần cuối: "${qr.content.cut}".`]);
      return { payload: qr.payload };
    }
    default:
      throw new UsageError('Lệnh: due | lunar | holidays | words | date-words | vietqr');
  }
}

run(process.argv.slice(2)).then(
  (out) => { process.stdout.write(JSON.stringify(out) + '\n'); },
  (e: Error) => {
    // Only our own Vietnamese messages are shown as they are; anything else is a fault, not the user's input.
    const message = e instanceof UsageError ? e.message : `Lỗi hệ thống: không tính được (${e.name}). Hãy kiểm tra lại dữ liệu vào; nếu vẫn lỗi, báo quản trị viên.`;
    process.stderr.write(JSON.stringify({ error: message }) + '\n');
    if (!(e instanceof UsageError)) process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(e instanceof UsageError ? 2 : 1);
  },
);
