const DAY_MS = 86_400_000;

/** The two digits of `text` at `at` as a number; -1,000,000 when either is not a digit. */
function twoDigits(text: string, at: number): number {
  const high = text.charCodeAt(at) - 0x30;
  const low = text.charCodeAt(at + 1) - 0x30;
  return high >= 0 && high <= 9 && low >= 0 && low <= 9 ? high * 10 + low : -1_000_000;
}

/** True when `text` has the separators of `YYYY-MM-DDTHH:MM:SS.sssZ` where they go. */
function isoForm(text: string): boolean {
  return (
    text.length === 24 &&
    text.charCodeAt(4) === 0x2d && // -
    text.charCodeAt(7) === 0x2d &&
    text.charCodeAt(10) === 0x54 && // T
    text.charCodeAt(13) === 0x3a && // :
    text.charCodeAt(16) === 0x3a &&
    text.charCodeAt(19) === 0x2e && // .
    text.charCodeAt(23) === 0x5a // Z
  );
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * The instant of a time in ms, as `Date.parse` reads it. The form `toISOString` writes (the log's
 * recorded_at, and most occurred_at) is read field by field, a few times faster; anything else,
 * and any field out of its calendar's range, is left to `Date.parse`.
 */
export function isoTimeMs(text: string): number {
  if (!isoForm(text)) return Date.parse(text);
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  const lastDigit = text.charCodeAt(22) - 0x30;
  const ms = twoDigits(text, 20) * 10 + lastDigit;
  if (
    year < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 59 ||
    ms < 0 ||
    lastDigit < 0 ||
    lastDigit > 9
  )
    return Date.parse(text);
  return (
    daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms
  );
}

/**
 * `isoTimeMs` remembering the last time it read: entries stored by JetStream in one burst share
 * their recorded_at (to the ms), and each of them after the first is not read again.
 */
export class IsoTimeReader {
  private lastText = '';
  private lastMs = Number.NaN;

  ms(text: string): number {
    if (text !== this.lastText) {
      this.lastMs = isoTimeMs(text);
      this.lastText = text;
    }
    return this.lastMs;
  }
}
