// Vietnamese lunisolar calendar for UTC+7, after the astronomical method described by Hồ Ngọc Đức
// (new moons and the sun's longitude from Meeus, "Astronomical Algorithms"), implemented here from the
// published formulas. Vietnam's calendar is reckoned at UTC+7, China's at UTC+8: a new moon near local
// midnight can fall on different days, which is why Tết differs in some years (e.g. 2007, 1985, 2030).
import { dayNumberFromParts, daysInMonth, partsFromDayNumber } from './civil-date';

export interface LunarDate {
  day: number;
  month: number; // 1–12; a leap month repeats the number of the month before it
  year: number; // the lunar year, named after the solar year in which its month 1 starts
  leap: boolean;
}

export const LUNAR_MIN_YEAR = 1900;
export const LUNAR_MAX_YEAR = 2100;

const TIME_ZONE_HOURS = 7;
const SYNODIC_MONTH = 29.530588853;
/** Julian date of the new moon numbered 0 in Meeus' series (6 January 1900). */
const NEW_MOON_EPOCH_JD = 2415021.076998695;
/** Julian day number of 1970-01-01, to go between JDN and civil day numbers. */
const JDN_OF_UNIX_EPOCH = 2440588;
const DEG = Math.PI / 180;

/** Julian date (UT) of the k-th new moon counted from January 1900 (Meeus, simplified series). */
function newMoonJd(k: number): number {
  const t = k / 1236.85; // Julian centuries from 1900
  const t2 = t * t;
  const t3 = t2 * t;
  let jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * DEG);
  const sunAnomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * DEG;
  const moonAnomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * DEG;
  const latitudeArg = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * DEG;
  const correction =
    (0.1734 - 0.000393 * t) * Math.sin(sunAnomaly) +
    0.0021 * Math.sin(2 * sunAnomaly) -
    0.4068 * Math.sin(moonAnomaly) +
    0.0161 * Math.sin(2 * moonAnomaly) -
    0.0004 * Math.sin(3 * moonAnomaly) +
    0.0104 * Math.sin(2 * latitudeArg) -
    0.0051 * Math.sin(sunAnomaly + moonAnomaly) -
    0.0074 * Math.sin(sunAnomaly - moonAnomaly) +
    0.0004 * Math.sin(2 * latitudeArg + sunAnomaly) -
    0.0004 * Math.sin(2 * latitudeArg - sunAnomaly) -
    0.0006 * Math.sin(2 * latitudeArg + moonAnomaly) +
    0.001 * Math.sin(2 * latitudeArg - moonAnomaly) +
    0.0005 * Math.sin(sunAnomaly + 2 * moonAnomaly);
  // ΔT (TT − UT) in days, two polynomial fits either side of ~1900.
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + correction - deltaT;
}

/** Julian day number of the local (UTC+7) day containing the k-th new moon. */
function newMoonDay(k: number): number {
  return Math.floor(newMoonJd(k) + 0.5 + TIME_ZONE_HOURS / 24);
}

/** Apparent geometric longitude of the sun, radians in [0, 2π) (Meeus, low precision). */
function sunLongitude(jd: number): number {
  const t = (jd - 2451545.0) / 36525; // Julian centuries from J2000
  const t2 = t * t;
  const meanAnomaly = (357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2) * DEG;
  const meanLongitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  const center =
    (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(meanAnomaly) +
    (0.019993 - 0.000101 * t) * Math.sin(2 * meanAnomaly) +
    0.00029 * Math.sin(3 * meanAnomaly);
  const longitude = (meanLongitude + center) * DEG;
  const turn = 2 * Math.PI;
  return longitude - turn * Math.floor(longitude / turn);
}

/** Which 30° sector (0–11) the sun is in at the local midnight starting day `jdn`; 9 = from the winter solstice. */
function sunSectorAtDayStart(jdn: number): number {
  return Math.floor((sunLongitude(jdn - 0.5 - TIME_ZONE_HOURS / 24) / Math.PI) * 6);
}

/** JDN of the first day of lunar month 11 (the month containing the winter solstice) near the end of `year`. */
function month11Start(year: number): number {
  const offset = dayNumberFromParts(year, 12, 31) + JDN_OF_UNIX_EPOCH - 2415021;
  const k = Math.floor(offset / SYNODIC_MONTH);
  const lastNewMoon = newMoonDay(k);
  // If that new moon is already past the solstice, month 11 began one lunation earlier.
  return sunSectorAtDayStart(lastNewMoon) >= 9 ? newMoonDay(k - 1) : lastNewMoon;
}

interface MonthSpan {
  start: number; // JDN of day 1
  length: number; // 29 or 30
  month: number;
  leap: boolean;
  year: number;
}

// The lunar months from month 11 of (Y−1) up to, not including, month 11 of Y — keyed by Y. Twelve months,
// or thirteen when a leap month is needed: then the first month with no major solar term is the leap one.
const spanCache = new Map<number, MonthSpan[]>();

function monthsBetweenSolstices(y: number): MonthSpan[] {
  const cached = spanCache.get(y);
  if (cached) return cached;
  const from = month11Start(y - 1);
  const to = month11Start(y);
  const k0 = Math.floor((from - NEW_MOON_EPOCH_JD) / SYNODIC_MONTH + 0.5);
  const count = to - from > 365 ? 13 : 12;
  const starts: number[] = [];
  for (let i = 0; i <= count; i++) starts.push(newMoonDay(k0 + i));
  if (starts[0] !== from || starts[count] !== to) {
    throw new Error(`Lunar calendar: inconsistent new moons for the year ending at solstice ${y}`);
  }
  let leapIndex = -1;
  if (count === 13) {
    for (let i = 1; i < count; i++) {
      if (sunSectorAtDayStart(starts[i]) === sunSectorAtDayStart(starts[i + 1])) {
        leapIndex = i;
        break;
      }
    }
  }
  const spans: MonthSpan[] = [];
  for (let i = 0; i < count; i++) {
    const ordinal = leapIndex >= 0 && i >= leapIndex ? i - 1 : i; // 0 = month 11
    const raw = 11 + ordinal;
    spans.push({
      start: starts[i],
      length: starts[i + 1] - starts[i],
      month: raw > 12 ? raw - 12 : raw,
      leap: i === leapIndex,
      year: raw > 12 ? y : y - 1,
    });
  }
  spanCache.set(y, spans);
  return spans;
}

function checkSolarYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`Lunar conversion supports solar years ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}, got ${year}`);
  }
}

export function solarToLunar(year: number, month: number, day: number): LunarDate {
  checkSolarYear(year);
  const validMonth = Number.isInteger(month) && month >= 1 && month <= 12;
  if (!validMonth || !Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Not a valid solar date: ${year}-${month}-${day}`);
  }
  const jdn = dayNumberFromParts(year, month, day) + JDN_OF_UNIX_EPOCH;
  let spans = monthsBetweenSolstices(year);
  const last = spans[spans.length - 1];
  if (jdn >= last.start + last.length) spans = monthsBetweenSolstices(year + 1);
  for (let i = spans.length - 1; i >= 0; i--) {
    const span = spans[i];
    if (jdn >= span.start) return { day: jdn - span.start + 1, month: span.month, year: span.year, leap: span.leap };
  }
  throw new Error(`Lunar calendar: no month found for ${year}-${month}-${day}`);
}

function findMonth(lunar: LunarDate): MonthSpan {
  const { month, year, leap } = lunar;
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR - 1 || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`Lunar year ${year} is outside the supported range`);
  }
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Lunar month must be 1–12, got ${month}`);
  // Months 11 and 12 of lunar year N lie before the solstice that closes span N+1.
  const spans = monthsBetweenSolstices(month >= 11 ? year + 1 : year);
  const span = spans.find((s) => s.month === month && s.leap === leap && s.year === year);
  if (!span) {
    throw new RangeError(leap ? `Lunar year ${year} has no leap month ${month}` : `Lunar month ${month}/${year} not found`);
  }
  return span;
}

export function lunarToSolar(lunar: LunarDate): { year: number; month: number; day: number } {
  const span = findMonth(lunar);
  if (!Number.isInteger(lunar.day) || lunar.day < 1 || lunar.day > span.length) {
    throw new RangeError(`Lunar month ${lunar.month}${lunar.leap ? ' (leap)' : ''}/${lunar.year} has ${span.length} days, got day ${lunar.day}`);
  }
  const solar = partsFromDayNumber(span.start + lunar.day - 1 - JDN_OF_UNIX_EPOCH);
  checkSolarYear(solar.year);
  return solar;
}

/** Number of days (29 or 30) in a lunar month. */
export function lunarMonthLength(year: number, month: number, leap = false): number {
  return findMonth({ day: 1, month, year, leap }).length;
}

/** The leap month of a lunar year (1–12), or 0 when the year has none. */
export function leapMonthOf(lunarYear: number): number {
  if (!Number.isInteger(lunarYear) || lunarYear < LUNAR_MIN_YEAR - 1 || lunarYear > LUNAR_MAX_YEAR) {
    throw new RangeError(`Lunar year ${lunarYear} is outside the supported range`);
  }
  for (const y of [lunarYear, lunarYear + 1]) {
    const leap = monthsBetweenSolstices(y).find((s) => s.leap && s.year === lunarYear);
    if (leap) return leap.month;
  }
  return 0;
}
