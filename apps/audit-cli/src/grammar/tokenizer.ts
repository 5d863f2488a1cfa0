import { QuerySyntaxError } from './errors';
import { readStringLiteral } from './string-literal';

export type TokenKind = 'name' | 'number' | 'string' | 'op' | 'newline' | 'end';

/** One token; `start`/`end` are UTF-16 indexes into the source. */
export interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** Decoded value of a number or string token. */
  value?: number | string;
  start: number;
  end: number;
}

const NAME = /[\p{ID_Start}_][\p{ID_Continue}]*/uy;
const NUMBER =
  /0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?/y;
const IDENTIFIER_CHAR = /[\p{ID_Continue}]/u;
const OPERATORS = ['==', '!=', '<=', '>=', '<>', '**', '//', '<<', '>>', '->', ':=', '...'];
const SINGLE_OPERATORS = '()[]{},.:;=<>+-*/%&|^~@!$?`';
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf']);
const CLOSERS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
const SKIPPED = new Set([' ', '\t', '\f']);
/** Python's tokenizer limit on bracket nesting (`MAXLEVEL`). */
const MAX_NESTING = 200;

function matchAt(pattern: RegExp, source: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(source)?.[0];
}

function numberToken(source: string, start: number, text: string): Token {
  const after = source.slice(start + text.length, start + text.length + 1);
  const fail = (message: string) => new QuerySyntaxError(message, start, source);
  if (after === 'j' || after === 'J') throw fail('imaginary numbers are not supported');
  if (after !== '' && IDENTIFIER_CHAR.test(after)) throw fail('invalid decimal literal');
  const digits = text.replace(/_/g, '');
  if (/^0+[1-9]/.test(digits) && !/[.eE]/.test(digits)) {
    throw fail(
      'leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers',
    );
  }
  const value = Number(digits);
  if (!Number.isFinite(value)) throw fail('number out of range');
  return { kind: 'number', text, value, start, end: start + text.length };
}

function stringToken(source: string, start: number, quoteStart: number): Token {
  const prefix = source.slice(start, quoteStart).toLowerCase();
  if (prefix.includes('b'))
    throw new QuerySyntaxError('bytes literals are not supported', start, source);
  if (prefix.includes('f'))
    throw new QuerySyntaxError('f-strings are not supported', start, source);
  const { value, end } = readStringLiteral({
    source,
    tokenStart: start,
    quoteStart,
    raw: prefix.includes('r'),
  });
  return { kind: 'string', text: source.slice(start, end), value, start, end };
}

function operatorAt(source: string, index: number): string | undefined {
  const multi = OPERATORS.find((operator) => source.startsWith(operator, index));
  if (multi) return multi;
  return SINGLE_OPERATORS.includes(source[index]) ? source[index] : undefined;
}

/** Bracket nesting as Python's tokenizer checks it. */
class Brackets {
  private readonly open: { char: string; index: number }[] = [];

  constructor(private readonly source: string) {}

  get depth(): number {
    return this.open.length;
  }

  track(char: string, index: number): void {
    if ('([{'.includes(char)) {
      if (this.open.length >= MAX_NESTING) {
        throw new QuerySyntaxError('too many nested parentheses', index, this.source);
      }
      this.open.push({ char, index });
    }
    const opener = CLOSERS[char];
    if (opener === undefined) return;
    const last = this.open.pop();
    if (!last) throw new QuerySyntaxError(`unmatched '${char}'`, index, this.source);
    if (last.char !== opener) {
      const message = `closing parenthesis '${char}' does not match opening parenthesis '${last.char}'`;
      throw new QuerySyntaxError(message, index, this.source);
    }
  }

  checkClosed(): void {
    const last = this.open.at(-1);
    if (last)
      throw new QuerySyntaxError(`'${last.char}' was never closed`, last.index, this.source);
  }
}

/** The token starting with a name character, a quote, a digit or an operator at `index`. */
function tokenAt(source: string, index: number, brackets: Brackets): Token {
  const char = source[index];
  if (char === "'" || char === '"') return stringToken(source, index, index);
  if (/\d/.test(char) || (char === '.' && /\d/.test(source[index + 1] ?? ''))) {
    return numberToken(source, index, matchAt(NUMBER, source, index) ?? char);
  }
  const name = matchAt(NAME, source, index);
  if (name !== undefined) {
    const quote = source[index + name.length];
    if ((quote === "'" || quote === '"') && STRING_PREFIXES.has(name.toLowerCase())) {
      return stringToken(source, index, index + name.length);
    }
    return { kind: 'name', text: name, start: index, end: index + name.length };
  }
  const operator = operatorAt(source, index);
  if (operator === undefined) {
    const codePoint = source.codePointAt(index) ?? 0;
    const shown = String.fromCodePoint(codePoint);
    const hex = codePoint.toString(16).toUpperCase().padStart(4, '0');
    throw new QuerySyntaxError(`invalid character '${shown}' (U+${hex})`, index, source);
  }
  brackets.track(operator, index);
  return { kind: 'op', text: operator, start: index, end: index + operator.length };
}

/** Index past a backslash line continuation at `index`. */
function skipContinuation(source: string, index: number): number {
  const continued = /\\(\r\n|\r|\n)/y;
  continued.lastIndex = index;
  if (!continued.test(source)) {
    throw new QuerySyntaxError(
      'unexpected character after line continuation character',
      index,
      source,
    );
  }
  return continued.lastIndex;
}

/**
 * Splits a Python expression into tokens (names, numbers, strings, operators, newlines outside
 * brackets), ending with an `end` token. Lazy like Python's tokenizer, so that a syntax error
 * earlier in the text is reported before a bad token later on.
 */
export function* tokenize(source: string): Generator<Token, void, undefined> {
  const brackets = new Brackets(source);
  let index = 0;
  let afterNewline = true;
  while (index < source.length) {
    const char = source[index];
    if (SKIPPED.has(char)) index += 1;
    else if (char === '#') while (index < source.length && source[index] !== '\n') index += 1;
    else if (char === '\\') index = skipContinuation(source, index);
    else if (char === '\n' || char === '\r') {
      if (brackets.depth === 0 && !afterNewline) {
        yield { kind: 'newline', text: char, start: index, end: index + 1 };
      }
      if (brackets.depth === 0) afterNewline = true;
      index += 1;
    } else {
      const token = tokenAt(source, index, brackets);
      afterNewline = false;
      index = token.end;
      yield token;
    }
  }
  brackets.checkClosed();
  yield { kind: 'end', text: '', start: source.length, end: source.length };
}
