import { PyDateTime } from './py-types';

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** ISO weekday, Monday = 1 .. Sunday = 7. */
function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';

/** Where the date part ends (`_find_isoformat_datetime_separator` of CPython). */
function dateLength(s: readonly string[]): number | undefined {
  if (s.length === 7) return 7;
  if (s[4] === '-') {
    if (s[5] !== 'W') return 10;
    if (s.length > 8 && s[8] === '-') {
      if (s.length === 9) return undefined;
      return s.length > 10 && isDigit(s[10]) ? 8 : 10;
    }
    return 8;
  }
  if (s[4] === 'W') {
    let idx = 7;
    while (idx < s.length && isDigit(s[idx])) idx++;
    if (idx < 9) return idx;
    return idx % 2 === 0 ? 7 : 8;
  }
  return 8;
}

function fromWeek(year: number, week: number, weekday: number): number | undefined {
  const jan1 = daysFromCivil(year, 1, 1);
  const jan1Weekday = isoWeekday(jan1);
  const longYear = jan1Weekday === 4 || (jan1Weekday === 3 && isLeap(year));
  if (week < 1 || week > (longYear ? 53 : 52) || weekday < 1 || weekday > 7) return undefined;
  const jan4 = jan1 + 3;
  const week1Monday = jan4 - (isoWeekday(jan4) - 1);
  return week1Monday + (week - 1) * 7 + (weekday - 1);
}

/** Days since the epoch of the date part, or undefined. */
function parseDate(d: string): number | undefined {
  const week = /^(\d{4})(-?)W(\d{2})(?:\2(\d))?$/.exec(d);
  if (week) {
    const days = fromWeek(Number(week[1]), Number(week[3]), week[4] ? Number(week[4]) : 1);
    if (days === undefined) return undefined;
    const first = daysFromCivil(1, 1, 1);
    const last = daysFromCivil(9999, 12, 31);
    return days >= first && days <= last ? days : undefined;
  }
  const ymd = /^(\d{4})(-?)(\d{2})\2(\d{2})$/.exec(d);
  if (!ymd) return undefined;
  const [year, month, day] = [Number(ymd[1]), Number(ymd[3]), Number(ymd[4])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return daysFromCivil(year, month, day);
}

const TIME_EXTENDED = /^(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?$/;
const TIME_BASIC = /^(\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d+))?)?)?$/;

/** Milliseconds (with a microsecond fraction) of `HH[:MM[:SS[.ffffff]]]`, or undefined. */
function parseClock(t: string, maxHour: number): number | undefined {
  const m = TIME_EXTENDED.exec(t) ?? TIME_BASIC.exec(t);
  if (!m) return undefined;
  const hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  const second = m[3] ? Number(m[3]) : 0;
  const micros = m[4] ? Number(m[4].slice(0, 6).padEnd(6, '0')) : 0;
  if (hour > maxHour || minute > 59 || second > 59) return undefined;
  return ((hour * 60 + minute) * 60 + second) * 1000 + micros / 1000;
}

/**
 * Parses what Python's `datetime.fromisoformat` accepts (3.11+): extended or basic dates, ISO
 * week dates, any single separator character, fractional seconds, `Z` or a UTC offset. A naive
 * string is read as UTC.
 */
export function parseIsoDateTime(s: string): PyDateTime | undefined {
  const chars = Array.from(s);
  if (chars.length < 7) return undefined;
  const dateEnd = dateLength(chars);
  if (dateEnd === undefined) return undefined;
  const days = parseDate(chars.slice(0, dateEnd).join(''));
  if (days === undefined) return undefined;
  const rest = chars.slice(dateEnd + 1).join('');
  if (rest === '') return new PyDateTime(days * MS_PER_DAY, false);
  const tzAt = rest.search(/[Z+-]/);
  const clock = parseClock(tzAt < 0 ? rest : rest.slice(0, tzAt), 23);
  if (clock === undefined) return undefined;
  const local = days * MS_PER_DAY + clock;
  if (tzAt < 0) return new PyDateTime(local, false);
  const tz = rest.slice(tzAt);
  if (tz === 'Z') return new PyDateTime(local, true);
  const offset = parseClock(tz.slice(1), 23);
  if (offset === undefined) return undefined;
  return new PyDateTime(local - (tz[0] === '-' ? -offset : offset), true);
}
