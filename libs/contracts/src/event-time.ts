/**
 * The calendar rules of an event's `occurred_at` beyond the RFC 3339 shape, in one place for the
 * service's checks and the publisher SDK's. A time whose fields are in range but name no instant
 * (`2023-02-30`, a leap second anywhere but at the end of a month) is refused: JavaScript would
 * roll it into the next day or month, or not read it at all.
 */
const FIELDS =
  /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:\.\d+)?(?:[Zz]|([+-])(\d\d):(\d\d))$/;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAY_MS = 86_400_000;

const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export type EventTime = { ok: true; text: string; ms: number } | { ok: false; problem: string };

/**
 * Reads an `occurred_at` that already has the RFC 3339 shape: the text the log stores and the
 * instant it stands for. A leap second (`23:59:60` UTC on the last day of a month, as RFC 3339
 * allows) is stored as second 59 of that minute, fraction kept: the instant JavaScript, SQLite
 * and TrueNAS's clients can represent.
 */
const LEAP_SECOND =
  'has second 60, a leap second, which is only 23:59:60 UTC on the last day of a month';

/**
 * The text the log stores for an RFC 3339 time readEventTime accepts: a leap second as second 59,
 * anything else as it is. Cheaper than reading the time again once it has been checked.
 */
export function storedEventTime(text: string): string {
  return text[17] === '6' && text[18] === '0' ? `${text.slice(0, 17)}59${text.slice(19)}` : text;
}

export function readEventTime(text: string): EventTime {
  const fields = FIELDS.exec(text);
  if (!fields) return { ok: false, problem: 'is not an RFC 3339 time' };
  const [year, month, day, hour, minute, second] = fields.slice(1, 7).map(Number);
  const days = daysIn(year, month);
  if (day > days) {
    return {
      ok: false,
      problem: `is not a date of the calendar: ${MONTHS[month - 1]} ${fields[1]} has ${days} days`,
    };
  }
  const stored = storedEventTime(text);
  const ms = Date.parse(stored);
  if (!Number.isFinite(ms)) return { ok: false, problem: 'is not an instant JavaScript can read' };
  if (second === 60) {
    const sign = fields[7] === '-' ? -1 : 1;
    const offset = fields[7] ? sign * (Number(fields[8]) * 60 + Number(fields[9])) : 0;
    const utcMinute = (((hour * 60 + minute - offset) % 1440) + 1440) % 1440;
    // The instant after second 59 must start a month (UTC).
    const next = new Date(Math.floor(ms / 1000) * 1000 + 1000);
    if (utcMinute !== 1439 || next.getUTCDate() !== 1 || next.getTime() % DAY_MS !== 0) {
      return { ok: false, problem: LEAP_SECOND };
    }
  }
  return { ok: true, text: stored, ms };
}
