import { dateKind, dateMs, NOT_A_DATE, PyDateTime } from './py-types';

const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

function escapeChar(ch: string, quote: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case quote:
      return `\\${quote}`;
  }
  if (ch === ' ' || !NON_PRINTABLE.test(ch)) return ch;
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x100) return `\\x${hex(code, 2)}`;
  if (code < 0x10000) return `\\u${hex(code, 4)}`;
  return `\\U${hex(code, 8)}`;
}

/** Python's `repr(str)`. */
export function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) out += escapeChar(ch, quote);
  return out + quote;
}

/** Python's `repr(float)`: shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function reprFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [mantissa, expText] = x.toExponential().split('e');
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const whole = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const fraction = digits.slice(exp + 1);
    return `${sign}${whole}.${fraction || '0'}`;
  }
  const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expSign = exp < 0 ? '-' : '+';
  return `${sign}${body}e${expSign}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function reprDate(ms: number, aware: boolean): string {
  const d = new Date(ms);
  const parts = [
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
  ];
  const seconds = d.getUTCSeconds();
  const micros = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1000);
  if (seconds || micros) parts.push(seconds);
  if (micros) parts.push(micros);
  const tz = aware ? ', tzinfo=datetime.timezone.utc' : '';
  return `datetime.datetime(${parts.join(', ')}${tz})`;
}

/**
 * Python's `repr()` of a request value (integral numbers print as int; a `$date` object is the
 * aware datetime the middleware decodes it to).
 */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  switch (typeof v) {
    case 'boolean':
      return v ? 'True' : 'False';
    case 'number':
      return Number.isSafeInteger(v) ? String(v === 0 ? 0 : v) : reprFloat(v);
    case 'bigint':
      return v.toString();
    case 'string':
      return reprString(v);
  }
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof PyDateTime) return reprDate(v.ms, v.aware);
  if (dateKind(v) !== NOT_A_DATE) return reprDate(dateMs(v), true);
  const entries = Object.entries(v as Record<string, unknown>);
  return `{${entries.map(([k, value]) => `${reprString(k)}: ${pyRepr(value)}`).join(', ')}}`;
}

/** Python's `str()`: strings as they are, everything else as repr. */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}
