/** Python's datetime range (0001-01-01 to 9999-12-31 UTC), in milliseconds since the epoch. */
const MIN_MS = -62_135_596_800_000;
const MAX_MS = 253_402_300_799_999;

/** Python's `%` (the result takes the sign of the divisor). */
function pythonModulo(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

function pad(value: number, digits: number): string {
  return String(value).padStart(digits, '0');
}

/**
 * A timezone-aware UTC datetime as the TrueNAS client library decodes `{"$date": ms}`
 * (`truenas_api_client.ejson.object_hook`). That hook adds the millisecond remainder twice
 * (`fromtimestamp(ms / 1000) + timedelta(milliseconds=ms % 1000)`); this is mirrored, and it never
 * shows for the whole-second values the service sends (REF §1.4).
 */
export class PyDateTime {
  /** Whole milliseconds since the epoch. */
  private readonly millis: number;
  /** Microseconds past `millis` (0-999). */
  private readonly extraMicros: number;

  constructor(encodedMs: number) {
    const total = encodedMs + pythonModulo(encodedMs, 1000);
    this.millis = Math.floor(total);
    this.extraMicros = Math.round((total - this.millis) * 1000);
  }

  /** Whether `{"$date": value}` decodes to a datetime (a finite number within Python's range). */
  static accepts(value: unknown): value is number {
    return (
      typeof value === 'number' && Number.isFinite(value) && value >= MIN_MS && value <= MAX_MS
    );
  }

  /** Python `datetime.isoformat()`: `YYYY-MM-DDTHH:MM:SS[.ffffff]+00:00`. */
  isoformat(): string {
    const date = new Date(this.millis);
    const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}`;
    const time = `${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}`;
    const micros = date.getUTCMilliseconds() * 1000 + this.extraMicros;
    return `${day}T${time}${micros === 0 ? '' : `.${pad(micros, 6)}`}+00:00`;
  }

  /** Re-encoded as the client's JSON encoder does: whole seconds, in milliseconds. */
  toEncoded(): { $date: number } {
    return { $date: Math.floor(this.millis / 1000) * 1000 };
  }
}

/** A JSON object (Python dict): not an array, not a PyDateTime or other class instance. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The row's own value for `key`, or undefined when the key is missing (never an inherited one). */
export function ownValue(row: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(row, key) ? row[key] : undefined;
}

/** Replaces every `{"$date": ms}` object (exactly that one key) by a PyDateTime, at any depth. */
export function decodeEjson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeEjson);
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '$date' && PyDateTime.accepts(value.$date)) {
    return new PyDateTime(value.$date);
  }
  return Object.fromEntries(keys.map((key) => [key, decodeEjson(value[key])]));
}
