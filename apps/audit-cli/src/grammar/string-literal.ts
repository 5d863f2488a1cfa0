import { QuerySyntaxError } from './errors';

const SIMPLE_ESCAPES = new Map([
  ['\\', '\\'],
  ["'", "'"],
  ['"', '"'],
  ['a', '\x07'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
]);
const HEX_ESCAPES = new Map([
  ['x', { digits: 2, shape: '\\xXX' }],
  ['u', { digits: 4, shape: '\\uXXXX' }],
  ['U', { digits: 8, shape: '\\UXXXXXXXX' }],
]);
const OCTAL = /[0-7]{1,3}/y;
const HEX_DIGIT = /[0-9a-fA-F]/;

/** Where a string literal starts and what kind it is. */
export interface StringStart {
  source: string;
  /** Index of the token (its prefix, if any). */
  tokenStart: number;
  /** Index of the opening quote. */
  quoteStart: number;
  raw: boolean;
}

/** Thrown while decoding a body; the caller adds the position. */
class EscapeError extends Error {}

function lineNumber(source: string, index: number): number {
  return source.slice(0, index).split('\n').length;
}

function unicodeError(from: number, to: number, reason: string): EscapeError {
  const where = `position ${from}-${to}`;
  return new EscapeError(
    `(unicode error) 'unicodeescape' codec can't decode bytes in ${where}: ${reason}`,
  );
}

/** One backslash escape at `index` of a non-raw body (Python semantics). */
function decodeEscape(body: string, index: number): { text: string; next: number } {
  const next = body[index + 1];
  if (next === '\n') return { text: '', next: index + 2 };
  if (next === '\r') return { text: '', next: index + (body[index + 2] === '\n' ? 3 : 2) };
  const simple = SIMPLE_ESCAPES.get(next);
  if (simple !== undefined) return { text: simple, next: index + 2 };
  OCTAL.lastIndex = index + 1;
  const octal = OCTAL.exec(body);
  if (octal) return { text: String.fromCharCode(parseInt(octal[0], 8)), next: OCTAL.lastIndex };
  const hex = HEX_ESCAPES.get(next);
  if (hex) {
    let found = 0;
    while (found < hex.digits && HEX_DIGIT.test(body[index + 2 + found] ?? '')) found += 1;
    if (found < hex.digits)
      throw unicodeError(index, index + 1 + found, `truncated ${hex.shape} escape`);
    const codePoint = parseInt(body.slice(index + 2, index + 2 + found), 16);
    if (codePoint > 0x10ffff)
      throw unicodeError(index, index + 1 + found, 'illegal Unicode character');
    return { text: String.fromCodePoint(codePoint), next: index + 2 + found };
  }
  if (next === 'N') throw unicodeError(index, index + 1, '\\N{...} escapes are not supported');
  return { text: `\\${next}`, next: index + 2 };
}

/** The value of a body: escapes decoded unless raw (unknown escapes stay as typed), newlines normalised. */
function decodeBody(body: string, raw: boolean): string {
  let value = '';
  let index = 0;
  while (index < body.length) {
    const char = body[index];
    if (char === '\\' && !raw) {
      const escape = decodeEscape(body, index);
      value += escape.text;
      index = escape.next;
    } else if (char === '\r') {
      value += '\n';
      index += body[index + 1] === '\n' ? 2 : 1;
    } else {
      value += char;
      index += 1;
    }
  }
  return value;
}

/**
 * Reads a Python string literal (single, double or triple quoted; raw or not) starting at its
 * opening quote, returning its value and the index just past the closing quote.
 */
export function readStringLiteral(start: StringStart): { value: string; end: number } {
  const { source, quoteStart } = start;
  const quote = source[quoteStart];
  const triple = source.startsWith(quote.repeat(3), quoteStart);
  const delimiter = triple ? quote.repeat(3) : quote;
  const bodyStart = quoteStart + delimiter.length;
  let index = bodyStart;
  while (!source.startsWith(delimiter, index)) {
    const char = source[index];
    if (char === undefined || (!triple && (char === '\n' || char === '\r'))) {
      const kind = triple
        ? 'unterminated triple-quoted string literal'
        : 'unterminated string literal';
      const line = lineNumber(source, Math.min(index, source.length));
      throw new QuerySyntaxError(`${kind} (detected at line ${line})`, start.tokenStart, source);
    }
    index += char === '\\' ? 2 : 1;
  }
  const end = index + delimiter.length;
  try {
    return { value: decodeBody(source.slice(bodyStart, index), start.raw), end };
  } catch (error) {
    if (!(error instanceof EscapeError)) throw error;
    throw new QuerySyntaxError(error.message, end - 1, source);
  }
}
