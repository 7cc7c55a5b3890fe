// Public API of the calendar: lunar dates, holidays, working days and legal due dates (all Vietnam time).
export {
  addDays,
  assertCivilDate,
  compareCivilDates,
  daysBetween,
  formatCivilDate,
  isValidCivilDate,
  isoWeekday,
  parseCivilDate,
  type CivilParts,
} from './civil-date';
export { LUNAR_MAX_YEAR, LUNAR_MIN_YEAR, leapMonthOf, lunarMonthLength, lunarToSolar, solarToLunar, type LunarDate } from './lunar';
export { CULTURE_DAY_FROM, DEFAULT_HOLIDAY_RULES, statutoryHolidays, type Holiday, type HolidayRules } from './holidays';
export { WorkCalendar, parseCalendarOverrides, type CalendarOverride, type WorkCalendarOptions } from './work-calendar';
export {
  DEFAULT_WORKING_HOURS,
  formatHm,
  parseHm,
  toMinuteIntervals,
  checkWorkingHours,
  validateWorkingHours,
  type MinuteInterval,
  type WorkingHoursIssue,
  type WorkingHours,
} from './working-hours';
export { computeDue, type DueInput, type DueResult, type DurationUnit } from './due-date';
export {
  CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR, SERVED_FIRST_YEAR, SERVED_LAST_YEAR, SERVED_RANGE,
  checkServedDate, checkServedInstant, isServedDate,
} from './served';
export { buildWorkCalendar, type BuiltCalendar, type CalendarProblem, type CalendarSources, type OverrideOrigin } from './build';
export { addWorkingMs, dueAfterPause, stepDue, stepOutcome, workingMsBetween, workingMsLeft, WorkingTimeMeter, type StepDurationUnit } from './working-time';
