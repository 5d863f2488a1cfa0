import { expandTabs, expected, isWhitespace, skipWhitespace } from './pyparsing-text';

/** The arguments of a call command (`terminate_session "5c0f…"`, `terminate_session id="…"`). */
export interface CallArgs {
  args: unknown[];
  kwargs: Map<string, unknown>;
}

interface Read {
  value: unknown;
  end: number;
}

const OCT = /0o[0-7]+/iy;
const HEX = /0x[0-9a-f]+/iy;
/** pyparsing's dblQuotedString: its quotes are removed and nothing is unescaped. */
const DOUBLE_QUOTED = /"(?:[^"\n\r\\]|""|\\(?:[^x]|x[0-9a-fA-F]+))*"/y;
/** pyparsing_common.number: integers, reals and scientific notation. */
const NUMBER = /[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?/y;
/** A bare word: letters, digits, `.`, `/`, `_` and `@`, not starting with a digit. */
const SIMPLE_STRING = /[a-z./_@][a-z0-9./_@]*/iy;
const NAME = /[A-Za-z][A-Za-z0-9_]*/y;
const KEYWORDS = new Map<string, unknown>([
  ['true', true],
  ['false', false],
  ['null', null],
]);
/** pyparsing Keyword identifier characters: a keyword must not run on into one. */
const KEYWORD_CHARS = /[A-Za-z0-9_$]/;

function match(pattern: RegExp, text: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0];
}

function readKeyword(text: string, index: number): Read | undefined {
  for (const [word, value] of KEYWORDS) {
    const end = index + word.length;
    if (text.startsWith(word, index) && !KEYWORD_CHARS.test(text[end] ?? '')) return { value, end };
  }
  return undefined;
}

/** midcli's baseValue: oct, hex, a JSON string, number or keyword, or a bare word. */
function readBase(text: string, index: number): Read | undefined {
  const oct = match(OCT, text, index);
  if (oct) return { value: parseInt(oct.slice(2), 8), end: index + oct.length };
  const hex = match(HEX, text, index);
  if (hex) return { value: parseInt(hex.slice(2), 16), end: index + hex.length };
  const quoted = match(DOUBLE_QUOTED, text, index);
  if (quoted) return { value: quoted.slice(1, -1), end: index + quoted.length };
  const number = match(NUMBER, text, index);
  if (number) return { value: Number(number), end: index + number.length };
  const keyword = readKeyword(text, index);
  if (keyword) return keyword;
  const word = match(SIMPLE_STRING, text, index);
  return word ? { value: word, end: index + word.length } : undefined;
}

/** A value: one baseValue, or several joined by commas with no space (a list). */
function readValue(text: string, index: number): Read | undefined {
  const first = readBase(text, index);
  if (!first) return undefined;
  const items = [first.value];
  let end = first.end;
  while (text[end] === ',') {
    const next = readBase(text, end + 1);
    if (!next) break;
    items.push(next.value);
    end = next.end;
  }
  return items.length > 1 ? { value: items, end } : first;
}

/** A positional argument: a value followed by whitespace, and not by `=`. */
function readArg(text: string, index: number): Read | undefined {
  const value = readValue(text, index);
  if (!value || text[skipWhitespace(text, value.end)] === '=') return undefined;
  return isWhitespace(text[value.end]) ? value : undefined;
}

/** A keyword argument: `name=value` followed by whitespace. */
function readKwarg(text: string, index: number): (Read & { name: string }) | undefined {
  const name = match(NAME, text, index);
  if (!name) return undefined;
  const equals = skipWhitespace(text, index + name.length);
  if (text[equals] !== '=') return undefined;
  const value = readValue(text, skipWhitespace(text, equals + 1));
  return value && isWhitespace(text[value.end]) ? { ...value, name } : undefined;
}

/**
 * Parses the arguments of a call command as midcli's common syntax does
 * (`midcli/command/common_syntax/parse.py`): positional values, then `name=value` pairs; a value
 * is a double-quoted string (quotes removed, nothing unescaped), a number (also `0o`/`0x`),
 * `true`/`false`/`null`, or a bare word of letters, digits, `.`, `/`, `_` and `@` not starting
 * with a digit; commas without spaces make a list. JSON arrays and objects, `--` and `> file`
 * are not taken. Where the text stops parsing, throws pyparsing's
 * `Expected end of text, found '5'` (QuerySyntaxError, with the caret): a bare hyphenated UUID
 * does not parse, as in midcli.
 */
export function parseCallArgs(input: string): CallArgs {
  // midcli parses the text with a space appended, so that the last value is followed by one.
  const text = `${expandTabs(input)} `;
  const args: unknown[] = [];
  const kwargs = new Map<string, unknown>();
  let index = 0;
  for (;;) {
    const start = skipWhitespace(text, index);
    const arg = kwargs.size === 0 ? readArg(text, start) : undefined;
    if (arg) {
      args.push(arg.value);
      index = arg.end;
      continue;
    }
    const kwarg = readKwarg(text, start);
    if (!kwarg) break;
    kwargs.set(kwarg.name, kwarg.value);
    index = kwarg.end;
  }
  const end = skipWhitespace(text, index);
  if (end < text.length) throw expected('Expected end of text', text, end);
  return { args, kwargs };
}
