import { UnsupportedConstruct } from './py-regex-errors';
import type { Escape, Flags, PatternParser } from './py-regex-parse';

/**
 * Character classes of a Python `re` pattern in RE2 syntax: single characters, the class escapes
 * (`\d \w \s` and their negations, Unicode, or ASCII under `(?a)`) and character sets.
 */

export interface CodeRange {
  readonly lo: number;
  readonly hi: number;
}

const MAX_CODE = 0x10ffff;

/**
 * Python's case-insensitive matching makes i, I, dotted İ and dotless ı one class (İ lowers to
 * i, and ı is in its table of extra equivalences); RE2's case folding leaves İ and ı apart.
 */
export const DOTTED_AND_DOTLESS_I = [0x49, 0x69, 0x130, 0x131];
const r = (lo: number, hi = lo): CodeRange => ({ lo, hi });

/** Python's `str.isspace()` characters: what `\s` matches in a str pattern. */
const UNICODE_SPACE = [
  r(0x09, 0x0d),
  r(0x1c, 0x20),
  r(0x85),
  r(0xa0),
  r(0x1680),
  r(0x2000, 0x200a),
  r(0x2028, 0x2029),
  r(0x202f),
  r(0x205f),
  r(0x3000),
];
const ASCII_SPACE = [r(0x09, 0x0d), r(0x20)];
const ASCII_DIGIT = [r(0x30, 0x39)];
const ASCII_WORD = [r(0x30, 0x39), r(0x41, 0x5a), r(0x5f), r(0x61, 0x7a)];

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}

/** One code point as an RE2 literal (the same inside and outside sets). */
export function literal(code: number): string {
  if (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a)
  ) {
    return String.fromCharCode(code);
  }
  if (code < 0x100) return `\\x${hex(code, 2)}`;
  if (code < 0x10000) return `\\u${hex(code, 4)}`;
  return String.fromCodePoint(code);
}

function renderRanges(ranges: readonly CodeRange[]): string {
  return ranges
    .map(({ lo, hi }) => (lo === hi ? literal(lo) : `${literal(lo)}-${literal(hi)}`))
    .join('');
}

/** The code points not in `ranges` (sorted, disjoint), surrogates left out. */
function complement(ranges: readonly CodeRange[]): CodeRange[] {
  const out: CodeRange[] = [];
  let next = 0;
  const add = (lo: number, hi: number): void => {
    if (lo <= Math.min(hi, 0xd7ff)) out.push(r(lo, Math.min(hi, 0xd7ff)));
    if (Math.max(lo, 0xe000) <= hi) out.push(r(Math.max(lo, 0xe000), hi));
  };
  for (const { lo, hi } of ranges) {
    if (lo > next) add(next, lo - 1);
    next = hi + 1;
  }
  if (next <= MAX_CODE) add(next, MAX_CODE);
  return out;
}

/** The ranges plus their ASCII case counterparts (`(?ai)` folds ASCII letters only). */
function asciiFolded(ranges: readonly CodeRange[]): CodeRange[] {
  const out = ranges.slice();
  for (const { lo, hi } of ranges) {
    for (const [from, to, shift] of [
      [0x61, 0x7a, -32],
      [0x41, 0x5a, 32],
    ]) {
      const a = Math.max(lo, from);
      const b = Math.min(hi, to);
      if (a <= b) out.push(r(a + shift, b + shift));
    }
  }
  return out;
}

/** The members of a class escape inside an RE2 set; undefined for a Unicode `\W`. */
function setMembers(letter: string, ascii: boolean): string | undefined {
  const lower = letter.toLowerCase();
  const negated = letter !== lower;
  if (!ascii && lower === 'd') return negated ? '\\P{Nd}' : '\\p{Nd}';
  if (!ascii && lower === 'w') return negated ? undefined : '\\p{L}\\p{N}_';
  const base =
    lower === 's'
      ? ascii
        ? ASCII_SPACE
        : UNICODE_SPACE
      : lower === 'd'
        ? ASCII_DIGIT
        : ASCII_WORD;
  return renderRanges(negated ? complement(base) : base);
}

const UNICODE_NON_WORD = '[^\\p{L}\\p{N}_]';

/** `\d \D \w \W \s \S` outside a set. */
export function classEscape(letter: string, ascii: boolean): string {
  if (!ascii && letter === 'W') return UNICODE_NON_WORD;
  if (!ascii && letter.toLowerCase() === 'd') return setMembers(letter, ascii) as string;
  return `[${setMembers(letter, ascii) as string}]`;
}

type SetItem = { kind: 'range'; range: CodeRange } | { kind: 'class'; letter: string };

function setItem(parser: PatternParser): { item: Escape; raw: string } {
  const start = parser.position;
  if (parser.source[start] === '\\') {
    parser.position = start + 1;
    const item = parser.escape(start, true);
    return { item, raw: parser.source.slice(start, parser.position) };
  }
  const code = parser.readCode();
  return { item: { kind: 'char', code }, raw: parser.source.slice(start, parser.position) };
}

/** A set after `[` at `open`: its items read as Python does, rendered for RE2. */
export function parseSet(parser: PatternParser, flags: Flags, open: number): string {
  const src = parser.source;
  const negated = src[parser.position] === '^';
  if (negated) parser.position++;
  const first = parser.position;
  const items: SetItem[] = [];
  for (;;) {
    const at = parser.position;
    if (at >= src.length) throw parser.fail('unterminated character set', open);
    if (src[at] === ']' && at !== first) {
      parser.position++;
      break;
    }
    const { item, raw } = setItem(parser);
    if (src[parser.position] === '-') {
      const dash = parser.position++;
      if (parser.position >= src.length) throw parser.fail('unterminated character set', open);
      if (src[parser.position] === ']') {
        parser.position = dash;
      } else {
        const end = setItem(parser);
        if (item.kind !== 'char' || end.item.kind !== 'char' || end.item.code < item.code) {
          throw parser.fail(`bad character range ${raw}-${end.raw}`, at);
        }
        items.push({ kind: 'range', range: r(item.code, end.item.code) });
        continue;
      }
    }
    if (item.kind === 'class') items.push({ kind: 'class', letter: item.letter });
    else if (item.kind === 'char') items.push({ kind: 'range', range: r(item.code) });
  }
  return renderSet(items, negated, flags);
}

function renderSet(items: readonly SetItem[], negated: boolean, flags: Flags): string {
  let ranges: CodeRange[] = [];
  let members = '';
  let nonWord = false;
  for (const item of items) {
    if (item.kind === 'range') ranges.push(item.range);
    else {
      const text = setMembers(item.letter, flags.a);
      if (text === undefined) nonWord = true;
      else members += text;
    }
  }
  if (flags.a && flags.i) ranges = asciiFolded(ranges);
  else if (
    flags.i &&
    DOTTED_AND_DOTLESS_I.some((x) => ranges.some((g) => g.lo <= x && x <= g.hi))
  ) {
    ranges = ranges.concat(DOTTED_AND_DOTLESS_I.map((x) => r(x)));
  }
  const body = renderRanges(ranges) + members;
  if (!nonWord) return `[${negated ? '^' : ''}${body}]`;
  if (negated) {
    throw new UnsupportedConstruct("'\\W' inside a negated character set is not supported");
  }
  return body === '' ? UNICODE_NON_WORD : `(?:[${body}]|${UNICODE_NON_WORD})`;
}
