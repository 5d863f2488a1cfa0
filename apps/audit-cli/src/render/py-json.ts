import { isPlainObject, PyDateTime } from './ejson';

/** Python float `repr()`: shortest digits, exponent form below 1e-4 and from 1e16 on. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  if (exponent < -4 || exponent >= 16) {
    const shortMantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const exponentDigits = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${shortMantissa}e${exponent < 0 ? '-' : '+'}${exponentDigits}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  return `${sign}${integerPart}.${digits.slice(exponent + 1) || '0'}`;
}

/**
 * A JSON number as the Python client prints it after decoding the service's JSON text: integral
 * values below 1e21 arrive as digits (a Python int), the others are Python floats.
 */
export function pythonNumber(value: number): string {
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return String(value);
  return pythonFloatRepr(value);
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/** Python `json.dumps(str)` with `ensure_ascii=True`: every non-printable-ASCII unit as `\uXXXX`. */
export function pythonJsonString(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    const char = text[index];
    if (SHORT_ESCAPES[char] !== undefined) out += SHORT_ESCAPES[char];
    else if (unit >= 0x20 && unit <= 0x7e) out += char;
    else out += `\\u${unit.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/**
 * Python `json.dumps(value)` as the TrueNAS client's `ejson.dumps` writes it: `", "` and `": "`
 * separators, ASCII only, datetimes as `{"$date": ms}`.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return pythonJsonString(value);
  if (value instanceof PyDateTime) return pythonJsonDumps(value.toEncoded());
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (isPlainObject(value)) {
    const members = Object.entries(value).map(
      ([key, member]) => `${pythonJsonString(key)}: ${pythonJsonDumps(member)}`,
    );
    return `{${members.join(', ')}}`;
  }
  return 'null';
}
