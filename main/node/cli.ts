// Command-line entry for administrators and for checks; prints JSON only.
//   cli due --received <ISO 8601 with offset> --unit working-days|days|working-hours|same-day [--duration N] [--cutoff HH:MM]
//   cli lunar <YYYY-MM-DD>
//   cli holidays <YYYY>
// With the office's data folder (--data-dir, MOTCUA_DATA_DIR or the default) the office's calendar
// overrides, working hours and due-time setting apply; without one, the statutory rules and defaults.
import fs from 'node:fs';
import { DEFAULT_WORKING_HOURS, WorkCalendar, computeDue, solarToLunar, type WorkingHours } from '../../shared/calendar';
import { DURATION_UNITS, type DurationUnitName } from '../../shared/contract/common';
import { formatIsoVn, parseInstant } from '../../shared/time/vn-time';
import { databaseFile, defaultDataDir } from '../base/data-dir';
import { parseArgs } from './args';

class UsageError extends Error {}

interface OfficeCalendar { calendar: WorkCalendar; hours: WorkingHours; dueTime: string }

async function loadOfficeCalendar(dataDir: string): Promise<OfficeCalendar> {
  const file = databaseFile(dataDir);
  if (!fs.existsSync(file)) return { calendar: new WorkCalendar(), hours: DEFAULT_WORKING_HOURS, dueTime: 'end-of-day' };
  const { Database } = await import('../persistence/database');
  const { CalendarService } = await import('../services/calendar-service');
  const { OfficeService } = await import('../services/office-service');
  const db = await Database.open(file);
  try {
    const office = await new OfficeService(db).get();
    const calendar = await new CalendarService(db).get();
    return { calendar, hours: office?.workingHours ?? DEFAULT_WORKING_HOURS, dueTime: office?.dueTime ?? 'end-of-day' };
  } finally {
    await db.close();
  }
}

async function run(argv: string[]): Promise<unknown> {
  const { positional, options } = parseArgs(argv);
  const [command, arg] = positional;
  const dataDir = String(options['data-dir'] ?? defaultDataDir());
  switch (command) {
    case 'due': {
      const received = parseInstant(String(options.received ?? ''));
      if (!received) throw new UsageError('--received phải là thời điểm ISO 8601 có múi giờ, VD 2026-02-13T16:30:00+07:00');
      const unit = String(options.unit ?? '') as DurationUnitName;
      if (!DURATION_UNITS.includes(unit)) throw new UsageError(`--unit phải là một trong: ${DURATION_UNITS.join(', ')}`);
      const value = options.duration === undefined ? undefined : Number(options.duration);
      if (unit !== 'same-day' && (value === undefined || !Number.isInteger(value) || value < 0)) throw new UsageError('--duration phải là số nguyên không âm');
      const cutoff = options.cutoff === undefined ? undefined : String(options.cutoff);
      if (cutoff !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(cutoff)) throw new UsageError('--cutoff phải có dạng HH:MM');
      const office = await loadOfficeCalendar(dataDir);
      const r = computeDue({ receivedAt: received, unit, value, cutoff, calendar: office.calendar, hours: office.hours, dueTime: office.dueTime });
      return { due: formatIsoVn(r.due) };
    }
    case 'lunar': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(arg ?? '');
      if (!m) throw new UsageError('Cú pháp: lunar YYYY-MM-DD');
      return solarToLunar(Number(m[1]), Number(m[2]), Number(m[3]));
    }
    case 'holidays': {
      if (!/^\d{4}$/.test(arg ?? '')) throw new UsageError('Cú pháp: holidays YYYY');
      const office = await loadOfficeCalendar(dataDir);
      return office.calendar.holidays(Number(arg)).map((h) => ({ date: h.date, name: h.name, kind: h.kind }));
    }
    default:
      throw new UsageError('Lệnh: due | lunar | holidays');
  }
}

run(process.argv.slice(2)).then(
  (out) => { process.stdout.write(JSON.stringify(out) + '\n'); },
  (e: Error) => {
    process.stderr.write(JSON.stringify({ error: e.message }) + '\n');
    process.exit(e instanceof UsageError || e instanceof RangeError ? 2 : 1);
  },
);
